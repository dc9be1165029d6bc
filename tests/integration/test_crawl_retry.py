"""`mella crawl --retry-failed`: a site whose images and a page fail on the first crawl (503, a
timeout) and work after a switch; the retry gets them into D_know with their alts, leaves
other failures (a 404) alone, and a retry killed before its end is finished by a rerun
without duplicates. Real loopback HTTP server, real local Ray, real Parquet."""

from __future__ import annotations

import asyncio
import io
import json
import random
import sys
from collections import Counter
from pathlib import Path

import pytest
from aiohttp import web
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_servers import LoopbackServers, static  # noqa: E402

from mella_ray.config import CrawlConfig, JobConfig  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

pytestmark = pytest.mark.integration

ALTS = {  # image -> its alt-text (Russian, several words: native alt-text the filter keeps)
    "a": "Красная площадь зимним вечером в Москве",
    "b": "Матрёшки на весенней ярмарке в Суздале",
    "c": "Старинная карта губернии из архива",
    "d": "Деревянная церковь на острове Кижи",
    "e": "Самовар на столе в деревенском доме",
    "f": "Ледоход на реке ранней весной",  # 503 for good: fails again in the retry
}
INDEX = (
    '<html lang="ru"><head><title>Русская старина</title></head><body>'
    + "".join(f'<img src="/img/{k}.jpg" alt="{ALTS[k]}">' for k in "abcdf")
    + '<a href="/deep.html">дальше</a></body></html>'
)
DEEP = (  # reachable only through a page that fails at first; d.jpg is kept already by then
    f'<html lang="ru"><body><img src="/img/e.jpg" alt="{ALTS["e"]}">'
    f'<img src="/img/d.jpg" alt="{ALTS["d"]}"></body></html>'
)


def _jpeg(seed: int) -> bytes:
    rnd = random.Random(seed)  # noise: distinct perceptual hashes, no near duplicates among them
    img = Image.frombytes("RGB", (128, 96), bytes(rnd.getrandbits(8) for _ in range(128 * 96 * 3)))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def _site(servers: LoopbackServers, up: dict) -> str:
    def jpeg(k: str):
        return static(_jpeg(ord(k)), "image/jpeg")

    def unless_up(then, down):
        async def handler(request):
            return await (then if up["on"] else down)(request)

        return handler

    async def too_slow(request):  # past crawl.total_timeout_s: a timeout
        await asyncio.sleep(3.0)
        return web.Response(status=200)

    unavailable = static("busy", "text/plain", status=503)
    return servers.add(
        "ru",
        {
            "/robots.txt": static("User-agent: *\nAllow: /\n", "text/plain"),
            "/": static(INDEX),
            "/deep.html": unless_up(static(DEEP), unavailable),
            "/img/a.jpg": unless_up(jpeg("a"), unavailable),
            "/img/b.jpg": unless_up(jpeg("b"), too_slow),
            "/img/c.jpg": static("gone", "text/plain", status=404),
            "/img/d.jpg": jpeg("d"),
            "/img/e.jpg": jpeg("e"),
            "/img/f.jpg": unavailable,
        },
    )


def _cfg(out: str, base: str) -> JobConfig:
    return JobConfig(
        output_dir=out,
        languages=["ru"],
        crawl=CrawlConfig(
            seeds=[{"url": base + "/", "lang": "ru"}],
            allow_private_networks=True,
            min_host_interval_s=0.0,
            min_side=32,
            max_retries=0,
            total_timeout_s=1.0,
            checkpoint_every_s=0.3,
            max_run_s=60.0,
        ),
    )


def _rows(out: str, name: str) -> list[dict]:
    table = ShardedOutput(f"{out}/crawl/{name}").read_all()
    return table.to_pylist() if table is not None else []


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _failures(out: str) -> Counter:
    return Counter((_path(r["url"]), r["kind"], r["reason"]) for r in _rows(out, "failures") if r["kind"] != "robots")


@pytest.fixture
def failed_crawl(ray_local, tmp_path):
    """A finished crawl of the site while it is down; yields (cfg, out, site switch, request log)."""
    from mella_ray.crawl.stage import run_crawl

    out = str(tmp_path / "out")
    up = {"on": False}
    with LoopbackServers() as servers:
        cfg = _cfg(out, _site(servers, up))
        run_crawl(cfg)
        yield cfg, out, up, servers.logs["ru"]


def test_retry_failed_refetches_only_the_transient_failures(failed_crawl):
    from mella_ray.crawl.retry_reasons import RetryReasonError
    from mella_ray.crawl.stage import run_crawl

    cfg, out, up, log = failed_crawl
    assert {_path(r["image_url"]) for r in _rows(out, "know")} == {"/img/d.jpg"}
    first = _failures(out)
    assert first == Counter(
        {
            ("/img/a.jpg", "image", "http_503"): 1,
            ("/img/b.jpg", "image", "timeout"): 1,
            ("/img/c.jpg", "image", "http_404"): 1,
            ("/img/f.jpg", "image", "http_503"): 1,
            ("/deep.html", "page", "http_503"): 1,
        }
    )
    by_url = {_path(r["url"]): r for r in _rows(out, "failures")}
    assert by_url["/img/a.jpg"]["alt"] == ALTS["a"] and by_url["/img/a.jpg"]["page_url"].endswith("/")
    assert by_url["/img/a.jpg"]["page_title"] == "Русская старина"
    assert by_url["/deep.html"]["depth"] == 1

    # a reason that does not exist, or one that is not transient: refused before any work
    requests = len(log.starts)
    with pytest.raises(RetryReasonError, match=r"unknown reason 'bogus'.*timeout.*http_5xx"):
        run_crawl(cfg, retry_failed="timeout,bogus")
    with pytest.raises(RetryReasonError, match="robots_disallowed' is not retryable: robots.txt"):
        run_crawl(cfg, retry_failed=["robots_disallowed"])
    assert len(log.starts) == requests
    assert ShardedOutput(f"{out}/crawl/know").is_complete()

    up["on"] = True
    before = Counter(log.paths())
    stats = run_crawl(cfg, retry_failed=["http_5xx", "timeout"])
    fetched = Counter(log.paths()) - before

    know = _rows(out, "know")
    assert {_path(r["image_url"]): r["alt"] for r in know} == {f"/img/{k}.jpg": ALTS[k] for k in "abde"}
    ids = [r["img_id"] for r in know + _rows(out, "pool")]
    assert len(ids) == len(set(ids)) == 4, "an image kept twice"
    # gone when they succeeded; recorded once when they failed again; the 404 left as it was
    assert _failures(out) == Counter({("/img/c.jpg", "image", "http_404"): 1, ("/img/f.jpg", "image", "http_503"): 1})
    assert fetched["/img/c.jpg"] == 0, "a failure with another reason was refetched"
    assert fetched["/img/f.jpg"] == 1
    assert fetched["/img/d.jpg"] == 0, "an image kept already was fetched again"
    assert fetched["/img/a.jpg"] == fetched["/img/b.jpg"] == fetched["/deep.html"] == fetched["/img/e.jpg"] == 1
    assert fetched["/"] == 0
    retry = stats["retry"]
    assert (retry["retried"], retry["images_kept_know"], retry["failed_again"]) == (4, 2, 1)
    assert stats["know_total"] == 4 and stats["dropped"]["image:http_503"] == 1
    assert stats["dropped"]["image:http_404"] == 1 and "page:http_503" not in stats["dropped"]
    assert json.loads(Path(out, "crawl", "stats.json").read_text())["know_total"] == 4
    assert ShardedOutput(f"{out}/crawl/know").is_complete()
    assert not Path(out, "crawl", "_state", "retry.json").exists()

    # nothing left with that reason: a second retry does no work
    requests = len(log.starts)
    again = run_crawl(cfg, retry_failed="timeout")
    assert again["skipped"] and again["retry"]["retried"] == 0 and len(log.starts) == requests


def test_a_retry_cut_short_is_finished_by_a_rerun_without_duplicates(failed_crawl, monkeypatch):
    from mella_ray.crawl import stage
    from mella_ray.crawl.stage import run_crawl

    cfg, out, up, log = failed_crawl
    up["on"] = True

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed after the actors finished, before the old failure rows went")

    with monkeypatch.context() as m:
        m.setattr(stage, "drop_retried", killed)
        with pytest.raises(KeyboardInterrupt):
            run_crawl(cfg, retry_failed="http_503,timeout")
    assert not ShardedOutput(f"{out}/crawl/know").is_complete()  # later stages do not take it for done
    assert Path(out, "crawl", "_state", "retry.json").exists()
    before = Counter(log.paths())
    stats = run_crawl(cfg)  # a plain rerun finishes the retry on storage
    assert Counter(log.paths()) == before, "the rerun fetched again what the retry had fetched"

    know = _rows(out, "know")
    ids = [r["img_id"] for r in know + _rows(out, "pool")]
    assert len(ids) == len(set(ids)) == 4
    assert {_path(r["image_url"]) for r in know} == {f"/img/{k}.jpg" for k in "abde"}
    assert _failures(out) == Counter({("/img/c.jpg", "image", "http_404"): 1, ("/img/f.jpg", "image", "http_503"): 1})
    assert stats["retry"]["reasons"] == ["http_503", "timeout"] and stats["know_total"] == 4
    assert ShardedOutput(f"{out}/crawl/know").is_complete()
