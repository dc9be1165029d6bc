"""Crawl cost per image against the number of hosts: 16 hosts vs 2,000 virtual hosts.

    PYTHONPATH=$PWD python benchmarks/crawl_hosts.py --images 10000 --out /tmp/crawl_hosts.json

The same number of images is served from `--few` hosts and from `--many` virtual hosts by
ONE loopback server process that routes on the Host header; the host names
(h{i}.bench.test) resolve to 127.0.0.1 through an aiohttp resolver this benchmark installs
in the crawling process. Every host has a home page linking pages of `--per-page` images
(unique bytes: each JPEG carries its URL in a comment), a robots.txt with a Sitemap: line
and no sitemap behind it (a 404, as often on the web).

Each configuration runs in a fresh child process: one CrawlActor (the class the stage runs
on Ray, here without Ray so the figures are the actor's alone) crawls every host. The server
runs on one core and the crawl on another (`--no-pin`: both anywhere). On the web the servers
are other machines; sharing a core, the server's work (which grows with the requests, so with
the hosts) would be charged in part to the crawl: the kernel's loopback path runs in the
sender's time slice, and the two processes evict each other's caches. Reported:
CPU-seconds (user+system of the crawling process, the server excluded) per image kept,
peak RSS of the crawling process (the kernel's ru_maxrss: no sampling thread adds to the CPU
measured), and the bytes of every checkpoint in order (a base and
deltas: they should stay flat however long the crawl runs), the number of shard files
written, and wall time. Goals: CPU-s/image with --many hosts at most 1.2x that with --few;
checkpoint bytes flat. Not run by CI; the machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import multiprocessing
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = "bench.test"
ALT = "Tradiční vánoční cukroví na stole, fotografie číslo {}"


# ---- the server: one process, every virtual host -------------------------------------
def _jpeg() -> bytes:
    from PIL import Image

    img = Image.new("RGB", (96, 72))
    img.putdata([((x * 7) % 256, (y * 5) % 256, (x * y) % 256) for y in range(72) for x in range(96)])
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    return buf.getvalue()


def _pin(cpu: int | None) -> None:
    """Run this process on one core only (None: wherever the kernel likes)."""
    if cpu is not None:
        os.sched_setaffinity(0, {cpu})


def _serve(port: int, per_host: int, per_page: int, ready, cpu: int | None = None) -> None:
    from aiohttp import web

    _pin(cpu)

    base = _jpeg()
    pages = max(1, -(-per_host // per_page))

    async def handle(request):
        host = request.host.split(":")[0]
        path = request.path
        if path == "/robots.txt":
            return web.Response(
                text=f"User-agent: *\nDisallow: /private/\nSitemap: http://{request.host}/sitemap.xml\n"
            )
        if path == "/":
            links = "".join(f'<a href="/p{k}">{k}</a>' for k in range(pages))
            return web.Response(text=f'<html lang="cs"><body>{links}</body></html>', content_type="text/html")
        if path.startswith("/p") and path[2:].isdigit():
            k = int(path[2:])
            first, last = k * per_page, min(per_host, (k + 1) * per_page)
            imgs = "".join(f'<img src="/i/{j}.jpg" alt="{ALT.format(j)}">' for j in range(first, last))
            return web.Response(text=f'<html lang="cs"><body>{imgs}</body></html>', content_type="text/html")
        if path.startswith("/i/"):
            tag = f"{host}{path}".encode()  # unique bytes per image: a JPEG comment with its URL
            body = base[:2] + b"\xff\xfe" + (len(tag) + 2).to_bytes(2, "big") + tag + base[2:]
            return web.Response(body=body, content_type="image/jpeg")
        return web.Response(status=404, text="not here")

    async def main():
        app = web.Application()
        app.router.add_get("/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=4096).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


# ---- the crawling child --------------------------------------------------------------
def _install_resolver() -> None:
    """*.bench.test -> 127.0.0.1 for every aiohttp connector made from now on."""
    import aiohttp
    from aiohttp.abc import AbstractResolver

    class LoopbackResolver(AbstractResolver):
        async def resolve(self, host, port=0, family=socket.AF_INET):
            if not host.endswith(DOMAIN):
                raise OSError(f"{host} is not a benchmark host")
            return [
                {
                    "hostname": host,
                    "host": "127.0.0.1",
                    "port": port,
                    "family": socket.AF_INET,
                    "proto": 0,
                    "flags": socket.AI_NUMERICHOST,
                }
            ]

        async def close(self):
            pass

    real = aiohttp.TCPConnector

    class BenchConnector(real):
        def __init__(self, *args, **kwargs):
            kwargs["resolver"] = LoopbackResolver()
            super().__init__(*args, **kwargs)

    aiohttp.TCPConnector = BenchConnector


def _crawl(hosts: int, port: int, images: int, work: str, checkpoint_s: float, cpu: int | None = None) -> dict:
    from mella_ray.config import CrawlConfig
    from mella_ray.crawl.actor import CrawlActor

    _pin(cpu)
    _install_resolver()
    seeds = [{"url": f"http://h{i}.{DOMAIN}:{port}/", "lang": "cs"} for i in range(hosts)]
    per_host = images // hosts
    cfg = CrawlConfig(
        seeds=seeds,
        allow_private_networks=True,
        min_host_interval_s=0.0,
        per_host_concurrency=4,
        concurrency_per_actor=64,
        max_pages=10 * images,
        max_pages_per_host=10 * per_host + 10,
        max_depth=2,
        checkpoint_every_s=checkpoint_s,
        min_side=32,
        max_run_s=3600,
        near_duplicates="off",
    )  # near duplicates are finalize's work, not the actor's
    before, t0 = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    result = asyncio.run(CrawlActor(0, cfg, work, seeds, 10 * images).run())
    after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - t0
    totals = result["counters"]["totals"]
    kept = totals.get("know", 0) + totals.get("pool", 0)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shards = sum(1 for p in Path(work).glob("*/*.parquet"))
    return {
        "hosts": hosts,
        "images_kept": kept,
        "requests": result["requests"],
        "cpu_s": round(cpu, 2),
        "cpu_s_per_image": round(cpu / max(kept, 1), 5),
        "peak_rss_mb": round(after.ru_maxrss / 1024, 1),  # kB on Linux: the kernel's own peak
        "wall_s": round(wall, 1),
        "checkpoint_bytes": result.get("checkpoint_bytes", []),
        "shard_files": shards,
    }


def _cores(args) -> list[int] | None:
    """The server's core and the crawl's, two different ones; None when asked not to pin or when
    the machine has one core."""
    cores = sorted(os.sched_getaffinity(0))
    return None if args.no_pin or len(cores) < 2 else cores[:2]


def _run_child(args, hosts: int, port: int) -> dict:
    cpus = _cores(args)
    with tempfile.TemporaryDirectory(prefix=f"crawl-hosts-{hosts}-") as work:
        cmd = [
            sys.executable,
            __file__,
            "--child",
            str(hosts),
            "--port",
            str(port),
            "--images",
            str(args.images),
            "--work",
            work,
            "--checkpoint-every",
            str(args.checkpoint_every),
            *(["--cpu", str(cpus[1])] if cpus else []),
        ]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--images", type=int, default=10_000)
    p.add_argument("--few", type=int, default=16)
    p.add_argument("--many", type=int, default=2000)
    p.add_argument("--per-page", type=int, default=10)
    p.add_argument("--checkpoint-every", type=float, default=2.0, help="seconds between checkpoints")
    p.add_argument(
        "--no-pin",
        action="store_true",
        help="let the server and the crawl share every core (default: each on a core of its own, as on the web)",
    )
    p.add_argument("--cpu", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--out", type=Path, default=None)
    p.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    p.add_argument("--work", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child is not None:
        print(json.dumps(_crawl(args.child, args.port, args.images, args.work, args.checkpoint_every, args.cpu)))
        return 0
    rows, cpus = [], _cores(args)
    for hosts in (args.few, args.many):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        ready = multiprocessing.Event()
        server = multiprocessing.Process(
            target=_serve,
            args=(port, args.images // hosts, args.per_page, ready, cpus[0] if cpus else None),
            daemon=True,
        )
        server.start()
        try:
            if not ready.wait(30):
                raise RuntimeError("the benchmark server did not start")
            rows.append(_run_child(args, hosts, port))
        finally:
            server.terminate()
            server.join(10)
    few, many = rows
    report = {
        "images": args.images,
        "pinned_cores": cpus,
        "runs": rows,
        "cpu_ratio_many_vs_few": round(many["cpu_s_per_image"] / few["cpu_s_per_image"], 3),
        # The part of the ratio that is the host count itself: every host costs requests of its own
        # (robots.txt, its sitemaps, tdmrep.json, its home page) whatever its number of images.
        "requests_ratio_many_vs_few": round(many["requests"] / few["requests"], 3),
        "cpu_per_request_ratio_many_vs_few": round(
            (many["cpu_s"] / many["requests"]) / (few["cpu_s"] / few["requests"]), 3
        ),
    }
    print(
        "| hosts | images kept | requests | CPU-s | CPU-s/image | peak RSS MB | wall s | checkpoints (bytes) | shards |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ck = r["checkpoint_bytes"]
        print(
            f"| {r['hosts']} | {r['images_kept']} | {r['requests']} | {r['cpu_s']} | {r['cpu_s_per_image']} | "
            f"{r['peak_rss_mb']} | {r['wall_s']} | {len(ck)}: {ck} | {r['shard_files']} |"
        )
    print(f"\nCPU-s per image, {args.many} hosts / {args.few} hosts: {report['cpu_ratio_many_vs_few']}")
    print(
        f"requests, {args.many} / {args.few} hosts: {report['requests_ratio_many_vs_few']}; "
        f"CPU-s per request: {report['cpu_per_request_ratio_many_vs_few']}"
    )
    if args.out:
        args.out.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
