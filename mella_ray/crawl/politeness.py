"""Politeness: robots.txt per host, and the per-host gate every request passes.

robots.txt is fetched once per host (protego parses it) and checked for pages, images and
every redirect hop. Policy (RFC 9309 in spirit, with this project's choices for the unclear
cases):
- 200: the rules apply to our User-Agent (protego matches the product token in it).
- 4xx (404 included) or a fetch failure (timeout, connection refused, too large): allow all.
  A site without robots.txt is the common case; refusing it would lose most of the web.
- 5xx, and 429 after the fetcher's retries: disallow the whole host for this crawl (the
  server is struggling or asks us to go away; come back later).
- Crawl-delay (and Request-rate, as its interval) becomes the host's minimum interval
  between request starts, capped at MAX_CRAWL_DELAY_S so that one host cannot stall an
  actor for the whole crawl.

`HostGate`: at most `per_host_concurrency` requests in flight and starts at least the
interval apart; a 429/503 with Retry-After pushes the whole host back. A host is crawled by
exactly one actor (stage.py partitions hosts), so its gate here is its only gate in the
whole cluster: per-host limits hold cluster-wide without coordination per request.
"""
from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from protego import Protego

from mella_ray.crawl.urls import host_key, robots_url

if TYPE_CHECKING:  # fetch.py imports the gate from here
    from mella_ray.crawl.fetch import Fetcher

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0  # a Retry-After beyond this is cut: a crawl has a time budget
MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB; so do we
MAX_CRAWL_DELAY_S = 30.0


@dataclass
class HostRules:
    policy: str  # "rules" | "allow_all" | "disallow_all"
    parser: Protego | None = None
    reason: str | None = None  # why the policy is not "rules" (e.g. http_404, http_503)
    crawl_delay: float | None = None
    url: str | None = None  # the robots.txt URL that gave these rules


def _interval(parser: Protego, user_agent: str) -> float | None:
    """Seconds between requests that robots.txt asks for: Crawl-delay, or Request-rate's."""
    delays = []
    delay = parser.crawl_delay(user_agent)
    if delay:
        delays.append(float(delay))
    rate = parser.request_rate(user_agent)
    if rate is not None and rate.requests:
        delays.append(rate.seconds / rate.requests)
    return max(delays) if delays else None


class RobotsCache:
    def __init__(self, fetcher: Fetcher, user_agent: str, enabled: bool = True):
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.enabled = enabled
        self._rules: dict[str, HostRules] = {}
        self._pending: dict[str, asyncio.Future] = {}

    async def rules_for(self, url: str) -> HostRules:
        """The host's rules, fetching robots.txt on first use; concurrent callers share one fetch."""
        host = host_key(url)
        if host in self._rules:
            return self._rules[host]
        fut = self._pending.get(host)
        if fut is None:
            fut = self._pending[host] = asyncio.get_running_loop().create_future()
            try:
                rules = await self._load(url)
            except asyncio.CancelledError:
                fut.cancel()
                self._pending.pop(host, None)
                raise
            except Exception as e:  # a bad robots.txt must not crash the crawl: allow all
                log.warning("robots.txt for %s could not be parsed (%s); allowing all", host, e)
                rules = HostRules("allow_all", reason="robots_unparseable")
            rules.url = robots_url(url)
            self._rules[host] = rules
            self._pending.pop(host, None)
            fut.set_result(rules)
            return rules
        return await asyncio.shield(fut)

    async def _load(self, url: str) -> HostRules:
        host = host_key(url)
        res = await self.fetcher.fetch(robots_url(url), MAX_ROBOTS_BYTES)
        if res.ok and res.status == 200:
            text = res.body.decode("utf-8", errors="replace")
            parser = Protego.parse(text)
            delay = _interval(parser, self.user_agent)
            rules = HostRules("rules", parser=parser, crawl_delay=delay)
            if delay:
                delay = min(float(delay), MAX_CRAWL_DELAY_S)
                self.fetcher.set_host_interval(host, delay)
                log.info("robots.txt of %s asks for a crawl delay of %.2fs", host, delay)
            return rules
        if res.status is not None and (res.status >= 500 or res.status == 429):
            log.warning("robots.txt of %s answered %s: not crawling the host", host, res.status)
            return HostRules("disallow_all", reason=f"robots_http_{res.status}")
        # 4xx, or no answer at all: there is no robots.txt to obey.
        return HostRules("allow_all", reason=res.error or f"http_{res.status}")

    async def allowed(self, url: str) -> bool:
        if not self.enabled:
            return True
        rules = await self.rules_for(url)
        if rules.policy == "allow_all":
            return True
        if rules.policy == "disallow_all":
            return False
        return rules.parser.can_fetch(url, self.user_agent)

    async def check(self, url: str) -> str | None:
        """A fetcher hop check: None if allowed, else 'robots_disallowed'."""
        return None if await self.allowed(url) else "robots_disallowed"

    def disallowed_hosts(self) -> dict[str, tuple[str, str]]:
        """Hosts refused as a whole (robots.txt 5xx): host -> (robots.txt URL, reason)."""
        return {
            h: (r.url or h, r.reason or "robots_disallow_all")
            for h, r in self._rules.items()
            if r.policy == "disallow_all"
        }


# ---- the per-host gate ---------------------------------------------------------------
class HostGate:
    """At most `concurrency` requests in flight; request starts at least `interval` apart."""

    def __init__(self, concurrency: int, interval: float):
        self.sem = asyncio.Semaphore(concurrency)
        self.interval = interval
        self.next_start = 0.0
        self.last_start = float("-inf")
        self.lock = asyncio.Lock()
        self.in_flight = 0
        self.max_in_flight = 0  # observed, for stats and tests

    async def __aenter__(self) -> "HostGate":
        await self.sem.acquire()
        try:
            await self._wait_turn()
        except BaseException:
            self.sem.release()
            raise
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return self

    async def __aexit__(self, *exc) -> None:
        self.in_flight -= 1
        self.sem.release()

    async def _wait_turn(self) -> None:
        async with self.lock:  # one waiter at a time: starts are serialised and spaced
            # A loop, not one sleep: a 429/503 answered meanwhile may push next_start back.
            while (wait := self.next_start - time.monotonic()) > 0:
                await asyncio.sleep(wait)
            self.last_start = max(time.monotonic(), self.next_start)
            self.next_start = self.last_start + self.interval

    def set_interval(self, interval: float) -> None:
        """A new spacing (robots.txt's Crawl-delay), counted from the last start already made:
        the request that fetched robots.txt is spaced from the next one too."""
        self.interval = interval
        self.next_start = max(self.next_start, self.last_start + interval)

    def push_back(self, delay: float) -> None:
        """The host asked us to slow down (429/503): nobody starts before `delay` from now."""
        self.next_start = max(self.next_start, time.monotonic() + delay)


def backoff(attempt: int, base: float) -> float:
    """Exponential backoff with full jitter on top, so that retries of many URLs spread out."""
    delay = base * (2**attempt)
    return min(delay + random.uniform(0, delay), MAX_BACKOFF_S)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
