"""The crawler's ready queue of hosts: ordered by each host's next allowed start, O(log hosts)
per job (no scan of every host), and one idle worker woken per piece of work."""

from __future__ import annotations

import asyncio
import time

from mella_ray.config import CrawlConfig
from mella_ray.crawl.crawler import Crawler
from mella_ray.crawl.dedup import Sighting
from mella_ray.crawl.mailbox import Router
from mella_ray.crawl.schedule import ReadyHosts, ReadyQueue, Wakeups


def test_ready_queue_orders_hosts_by_time_and_moves_them_earlier_only():
    q = ReadyQueue()
    q.add("b", 2.0)
    q.add("a", 1.0)
    q.add("c", 3.0)
    q.add("c", 0.5)  # earlier: moves
    q.add("a", 5.0)  # later: stays at 1.0
    q.discard("b")
    assert q.pop_due(0.4) is None and q.next_at() == 0.5
    assert [q.pop_due(10.0) for _ in range(3)] == ["c", "a", None]
    assert len(q) == 0 and "b" not in q


def _crawler(tmp_path, **cfg) -> Crawler:
    settings = dict(allow_private_networks=True, per_host_concurrency=1, max_pages_per_host=10, sitemaps=False)
    settings.update(cfg)
    return Crawler(0, CrawlConfig(**settings), str(tmp_path / "crawl"), Router(0, 1, {}), 100_000, lambda *a: None)


def test_next_job_does_not_scan_the_hosts_that_are_not_due(tmp_path, monkeypatch):
    crawler = _crawler(tmp_path)
    for i in range(2000):
        host = f"h{i}.example.cz"
        if i != 1234:
            crawler.fetcher.gate(host).push_back(100.0)  # not due for a long time
        crawler.add_seed(f"http://{host}/", "cs")
    looked_at = []
    go = crawler._go
    monkeypatch.setattr(crawler, "_go", lambda host: looked_at.append(host) or go(host))
    job = crawler.next_job()
    assert job[0] == "page" and job[1] == "h1234.example.cz"
    assert crawler.next_job() is None  # its one slot is taken; nobody else is due
    assert len(looked_at) <= 4  # not 2,000
    crawler.job_done(job)
    assert len(crawler.ready) == 1999 and crawler.ready.next_at() > time.monotonic() + 50  # still far off


def test_one_idle_worker_is_woken_per_piece_of_work(tmp_path):
    crawler = _crawler(tmp_path, min_host_interval_s=0.0)

    async def main():
        waiting = [asyncio.create_task(crawler.wakeups.wait()) for _ in range(8)]
        await asyncio.sleep(0.01)
        crawler.add_seed("http://a.example.cz/", "cs")
        for i in range(50):  # 50 images of one host with one slot: still one piece of work now
            crawler.add_sighting(Sighting(f"http://a.example.cz/{i}.jpg", "http://a.example.cz/", "cs", ["x"]))
        await asyncio.sleep(0.01)
        woken = sum(t.done() for t in waiting)
        job = crawler.next_job()
        crawler.job_done(job)  # the slot is free again: one more worker
        await asyncio.sleep(0.01)
        woken_after = sum(t.done() for t in waiting)
        for t in waiting:
            t.cancel()
        await crawler.close()
        return woken, woken_after, job

    woken, woken_after, job = asyncio.run(main())
    assert (woken, woken_after) == (1, 2)
    assert job[0] == "image"  # images before pages: they bound the backlog


def test_the_earliest_host_wakes_one_worker_by_a_timer():
    async def main():
        wakeups = Wakeups()
        waiting = [asyncio.create_task(wakeups.wait()) for _ in range(4)]
        await asyncio.sleep(0)
        t0 = time.monotonic()
        wakeups.arm(t0 + 0.2)
        wakeups.arm(t0 + 0.1)  # an earlier host: the timer moves
        wakeups.arm(t0 + 0.3)  # a later one: it stays
        armed_at = wakeups._timer_at - t0
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        elapsed = time.monotonic() - t0
        await asyncio.sleep(0.3)
        woken = sum(t.done() for t in waiting)
        for t in waiting:
            t.cancel()
        return armed_at, elapsed, woken

    armed_at, elapsed, woken = asyncio.run(main())
    assert abs(armed_at - 0.1) < 1e-6 and elapsed >= 0.09 and woken == 1  # one timer, at the earliest time, one worker


def test_pages_wait_while_the_image_backlog_is_over_its_cap(tmp_path):
    crawler = _crawler(tmp_path, image_backlog_per_host=3, per_host_concurrency=1, min_host_interval_s=0.0)
    crawler.add_seed("http://a.example.cz/", "cs")
    crawler.add_seed("http://a.example.cz/next", "cs")
    for i in range(3):  # found on a.example.cz's pages, served by a CDN
        crawler.add_sighting(Sighting(f"http://cdn.example.cz/{i}.jpg", "http://a.example.cz/", "cs", ["x"]))
    assert not crawler._can_go("a.example.cz")  # its pages came first, but its backlog is full
    first = crawler.next_job()
    assert first[:2] == ("image", "cdn.example.cz")  # the CDN's one slot is now taken
    second = crawler.next_job()  # the backlog fell below the cap: a.example.cz is back in line
    assert second[:2] == ("page", "a.example.cz")
    asyncio.run(crawler.close())


def test_due_hosts_with_images_go_before_hosts_with_only_pages():
    q = ReadyHosts()
    q.add("pages-early", 1.0, images=False)
    q.add("images-late", 2.0, images=True)
    q.add("images-not-due", 9.0, images=True)
    assert q.next_at() == 1.0
    assert [q.pop_due(5.0) for _ in range(3)] == ["images-late", "pages-early", None]
    q.add("p", 3.0, images=False)
    q.promote("p")  # it got images: the image queue, at its own time
    assert "p" in q.images and "p" not in q.pages and q.images.at("p") == 3.0
    q.add("p", 4.0, images=False)  # queued for images: it stays there (its last image may be in flight)
    assert "p" in q.images and len(q) == 2
    q.discard("p")
    assert "p" not in q and q.pop_due(100.0) == "images-not-due"


def test_a_crawler_takes_any_due_host_s_images_before_pages(tmp_path):
    crawler = _crawler(tmp_path, min_host_interval_s=0.0)
    crawler.add_seed("http://a.example.cz/", "cs")  # queued first: due longest
    crawler.add_sighting(Sighting("http://b.example.cz/1.jpg", "http://b.example.cz/", "cs", ["x"]))
    jobs = [crawler.next_job() for _ in range(2)]
    assert [j[:2] for j in jobs] == [("image", "b.example.cz"), ("page", "a.example.cz")]
    asyncio.run(crawler.close())


def test_a_busy_host_s_next_image_waits_in_line_with_the_pages(tmp_path):
    crawler = _crawler(tmp_path, min_host_interval_s=0.0, per_host_concurrency=2)
    crawler.add_seed("http://c.example.cz/", "cs")  # queued first: due longest
    for i in range(2):
        crawler.add_sighting(Sighting(f"http://b.example.cz/{i}.jpg", "http://b.example.cz/", "cs", ["x"]))
    jobs = [crawler.next_job() for _ in range(3)]
    # b's images go before c's page; b's second one could go at once (two slots), but while b is
    # busy it waits in line by time, behind c
    assert [j[:2] for j in jobs] == [("image", "b.example.cz"), ("page", "c.example.cz"), ("image", "b.example.cz")]
    asyncio.run(crawler.close())
