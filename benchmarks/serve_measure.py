"""What the serve benchmarks (serve_load.py, serve_flood.py) measure with: the request they
send, closed loops of clients, CPU seconds of Serve's processes read from /proc, percentiles,
and the result rows and their markdown table."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import statistics
import time

from PIL import Image


def request_body(max_tokens: int, stream: bool = False) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (224, 168), (180, 90, 30)).save(buf, "JPEG")
    url = "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()
    return json.dumps(
        {
            "model": "mella",
            "max_tokens": max_tokens,
            "stream": stream,
            "messages": [
                {
                    "role": "user",
                    "content": [
                        {"type": "image_url", "image_url": {"url": url}},
                        {"type": "text", "text": "Mô tả bức ảnh này."},
                    ],
                }
            ],
        }
    ).encode()


ROLES = {"ray::ServeReplica": "replica", "ray::ProxyActor": "proxy", "ray::ServeController": "controller"}


def serve_pids() -> dict[int, str]:
    """Serve's own processes on this machine (pid -> role), by their Ray process titles."""
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/cmdline", "rb") as f:
                    title = f.read().split(b"\0")[0].decode(errors="replace")
            except OSError:
                continue
            for prefix, role in ROLES.items():
                if title.startswith(prefix):
                    out[int(d)] = role
    return out


def cpu_s(pids: list[int]) -> float:
    """User+system CPU seconds of these processes (all threads): stable where wall time is not."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q / 100 * len(xs)) - 1))]


async def closed_loop(send, concurrency: int, n: int) -> tuple[list[float], float]:
    """Latencies (s) of n calls of `send` by `concurrency` clients, and the wall time."""
    left = iter(range(n))
    lat: list[float] = []

    async def client():
        for _ in left:  # shared iterator: exactly n calls in all, bounded
            t = time.perf_counter()
            await send()
            lat.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    await asyncio.gather(*[client() for _ in range(concurrency)])
    return lat, time.perf_counter() - t0


def row(mode: str, c: int, lat: list[float], wall: float, cpu: float, ttft: list[float] | None) -> dict:
    return {
        "mode": mode,
        "concurrency": c,
        "requests": len(lat),
        "p50_ms": 1000 * statistics.median(lat),
        "p99_ms": 1000 * pct(lat, 99),
        "rps": len(lat) / wall,
        "cpu_ms_per_req": 1000 * cpu / len(lat),
        "ttft_p50_ms": 1000 * statistics.median(ttft) if ttft else None,
    }


def table(rows: list[dict]) -> str:
    lines = [
        "| mode | concurrency | requests | p50 ms | p99 ms | req/s | TTFT p50 ms | CPU ms/req |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ttft = f"{r['ttft_p50_ms']:.0f}" if r["ttft_p50_ms"] is not None else "–"
        lines.append(
            f"| {r['mode']} | {r['concurrency']} | {r['requests']} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} "
            f"| {r['rps']:.1f} | {ttft} | {r['cpu_ms_per_req']:.1f} |"
        )
    return "\n".join(lines)
