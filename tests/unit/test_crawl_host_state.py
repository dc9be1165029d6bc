"""What a crawl actor keeps per host, site or language (pages taken, scopes, counters, host
languages, sitemap budgets) goes into checkpoints as the keys changed since the last one, and
comes back exactly from a base and its deltas, pages in flight and older layouts included."""

from __future__ import annotations

from collections import Counter

from mella_ray.config import CrawlConfig
from mella_ray.crawl.crawler import Crawler
from mella_ray.crawl.frontier import PageTask
from mella_ray.crawl.mailbox import Router
from mella_ray.crawl.state_log import StateLog

SEEDS = (("http://a.cz/", "cs"), ("http://b.sk/", "sk"), ("http://c.pl/", "pl"))
PER_HOST = ("per_host", "per_lang", "taken", "scopes", "host_lang", "sitemap_files", "sitemap_urls")


def _crawler(tmp_path) -> Crawler:
    cfg = CrawlConfig(allow_private_networks=True, max_pages_per_host=10, sitemaps=True)
    return Crawler(0, cfg, str(tmp_path / "crawl"), Router(0, 1, {}), 100_000, lambda *a: None)


def _seeded(tmp_path) -> Crawler:
    crawler = _crawler(tmp_path)
    for url, lang in SEEDS:
        crawler.add_seed(url, lang)
    for _ in SEEDS:
        task = crawler.frontier.pop()
        crawler.counters.count("pages_fetched", host=task.url.split("/")[2], lang=task.lang)
        for k in range(3):
            crawler.frontier.add_link(f"{task.url}{k}", task)
        crawler.frontier.finished(task)
    return crawler


def _fetch(crawler: Crawler, host: str, job: int | None = None) -> PageTask:
    """The next page of `host` handed out; finished unless it stays in flight (`job`)."""
    task = crawler.frontier.pop_host(host)
    if job is None:
        crawler.counters.count("pages_fetched", host=host, lang=task.lang)
        crawler.counters.drop("image", "too_small", host=host, lang=task.lang)
        crawler.frontier.finished(task)
    else:
        crawler.in_flight_pages[job] = task
    return task


def _per_host_view(crawler: Crawler) -> dict:
    """The per-host maps as a resumed crawler must have them: pages in flight not taken."""
    f = crawler.frontier
    taken = Counter(f.taken)
    taken.subtract(Counter(t.url.split("/")[2] for t in crawler.in_flight_pages.values()))
    return {
        "taken": +taken,
        "taken_total": f.taken_total - len(crawler.in_flight_pages),
        "scopes": dict(f._scopes),
        "refused": dict(f.refused),
        "per_host": {h: dict(c) for h, c in crawler.counters.per_host.items()},
        "per_lang": {lang: dict(c) for lang, c in crawler.counters.per_lang.items()},
        "host_lang": dict(crawler.host_lang),
        "sitemaps": (dict(crawler.sitemap_files), dict(crawler.sitemap_urls)),
        "pages": sorted(crawler.frontier.pages),
    }


def _resumed(tmp_path, log: StateLog) -> Crawler:
    crawler = _crawler(tmp_path)
    crawler.load_state(log.load())
    return crawler


def test_a_delta_carries_only_the_hosts_that_changed(tmp_path):
    crawler = _seeded(tmp_path)
    _, _, base = crawler.snapshot(whole=True)
    assert set(base["growing"]["per_host"]) == set(base["growing"]["taken"]) == {"a.cz", "b.sk", "c.pl"}
    assert set(base["growing"]["host_lang"]) == set(base["growing"]["scopes"]) == {"a.cz", "b.sk", "c.pl"}
    _fetch(crawler, "b.sk")
    crawler.sitemap_urls["b.sk"] = 7
    _, _, state = crawler.snapshot(whole=False)
    growing = state["growing"]
    assert growing["per_host"] == {"b.sk": {"pages_fetched": 2, "dropped": 1}}
    assert growing["per_lang"] == {"sk": {"pages_fetched": 2, "dropped:image:too_small": 1}}
    assert growing["taken"] == {"b.sk": 2} and growing["sitemap_urls"] == {"b.sk": 7}
    assert growing["scopes"] == growing["host_lang"] == growing["sitemap_files"] == {}
    # the sections hold only what is bounded: no host map is written whole any more
    assert "per_host" not in state["counters"] and "taken" not in state["frontier"] and "host_lang" not in state
    assert set(state["sitemaps"]) == {"queued"}
    crawler.counters.undrop("image", "too_small", host="b.sk", lang="sk")  # a retry takes a drop back
    crawler.add_seed("http://c.pl/en/", "en")  # a second section of c.pl: its scopes change
    growing = crawler.snapshot(whole=False)[2]["growing"]
    assert growing["per_host"] == {"b.sk": {"pages_fetched": 2}} and set(growing["per_lang"]) == {"sk"}
    assert growing["scopes"] == {"c.pl": [["/", "pl"], ["/en/", "en"]]} and growing["host_lang"] == {}
    growing = crawler.snapshot(whole=False)[2]["growing"]
    assert all(growing[name] == {} for name in PER_HOST)  # nothing changed: nothing written


def test_base_and_deltas_load_as_the_live_crawler_with_pages_in_flight(tmp_path):
    crawler = _seeded(tmp_path)
    log = StateLog(str(tmp_path / "crawl"), 0)
    _fetch(crawler, "a.cz", job=1)  # in flight at the base
    log.save(crawler.snapshot(whole=True)[2], whole=True)
    crawler.frontier.finished(crawler.in_flight_pages.pop(1))
    _fetch(crawler, "b.sk")
    _fetch(crawler, "c.pl", job=2)  # c.pl: one page in flight, one taken before
    crawler.frontier.add_link("http://a.cz/x?q=1", PageTask("http://a.cz/", 0, "cs", "a.cz"))
    crawler.frontier.add_link("http://b.sk/y", PageTask("http://b.sk/", 5, "sk", "b.sk"))  # refused: too deep
    log.save(crawler.snapshot(whole=False)[2], whole=False)
    _fetch(crawler, "b.sk", job=3)
    log.save(crawler.snapshot(whole=False)[2], whole=False)
    resumed = _resumed(tmp_path, log)
    assert _per_host_view(resumed) == _per_host_view(crawler)
    assert resumed.frontier.taken["c.pl"] == 1 and crawler.frontier.taken["c.pl"] == 2
    # the resumed crawler goes on in the same chain; its first delta rewrites the counts it
    # adjusted (pages in flight are redone, not taken), so loading again gives them once more
    expected = _per_host_view(resumed)
    log.save(resumed.snapshot(whole=False)[2], whole=False)
    assert _per_host_view(_resumed(tmp_path, log)) == expected
    _fetch(resumed, "a.cz")
    log.save(resumed.snapshot(whole=False)[2], whole=False)
    assert _per_host_view(_resumed(tmp_path, log)) == _per_host_view(resumed)


def _old_layout() -> dict:
    """A checkpoint as written before the per-host maps went as changes: whole in their sections,
    `taken` with the pages in flight already taken off."""
    growing = {
        "seen": ["http://a.cz/", "http://a.cz/1", "http://b.sk/"],
        "variants": {},
        "pages": {"put": {"http://a.cz/1": [1, "cs", "a.cz"]}, "drop": []},
        "done": {},
        "best": {},
        "sightings": {"put": {}, "drop": []},
    }
    return {
        "frontier": {
            "scopes": {"a.cz": [["/", "cs"]], "b.sk": [["/", "sk"]]},
            "taken": {"a.cz": 1, "b.sk": 1},
            "taken_total": 2,
            "refused": {"seen": 3},
        },
        "growing": growing,
        "next_seq": 0,
        "staged": {},
        "counters": {
            "totals": {"pages_fetched": 2},
            "dropped": {},
            "per_host": {"a.cz": {"pages_fetched": 1}, "b.sk": {"pages_fetched": 1}},
            "per_lang": {"cs": {"pages_fetched": 1}, "sk": {"pages_fetched": 1}},
            "elapsed_s": 3.0,
        },
        "host_lang": {"a.cz": "cs", "b.sk": "sk"},
        "sitemaps": {"queued": [], "files": {"a.cz": 0, "b.sk": 1}, "urls": {"b.sk": 4}},
        "retry_applied": None,
    }


def test_an_older_checkpoint_loads_and_its_chain_goes_on_in_the_new_layout(tmp_path):
    log = StateLog(str(tmp_path / "crawl"), 0)
    log.save(_old_layout(), whole=True)
    resumed = _resumed(tmp_path, log)
    view = _per_host_view(resumed)
    assert view["taken"] == {"a.cz": 1, "b.sk": 1} and view["taken_total"] == 2
    assert view["scopes"] == {"a.cz": [("/", "cs")], "b.sk": [("/", "sk")]} and view["refused"] == {"seen": 3}
    assert view["per_host"] == {"a.cz": {"pages_fetched": 1}, "b.sk": {"pages_fetched": 1}}
    assert view["per_lang"] == {"cs": {"pages_fetched": 1}, "sk": {"pages_fetched": 1}}
    assert view["host_lang"] == {"a.cz": "cs", "b.sk": "sk"}
    assert view["sitemaps"] == ({"a.cz": 0, "b.sk": 1}, {"b.sk": 4}) and view["pages"] == ["http://a.cz/1"]
    # a delta after one change, on top of the old base: the untouched host is not lost
    _fetch(resumed, "a.cz")
    log.save(resumed.snapshot(whole=False)[2], whole=False)
    again = _resumed(tmp_path, log)
    assert _per_host_view(again) == _per_host_view(resumed)
    assert again.counters.per_host["b.sk"] == {"pages_fetched": 1} and again.frontier.taken["a.cz"] == 2
