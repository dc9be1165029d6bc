"""Acceptance of the crawl on sites built to be unlike the other fixtures (crawl_unseen_sites.py).

Eight sites, one per language, and two CDNs, crawled by the real stage on a local Ray with two
actors. Each picture has the alt-texts a careful native speaker accepts as its caption; a kept
(image, alt) pair is right when its bytes are a picture whose accepted alts include the alt.
Measured: precision and recall of D_know, requests to paths robots.txt disallows, overlapping
requests and start spacing on hosts that set a Crawl-delay, garbled text, trap depth.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

import crawl_unseen_sites as unseen  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402

pytestmark = pytest.mark.integration
LANGS = ["ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"]


@pytest.fixture(scope="module")
def crawl(ray_local, tmp_path_factory):
    from mella_ray.crawl.stage import run_crawl

    out = str(tmp_path_factory.mktemp("unseen"))
    with LoopbackServers() as servers:
        sites = unseen.start(servers)
        cfg = unseen.job_config(
            out,
            [{"url": sites.urls[lang] + "/", "lang": lang} for lang in LANGS],
            per_host_concurrency=3,
            max_page_bytes=unseen.MAX_PAGE_BYTES,
            max_query_variants=unseen.MAX_QUERY_VARIANTS,
            progress_every_s=2.0,
        )
        stats = run_crawl(cfg)
        yield {"out": out, "stats": stats, "sites": sites, "logs": servers.logs}


def test_precision_and_recall_of_native_pairs(crawl):
    precision, recall, problems = unseen.score(crawl["sites"], crawl["out"])
    print(f"unseen sites: precision {precision:.3f} recall {recall:.3f}", *problems, sep="\n  ")
    assert precision >= 0.97 and recall >= 0.95, problems


def test_no_request_to_a_disallowed_path(crawl):
    forbidden = unseen.forbidden_requests(crawl["sites"])
    print("requests to disallowed paths:", forbidden)
    assert forbidden == []


def test_crawl_delay_hosts_get_one_request_at_a_time_spaced_by_the_delay(crawl):
    for host, delay in crawl["sites"].delayed.items():
        log = crawl["logs"][host]
        starts = sorted(t for _, t in log.starts)
        assert len(starts) >= 4, host
        assert log.overlaps() == 0 and log.max_in_flight == 1, host
        # Starts are stamped by the server's loop, which jitters a little under load: single gaps get
        # 0.05 s of slack, and the whole run must fit the delay on average.
        assert min(b - a for a, b in zip(starts, starts[1:])) >= delay - 0.05, host
        assert starts[-1] - starts[0] >= (len(starts) - 1) * delay - 0.05, host


def test_no_garbled_text_is_kept(crawl):
    know = unseen.rows(crawl["out"], "know")
    assert know and not [(r["lang"], r["alt"]) for r in know if unseen.garbled(r["alt"], r["lang"])]
    titles = [(r["lang"], r["page_title"]) for r in know if r["page_title"]]
    assert not [t for lang, t in titles if unseen.garbled(t, lang)]


def test_sitemaps_find_hidden_pages_and_an_image_sitemap_names_no_page(crawl):
    logs = crawl["logs"]
    assert "/tovary/samovar.html" in logs["ru"].paths() and "/an/hahoe.html" in logs["ko"].paths()
    assert logs["ru"].paths().count("/img/samovar.jpg") == 1  # its <image:loc> is not fetched as a page


def test_traps_are_bounded(crawl):
    logs = crawl["logs"]
    assert 0 < len([p for p in logs["ru"].paths() if p.startswith("/afisha")]) <= unseen.MAX_QUERY_VARIANTS
    assert 0 < len([p for p in logs["hu"].paths() if p.startswith("/oldal")]) <= unseen.MAX_QUERY_VARIANTS
    loop = [p for p in logs["th"].paths() if p.startswith("/vong/")]  # /vong/x/x/x/...: bounded by max_depth
    assert 0 < len(loop) <= CrawlConfig().max_depth
    assert crawl["stats"]["pages_left_in_frontier"] == 0 and not crawl["stats"]["stopped_by_deadline"]
