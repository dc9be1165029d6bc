"""Politeness against a real aiohttp server on 127.0.0.1: robots.txt, Crawl-delay and
Request-rate, 429 with Retry-After, and the per-host gate."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web
from test_crawl_fetch import UA, _text, fetcher, run, serve

from mella_ray.crawl.fetch import parse_retry_after
from mella_ray.crawl.politeness import HostGate, RobotsCache


def test_429_with_retry_after_then_success():
    hits = []

    async def flaky(request):
        if len([h for h in hits if h[0] == "/flaky"]) == 1:
            return web.Response(status=429, headers={"Retry-After": "1"})
        return web.Response(text="finally")

    async def always_503(request):
        return web.Response(status=503)

    async def main():
        async with serve({"/flaky": flaky, "/down": always_503}, hits) as base:
            f = fetcher(max_retries=2)
            t0 = time.monotonic()
            ok = await f.fetch(base + "/flaky", 1000)
            waited = time.monotonic() - t0
            down = await f.fetch(base + "/down", 1000)
            await f.close()
            return ok, waited, down

    ok, waited, down = run(main())
    assert ok.ok and ok.body == b"finally" and ok.attempts == 2
    assert waited >= 0.95  # Retry-After honoured
    assert down.error == "http_503" and down.attempts == 3
    assert parse_retry_after("7") == 7.0 and parse_retry_after("soon") is None
    assert 0 <= parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") < 1  # a date in the past: now


def test_robots_disallow_crawl_delay_and_politeness():
    hits = []
    robots = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n"

    async def main():
        routes = {"/robots.txt": _text(robots), "/private/{x}": _text("no"), "/public/{x}": _text("yes")}
        async with serve(routes, hits) as base:
            f = fetcher()
            rc = RobotsCache(f, UA)
            blocked = await f.fetch(base + "/private/a.jpg", 1000, check=rc.check)
            oks = [await f.fetch(base + f"/public/{i}", 1000, check=rc.check) for i in range(3)]
            await f.close()
            return blocked, oks

    blocked, oks = run(main())
    assert blocked.error == "robots_disallowed"
    assert all(r.ok for r in oks)
    paths = [h[0] for h in hits]
    assert paths.count("/robots.txt") == 1 and not any(p.startswith("/private") for p in paths)
    starts = [h[1] for h in hits if h[0].startswith("/public")]
    assert all(b - a >= 0.28 for a, b in zip(starts, starts[1:]))  # Crawl-delay spaces requests


def test_robots_missing_allows_and_5xx_disallows():
    async def main():
        async with serve({"/x": _text("x")}) as base_404:
            async with serve({"/robots.txt": _text("", status=500), "/x": _text("x")}) as base_500:
                f = fetcher(max_retries=0)
                rc = RobotsCache(f, UA)
                out = (await rc.allowed(base_404 + "/x"), await rc.allowed(base_500 + "/x"), rc.disallowed_hosts())
                await f.close()
                return out

    allowed_404, allowed_500, disallowed = run(main())
    assert allowed_404 is True and allowed_500 is False
    assert list(disallowed.values())[0][1] == "robots_http_500"


def test_crawl_delay_counts_from_the_robots_request_and_request_rate():
    hits = []
    robots = "User-agent: *\nRequest-rate: 5/2\n"  # one request every 0.4 s

    async def main():
        async with serve({"/robots.txt": _text(robots), "/p/{x}": _text("yes")}, hits) as base:
            f = fetcher()
            rc = RobotsCache(f, UA)
            oks = await asyncio.gather(*(f.fetch(base + f"/p/{i}", 1000, check=rc.check) for i in range(3)))
            await f.close()
            return oks

    oks = run(main())
    assert all(r.ok for r in oks)
    starts = [t for _, t, _ in hits]
    assert [h[0] for h in hits][0] == "/robots.txt"
    assert all(b - a >= 0.38 for a, b in zip(starts, starts[1:]))  # robots.txt -> first page too


def test_host_gate_bounds_concurrency_and_spaces_starts():
    async def main():
        gate = HostGate(concurrency=2, interval=0.05)
        starts = []

        async def one():
            async with gate:
                starts.append(time.monotonic())
                await asyncio.sleep(0.2)

        await asyncio.gather(*(one() for _ in range(6)))
        return gate, starts

    gate, starts = run(main())
    assert gate.max_in_flight == 2
    assert all(b - a >= 0.045 for a, b in zip(starts, starts[1:]))


def test_host_gate_without_spacing_still_bounds_slots_and_honours_a_push_back():
    # With no interval the gate is passed without its lock: the slots and a Retry-After still hold.
    async def main():
        gate = HostGate(concurrency=2, interval=0.0)
        live, peak = [0], [0]

        async def one():
            async with gate:
                live[0] += 1
                peak[0] = max(peak[0], live[0])
                await asyncio.sleep(0.02)
                live[0] -= 1

        await asyncio.gather(*(one() for _ in range(6)))
        gate.push_back(0.15)
        t0 = time.monotonic()
        async with gate:
            waited = time.monotonic() - t0
        return gate, peak[0], waited

    gate, peak, waited = run(main())
    assert peak == 2 and gate.max_in_flight == 2
    assert waited >= 0.14


def test_a_robots_txt_whose_body_does_not_decode_disallows():
    async def broken(request):  # "gzip" over plain bytes: the rules cannot be read, so none may be assumed
        return web.Response(body=b"User-agent: *\nDisallow: /private/\n", headers={"Content-Encoding": "gzip"})

    async def main():
        async with serve({"/robots.txt": broken, "/private/x": _text("x")}) as base:
            f = fetcher(max_retries=0)
            rc = RobotsCache(f, UA)
            out = (await rc.allowed(base + "/private/x"), rc.disallowed_hosts())
            await f.close()
            return out

    allowed, disallowed = run(main())
    assert allowed is False  # RFC 9309 2.3.1.4: a server error is a disallow, not a missing file
    assert list(disallowed.values())[0][1] == "robots_content_encoding_error"
