"""Acceptance of the crawl on five more unseen sites (crawl_unseen_hostile.py): markup, bytes,
robots.txt and texts of the real web that the other fixtures lack. Crawled by the real stage on a
local Ray with two actors and scored as test_crawl_unseen.py scores its sites."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

import crawl_unseen_hostile as hostile  # noqa: E402
import crawl_unseen_sites as unseen  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

pytestmark = pytest.mark.integration
SEEDS = {"hcs": "cs", "hsr": "sr", "hru": "ru", "hvi": "vi", "hbad": "cs"}


@pytest.fixture(scope="module")
def crawl(ray_local, tmp_path_factory):
    from mella_ray.crawl.stage import run_crawl

    out = str(tmp_path_factory.mktemp("hostile"))
    with LoopbackServers() as servers:
        sites = hostile.start(servers)
        seeds = [{"url": sites.urls[name] + "/", "lang": lang} for name, lang in SEEDS.items()]
        # the host whose robots.txt does not decode is given up at once
        cfg = unseen.job_config(out, seeds, per_host_concurrency=2, robots_tries=1)
        stats = run_crawl(cfg)
        yield {"out": out, "stats": stats, "sites": sites, "logs": servers.logs}


def test_precision_and_recall_of_native_pairs(crawl):
    precision, recall, problems = unseen.score(crawl["sites"], crawl["out"])
    print(f"hostile sites: precision {precision:.3f} recall {recall:.3f}", *problems, sep="\n  ")
    assert precision >= 0.97 and recall >= 0.95, problems


def test_no_request_to_a_disallowed_path(crawl):
    assert unseen.forbidden_requests(crawl["sites"]) == []
    assert "/media/foto/stary.jpg" not in crawl["logs"]["hcs"].paths()  # only in an HTML comment


def test_no_garbled_text_and_capitals_are_read_as_declared(crawl):
    know = unseen.rows(crawl["out"], "know")
    assert know and not [(r["lang"], r["alt"]) for r in know if unseen.garbled(r["alt"], r["lang"])]
    assert any(r["alt"].startswith("ЗИМНИЙ ДВОРЕЦ") for r in know)
    assert not [
        (r["lang"], r["page_title"]) for r in know if r["page_title"] and unseen.garbled(r["page_title"], r["lang"])
    ]


def test_faults_have_their_own_reasons(crawl):
    failures = unseen.rows(crawl["out"], "failures")
    by_url = {(r["url"].rsplit("/", 1)[-1], r["reason"]) for r in failures}
    assert (hostile.ENCODING_ERROR_PAGE.lstrip("/"), "content_encoding_error") in by_url
    assert ("hlavicka-2024.jpg", "alt_site_chrome") in by_url
    assert crawl["logs"]["hsr"].paths().count(hostile.ENCODING_ERROR_PAGE) == 1  # not retried: same bytes again
