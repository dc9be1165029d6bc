"""Two crawl actors in one process (no Ray): host ownership, forwarded work, and an actor
that crashes mid-crawl and comes back from its checkpoint while its peer goes on."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, slow, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.finalize import finalize  # noqa: E402
from mella_ray.crawl.seeds import partition, site_owners  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

CS = "Vánoční trh na Staroměstském náměstí, obrázek {}"
HU = "Karácsonyi vásár a Vörösmarty téren, {}. kép"
IMAGES = 12


def _sites(servers: LoopbackServers) -> dict[str, str]:
    cdn = servers.add("cdn", {f"/i{i}.jpg": slow(0.05, static(picture(500 + i), "image/jpeg")) for i in range(IMAGES)})
    cs = "".join(f'<img src="{cdn}/i{i}.jpg" alt="{CS.format(i)}">' for i in range(0, IMAGES, 2))
    hu = "".join(f'<img src="{cdn}/i{i}.jpg" alt="{HU.format(i)}">' for i in range(1, IMAGES, 2))
    shared = f'<img src="{cdn}/i0.jpg" alt="{HU.format("közös")}">'  # i0 also on the Hungarian site
    return {
        "cdn": cdn,
        "cs": servers.add("cs", {"/": static(f'<html lang="cs"><body>{cs}</body></html>')}),
        "hu": servers.add("hu", {"/": static(f'<html lang="hu"><body>{hu}{shared}</body></html>')}),
    }


def _actors(urls: dict, out: str) -> tuple[dict, CrawlConfig]:
    seeds = [{"url": urls["cs"] + "/", "lang": "cs"}, {"url": urls["hu"] + "/", "lang": "hu"}]
    cfg = CrawlConfig(
        seeds=seeds,
        allow_private_networks=True,
        per_host_concurrency=1,
        min_host_interval_s=0.02,
        checkpoint_every_s=0.1,
        min_side=32,
    )
    parts = partition(seeds, 2)
    owners = site_owners(parts)
    return {i: CrawlActor(i, cfg, out, parts[i], 100, 2, owners) for i in range(2)}, cfg


async def _start(actors: dict) -> None:
    for a in actors.values():
        await a.set_peers(actors)
    for a in actors.values():
        await a.restore()
    for a in actors.values():
        await a.begin()


async def _until_done(actors: dict) -> list[dict]:
    previous = None
    for _ in range(1000):
        await asyncio.sleep(0.05)
        status = [await a.status() for a in actors.values()]
        activity = sum(s["activity"] for s in status)
        idle = all(s["idle"] for s in status)
        if idle and previous == activity:
            return [await a.finish() for a in actors.values()]
        previous = activity if idle else None
    raise AssertionError("the crawl did not finish")


def _check(out: str, servers: LoopbackServers) -> list[dict]:
    finalize(out, "flag", 4)
    know = ShardedOutput(f"{out}/know").read_all().to_pylist()
    assert sorted(int(r["image_url"].rsplit("/i", 1)[1].split(".")[0]) for r in know) == list(range(IMAGES))
    assert len({r["img_id"] for r in know}) == IMAGES
    assert servers.logs["cdn"].max_in_flight == 1  # per_host_concurrency 1, though two actors found its images
    return know


def test_hosts_have_one_owner_and_work_is_forwarded(tmp_path):
    with LoopbackServers() as servers:
        urls = _sites(servers)
        actors, _ = _actors(urls, str(tmp_path / "crawl"))
        owner = actors[0].router.owner(urls["cdn"])
        results = asyncio.run(_main(actors))
        know = _check(str(tmp_path / "crawl"), servers)
    assert results[1 - owner]["counters"]["totals"]["images_forwarded"] >= IMAGES // 2
    assert "images_downloaded" not in results[1 - owner]["counters"]["totals"]  # it never touched the CDN
    assert servers.logs["cdn"].paths().count("/robots.txt") == 1
    i0 = next(r for r in know if r["image_url"].endswith("/i0.jpg"))
    assert i0["alt"] in (CS.format(0), HU.format("közös"))


async def _main(actors: dict) -> list[dict]:
    await _start(actors)
    return await _until_done(actors)


def test_an_actor_that_crashes_resumes_and_nothing_is_lost(tmp_path):
    out = str(tmp_path / "crawl")

    async def main(urls):
        actors, cfg = _actors(urls, out)
        owner = actors[0].router.owner(urls["cdn"])
        await _start(actors)
        for _ in range(1000):
            if (await actors[owner].status())["progress"]["images"] >= 4:
                break
            await asyncio.sleep(0.02)
        else:
            raise AssertionError("the owner of the image host did not download 4 images")
        crashed = actors[owner]  # dies without a final checkpoint: buffered rows and queue are lost
        for task in crashed._workers + crashed._background:
            task.cancel()
        async with asyncio.timeout(30):  # a task that ignores its cancel would hang here
            await asyncio.gather(*crashed._workers, *crashed._background, return_exceptions=True)
        await crashed.crawler.fetcher.close()
        fresh, _ = _actors(urls, out)
        actors[owner] = fresh[owner]
        await actors[1 - owner].set_peers(actors)  # Ray keeps the handle; here the peer is re-pointed
        await actors[owner].set_peers(actors)
        resumed = await actors[owner].restore()
        await actors[owner].begin()
        results = await _until_done(actors)
        return resumed, results

    with LoopbackServers() as servers:
        urls = _sites(servers)
        resumed, _ = asyncio.run(main(urls))
        _check(out, servers)
    assert resumed["resumed"] is True


def test_an_idle_worker_obeys_a_cancel_that_lands_as_it_wakes(tmp_path):
    """A cancel that arrives just after a notify has woken the waiting worker must still end it
    (asyncio.wait_for on 3.11 loses such a cancel, and the worker would run on for ever)."""
    cfg = CrawlConfig(seeds=[{"url": "http://127.0.0.1:9/", "lang": "cs"}], allow_private_networks=True)
    actor = CrawlActor(0, cfg, str(tmp_path / "crawl"), [], 10)

    async def trial(steps: int) -> bool:
        worker = asyncio.create_task(actor._worker())
        await asyncio.sleep(0.01)  # the worker is waiting on the condition (no work queued)
        notify = asyncio.create_task(actor._notify())
        for _ in range(steps):  # land the cancel at each point of the wake-up
            await asyncio.sleep(0)
        worker.cancel()
        done, _ = await asyncio.wait([worker], timeout=1.0)
        await notify
        if not done:
            actor.stopping = True
            await asyncio.wait([worker], timeout=1.0)
            actor.stopping = False
        return bool(done) and worker.cancelled()

    async def main() -> list[bool]:
        results = [await trial(steps) for steps in range(8)]
        await actor.crawler.close()
        return results

    assert all(asyncio.run(main()))
