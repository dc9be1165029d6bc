"""A retry inside one crawl actor (no Ray): the failed image is queued once from the checkpoint,
kept with the alt-text its failure row kept, and a restart after the retry queues nothing again."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, fail_first, slow, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.retry import plan_retry  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

ALT = "Праздничная ярмарка на главной площади города"


def test_a_retried_image_is_queued_once_and_kept_with_its_alt(tmp_path):
    out = str(tmp_path / "crawl")
    with LoopbackServers() as servers:
        base = servers.add(
            "ru",
            {
                "/": static(f'<html lang="ru"><body><img src="/i.jpg" alt="{ALT}"><img src="/k.jpg" alt="x"></body>'),
                "/i.jpg": fail_first(1, 503, static(picture(7), "image/jpeg")),
                "/k.jpg": static(picture(8), "image/jpeg"),
            },
        )
        seeds = [{"url": base + "/", "lang": "ru"}]
        cfg = CrawlConfig(seeds=seeds, allow_private_networks=True, max_retries=0, min_host_interval_s=0.0, min_side=32)

        def actor(retry=None) -> CrawlActor:
            return CrawlActor(0, cfg, out, seeds, 100, 1, {}, retry)

        first = asyncio.run(actor().run())
        assert first["counters"]["dropped"]["image:http_503"] == 1
        ShardedOutput(f"{out}/know").mark_complete()
        retry = plan_retry(out, ["http_5xx"], {"num_actors": 1, "site_owners": {}})
        part = {"id": retry["id"], "items": retry["items"]["0"]}
        fetched_before = servers.logs["ru"].paths().count("/i.jpg")

        second = asyncio.run(actor(part).run())
        assert servers.logs["ru"].paths().count("/i.jpg") == fetched_before + 1
        assert servers.logs["ru"].paths().count("/") == 1  # the page was not fetched again
        assert "image:http_503" not in second["counters"]["dropped"]  # no longer a failure
        know = ShardedOutput(f"{out}/know").read_all().to_pylist()
        assert [(r["image_url"], r["alt"], r["page_url"]) for r in know] == [(f"{base}/i.jpg", ALT, f"{base}/")]

        async def restored() -> tuple[bool, str | None]:  # restarted after the retry: nothing queued again
            a = actor(part)
            await a.restore()
            await a.crawler.warmed
            await a.crawler.close()
            return a.crawler.has_work(), a.crawler.retry_applied

        assert asyncio.run(restored()) == (False, retry["id"])


def test_a_retry_killed_after_its_checkpoint_is_resumed_once(tmp_path):
    """The actor dies (no final checkpoint) while one retried image is in flight and another has
    failed again; the restarted actor fetches the first from its checkpoint, does not queue the
    retry twice (the one that failed again is not fetched a third time), and writes one row."""
    out = str(tmp_path / "crawl")
    with LoopbackServers() as servers:
        base = servers.add(
            "ru",
            {
                "/": static(f'<html lang="ru"><body><img src="/i.jpg" alt="{ALT}"><img src="/j.jpg" alt="{ALT}!">'),
                "/i.jpg": fail_first(1, 503, slow(1.5, static(picture(7), "image/jpeg"))),
                "/j.jpg": static("busy", "text/plain", status=503),
            },
        )
        seeds = [{"url": base + "/", "lang": "ru"}]
        cfg = CrawlConfig(
            seeds=seeds,
            allow_private_networks=True,
            max_retries=0,
            min_host_interval_s=0.0,
            min_side=32,
            checkpoint_every_s=0.1,
        )

        def actor(retry=None) -> CrawlActor:
            return CrawlActor(0, cfg, out, seeds, 100, 1, {}, retry)

        asyncio.run(actor().run())
        ShardedOutput(f"{out}/know").mark_complete()
        retry = plan_retry(out, ["http_503"], {"num_actors": 1, "site_owners": {}})
        part = {"id": retry["id"], "items": retry["items"]["0"]}

        async def killed_mid_fetch() -> None:
            a = actor(part)
            await a.restore()
            await a.begin()
            seen = None
            for _ in range(100):  # bounded: 10 s at most
                if seen is None and a.crawler.done_urls.get(f"{base}/j.jpg") == "":
                    seen = a.checkpoints  # failed again: wait for a checkpoint that holds it
                if seen is not None and a.checkpoints >= seen + 2:
                    break
                await asyncio.sleep(0.05)
            assert a.crawler.in_flight_images == {f"{base}/i.jpg"}, "not killed mid-fetch"
            for task in [*a._workers, *a._background]:  # killed: no final checkpoint
                task.cancel()
            await asyncio.gather(*a._workers, *a._background, return_exceptions=True)
            await a.crawler.close()

        asyncio.run(killed_mid_fetch())
        assert not ShardedOutput(f"{out}/know").read_all()  # nothing kept yet
        resumed = asyncio.run(actor(part).run())
        assert servers.logs["ru"].paths().count("/i.jpg") == 3  # the 503, the killed fetch, the resumed one
        assert servers.logs["ru"].paths().count("/j.jpg") == 2  # the crawl and the retry, not again
        failures = ShardedOutput(f"{out}/failures").read_all().to_pylist()
        assert [r["url"] for r in failures].count(f"{base}/j.jpg") == 2  # its old row and one new one
        know = ShardedOutput(f"{out}/know").read_all().to_pylist()
        assert [(r["image_url"], r["alt"]) for r in know] == [(f"{base}/i.jpg", ALT)]
        assert resumed["counters"]["totals"]["know"] == 1 and resumed["counters"]["dropped"]["image:http_503"] == 1
