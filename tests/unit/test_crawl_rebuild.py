"""An actor whose checkpoints are gone rebuilds its done images from its own finished shards:
nothing it stored is fetched or written again (a real loopback site, a real actor)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.checkpoint import state_dir  # noqa: E402
from mella_ray.crawl.rebuild import rebuild_from_outputs  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

ALT = "Podzimní krajina u řeky, fotografie {}"


def test_lost_checkpoints_are_rebuilt_from_the_finished_shards(tmp_path):
    imgs = "".join(f'<img src="/i/{i}.jpg" alt="{ALT.format(i)}">' for i in range(8))
    routes = {"/": static(f'<html lang="cs"><body>{imgs}<img src="/i/missing.jpg" alt="x"></body></html>')}
    routes.update({f"/i/{i}.jpg": static(picture(300 + i), "image/jpeg") for i in range(8)})
    out = str(tmp_path / "crawl")
    with LoopbackServers() as servers:
        base = servers.add("site", routes)
        seeds = [{"url": base + "/", "lang": "cs"}]
        cfg = CrawlConfig(
            seeds=seeds,
            allow_private_networks=True,
            min_host_interval_s=0.0,
            min_side=32,
            shard_rows=1,
            check_alt_language=False,
            sitemaps=False,
            max_retries=0,
        )
        asyncio.run(CrawlActor(0, cfg, out, seeds, 10).run())
        first = len(servers.logs["site"].starts)
        shutil.rmtree(state_dir(out))  # every checkpoint lost; the shards stay
        # each D_know row holds its own text, logged nowhere else: the rebuilt best keys come from the rows
        assert ShardedOutput(f"{out}/alt_candidates").done_names() == set()
        best = rebuild_from_outputs(out, 0)["best"]
        assert len(best) == 8 and all(key is not None and key[:2] == (False, False) for key in best.values())

        async def again():
            actor = CrawlActor(0, cfg, out, seeds, 10)
            restored = await actor.restore()
            await actor.begin()
            for _ in range(400):
                await asyncio.sleep(0.05)
                if (await actor.status())["idle"]:
                    break
            await actor.finish()
            return restored

        restored = asyncio.run(again())
        asked_again = [p for p, _ in servers.logs["site"].starts[first:]]
    assert restored == {"resumed": False, "rebuilt": True, "removed_shards": 0}
    assert "/" in asked_again and not any(p.startswith("/i/") for p in asked_again)  # images known: not refetched
    know = ShardedOutput(f"{out}/know").read_all().to_pylist()
    assert len(know) == 8 and len({r["img_id"] for r in know}) == 8  # nothing written twice
    failures = ShardedOutput(f"{out}/failures").read_all().to_pylist()
    assert [f["url"].rsplit("/", 1)[1] for f in failures if f["kind"] == "image"] == ["missing.jpg"]
