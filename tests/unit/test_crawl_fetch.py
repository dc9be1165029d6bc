"""The async fetcher and robots.txt against a real aiohttp server on 127.0.0.1."""
from __future__ import annotations

import asyncio
import socket
import time
from contextlib import asynccontextmanager

from aiohttp import web

from mella_ray.crawl.fetch import Fetcher, parse_retry_after
from mella_ray.crawl.robots import RobotsCache

UA = "mella-ray-crawler/0.1 (+test)"


@asynccontextmanager
async def serve(routes: dict, hits: list | None = None):
    """Serve {path: handler} on 127.0.0.1; yields the base URL; records (path, time) in `hits`."""
    app = web.Application()
    for path, handler in routes.items():
        app.router.add_get(path, handler)
    if hits is not None:

        @web.middleware
        async def record(request, handler):
            hits.append((request.path, time.monotonic(), request.headers.get("User-Agent")))
            return await handler(request)

        app.middlewares.append(record)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


def fetcher(**kw) -> Fetcher:
    opts = dict(user_agent=UA, allow_private_networks=True, min_host_interval_s=0.0, max_retries=2,
                backoff_base_s=0.05, total_timeout_s=5.0, connect_timeout_s=2.0)
    opts.update(kw)
    return Fetcher(**opts)


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


def _text(body: str, status: int = 200):
    """A handler that answers `body` with `status`."""

    async def handler(request):
        return web.Response(text=body, status=status)

    return handler


def test_ok_and_user_agent():
    hits = []

    async def main():
        async with serve({"/": _text("hello")}, hits) as base:
            f = fetcher()
            res = await f.fetch(base + "/", 1000)
            await f.close()
            return res

    res = run(main())
    assert res.ok and res.status == 200 and res.body == b"hello" and res.headers["content-type"].startswith("text/")
    assert hits[0][2] == UA


def test_size_limit_aborts_streaming_and_declared_bodies():
    sent = {"bytes": 0}

    async def endless(request):
        resp = web.StreamResponse()  # chunked: no Content-Length to refuse early
        await resp.prepare(request)
        for _ in range(2000):  # up to 128 MB if nobody stopped us
            await resp.write(b"x" * 65536)
            sent["bytes"] += 65536
        return resp

    async def declared(request):
        return web.Response(body=b"y" * 300_000)

    async def main():
        async with serve({"/endless": endless, "/declared": declared}) as base:
            f = fetcher()
            a = await f.fetch(base + "/endless", 200_000)
            b = await f.fetch(base + "/declared", 200_000)
            c = await f.fetch(base + "/declared", 400_000)
            await f.close()
            return a, b, c

    t0 = time.monotonic()
    a, b, c = run(main())
    assert (a.error, a.body) == ("too_large", None) and (b.error, b.body) == ("too_large", None)
    assert "Content-Length" in b.detail
    assert c.ok and len(c.body) == 300_000
    assert time.monotonic() - t0 < 10 and sent["bytes"] < 20_000_000  # aborted, not drained


def test_redirects_loop_chain_and_ok():
    async def loop_a(request):
        raise web.HTTPFound("/loop-b")

    async def loop_b(request):
        raise web.HTTPFound("/loop-a")

    async def chain(request):
        raise web.HTTPMovedPermanently(f"/chain/{int(request.match_info['n']) + 1}")

    async def hop(request):
        raise web.HTTPFound("/final?b=2&a=1")

    async def main():
        routes = {"/loop-a": loop_a, "/loop-b": loop_b, "/chain/{n}": chain, "/hop": hop,
                  "/final": _text("done")}
        async with serve(routes) as base:
            f = fetcher(max_redirects=3)
            out = [await f.fetch(base + p, 1000) for p in ("/loop-a", "/chain/0", "/hop")]
            await f.close()
            return base, out

    base, (loop, chain_res, ok) = run(main())
    assert loop.error == "redirect_loop"
    assert chain_res.error == "too_many_redirects" and chain_res.redirects == 3
    assert ok.ok and ok.body == b"done" and ok.final_url == base + "/final?a=1&b=2"


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


def test_timeout_and_connection_refused():
    async def slow(request):
        await asyncio.sleep(3)
        return web.Response(text="late")

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]

    async def main():
        async with serve({"/slow": slow}) as base:
            f = fetcher(total_timeout_s=0.5, max_retries=0)
            t0 = time.monotonic()
            slow_res = await f.fetch(base + "/slow", 1000)
            took = time.monotonic() - t0
            g = fetcher(max_retries=1)
            refused = await g.fetch(f"http://127.0.0.1:{dead_port}/", 1000)
            await f.close()
            await g.close()
            return slow_res, took, refused

    slow_res, took, refused = run(main())
    assert slow_res.error == "timeout" and took < 2.5
    assert refused.error == "connection_error" and refused.attempts == 2


def test_private_address_refused_before_any_request():
    hits = []

    async def main():
        async with serve({"/": _text("secret")}, hits) as base:
            f = fetcher(allow_private_networks=False)
            res = await f.fetch(base + "/", 1000)
            await f.close()
            return res

    res = run(main())
    assert res.error == "private_address" and res.body is None and hits == []


def test_robots_disallow_crawl_delay_and_politeness():
    hits = []
    robots = "User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n"

    async def main():
        routes = {"/robots.txt": _text(robots), "/private/{x}": _text("no"),
                  "/public/{x}": _text("yes")}
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
