"""Politeness by the standards, against real loopback servers that log each request's start
and end: one request in flight under a Crawl-delay, RFC 9309's robots.txt rules (a long file
is cut at 500 KiB, 4xx allows, 5xx and no answer disallow and are fetched again), the
adaptive delay, and the stop after a burst of refusals."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_servers import LoopbackServers, fail_first, slow, static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.actor import CrawlActor  # noqa: E402
from mella_ray.crawl.polite_fetch import PoliteFetcher  # noqa: E402
from mella_ray.crawl.politeness import HOST_NOT_DUE, HostGate, RobotsCache  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

ALT = "Tradiční pouťový koláč s mákem, obrázek {}"


def _site(
    servers: LoopbackServers, name: str, robots=None, images: int = 6, delay: float = 0.0, image_handler=None
) -> str:
    """A host with a home page linking two pages, each showing `images` images (slow answers)."""

    def page(k: int) -> str:
        imgs = "".join(f'<img src="/img/{k}-{i}.jpg" alt="{ALT.format(f"{k}-{i}")}">' for i in range(images))
        return f'<html lang="cs"><body>{imgs}</body></html>'

    home = '<html lang="cs"><body><a href="/p1">1</a><a href="/p2">2</a></body></html>'
    routes = {"/": slow(delay, static(home)), "/p1": slow(delay, static(page(1))), "/p2": slow(delay, static(page(2)))}
    salt = 1000 * len(servers.logs)  # every host its own pictures: no duplicates across hosts
    for k in (1, 2):
        for i in range(images):
            image = static(picture(salt + 100 * k + i), "image/jpeg")
            routes[f"/img/{k}-{i}.jpg"] = image_handler or slow(delay, image)
    if robots is not None:
        routes["/robots.txt"] = robots
    return servers.add(name, routes)


def _crawl(tmp_path, seeds: list[dict], **overrides) -> tuple[dict, str]:
    settings = dict(
        allow_private_networks=True,
        per_host_concurrency=4,
        min_host_interval_s=0.0,
        concurrency_per_actor=8,
        checkpoint_every_s=30,
        min_side=32,
        max_run_s=60,
        check_alt_language=False,
    )
    settings.update(overrides)
    cfg = CrawlConfig(seeds=seeds, **settings)
    out = str(tmp_path / "crawl")
    result = asyncio.run(CrawlActor(0, cfg, out, seeds, 100).run())
    return result, out


def _rows(out: str, name: str) -> list[dict]:
    return ShardedOutput(f"{out}/{name}").read_all().to_pylist()


def test_a_crawl_delay_host_gets_one_request_at_a_time_spaced_by_the_delay(tmp_path):
    with LoopbackServers() as servers:
        polite = _site(servers, "polite", static("User-agent: *\nCrawl-delay: 0.15\n", "text/plain"), delay=0.2)
        free = _site(servers, "free", delay=0.2)
        result, out = _crawl(
            tmp_path, [{"url": polite + "/", "lang": "cs"}, {"url": free + "/", "lang": "cs"}], autothrottle=False
        )  # a slow host would be held to ~1 request in flight by it
        log, free_log = servers.logs["polite"], servers.logs["free"]
    # robots.txt, /sitemap.xml (404), /.well-known/tdmrep.json (404), 3 pages, 12 images: all, once
    assert len(log.spans) == 1 + 1 + 1 + 3 + 12
    assert log.max_in_flight == 1 and log.overlaps() == 0  # slow answers never overlap under a Crawl-delay
    starts = sorted(t for _, t in log.starts)
    assert min(b - a for a, b in zip(starts, starts[1:])) >= 0.145
    assert free_log.max_in_flight > 1  # without a Crawl-delay the host's concurrency is used
    assert result["counters"]["totals"]["know"] == 24 and result["crawl_delay_overlaps"] == 0


def test_robots_txt_is_cut_at_500_kib_not_refused(tmp_path):
    early = "User-agent: *\nDisallow: /p1\n"
    late = "Disallow: /p2\n"
    filler = "# " + "x" * 98 + "\n"
    robots = early + filler * (520 * 1024 // len(filler)) + late  # /p2's rule lies past 500 KiB
    with LoopbackServers() as servers:
        base = _site(servers, "big", static(robots, "text/plain"))
        _crawl(tmp_path, [{"url": base + "/", "lang": "cs"}])
        paths = servers.logs["big"].paths()
    assert "/p1" not in paths and "/p2" in paths  # the first 500 KiB apply; the rest is not read


def test_robots_txt_4xx_allows_and_5xx_waits_then_retries(tmp_path):
    rules = static("User-agent: *\nDisallow: /p1\n", "text/plain")
    with LoopbackServers() as servers:
        gone = _site(servers, "gone", static("nope", "text/plain", status=410))
        flaky = _site(servers, "flaky", fail_first(1, 503, rules))
        _crawl(
            tmp_path,
            [{"url": gone + "/", "lang": "cs"}, {"url": flaky + "/", "lang": "cs"}],
            robots_retry_s=0.3,
            max_retries=0,
        )
        gone_paths, flaky_log = servers.logs["gone"].paths(), servers.logs["flaky"]
    assert "/p1" in gone_paths and "/p2" in gone_paths  # 410: no robots.txt to obey
    flaky_paths = flaky_log.paths()
    assert flaky_paths[:2] == ["/robots.txt", "/robots.txt"]  # nothing else before the rules were read
    robots_starts = [t for p, t in flaky_log.starts if p == "/robots.txt"]
    assert robots_starts[1] - robots_starts[0] >= 0.29
    assert "/" in flaky_paths and "/p2" in flaky_paths and "/p1" not in flaky_paths  # the seed waited, then went


def test_an_unreachable_robots_txt_disallows_the_host_after_its_tries(tmp_path):
    with LoopbackServers() as servers:
        down = _site(servers, "down", static("busy", "text/plain", status=503))
        result, out = _crawl(
            tmp_path, [{"url": down + "/", "lang": "cs"}], robots_retry_s=0.1, robots_tries=3, max_retries=0
        )
        paths = servers.logs["down"].paths()
    assert paths == ["/robots.txt"] * 3  # three tries, and not one page
    failures = _rows(out, "failures")
    assert {f["reason"] for f in failures if f["kind"] == "robots"} == {"robots_http_503"}


def test_a_burst_of_refusals_stops_the_host(tmp_path):
    with LoopbackServers() as servers:
        base = _site(servers, "angry", images=10, image_handler=static("no", "text/plain", status=403))
        result, out = _crawl(tmp_path, [{"url": base + "/", "lang": "cs"}], host_error_burst=5, per_host_concurrency=1)
        images_asked = [p for p in servers.logs["angry"].paths() if p.startswith("/img/")]
    assert len(images_asked) == 5  # then it stopped asking
    failures = _rows(out, "failures")
    reasons = [f["reason"] for f in failures if f["kind"] == "image"]
    assert reasons.count("http_403") == 5 and reasons.count("host_stopped") == 5  # the rest of page 1's images
    assert [f["url"].rsplit("/", 1)[1] for f in failures if f["kind"] == "page"] == ["p2"]  # page 2 waited: stopped
    assert result["counters"]["totals"]["hosts_stopped"] == 1


def test_the_adaptive_delay_follows_latency_and_errors_never_shorten_it():
    gate = HostGate(concurrency=2, interval=0.05, adaptive=True, target_concurrency=1.0, max_interval=1.0)
    for _ in range(12):
        gate.observe(200, 0.4)
    assert 0.35 < gate.interval <= 0.4  # moved halfway each time towards latency / target
    gate.observe(503, 0.001)
    assert gate.interval > 0.35  # a fast error is no reason to go faster
    for _ in range(12):
        gate.observe(200, 0.001)
    assert gate.interval == 0.05  # fast answers bring it down to the floor, not below
    gate.set_crawl_delay(0.3)
    gate.observe(200, 0.001)
    assert gate.interval == 0.3 and gate.limit == 1  # nor below a Crawl-delay
    for _ in range(20):
        gate.observe(200, 5.0)
    assert gate.interval == 1.0  # capped


def test_the_fetcher_reports_every_answer_to_its_gate():
    cfg = CrawlConfig(
        allow_private_networks=True, min_host_interval_s=0.01, max_retries=0, autothrottle_target_concurrency=1.0
    )

    async def main(base: str):
        fetcher = PoliteFetcher.from_config(cfg)
        robots = RobotsCache(fetcher, cfg.user_agent)
        for _ in range(4):
            await fetcher.fetch(f"{base}/slow", 1000, check=robots.check)
        await fetcher.close()
        return fetcher.gates

    with LoopbackServers() as servers:
        base = servers.add("slow", {"/slow": slow(0.2, static("ok"))})
        gates = asyncio.run(main(base))
    [gate] = gates.values()
    assert gate.interval > 0.1  # learned from the 0.2 s answers (the floor is 0.01 s)


def test_a_long_crawl_delay_hands_the_job_back_instead_of_holding_a_worker():
    cfg = CrawlConfig(allow_private_networks=True, min_host_interval_s=0.0)

    async def main(base: str):
        fetcher = PoliteFetcher.from_config(cfg)
        robots = RobotsCache(fetcher, cfg.user_agent)
        verdicts = [await robots.check(f"{base}/page") for _ in range(2)]
        await fetcher.close()
        return verdicts, fetcher.gates

    with LoopbackServers() as servers:
        base = servers.add("slowpoke", {"/robots.txt": static("User-agent: *\nCrawl-delay: 20\n", "text/plain")})
        verdicts, gates = asyncio.run(main(base))
    assert verdicts == [HOST_NOT_DUE, HOST_NOT_DUE]  # due in 20 s: the scheduler holds it, not a worker
    [gate] = gates.values()
    assert gate.limit == 1 and gate.interval == 20.0  # honoured in full (no 30 s cap cutting it)


def test_tdmrep_json_is_asked_only_of_hosts_whose_pages_show_images(tmp_path):
    with LoopbackServers() as servers:
        text = '<html lang="cs"><body><p>Jen text, žádné obrázky.</p><a href="/o">o</a></body></html>'
        bare = servers.add("bare", {"/": static(text), "/o": static(text)})
        pictures = _site(servers, "pictures", images=2)
        result, _ = _crawl(tmp_path, [{"url": bare + "/", "lang": "cs"}, {"url": pictures + "/", "lang": "cs"}])
        bare_paths, picture_paths = servers.logs["bare"].paths(), servers.logs["pictures"].paths()
    assert "/o" in bare_paths and "/.well-known/tdmrep.json" not in bare_paths  # crawled, never asked
    assert picture_paths.count("/.well-known/tdmrep.json") == 1  # asked once, when images showed up
    assert result["counters"]["totals"]["know"] == 4
