"""WARC in and out, on a local Ray: the demo site crawled into WARC files, and D_know built from
WARC files that the test writes from the demo site's pages, without fetching a single page."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_demo_server import serve_demo  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

from mella_ray.config import CrawlConfig, JobConfig  # noqa: E402
from mella_ray.crawl.warc import read_pages, warc_files  # noqa: E402
from mella_ray.demo_site import BASE_URL_TOKEN, build_site  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

pytestmark = pytest.mark.integration
LANGS = ["cs", "ru", "th"]


def _rows(out: str, name: str) -> list[dict]:
    table = ShardedOutput(f"{out}/crawl/{name}").read_all()
    return table.to_pylist() if table is not None else []


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    """A WARC as Common Crawl writes them: gzip members, HTTP response records (a 404 among them)."""
    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body in pages:
            http = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))
        http = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(pages[0][0] + "?gone", "response", payload=io.BytesIO(b"gone"), http_headers=http)
        )


def test_warc_out_then_in(ray_local, tmp_path):
    from mella_ray.crawl.stage import run_crawl

    manifest = build_site(tmp_path / "site", images_per_lang=10, seed=77, langs=LANGS)
    with LoopbackServers() as servers:
        base, _ = serve_demo(servers, tmp_path / "site", faults=False)
        seeds = [{"url": url, "lang": lang} for lang, url in manifest.seed_urls(base).items()]
        out1 = str(tmp_path / "out1")
        stats1 = run_crawl(
            JobConfig(
                output_dir=out1,
                languages=LANGS,
                crawl=CrawlConfig(
                    seeds=seeds,
                    allow_private_networks=True,
                    min_host_interval_s=0.0,
                    per_host_concurrency=8,
                    warc=True,
                    num_actors=2,
                ),
            )
        )
        # out: every fetched page is a record, bodies as served
        written = [p for f in warc_files(f"{out1}/crawl/warc") for p in read_pages(f, 10_000_000)]
        assert len(written) == stats1["pages_fetched"] > 0
        index = next(p for p in written if p.url.endswith("/cs/index.html"))
        served = (tmp_path / "site" / "cs" / "index.html").read_bytes().replace(BASE_URL_TOKEN.encode(), base.encode())
        assert index.body == served

        # in: one WARC per language, written by the test from the site's files; no seeds at all
        inputs = []
        for lang in LANGS:
            pages = [
                (f"{base}/{lang}/{p.name}", p.read_bytes().replace(BASE_URL_TOKEN.encode(), base.encode()))
                for p in sorted((tmp_path / "site" / lang).glob("*.html"))
            ]
            _write_warc(tmp_path / f"{lang}.warc.gz", pages)
            inputs.append({"path": str(tmp_path / f"{lang}.warc.gz"), "lang": lang})
        before = len(servers.logs["demo"].paths())
        out2 = str(tmp_path / "out2")
        stats2 = run_crawl(
            JobConfig(
                output_dir=out2,
                languages=LANGS,
                crawl=CrawlConfig(
                    warc_inputs=inputs, allow_private_networks=True, min_host_interval_s=0.0, per_host_concurrency=8
                ),
            )
        )
        requested = servers.logs["demo"].paths()[before:]
    assert not [p for p in requested if p.endswith(".html")]  # no page fetched: they came from the WARCs
    assert stats2["warc_pages_read"] == sum(len(list((tmp_path / "site" / lang).glob("*.html"))) for lang in LANGS)
    pairs = {(r["lang"], _path(r["image_url"]), r["alt"]) for r in _rows(out2, "know")}
    assert pairs == {(r["lang"], _path(r["image_url"]), r["alt"]) for r in _rows(out1, "know")}
    expected = {(lang, i.best_path, i.alt) for lang, lm in manifest.langs.items() for i in lm.images if i.alt}
    assert len(pairs & expected) >= 0.9 * len(expected) and pairs <= expected
