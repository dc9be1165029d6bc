"""Politeness by the standards: robots.txt per host (RFC 9309), and the per-host gate.

robots.txt is fetched once per host (protego parses it) and checked for pages, images and
every redirect hop. RFC 9309, with this project's choices where it leaves room:
- 200: the rules of the group named by our product token apply, else those of `*`
  (`rules_agent`); a leading BOM is dropped. Only the first 500 KiB are parsed (the RFC's
  minimum); a longer file is cut, not refused.
- 4xx (404 included), and more redirects than the fetcher follows: "unavailable", allow all.
  A site without robots.txt is the common case.
- 5xx, 429 and no answer at all (timeout, refused connection): "unreachable", the whole host
  is disallowed for now and robots.txt is fetched again after `retry_s`; the host's pages
  wait meanwhile (`check` says `robots_unreachable`, the crawler queues them again and the
  gate holds the host back). After `tries` fetches that all failed the host is disallowed
  for this crawl.
- Crawl-delay (and Request-rate, as its interval) means one request in flight at a time and
  starts at least that far apart (`HostGate.set_crawl_delay`), up to MAX_CRAWL_DELAY_S. A
  job whose host is not due for more than WAIT_IN_GATE_S is handed back to the scheduler
  (`check` says HOST_NOT_DUE), so a long delay holds no worker.

`HostGate` (host_gate.py): the slots and spacing of one host's requests, with an adaptive
delay and a stop after a burst of refusals. A host is crawled by exactly one actor (stage.py
partitions hosts), so its gate here is its only gate in the whole cluster: per-host limits
hold cluster-wide without coordination per request.
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

from mella_ray.crawl.host_gate import MAX_CRAWL_DELAY_S, HostGate  # noqa: F401  (fetch.py imports it from here)
from mella_ray.crawl.optout import agent_token
from mella_ray.crawl.urls import host_of, robots_url

if TYPE_CHECKING:  # fetch.py imports the gate from here
    from mella_ray.crawl.fetch import Fetcher

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0  # a Retry-After beyond this is cut: a crawl has a time budget
MAX_ROBOTS_BYTES = 500 * 1024  # RFC 9309 2.5: parse at least the first 500 KiB
MAX_ROBOTS_DECLARED_BYTES = 1 << 30  # a larger declared size is still read, up to MAX_ROBOTS_BYTES
ROBOTS_UNREACHABLE = "robots_unreachable"
HOST_NOT_DUE = "host_not_due"
COME_BACK_LATER = {ROBOTS_UNREACHABLE, HOST_NOT_DUE}  # hop-check reasons that requeue the job, not fail it
WAIT_IN_GATE_S = 1.0  # a job whose host is due later than this goes back to the queue instead of holding a worker
UNREACHABLE_ERRORS = {"timeout", "connection_error", "incomplete_body", "fetch_error", "content_encoding_error"}


@dataclass
class HostRules:
    policy: str  # "rules" | "allow_all" | "disallow_all" | "unreachable" (for now; fetched again later)
    parser: Protego | None = None
    reason: str | None = None  # why the policy is not "rules" (e.g. http_404, robots_http_503)
    crawl_delay: float | None = None
    url: str | None = None  # the robots.txt URL that gave these rules
    tries: int = 1  # fetches of robots.txt so far
    retry_at: float = 0.0  # monotonic time of the next fetch, while unreachable
    agent: str | None = None  # the name the parser is asked with (rules_agent)


def rules_agent(parser: Protego, user_agent: str) -> str:
    """The name to ask `parser` with: the group of this crawler's product token, else `*`.

    RFC 9309 2.2.1 matches the product token ("mella-ray-crawler") case-insensitively, as a whole.
    protego matches a group's name anywhere in the string it is given, at a token's start only, so
    with the whole User-Agent a group for "mella-ray" or "github" would apply to this crawler and
    could open paths that `*` closes. A group named with a version ("mella-ray-crawler/0.1") is ours.
    """
    token = agent_token(user_agent)
    groups = getattr(parser, "_user_agents", None)  # protego keeps its groups by lowercased name
    if groups is None:
        return user_agent  # another protego: its own matching
    for name in groups:
        if name.split("/", 1)[0].strip() == token:
            return name
    return "*"


def query_orders(url: str) -> list[str]:
    """`url`, and `url` with each query parameter moved first: canonical URLs sort their parameters
    (urls.canonicalize), so a link written `/list?sort=asc&page=2` is asked as `?page=2&sort=asc`;
    a rule `Disallow: /*?sort=` must still close it."""
    path, sep, query = url.partition("?")
    params = query.split("&") if sep else []
    if len(params) < 2:
        return [url]
    return [url] + [f"{path}?{'&'.join([p, *params[:i], *params[i + 1 :]])}" for i, p in enumerate(params) if i]


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
    def __init__(self, fetcher: Fetcher, user_agent: str, enabled: bool = True, retry_s: float = 60.0, tries: int = 3):
        self.fetcher = fetcher
        self.user_agent = user_agent
        self.enabled = enabled
        self.retry_s = retry_s
        self.tries = tries
        self._rules: dict[str, HostRules] = {}
        self._pending: dict[str, asyncio.Future] = {}

    async def rules_for(self, url: str) -> HostRules:
        """The host's rules, fetching robots.txt on first use (and again while unreachable, once
        `retry_s` has passed); concurrent callers share one fetch."""
        host = host_of(url)
        return self._known(host) or await self._fetch_rules(host, url)

    def _known(self, host: str) -> HostRules | None:
        """The host's rules if they need no fetch now (rules_for without an await: every hop asks)."""
        known = self._rules.get(host)
        if known is not None and not (known.policy == "unreachable" and time.monotonic() >= known.retry_at):
            return known
        return None

    async def _fetch_rules(self, host: str, url: str) -> HostRules:
        known = self._rules.get(host)  # unreachable so far: this is a further try
        fut = self._pending.get(host)
        if fut is None:
            fut = self._pending[host] = asyncio.get_running_loop().create_future()
            tries = (known.tries + 1) if known is not None else 1
            try:
                rules = await self._load(url)
            except asyncio.CancelledError:
                fut.cancel()
                self._pending.pop(host, None)
                raise
            except Exception as e:  # a bad robots.txt must not crash the crawl: allow all
                log.warning("robots.txt for %s could not be parsed (%s); allowing all", host, e)
                rules = HostRules("allow_all", reason="robots_unparseable")
            rules.url, rules.tries = robots_url(url), tries
            if rules.policy == "unreachable":
                if tries >= self.tries:
                    log.warning(
                        "robots.txt of %s unreachable %d times (%s): not crawling the host", host, tries, rules.reason
                    )
                    rules.policy = "disallow_all"
                else:
                    rules.retry_at = time.monotonic() + self.retry_s
                    self.fetcher.gate(host).push_back(self.retry_s)  # the host's pages wait for the retry
            self._rules[host] = rules
            self._pending.pop(host, None)
            fut.set_result(rules)
            return rules
        return await asyncio.shield(fut)

    async def _load(self, url: str) -> HostRules:
        host = host_of(url)
        prefix = getattr(self.fetcher, "fetch_prefix", None)  # reads the first bytes of a long file
        if prefix is not None:
            res = await prefix(robots_url(url), MAX_ROBOTS_BYTES, MAX_ROBOTS_DECLARED_BYTES)
        else:
            res = await self.fetcher.fetch(robots_url(url), MAX_ROBOTS_BYTES)
        if res.ok and res.status == 200:
            # A BOM would glue itself to the first line's "User-agent" and lose that group's rules.
            text = res.body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").lstrip("\ufeff")
            parser = Protego.parse(text)
            agent = rules_agent(parser, self.user_agent)
            delay = _interval(parser, agent)
            rules = HostRules("rules", parser=parser, crawl_delay=delay, agent=agent)
            if delay:
                delay = min(float(delay), MAX_CRAWL_DELAY_S)
                self.fetcher.gate(host).set_crawl_delay(max(delay, self.fetcher.min_host_interval_s))
                log.info("robots.txt of %s asks for a crawl delay of %.2fs", host, delay)
            return rules
        # A 200 whose body failed (dropped, or not decodable as its Content-Encoding says) is a server or
        # network error too: RFC 9309 2.3.1.4 says disallow, never "no robots.txt, allow all".
        if (res.status is not None and (res.status >= 500 or res.status == 429)) or res.error in UNREACHABLE_ERRORS:
            reason = f"robots_{res.error}" if res.error else f"robots_http_{res.status}"
            log.warning("robots.txt of %s is unreachable (%s): the host waits", host, reason)
            return HostRules("unreachable", reason=reason)
        # 4xx, too many redirects, too large without a prefix read: there is no robots.txt to obey.
        return HostRules("allow_all", reason=res.error or f"http_{res.status}")

    async def verdict(self, url: str) -> str | None:
        """None if `url` may be fetched, else why not: robots_disallowed, or robots_unreachable
        while robots.txt is to be fetched again (the caller queues the URL again)."""
        if not self.enabled:
            return None
        rules = self._known(host_of(url)) or await self.rules_for(url)
        if rules.policy == "allow_all":
            return None
        if rules.policy == "unreachable":
            return ROBOTS_UNREACHABLE
        if rules.policy == "disallow_all":
            return "robots_disallowed"
        agent = rules.agent or self.user_agent
        if all(rules.parser.can_fetch(u, agent) for u in query_orders(url)):
            return None
        return "robots_disallowed"

    async def allowed(self, url: str) -> bool:
        return await self.verdict(url) is None

    async def check(self, url: str) -> str | None:
        """A fetcher hop check: None if allowed, else the reason (see `verdict`). A host that is not
        due for a while (a long Crawl-delay just read, a Retry-After) says HOST_NOT_DUE: the job
        goes back to the scheduler, which hands it out when the host is due, instead of a worker
        sleeping in the gate meanwhile."""
        reason = await self.verdict(url)
        if reason is None:
            gate = self.fetcher.gates.get(host_of(url))
            if gate is not None and gate.next_start - time.monotonic() > WAIT_IN_GATE_S:
                return HOST_NOT_DUE
        return reason

    def retry_at(self, host: str) -> float | None:
        """When robots.txt of a host that is unreachable for now is fetched again (None: not waiting)."""
        rules = self._rules.get(host)
        return rules.retry_at if rules is not None and rules.policy == "unreachable" else None

    def disallowed_hosts(self) -> dict[str, tuple[str, str]]:
        """Hosts refused as a whole (robots.txt unreachable): host -> (robots.txt URL, reason)."""
        return {
            h: (r.url or h, r.reason or "robots_disallow_all")
            for h, r in self._rules.items()
            if r.policy in ("disallow_all", "unreachable")
        }


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
