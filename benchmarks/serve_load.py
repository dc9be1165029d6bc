"""Load test of the serve endpoint, against the same chat logic called in-process.

    python benchmarks/serve_load.py                       # tiny model, concurrency 1,4,16,64
    python benchmarks/serve_load.py --model small --concurrency 1,8,32 --requests 64 --rounds 2
    python benchmarks/serve_load.py --model /path/to/train/final --concurrency 1,8,32,128 --max-tokens 64

Both paths send the same requests (one image as a data: URL plus a prompt, greedy, fixed
max_tokens) through the same ChatCore (serve.core: request parsing, image checks, @serve.batch
with the same max_batch_size and batch_wait_timeout_s, the engine in a worker thread):
- direct: `await ChatCore.complete(...)` in this process (plus the JSON parse of the same body);
- serve:  POST /v1/chat/completions to the Ray Serve app over loopback (aiohttp: the lightest
          async client, since the client shares the machine's cores with Serve).
The difference is what Serve's proxy, router, HTTP and the client cost. Each level is a closed
loop: `c` clients each send their next request when the last one is answered. Time to first
token comes from a separate pass with stream: true (hf backend: the engine generates whole
batches, so the first SSE chunk leaves when the answer is complete; vLLM streams per token).

Serve's cost per request is fixed (a few ms of CPU in the proxy and the replica, plus the
controller's and proxy's background work), so the overhead depends on what one request costs
the engine. With the 0.4M-parameter tiny model a batched request takes ~6 ms of CPU and the
overhead is the worst case; `--model small` (43M parameters, every answer exactly --max-tokens
tokens) costs ~170 ms of CPU per request on one core, closer to a real model on a GPU. Not run
by CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import shutil
import sys
import tempfile
import time

# Ray gives a 1-CPU replica OMP_NUM_THREADS=1; torch.set_num_threads(1) alone does not reach
# the worker thread that runs generate, so the in-process path needs the same environment.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import aiohttp  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_measure import closed_loop, cpu_s, request_body, row, serve_pids, table  # noqa: E402

log = logging.getLogger("serve_load")


def direct_sender(core, max_tokens: int):
    from mella_ray.serve.protocol import parse_chat_request

    body = request_body(max_tokens)

    async def send():
        req = parse_chat_request(body, core.cfg.max_tokens_limit)
        json.dumps(await core.complete(req))  # the response body, as the server would write it

    return send


def serve_senders(client: aiohttp.ClientSession, url: str, max_tokens: int, ttft: list[float]):
    body, sbody = request_body(max_tokens), request_body(max_tokens, stream=True)
    headers = {"Content-Type": "application/json"}

    async def send():
        async with client.post(f"{url}/v1/chat/completions", data=body, headers=headers) as r:
            r.raise_for_status()
            json.loads(await r.read())

    async def send_stream():
        t, first = time.perf_counter(), None
        async with client.post(f"{url}/v1/chat/completions", data=sbody, headers=headers) as r:
            r.raise_for_status()
            async for raw in r.content:
                line = raw.decode().strip()
                if first is None and line.startswith("data: ") and line != "data: [DONE]":
                    choices = json.loads(line[6:])["choices"]
                    if choices and choices[0]["delta"].get("content"):
                        first = time.perf_counter() - t
                elif line == "data: [DONE]" and first is None:  # an empty answer: the end is the first token
                    first = time.perf_counter() - t
        ttft.append(first)

    return send, send_stream


async def bench(core, url: str, args) -> list[dict]:
    """Per level, `rounds` alternations of direct and serve passes, pooled per mode.

    Alternating keeps both paths under the same background load when the machine is shared.
    """
    connector = aiohttp.TCPConnector(limit=max(args.levels) + 8)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=300)) as client:
        ttft: list[float] = []
        direct = direct_sender(core, args.max_tokens)
        served, served_stream = serve_senders(client, url, args.max_tokens, ttft)
        for send in (direct, served, served_stream):  # warm-up: first batches, thread pools, connections
            await closed_loop(send, 4, 8)
        # CPU: direct counts this process only; serve counts this process (the client) plus Serve's
        roles = {os.getpid(): "client", **serve_pids()}
        pids = {"direct": [os.getpid()], "serve": list(roles)}
        split: dict[str, float] = {}  # serve's CPU by process role, at the last level
        rows = []
        for c in args.levels:
            n = max(args.requests, 2 * c)
            pooled = {"direct": ([], 0.0, 0.0), "serve": ([], 0.0, 0.0)}
            ttft.clear()
            for _ in range(args.rounds):
                for mode, send in (("direct", direct), ("serve", served)):
                    if mode == "serve":  # by process too, to see where Serve's cost goes
                        by_role0 = {pid: cpu_s([pid]) for pid in roles}
                    cpu0 = cpu_s(pids[mode])
                    lat, wall = await closed_loop(send, c, n)
                    lats, walls, cpus = pooled[mode]
                    pooled[mode] = (lats + lat, walls + wall, cpus + cpu_s(pids[mode]) - cpu0)
                split = {}
                for pid, role in roles.items():
                    split[role] = split.get(role, 0.0) + 1000 * (cpu_s([pid]) - by_role0[pid]) / n
                await closed_loop(served_stream, c, max(n // 2, c))
            rows.append(row("direct", c, *pooled["direct"], None))
            rows.append(row("serve", c, *pooled["serve"], list(ttft)))
            log.info("concurrency %d done (load average %.1f)", c, os.getloadavg()[0])
    rows[-1]["cpu_ms_by_process"] = split
    return rows


def run(args, model: str, tmp: str) -> list[dict]:
    import ray
    import torch
    from ray.serve import batching

    from mella_ray.config import JobConfig, ServeConfig
    from mella_ray.serve.core import ChatCore
    from mella_ray.serve.stage import free_port, run_serve, stop_serve

    torch.set_num_threads(1)  # as in the replica
    # @serve.batch works outside a replica, but its sanity warning asks for a replica context
    batching._BatchQueue._warn_if_max_batch_size_exceeds_max_ongoing_requests = lambda self: None
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=os.path.join(tmp, "ray"), log_to_driver=False)
    try:
        settings = serve_settings(args, model)
        cfg = JobConfig(output_dir=os.path.join(tmp, "out"), languages=["vi"], serve=settings | {"port": free_port()})
        info = run_serve(cfg, blocking=False)

        async def main():
            core = ChatCore(ServeConfig(**settings), model, os.path.join(tmp, "models"))
            return await bench(core, info["url"], args)

        return asyncio.run(main())
    finally:
        stop_serve()
        ray.shutdown()


def serve_settings(args, model: str) -> dict:
    # max_ongoing_requests above the top level: queueing in Serve's router is not what is measured
    return {
        "model": model,
        "num_cpus": 1,
        "max_batch_size": args.max_batch_size,
        "batch_wait_timeout_s": args.batch_wait_s,
        "max_ongoing_requests": max(args.levels) + 8,
        "max_tokens_limit": max(args.max_tokens, 16),
        "default_max_tokens": args.max_tokens,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--model",
        default="tiny:vlm",
        help="a model folder; tiny:vlm (0.4M parameters) or small (a 43M-parameter random Qwen2-VL "
        "that answers every request with exactly --max-tokens tokens), both built offline",
    )
    ap.add_argument("--concurrency", default="1,4,16,64")
    ap.add_argument("--requests", type=int, default=96, help="requests per level (at least 2x concurrency)")
    ap.add_argument("--max-tokens", type=int, default=16)
    ap.add_argument("--max-batch-size", type=int, default=8)
    ap.add_argument("--batch-wait-s", type=float, default=0.02)
    ap.add_argument("--rounds", type=int, default=3, help="direct/serve alternations per level")
    ap.add_argument("--json", help="also write the rows here")
    args = ap.parse_args()
    args.levels = [int(x) for x in args.concurrency.split(",")]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")

    from mella_ray.infer import resolve_model

    tmp = tempfile.mkdtemp(prefix="mella-serve-bench-")
    load_before = os.getloadavg()[0]
    try:
        if args.model == "small":
            sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
            from benchmarks.caption_model import build_model, force_length

            model = str(build_model(os.path.join(tmp, "models", "small"), "small", max_pixels=224 * 224))
            force_length(model, args.max_tokens)
        else:
            model = resolve_model(args.model, os.path.join(tmp, "models"))
        rows = run(args, model, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(table(rows))
    top_d, top_s = rows[-2], rows[-1]
    print(
        f"\nAt saturation (concurrency {top_d['concurrency']}): Serve overhead "
        f"{100 * (top_d['rps'] / top_s['rps'] - 1):+.1f}% in time per request (req/s {top_d['rps']:.1f} direct vs "
        f"{top_s['rps']:.1f} serve), p50 latency {100 * (top_s['p50_ms'] / top_d['p50_ms'] - 1):+.1f}%; "
        f"CPU per request {top_d['cpu_ms_per_req']:.1f} ms direct vs {top_s['cpu_ms_per_req']:.1f} ms serve "
        f"({100 * (top_s['cpu_ms_per_req'] / top_d['cpu_ms_per_req'] - 1):+.1f}%)"
    )
    print(
        "Serve's CPU ms per request by process at saturation (last round): "
        + ", ".join(f"{k} {v:.1f}" for k, v in top_s.get("cpu_ms_by_process", {}).items())
    )
    print(
        f"1-minute load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after "
        f"({os.cpu_count()} CPUs); model {args.model}, max_tokens {args.max_tokens}, "
        f"max_batch_size {args.max_batch_size}, {args.rounds} alternating rounds per level"
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(rows, f, indent=2)


if __name__ == "__main__":
    main()
