"""Load test of the serve endpoint as deployed: 200 concurrent clients, a fixed number of requests.

    python benchmarks/serve_flood.py                          # tiny model, 200 clients, 2000 requests
    python benchmarks/serve_flood.py --clients 200 --requests 4000 --hostile 0.1

The real app on Ray Serve on 127.0.0.1 (API key set, the shipped limits: max_ongoing_requests 32,
max_queued_requests 256, body/answer deadlines), driven by `--clients` closed-loop aiohttp
clients until `--requests` have been answered. Most requests are a chat with one JPEG; a share
(`--hostile`) are the usual bad inputs (malformed JSON, a control token, a wrong key, text/plain)
which must get their 4xx. Reported: errors (any 5xx, dropped connection or unexpected status:
must be 0), p50/p99 latency of the good requests, requests per second, and the peak RSS of
Serve's replica and proxy processes (sampled every 0.2 s). Not run by CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_measure import pct, request_body, serve_pids  # noqa: E402

KEY = "flood-key-0123456789"
HOSTILE = [  # (body, content type, key, expected status)
    (b'{"messages": [', "application/json", KEY, 400),
    (json.dumps({"messages": [{"role": "user", "content": "<|image_pad|>"}]}).encode(), "application/json", KEY, 400),
    (json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode(), "application/json", "wrong", 401),
    (json.dumps({"messages": [{"role": "user", "content": "hi"}]}).encode(), "text/plain", KEY, 415),
]


def rss_mb(pids: dict[int, str]) -> dict[str, float]:
    out: dict[str, float] = {}
    for pid, role in pids.items():
        try:
            with open(f"/proc/{pid}/statm") as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        out[role] = out.get(role, 0.0) + pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    return out


async def flood(url: str, clients: int, n: int, hostile: float, max_tokens: int) -> dict:
    import aiohttp

    good_body = request_body(max_tokens)
    rng = random.Random(0)
    plan = [rng.choice(HOSTILE) if rng.random() < hostile else None for _ in range(n)]
    left = iter(plan)
    lat: list[float] = []
    errors: list[str] = []
    statuses: dict[int, int] = {}

    async def client(session):
        for item in left:  # shared iterator: exactly n requests in all
            body, ctype, key, expected = item or (good_body, "application/json", KEY, 200)
            t = time.perf_counter()
            try:
                async with session.post(
                    f"{url}/v1/chat/completions",
                    data=body,
                    headers={"Content-Type": ctype, "Authorization": f"Bearer {key}"},
                ) as r:
                    await r.read()
                    statuses[r.status] = statuses.get(r.status, 0) + 1
                    if r.status != expected:
                        errors.append(f"{r.status} (expected {expected})")
            except Exception as e:  # noqa: BLE001 - every failure is counted, none stops the run
                errors.append(type(e).__name__)
                continue
            if item is None:
                lat.append(time.perf_counter() - t)

    connector = aiohttp.TCPConnector(limit=clients + 8)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=600)) as session:
        t0 = time.perf_counter()
        await asyncio.gather(*[client(session) for _ in range(clients)])
        wall = time.perf_counter() - t0
    return {
        "requests": n,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:10],
        "statuses": statuses,
        "good_p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
        "good_p99_ms": round(1000 * pct(lat, 99), 1) if lat else None,
        "rps": round(n / wall, 1),
        "wall_s": round(wall, 1),
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--clients", type=int, default=200)
    p.add_argument("--requests", type=int, default=2000)
    p.add_argument("--hostile", type=float, default=0.1, help="share of bad requests (each must get its 4xx)")
    p.add_argument("--max-tokens", type=int, default=4)
    p.add_argument("--model", default="tiny:vlm")
    args = p.parse_args()

    import ray

    from mella_ray.config import JobConfig
    from mella_ray.serve.stage import free_port, run_serve, stop_serve

    os.environ["MELLA_FLOOD_KEY"] = KEY
    tmp = tempfile.mkdtemp(prefix="mella-flood-")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=os.path.join(tmp, "ray"), log_to_driver=False)
    try:
        cfg = JobConfig(
            output_dir=os.path.join(tmp, "out"),
            languages=["vi"],
            models_dir=os.path.join(tmp, "models"),
            serve={
                "model": args.model,
                "port": free_port(),
                "num_cpus": 1,
                "api_key_env": "MELLA_FLOOD_KEY",
                "max_tokens_limit": 64,
                "max_ongoing_requests": 32,
                "max_queued_requests": 256,
            },
        )
        info = run_serve(cfg, blocking=False)
        pids = serve_pids()
        before, peak, stop = rss_mb(pids), {}, threading.Event()

        def sample():
            while not stop.is_set():
                for role, mb in rss_mb(pids).items():
                    peak[role] = max(peak.get(role, 0.0), mb)
                stop.wait(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            result = asyncio.run(flood(info["url"], args.clients, args.requests, args.hostile, args.max_tokens))
        finally:
            stop.set()
            sampler.join()
        result.update(
            clients=args.clients,
            rss_mb_before={k: round(v) for k, v in before.items()},
            rss_mb_peak={k: round(v) for k, v in peak.items()},
            load_avg=os.getloadavg()[0],
        )
        print(json.dumps(result, indent=1))
    finally:
        stop_serve()
        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
