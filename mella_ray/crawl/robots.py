"""robots.txt per host, parsed with protego, fetched once per host and cached.

Policy (RFC 9309 in spirit, with this project's choices for the unclear cases):
- 200: the rules apply to our User-Agent (protego matches the product token in it).
- 4xx (404 included) or a fetch failure (timeout, connection refused, too large): allow all.
  A site without robots.txt is the common case; refusing it would lose most of the web.
- 5xx: disallow the whole host for this crawl (the server is struggling; come back later).
- Crawl-delay is passed to the fetcher as the host's minimum interval, capped at
  MAX_CRAWL_DELAY_S so that one host cannot stall an actor for the whole crawl.
"""
from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from protego import Protego

from mella_ray.crawl.fetch import Fetcher
from mella_ray.crawl.urls import host_key, robots_url

log = logging.getLogger(__name__)

MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB; so do we
MAX_CRAWL_DELAY_S = 30.0


@dataclass
class HostRules:
    policy: str  # "rules" | "allow_all" | "disallow_all"
    parser: Protego | None = None
    reason: str | None = None  # why the policy is not "rules" (e.g. http_404, http_503)
    crawl_delay: float | None = None
    url: str | None = None  # the robots.txt URL that gave these rules


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
            delay = parser.crawl_delay(self.user_agent)
            rules = HostRules("rules", parser=parser, crawl_delay=delay)
            if delay:
                delay = min(float(delay), MAX_CRAWL_DELAY_S)
                self.fetcher.set_host_interval(host, delay)
                log.info("robots.txt of %s asks for a crawl delay of %.2fs", host, delay)
            return rules
        if res.status is not None and res.status >= 500:
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
