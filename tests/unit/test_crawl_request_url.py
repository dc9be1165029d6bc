"""What the fetcher puts on the request line: canonical URLs as they are, anything else encoded once."""

from __future__ import annotations

from aiohttp import web
from yarl import URL

from mella_ray.crawl.fetch import request_url
from mella_ray.crawl.urls import canonicalize
from tests.unit.test_crawl_fetch import fetcher, run, serve


def test_canonical_urls_are_taken_as_encoded():
    for raw in ("http://Example.com/café/x y?b=2&a=é", "http://[::1]:8080/a%20b", "http://пример.рф/путь"):
        url = canonicalize(raw)
        sent = request_url(url)
        assert isinstance(sent, URL) and str(sent) == url
        assert sent == URL(url)  # what yarl would have made of it, without the work


def test_unencoded_urls_are_left_to_yarl():
    for url in ("http://example.com/café", "http://example.com/a b", 'http://example.com/"q"'):
        assert request_url(url) == url


def test_the_server_sees_each_url_encoded_exactly_once():
    seen = []

    async def handler(request):
        seen.append(request.raw_path)
        return web.Response(text="ok")

    async def main():
        async with serve({"/{tail:.*}": handler}) as base:
            f = fetcher()
            canonical = canonicalize(base + "/café/x y?q=é%20")
            assert (await f.fetch(canonical, 1000)).ok
            assert (await f.fetch(base + "/raw é", 1000)).ok  # not canonical: yarl encodes it
            await f.close()

    run(main())
    assert seen == ["/caf%C3%A9/x%20y?q=%C3%A9%20", "/raw%20%C3%A9"]
