"""The per-host gate every request passes: slots, spacing, an adaptive delay, a stop.

politeness.py fills it from robots.txt (Crawl-delay); polite_fetch.py reports every answer to
it; the crawler's scheduler reads its `limit` and `next_start` to know when the host can go.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque

log = logging.getLogger(__name__)

MAX_CRAWL_DELAY_S = 3600.0  # a longer Crawl-delay is cut to an hour (jobs wait in the scheduler, not in workers)


class HostGate:
    """Slots and spacing of one host's requests; the delay adapts to the host's answers.

    - At most `limit` requests hold the gate: `concurrency`, or ONE once the host sets a
      Crawl-delay (RFC 9309 leaves concurrency open; one request in flight is what a delay
      means to the sites that set it). A freed slot wakes exactly one waiter, in order.
    - Starts are at least `interval` apart; under a Crawl-delay the next start is also at
      least the delay after the previous answer ended, so the server sees the spacing too.
      The interval adapts as in Scrapy's AutoThrottle: after each answer it moves halfway
      to latency / target_concurrency, never below the
      floor (the configured minimum, or the Crawl-delay) nor above `max_interval`, and an
      error answer never shortens it.
    - `error_burst` answers in a row that are 403, 429 or 5xx stop the host (`stopped`):
      the site is refusing us, so the crawl leaves it rather than hammering it.
    """

    def __init__(
        self,
        concurrency: int,
        interval: float,
        adaptive: bool = False,
        target_concurrency: float = 1.0,
        max_interval: float = MAX_CRAWL_DELAY_S,
        error_burst: int = 0,
    ):
        self.concurrency = concurrency
        self.floor = interval
        self.interval = interval
        self.crawl_delay: float | None = None
        self.adaptive = adaptive
        self.target_concurrency = target_concurrency
        self.max_interval = max(max_interval, interval)
        self.error_burst = error_burst
        self.errors_in_a_row = 0
        self.stopped: str | None = None  # why the host was stopped
        self.next_start = 0.0
        self.last_start = float("-inf")
        self.lock = asyncio.Lock()
        self.held = 0  # slots taken (waiting for the start time, or in flight)
        self.in_flight = 0
        self.max_in_flight = 0  # observed, for stats and tests
        self.overlaps = 0  # starts while another request was in flight under a Crawl-delay (must stay 0)
        self._waiters: deque[asyncio.Future] = deque()
        self._turns = 0  # requests in _wait_turn's lock (holding it or waiting for it)

    @property
    def limit(self) -> int:
        return 1 if self.crawl_delay else self.concurrency

    async def __aenter__(self) -> HostGate:
        if self.held < self.limit and not self._waiters:  # a free slot: taken without a coroutine
            self.held += 1
        else:
            await self._take_slot()
        now = time.monotonic()
        if not self._turns and self.next_start <= now:  # due, and nobody before us: no lock, no sleep
            self.last_start, self.next_start = now, now + self.interval
        else:
            try:
                await self._wait_turn()
            except BaseException:
                self._free_slot()
                raise
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        if self.crawl_delay and self.in_flight > 1:
            self.overlaps += 1
        return self

    async def __aexit__(self, *exc) -> None:
        self.in_flight -= 1
        if self.crawl_delay:  # the delay also counts from the end: a server sees starts >= delay apart
            self.next_start = max(self.next_start, time.monotonic() + self.interval)  # whatever its clock skew
        self._free_slot()

    async def _take_slot(self) -> None:
        if self.held < self.limit and not self._waiters:
            self.held += 1
            return
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut  # _free_slot hands the slot over: `held` already counts it
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._free_slot()  # handed over just as we were cancelled: pass it on
            else:
                self._waiters.remove(fut)
            raise

    def _free_slot(self) -> None:
        self.held -= 1
        self._hand_over()

    def _hand_over(self) -> None:
        while self._waiters and self.held < self.limit:
            fut = self._waiters.popleft()
            if not fut.done():
                self.held += 1
                fut.set_result(None)

    async def _wait_turn(self) -> None:
        self._turns += 1
        try:
            async with self.lock:  # one waiter at a time: starts are serialised and spaced
                # A loop, not one sleep: a 429/503 answered meanwhile may push next_start back.
                while (wait := self.next_start - time.monotonic()) > 0:
                    await asyncio.sleep(wait)
                self.last_start = max(time.monotonic(), self.next_start)
                self.next_start = self.last_start + self.interval
        finally:
            self._turns -= 1

    def set_interval(self, interval: float) -> None:
        """A new spacing, counted from the last start already made (so the request that fetched
        robots.txt is spaced from the next one too)."""
        self.interval = interval
        self.next_start = max(self.next_start, self.last_start + interval)

    def set_crawl_delay(self, delay: float) -> None:
        """robots.txt's Crawl-delay: one request at a time, starts at least `delay` apart, for good."""
        self.crawl_delay = delay
        self.floor = max(self.floor, delay)
        self.max_interval = max(self.max_interval, delay)
        self.set_interval(max(self.interval, delay))
        if not self.in_flight:  # robots.txt's answer has just ended: the delay counts from now, as after any answer
            self.next_start = max(self.next_start, time.monotonic() + self.interval)

    def push_back(self, delay: float) -> None:
        """The host asked us to slow down (429/503): nobody starts before `delay` from now."""
        self.next_start = max(self.next_start, time.monotonic() + delay)

    def observe(self, status: int | None, latency: float) -> None:
        """One answer (status None: no answer, e.g. a timeout) that took `latency` seconds."""
        refused = status is None or status >= 400
        if status is not None and (status in (403, 429) or status >= 500):
            self.errors_in_a_row += 1
            if self.error_burst and self.errors_in_a_row >= self.error_burst and self.stopped is None:
                self.stopped = f"{self.errors_in_a_row} answers in a row were 403, 429 or 5xx (last {status})"
                log.warning("stopping a host: %s", self.stopped)
        elif status is not None:
            self.errors_in_a_row = 0
        if not self.adaptive:
            return
        target = latency / self.target_concurrency
        new = max(target, (self.interval + target) / 2)
        new = min(max(self.floor, new), self.max_interval)
        if refused and new < self.interval:
            return  # an error answer is fast for the wrong reason: it never speeds us up
        self.set_interval(new) if new > self.interval else self._shorten(new)

    def _shorten(self, interval: float) -> None:
        self.interval = interval  # next_start already scheduled stays: it was computed from the old spacing
