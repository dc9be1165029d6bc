"""run_crawl end to end on a local Ray: two small sites (cs, ru) served by the test on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from PIL import Image

from mella_ray.config import CrawlConfig, JobConfig
from mella_ray.crawl.stage import load_seeds, page_budgets, partition
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

pytestmark = pytest.mark.integration


def _jpeg(color, size=(128, 96)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


def _gif_pixel() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (1, 1), 0).save(buf, "GIF")
    return buf.getvalue()


SHARED = _jpeg((1, 2, 3))  # the same bytes on both sites, under different URLs
MOST = _jpeg((200, 10, 10))

CS_INDEX = """<!doctype html><html lang="cs"><head><meta charset="utf-8"></head><body>
<img src="/img/most.jpg" alt="Karlův most v zimě">
<img src="/img/nolabel.jpg">
<img src="/img/english.jpg" alt="The cathedral at night">
<img src="/private/secret.jpg" alt="Tajný obrázek z archivu">
<img src="/img/pixel.gif" alt="sledovací pixel">
<img src="/img/missing.jpg" alt="Chybějící obrázek">
<img src="/img/vector.svg" alt="Vektorová mapa">
<img src="/img/shared.jpg" alt="Společný obrázek obou webů">
<a href="/page2.html">dál</a> <a href="/private/page.html">tajné</a> <a rel="nofollow" href="/nofollow.html">x</a>
</body></html>"""

CS_PAGE2 = """<html lang="cs"><body>
<img src="/img/most.jpg" alt="Karlův most znovu">
<img src="/img/copy.jpg" alt="Kopie mostu">
<figure><img data-src="/img/fig.jpg" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><figcaption>Tradiční velikonoční kraslice</figcaption></figure>
<a href="/">domů</a></body></html>"""

RU_INDEX = """<html lang="ru"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body>
<img srcset="/img/matr-small.jpg 100w, /img/matr.jpg 800w" src="/img/matr-small.jpg" alt="Матрёшка на ярмарке">
<img src="/img/shared.jpg" alt="Общая картинка двух сайтов">
</body></html>"""

CS_SITE = {
    "/robots.txt": ("text/plain", b"User-agent: *\nDisallow: /private/\n"),
    "/": ("text/html; charset=utf-8", CS_INDEX.encode()),
    "/page2.html": ("text/html", CS_PAGE2.encode()),
    "/nofollow.html": ("text/html", b"<html></html>"),
    "/private/page.html": ("text/html", b"<html></html>"),
    "/private/secret.jpg": ("image/jpeg", _jpeg((9, 9, 9))),
    "/img/most.jpg": ("image/jpeg", MOST),
    "/img/copy.jpg": ("image/jpeg", MOST),
    "/img/nolabel.jpg": ("image/jpeg", _jpeg((10, 200, 10))),
    "/img/english.jpg": ("image/jpeg", _jpeg((10, 10, 200))),
    "/img/pixel.gif": ("image/gif", _gif_pixel()),
    "/img/shared.jpg": ("image/jpeg", SHARED),
    "/img/fig.jpg": ("image/jpeg", _jpeg((200, 200, 10))),
}
RU_SITE = {
    "/": ("text/html", RU_INDEX.encode("cp1251")),
    "/img/matr.jpg": ("image/jpeg", _jpeg((10, 200, 200), (160, 120))),
    "/img/matr-small.jpg": ("image/jpeg", _jpeg((10, 100, 100), (40, 30))),
    "/img/shared.jpg": ("image/jpeg", SHARED),
}


def _serve(files: dict):
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            if self.path not in files:
                self.send_error(404)
                return
            ctype, body = files[self.path]
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}", hits


@pytest.fixture(scope="module")
def sites():
    cs, cs_url, cs_hits = _serve(CS_SITE)
    ru, ru_url, ru_hits = _serve(RU_SITE)
    yield {"cs": cs_url, "ru": ru_url, "cs_hits": cs_hits, "ru_hits": ru_hits}
    for server in (cs, ru):
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def ray_cluster(ray_local):
    return ray_local


def _cfg(out: str, seeds: list[dict], **crawl) -> JobConfig:
    opts = dict(
        seeds=seeds,
        allow_private_networks=True,
        min_host_interval_s=0.0,
        min_side=32,
        concurrency_per_actor=4,
        max_retries=0,
        total_timeout_s=5.0,
        max_run_s=60.0,
    )
    opts.update(crawl)
    return JobConfig(output_dir=out, languages=["cs", "ru"], crawl=CrawlConfig(**opts))


def test_load_seeds_partition_and_budgets(tmp_path):
    seeds_file = tmp_path / "seeds.csv"
    seeds_file.write_text("url,lang\n{demo_site}/ru/,ru\nhttp://x.hu/,hu\n", encoding="utf-8")
    cfg = JobConfig(
        output_dir=str(tmp_path),
        languages=["cs", "ru"],
        demo_site={},
        crawl=CrawlConfig(seeds=[{"url": "{demo_site}/cs/", "lang": "cs"}], seeds_file=str(seeds_file)),
    )
    seeds = load_seeds(cfg, "http://127.0.0.1:9000/")
    assert seeds == [
        {"url": "http://127.0.0.1:9000/cs/", "lang": "cs"},
        {"url": "http://127.0.0.1:9000/ru/", "lang": "ru"},
    ]
    with pytest.raises(ValueError, match="demo_site"):
        load_seeds(cfg, None)
    jsonl = tmp_path / "seeds.jsonl"
    jsonl.write_text('{"url": "http://a.cz/", "lang": "cs"}\nnot json\n', encoding="utf-8")
    with pytest.raises(ValueError, match="seeds.jsonl:2"):
        load_seeds(JobConfig(output_dir=str(tmp_path), crawl=CrawlConfig(seeds_file=str(jsonl))))
    many = [{"url": f"http://site{i}.cz/", "lang": "cs"} for i in range(10)] + [
        {"url": "http://site0.cz/b", "lang": "cs"}
    ]
    parts = partition(many, 3)
    assert sum(map(len, parts)) == 11 and partition(many, 3) == parts  # stable
    owner = [i for i, p in enumerate(parts) if any(s["url"].startswith("http://site0.cz") for s in p)]
    assert len(owner) == 1  # one site, one actor
    assert sorted(len({s["url"].split("/")[2] for s in p}) for p in parts) == [3, 3, 4]  # balanced
    assert sum(page_budgets(parts, 100)) == 100


def test_run_crawl_end_to_end(sites, ray_cluster, tmp_path):
    from mella_ray.crawl.stage import run_crawl

    out = str(tmp_path / "job")
    cfg = _cfg(
        out, [{"url": sites["cs"] + "/", "lang": "cs"}, {"url": sites["ru"] + "/", "lang": "ru"}], num_actors=2
    )  # two sites would fit one actor: two show the dedup across actors
    sites["cs_hits"].clear()
    sites["ru_hits"].clear()
    stats = run_crawl(cfg)

    know = ShardedOutput(f"{out}/crawl/know").read_all().to_pylist()
    pool = ShardedOutput(f"{out}/crawl/pool").read_all().to_pylist()
    failures = ShardedOutput(f"{out}/crawl/failures").read_all().to_pylist()
    path = lambda row: row["image_url"].split("/", 3)[3]  # noqa: E731

    # D_know: native alt-text, with the seed's language (a figcaption is a hint column, not the text)
    by_path = {path(r): r for r in know}
    assert set(by_path) - {"img/shared.jpg", "img/copy.jpg"} == {"img/most.jpg", "img/matr.jpg"}
    assert by_path["img/matr.jpg"]["alt"] == "Матрёшка на ярмарке" and by_path["img/matr.jpg"]["lang"] == "ru"
    assert (by_path["img/matr.jpg"]["width"], by_path["img/matr.jpg"]["height"]) == (160, 120)  # largest srcset
    assert all(r["format"] == "JPEG" and r["category"] is None for r in know)
    assert {r["lang"] for r in know if path(r) == "img/most.jpg"} == {"cs"}
    # dedup by bytes: MOST is kept once (most.jpg or copy.jpg), SHARED once (from either site)
    assert len(know) == 3 and len({r["img_id"] for r in know}) == 3
    assert sum(path(r) in ("img/most.jpg", "img/copy.jpg") for r in know) == 1
    assert sum(path(r) == "img/shared.jpg" for r in know) == 1
    # the pool: no alt (a figcaption only), or English alt on a Czech site
    assert sorted(path(r) for r in pool) == ["img/english.jpg", "img/fig.jpg", "img/nolabel.jpg"]
    assert {path(r): r["figcaption"] for r in pool}["img/fig.jpg"] == "Tradiční velikonoční kraslice"
    assert all(r["alt"] is None and r["lang"] == "cs" for r in pool)
    # failures are rows with reasons; robots-disallowed URLs were never requested
    reasons = {(r["kind"], r["url"].split("/", 3)[3], r["reason"]) for r in failures}
    assert reasons == {
        ("alt", "img/english.jpg", "alt_other_language"),  # the refused text is kept for audit
        ("image", "private/secret.jpg", "robots_disallowed"),
        ("page", "private/page.html", "robots_disallowed"),
        ("image", "img/pixel.gif", "tracking_pixel"),
        ("image", "img/missing.jpg", "http_404"),
        ("image", "img/vector.svg", "svg"),
    }
    assert not any(h.startswith("/private") for h in sites["cs_hits"])
    assert "/nofollow.html" not in sites["cs_hits"] and "/img/vector.svg" not in sites["cs_hits"]
    assert sites["cs_hits"].count("/img/most.jpg") == 1  # on two pages, fetched once

    written = storage.read_json(f"{out}/crawl/stats.json")
    assert written == json.loads(json.dumps(stats))
    assert stats["know_total"] == 3 and stats["pool_total"] == 3 and stats["kept"]["pool/cs"] == 3
    assert stats["kept"]["know/ru"] + stats["kept"]["know/cs"] == 3 and stats["kept"]["know/ru"] >= 1
    assert stats["dropped"] == {
        "image:duplicate_image": 2,
        "image:http_404": 1,
        "image:robots_disallowed": 1,
        "image:tracking_pixel": 1,
        "page:robots_disallowed": 1,
        "image:svg": 1,
        "alt:alt_missing": 2,
        "alt:alt_other_language": 1,  # every refused text, with its reason
    }
    assert stats["pages_fetched"] == 3 and stats["duplicate_image_urls"] >= 1
    assert stats["pool_reasons"] == {"alt_missing": 2, "alt_other_language": 1}
    assert stats["bytes_downloaded"] > 0 and stats["images_per_s"] > 0 and stats["elapsed_s"] > 0
    assert ShardedOutput(f"{out}/crawl/know").is_complete()
    assert all(n.startswith("a") for n in ShardedOutput(f"{out}/crawl/know").done_names())
    assert stats["num_actors"] == 2  # one site each: the shared image was deduplicated across actors

    # a rerun of a complete crawl is skipped and writes nothing
    before = {d: sorted(storage.list_files(f"{out}/crawl/{d}")) for d in ("know", "pool", "failures")}
    hits_before = len(sites["cs_hits"]) + len(sites["ru_hits"])
    again = run_crawl(cfg)
    assert again["skipped"] is True and again["know_total"] == 3
    assert {d: sorted(storage.list_files(f"{out}/crawl/{d}")) for d in before} == before
    assert len(sites["cs_hits"]) + len(sites["ru_hits"]) == hits_before


def test_actor_page_budget_and_deadline_without_ray(sites, tmp_path):
    from mella_ray.crawl.actor import CrawlActor

    # a generous deadline: on a loaded CI machine the short default of _cfg may run out
    crawl = _cfg(str(tmp_path), []).crawl.model_copy(update={"max_run_s": 300.0, "total_timeout_s": 30.0})
    seeds = [{"url": sites["cs"] + "/", "lang": "cs"}]
    stats = asyncio.run(CrawlActor(0, crawl, str(tmp_path / "a"), seeds, page_budget=1).run())
    totals = stats["counters"]["totals"]
    assert totals["pages_fetched"] == 1 and stats["pages_left_in_frontier"] == 2
    assert stats["counters"]["per_lang"]["cs"]["know"] >= 2 and not stats["stopped_by_deadline"]

    late = crawl.model_copy(update={"max_run_s": 1e-6})
    stats = asyncio.run(CrawlActor(0, late, str(tmp_path / "b"), seeds, page_budget=100).run())
    # workers start before the deadline clock, and a job in flight at the deadline may finish
    # within the grace period: at most the seed page gets fetched, and the crawl stops there
    fetched = stats["counters"]["totals"].get("pages_fetched", 0)
    assert stats["stopped_by_deadline"] and fetched <= 1
    if fetched == 0:
        assert stats["pages_left_in_frontier"] == 1  # the seed, cut short, stays queued
