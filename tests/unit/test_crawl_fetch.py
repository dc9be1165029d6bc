"""The async fetcher against a real aiohttp server on 127.0.0.1: limits, redirects, errors, safety.

The helpers here (serve, fetcher, run, _text) are shared with test_crawl_politeness.py."""

from __future__ import annotations

import asyncio
import socket
import time
from contextlib import asynccontextmanager

import pytest
from aiohttp import web

from mella_ray.crawl.fetch import Fetcher
from mella_ray.crawl.ssrf import GuardedResolver, PrivateAddressError

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
    opts = dict(
        user_agent=UA,
        allow_private_networks=True,
        min_host_interval_s=0.0,
        max_retries=2,
        backoff_base_s=0.05,
        total_timeout_s=5.0,
        connect_timeout_s=2.0,
    )
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
        routes = {"/loop-a": loop_a, "/loop-b": loop_b, "/chain/{n}": chain, "/hop": hop, "/final": _text("done")}
        async with serve(routes) as base:
            f = fetcher(max_redirects=3)
            out = [await f.fetch(base + p, 1000) for p in ("/loop-a", "/chain/0", "/hop")]
            await f.close()
            return base, out

    base, (loop, chain_res, ok) = run(main())
    assert loop.error == "redirect_loop"
    assert chain_res.error == "too_many_redirects" and chain_res.redirects == 3
    assert ok.ok and ok.body == b"done" and ok.final_url == base + "/final?a=1&b=2"


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


def test_500_then_success_and_a_body_cut_mid_way():
    calls = {"n": 0}

    async def flaky(request):
        calls["n"] += 1
        return web.Response(status=500) if calls["n"] == 1 else web.Response(text="ok now")

    async def cut(request):
        resp = web.StreamResponse(headers={"Content-Length": "50000"})
        await resp.prepare(request)
        await resp.write(b"x" * 1000)
        request.transport.close()
        return resp

    async def main():
        async with serve({"/flaky": flaky, "/cut": cut}) as base:
            f = fetcher(max_retries=1)
            out = (await f.fetch(base + "/flaky", 1000), await f.fetch(base + "/cut", 100_000))
            await f.close()
            return out

    ok, cut_res = run(main())
    assert ok.ok and ok.body == b"ok now" and ok.attempts == 2
    assert cut_res.error == "incomplete_body" and cut_res.attempts == 2 and cut_res.body is None


def test_gzip_is_decoded_and_the_limit_counts_decoded_bytes():
    async def zipped(request):
        resp = web.Response(body=b"a" * (int(request.query["n"])))
        resp.enable_compression(web.ContentCoding.gzip)
        return resp

    async def main():
        async with serve({"/z": zipped}) as base:
            f = fetcher()
            out = (await f.fetch(base + "/z?n=5000", 10_000), await f.fetch(base + "/z?n=5000000", 1_000_000))
            await f.close()
            return out

    small, bomb = run(main())
    assert small.ok and small.body == b"a" * 5000 and small.headers["content-encoding"] == "gzip"
    assert bomb.error == "too_large"  # 5 MB of zeros arrive as a few kB of gzip: stopped at 1 MB decoded


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br", "zstd"])
def test_a_body_its_content_encoding_does_not_decode_is_its_own_failure(coding):
    async def lying(request):  # plain bytes under a compression header: a misconfigured server or CDN
        return web.Response(body=b"<html>not compressed</html>" * 20, headers={"Content-Encoding": coding})

    async def main():
        async with serve({"/p": lying}) as base:
            f = fetcher(max_retries=2)
            out = await f.fetch(base + "/p", 100_000)
            await f.close()
            return out

    res = run(main())
    # not a dropped connection (the host stays reachable) and not retried: the same bytes would come again
    assert res.error == "content_encoding_error" and res.attempts == 1 and res.body is None
    assert "content-encoding" in res.detail.lower()


def test_connect_time_guard_refuses_private_answers_and_bad_redirects():
    hits = []

    async def to_file(request):
        raise web.HTTPFound("file:///etc/passwd")

    async def main():
        async with serve({"/": _text("secret"), "/to-file": to_file}, hits) as base:
            with pytest.raises(PrivateAddressError):
                await GuardedResolver().resolve("localhost", 80)
            f = fetcher(allow_private_networks=False)

            async def rebinding(url):  # the pre-check passed (as if DNS changed its answer since)
                return None

            f.guard.check = rebinding
            port = base.rsplit(":", 1)[1]
            private = await f.fetch(f"http://localhost:{port}/", 1000)
            await f.close()
            g = fetcher()
            bad = await g.fetch(base + "/to-file", 1000)
            await g.close()
            return private, bad

    private, bad = run(main())
    assert private.error == "private_address" and private.attempts == 1
    assert [h[0] for h in hits] == ["/to-file"]  # nothing reached the server through localhost
    assert bad.error == "bad_redirect" and bad.detail == "file:///etc/passwd"
