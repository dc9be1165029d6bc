"""Sitemaps: the ones robots.txt names and /sitemap.xml, indexes and gzip, within budgets;
pages that only a sitemap lists are crawled (real loopback servers)."""

from __future__ import annotations

import asyncio
import gzip
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.sitemaps import SitemapError, read_sitemap  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(urls) -> str:
    return f'<?xml version="1.0"?><urlset {NS}>' + "".join(f"<url><loc>{u}</loc></url>" for u in urls) + "</urlset>"


def index(urls) -> str:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return f'<?xml version="1.0"?><sitemapindex {NS}>{items}</sitemapindex>'


def test_read_sitemap_urlsets_indexes_gzip_and_bad_files():
    assert read_sitemap(urlset(["http://a.cz/1", " http://a.cz/2 "]).encode(), 10_000) == (
        "urlset",
        ["http://a.cz/1", "http://a.cz/2"],
    )
    assert read_sitemap(gzip.compress(index(["http://a.cz/s.xml"]).encode()), 10_000) == (
        "sitemapindex",
        ["http://a.cz/s.xml"],
    )
    truncated = urlset([f"http://a.cz/{i}" for i in range(10)]).encode()[:-40]
    assert read_sitemap(truncated, 10_000)[1][:5] == [f"http://a.cz/{i}" for i in range(5)]  # read before the cut
    with pytest.raises(SitemapError, match="not a sitemap"):
        read_sitemap(b"<html><body>404</body></html>", 10_000)
    with pytest.raises(SitemapError, match="decompressed"):
        read_sitemap(gzip.compress(b" " * 50_000 + urlset(["http://a.cz/"]).encode()), 10_000)  # a gzip bomb
    xxe = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><urlset><url><loc>&e;</loc></url></urlset>'
    assert read_sitemap(xxe, 10_000) == ("urlset", [])  # an external entity is never read


def _crawl(tmp_path, seed: str, **overrides) -> str:
    settings = dict(
        allow_private_networks=True,
        min_host_interval_s=0.0,
        min_side=32,
        max_run_s=60,
        check_alt_language=False,
        checkpoint_every_s=30,
    )
    settings.update(overrides)
    cfg = CrawlConfig(seeds=[{"url": seed, "lang": "cs"}], **settings)
    out = str(tmp_path / "crawl")
    asyncio.run(CrawlActor(0, cfg, out, [{"url": seed, "lang": "cs"}], 1000).run())
    return out


def _page(n: int) -> str:
    return f'<html lang="cs"><body><img src="/img/{n}.jpg" alt="Skrytá stránka číslo {n} s obrázkem"></body></html>'


def test_pages_only_in_sitemaps_are_crawled(tmp_path):
    with LoopbackServers() as servers:
        routes = {"/": static('<html lang="cs"><body>Nic tu není.</body></html>')}
        for n in range(1, 5):
            routes[f"/hidden/{n}"] = static(_page(n))
            routes[f"/img/{n}.jpg"] = static(picture(n), "image/jpeg")
        maps = {
            "/robots.txt": static("User-agent: *\nSitemap: {b}/maps/index.xml.gz\n", "text/plain"),
            "/maps/index.xml.gz": static(
                gzip.compress(index(["{b}/maps/a.xml", "{b}/maps/b.xml.gz"]).encode()), "application/gzip"
            ),
            "/maps/a.xml": static(
                urlset(["{b}/hidden/1", "{b}/hidden/2", "http://elsewhere.example/x"]), "application/xml"
            ),
            "/maps/b.xml.gz": static(gzip.compress(urlset(["{b}/hidden/3"]).encode()), "application/gzip"),
            "/sitemap.xml": static(urlset(["{b}/hidden/4"]), "application/xml"),
        }
        site = servers.add("mapped", {**routes, **{p: _with_base(h) for p, h in maps.items()}})
        out = _crawl(tmp_path, site + "/")
        paths = servers.logs["mapped"].paths()
    assert {f"/hidden/{n}" for n in range(1, 5)} <= set(paths)
    know = ShardedOutput(f"{out}/know").read_all().to_pylist()
    assert sorted(r["image_url"].rsplit("/", 1)[1] for r in know) == ["1.jpg", "2.jpg", "3.jpg", "4.jpg"]


def _with_base(handler):
    """Serve a body with {b} replaced by the request's own base URL."""

    async def wrapped(request):
        response = await handler(request)
        base = f"http://{request.host}"
        body = response.body
        if body[:2] == b"\x1f\x8b":
            response.body = gzip.compress(gzip.decompress(body).replace(b"{b}", base.encode()))
        else:
            response.body = body.replace(b"{b}", base.encode())
        return response

    return wrapped


def test_sitemap_budgets_bound_files_and_urls(tmp_path):
    with LoopbackServers() as servers:
        routes = {
            "/": static('<html lang="cs"><body>Nic.</body></html>'),
            "/sitemap.xml": _with_base(static(index([f"{{b}}/maps/{i}.xml" for i in range(30)]))),
            "/hidden/{n}": static(_page(0)),
        }
        for i in range(30):
            routes[f"/maps/{i}.xml"] = _with_base(static(urlset([f"{{b}}/hidden/{i}-{k}" for k in range(100)])))
        site = servers.add("big", routes)
        _crawl(tmp_path, site + "/", sitemap_max_files=3, sitemap_max_urls=7)
        paths = servers.logs["big"].paths()
    assert len([p for p in paths if p.startswith("/maps/")]) == 2  # /sitemap.xml is the first of 3 files
    assert len([p for p in paths if p.startswith("/hidden/")]) == 7
