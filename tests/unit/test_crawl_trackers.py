"""Tracking pixels of analytics and ad hosts (crawl/trackers.py) are refused without a request: the
crawl asks neither the tracker's robots.txt nor its beacon."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.trackers import tracker_host  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402


@pytest.mark.parametrize(
    "host, tracker",
    [
        ("mc.yandex.ru", True),
        ("www.google-analytics.com", True),  # a subdomain
        ("stats.g.doubleclick.net", True),
        ("toplist.cz", True),
        ("yandex.ru", False),  # the tracker's parent is no tracker
        ("img.example.cz", False),
        ("notgoogle-analytics.com", False),  # a suffix of letters, not of labels
        ("", False),
    ],
)
def test_tracker_hosts(host, tracker):
    assert tracker_host(host) == tracker


def test_a_trackers_pixel_is_refused_without_a_request(tmp_path):
    page = (
        '<html lang="cs"><body><img src="/foto/1.jpg" alt="Kostel svatého Jakuba na náměstí">'
        '<img src="https://mc.yandex.ru/watch/12345" alt="" width="1" height="1"></body></html>'
    )
    routes = {"/": static(page), "/foto/1.jpg": static(picture(777), "image/jpeg")}
    with LoopbackServers() as servers:
        base = servers.add("site", routes)
        seeds = [{"url": base + "/", "lang": "cs"}]
        cfg = CrawlConfig(seeds=seeds, allow_private_networks=True, min_host_interval_s=0.0, min_side=32, max_run_s=30)
        out = str(tmp_path / "crawl")
        asyncio.run(CrawlActor(0, cfg, out, seeds, 10).run())
    failures = ShardedOutput(f"{out}/failures").read_all().to_pylist()
    assert [(r["url"], r["reason"]) for r in failures] == [("https://mc.yandex.ru/watch/12345", "tracking_pixel")]
    assert len(ShardedOutput(f"{out}/know").read_all()) == 1
