"""The scheduling half of a Crawler: which job runs next, backpressure, stopped hosts.

A host's jobs, in the order they are taken: images (they bound memory), sitemaps, pages.

A host is in the crawler's ready queues (schedule.ReadyHosts) exactly while it has a job it
may run: an image queued, or a page queued while its pages are not held back, and a free
slot at its gate. Every change that can make a host go (work queued, a job finished, the
image backlog drained) calls `_schedule(host)`, which puts it back at the time its gate
allows; `next_job` pops a due host with images if there is one, else the page host due
longest. Each step is O(log hosts).

Backpressure: images are always taken before pages (a host's own, and any due host's), and
a host's pages wait while the images found on its pages and still queued here number
`image_backlog_per_host` or more, or while this actor has `image_backlog` images queued in
all. So the image queue, the biggest thing an actor holds, cannot grow without bound because
pages are faster to fetch than their images. (Images forwarded to another actor count in that
actor's total.)
"""

from __future__ import annotations

import time
from collections import Counter

from mella_ray.crawl.image_jobs import retry_context
from mella_ray.crawl.schedule import ReadyHosts, Wakeups
from mella_ray.crawl.urls import host_of

READY_SLACK_S = 0.002  # a host whose next start is this close counts as due
NO, PAGES, FIRST = 0, 1, 2  # _go: the host cannot go; it goes in the ready queue of pages; in the first


class HostScheduling:
    """Mixin of Crawler; uses its cfg, fetcher, robots, frontier, images, sightings and counters."""

    def _init_scheduling(self) -> None:
        self.ready = ReadyHosts()
        self.wakeups = Wakeups()
        self.active: Counter[str] = Counter()  # jobs running per host
        self.image_backlog: Counter[str] = Counter()  # page host -> images found there, queued here
        self.held_back: set[str] = set()  # hosts whose pages wait for the actor-wide backlog
        self.stopped_hosts: dict[str, str] = {}  # host -> why it was stopped

    # ---- whether a host can go --------------------------------------------------------
    def _limit(self, host: str) -> int:
        if not host:  # data: URIs: no network, no host to be polite to
            return self.cfg.concurrency_per_actor
        gate = self.fetcher.gates.get(host)
        return gate.limit if gate is not None else self.cfg.per_host_concurrency

    def _start_at(self, host: str) -> float:
        gate = self.fetcher.gates.get(host) if host else None
        return gate.next_start if gate is not None else 0.0

    def _pages_wait(self, host: str) -> bool:
        if self.image_backlog[host] >= self.cfg.image_backlog_per_host:
            return True  # resumes when this host's backlog drops (_image_taken)
        if len(self.images) >= self.cfg.image_backlog:
            self.held_back.add(host)  # resumes when the actor's backlog drops
            return True
        return False

    def _go(self, host: str) -> int:
        """Whether the host can go, and to which ready queue: NO, PAGES, or FIRST (one look at its
        queues: every job asks this once or twice). FIRST when its next job is an image (or a
        sitemap) and it has nothing in flight. Its further requests queue with the pages, by time:
        so a worker takes an image of a host not yet busy before a second one of a busy host, and
        fewer hosts have several connections open (2,000 hosts, 40,000 images: 8,492 connections
        when busy hosts stayed first, 5,033 this way)."""
        active = self.active[host]
        if active >= self._limit(host):
            return NO
        if self.images.count(host) or self.sitemaps.count(host):
            return PAGES if active else FIRST
        if self.frontier.queue.count(host) and self.frontier.budget_left() and not self._pages_wait(host):
            return PAGES
        return NO

    def _can_go(self, host: str) -> bool:
        return self._go(host) != NO

    def _schedule(self, host: str) -> None:
        gate = self.fetcher.gates.get(host) if host else None
        if gate is not None and gate.stopped:
            self._stop_host(host, gate.stopped)
            return
        go = self._go(host)
        if go == NO:
            self.ready.discard(host)
            return
        if host not in self.ready:
            self.ready.add(host, self._start_at(host), go == FIRST)
            self._kick()
        elif go == FIRST:
            self.ready.promote(host)

    def _kick(self) -> None:
        """Wake one idle worker if a host is due, else set the one timer for the earliest host."""
        at = self.ready.next_at()
        if at is None:
            return
        if at <= time.monotonic() + READY_SLACK_S:
            self.wakeups.wake_one()
        else:
            self.wakeups.arm(at)

    async def wait_for_work(self) -> None:
        """Idle until woken: by new work, a freed slot, or the timer of the earliest host."""
        fut = self.wakeups.enlist()
        self._kick()  # in line first, so that the timer has someone to wake
        await self.wakeups.wait(fut)

    # ---- taking and returning jobs ---------------------------------------------------
    def next_job(self) -> tuple | None:
        """The next job of the host due longest: its images first (they bound memory), then pages."""
        now = time.monotonic() + READY_SLACK_S
        for _ in range(len(self.ready) + 1):  # each host at most once: bounded
            host = self.ready.pop_due(now)
            if host is None:
                break
            go = self._go(host)
            if go == NO:
                continue
            at = self._start_at(host)
            if at > now:  # its gate moved (Retry-After, robots.txt retry): back in line at the new time
                self.ready.add(host, at, go == FIRST)
                continue
            job = self._take(host)
            if job is None:
                continue
            self._after_take(host)
            self._kick()  # more hosts due: the next idle worker takes one
            return job
        self._kick()
        return None

    def _take(self, host: str) -> tuple | None:
        url = self.images.pop_host(host)
        if url is not None:
            self._image_taken(url)
            self.active[host] += 1
            self.in_flight_images.add(url)
            return ("image", host, url)
        sitemap = self.sitemaps.pop_host(host)
        if sitemap is not None:
            self.active[host] += 1
            self.in_flight_sitemaps[id(sitemap)] = sitemap
            return ("sitemap", host, sitemap)
        task = self.frontier.pop_host(host)
        if task is None:
            return None
        self.active[host] += 1
        self.in_flight_pages[id(task)] = task
        return ("page", host, task)

    def _after_take(self, host: str) -> None:
        """Back in line no earlier than the gate's spacing allows: no worker waits inside the gate."""
        go = self._go(host)
        if go != NO:
            gate = self.fetcher.gates.get(host) if host else None
            at = max(gate.next_start, time.monotonic() + gate.interval) if gate is not None else 0.0
            self.ready.add(host, at, go == FIRST)

    def job_done(self, job: tuple) -> None:
        kind, host, item = job
        self.active[host] -= 1
        if kind == "image":
            self.in_flight_images.discard(item)
        elif kind == "sitemap":
            self.in_flight_sitemaps.pop(id(item), None)
        else:
            self.in_flight_pages.pop(id(item), None)
            if kind == "page":
                self.frontier.finished(item)
        self._schedule(host)

    def requeue(self, job: tuple) -> None:
        """A job not done (cancelled at the deadline; robots.txt to be fetched again) goes back first."""
        kind, host, item = job
        if kind == "image":
            self.queue_image(item, front=True)
        elif kind == "sitemap":
            self.sitemaps.push(host, item, front=True)
        else:
            self.frontier.give_back(host, item)

    # ---- the image backlog ------------------------------------------------------------
    def _origin(self, url: str) -> str | None:
        sightings = self.sightings.get(url)
        return host_of(sightings[0].page_url) if sightings else None

    def queue_image(self, url: str, front: bool = False) -> None:
        origin = self._origin(url)
        if origin is not None:
            self.image_backlog[origin] += 1
        self.images.push("" if url.startswith("data:") else host_of(url), url, front=front)

    def _image_taken(self, url: str) -> None:
        origin = self._origin(url)
        if origin is not None:
            self.image_backlog[origin] -= 1
            if self.image_backlog[origin] <= 0:
                del self.image_backlog[origin]
            if self.image_backlog[origin] == self.cfg.image_backlog_per_host - 1:
                self._schedule(origin)
        if self.held_back and len(self.images) < self.cfg.image_backlog:
            held, self.held_back = self.held_back, set()
            for host in held:
                self._schedule(host)

    # ---- stopped hosts ---------------------------------------------------------------
    def _stop_host(self, host: str, why: str) -> None:
        """A host that refused a burst of requests: its queued work fails with host_stopped."""
        self.ready.discard(host)
        if host not in self.stopped_hosts:
            self.stopped_hosts[host] = why
            self.counters.count("hosts_stopped")
        for url in self.images.drain(host):
            self._image_taken(url)
            sightings = self.sightings.pop(url, None)
            self.done_urls[url] = ""
            lang = sightings[0].lang if sightings else None
            self.fail(url, "image", lang, "host_stopped", why, host, retry_context(sightings))
        for task in self.frontier.queue.drain(host):
            self.fail(task.url, "page", task.lang, "host_stopped", why, host, {"depth": task.depth})
        self.sitemaps.drain(host)

    def has_work(self) -> bool:
        pages = bool(self.frontier.queue) and self.frontier.budget_left()
        warc = getattr(self, "warc_in", None)
        return bool(
            self.images
            or pages
            or self.sitemaps
            or self.in_flight_pages
            or self.in_flight_images
            or self.in_flight_sitemaps
            or (warc is not None and warc.reading)
        )
