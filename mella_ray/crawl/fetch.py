"""An async, polite HTTP fetcher over aiohttp that never raises.

Every request: passes a per-host gate (at most `per_host_concurrency` requests in flight
and at least `min_interval` seconds between starts, per host), follows at most
`max_redirects` redirects by hand (so that each hop is checked against the private-address
guard and the caller's check, e.g. robots.txt), streams the body and aborts past
`max_bytes` (a 2 GB "image" must not be buffered), and retries 429/502/503/504 and
connection errors with exponential backoff and jitter (honouring Retry-After). The outcome
is a `FetchResult`: a body, or a short machine-readable `error` reason.
"""
from __future__ import annotations

import asyncio
import email.utils
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp

from mella_ray.crawl.urls import AddressGuard, canonicalize, host_key

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
MAX_BACKOFF_S = 30.0  # a Retry-After beyond this is cut: a crawl has a time budget
CHUNK = 64 * 1024

# A hop check: given the URL about to be requested, None to go on or a reason to stop.
HopCheck = Callable[[str], Awaitable[str | None]]


@dataclass
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)  # lowercase names
    error: str | None = None  # reason; None on success
    detail: str | None = None  # human-readable detail of the error
    attempts: int = 0
    redirects: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


class _HostGate:
    """Per-host concurrency and spacing: requests to one host start `interval` apart."""

    def __init__(self, concurrency: int, interval: float):
        self.sem = asyncio.Semaphore(concurrency)
        self.interval = interval
        self.next_start = 0.0
        self.lock = asyncio.Lock()

    async def wait_turn(self) -> None:
        async with self.lock:
            now = time.monotonic()
            if self.next_start > now:
                await asyncio.sleep(self.next_start - now)
            self.next_start = max(time.monotonic(), self.next_start) + self.interval

    def push_back(self, delay: float) -> None:
        """The host asked us to slow down (429/503): nobody starts before `delay` from now."""
        self.next_start = max(self.next_start, time.monotonic() + delay)


class Fetcher:
    def __init__(
        self,
        user_agent: str,
        connect_timeout_s: float = 10.0,
        total_timeout_s: float = 30.0,
        max_retries: int = 2,
        per_host_concurrency: int = 2,
        min_host_interval_s: float = 0.25,
        allow_private_networks: bool = False,
        max_redirects: int = 5,
        backoff_base_s: float = 0.5,
        max_connections: int = 100,
    ):
        self.user_agent = user_agent
        self.timeout = aiohttp.ClientTimeout(
            total=total_timeout_s, connect=connect_timeout_s, sock_connect=connect_timeout_s
        )
        self.max_retries = max_retries
        self.per_host_concurrency = per_host_concurrency
        self.min_host_interval_s = min_host_interval_s
        self.max_redirects = max_redirects
        self.backoff_base_s = backoff_base_s
        self.max_connections = max_connections
        self.guard = AddressGuard(allow_private_networks)
        self._gates: dict[str, _HostGate] = {}
        self._session: aiohttp.ClientSession | None = None
        self.bytes_downloaded = 0
        self.requests = 0

    @classmethod
    def from_config(cls, cfg, max_connections: int | None = None) -> "Fetcher":
        """Build from a CrawlConfig."""
        return cls(
            user_agent=cfg.user_agent,
            connect_timeout_s=cfg.connect_timeout_s,
            total_timeout_s=cfg.total_timeout_s,
            max_retries=cfg.max_retries,
            per_host_concurrency=cfg.per_host_concurrency,
            min_host_interval_s=cfg.min_host_interval_s,
            allow_private_networks=cfg.allow_private_networks,
            max_connections=max_connections or max(cfg.concurrency_per_actor * 2, 10),
        )

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = self._gates[host] = _HostGate(self.per_host_concurrency, self.min_host_interval_s)
        return gate

    def set_host_interval(self, host: str, seconds: float) -> None:
        """Crawl-delay from robots.txt: never faster than configured, slower if the host asks."""
        gate = self._gate(host)
        gate.interval = max(self.min_host_interval_s, seconds)

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            # limit_per_host stays 0: the host gates do that job, with spacing as well.
            connector = aiohttp.TCPConnector(limit=self.max_connections, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self.timeout,
                headers={"User-Agent": self.user_agent},
                cookie_jar=aiohttp.DummyCookieJar(),  # a crawler keeps no state between pages
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def fetch(self, url: str, max_bytes: int, check: HopCheck | None = None) -> FetchResult:
        """GET `url`; never raises (except cancellation)."""
        result = FetchResult(url=url, final_url=url)
        try:
            await self._fetch(result, max_bytes, check)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # the contract: a failed fetch is a result, not an exception
            log.debug("unexpected fetch error for %s", url, exc_info=True)
            result.error, result.detail, result.body = "fetch_error", f"{type(e).__name__}: {e}", None
        return result

    async def _fetch(self, result: FetchResult, max_bytes: int, check: HopCheck | None) -> None:
        current = result.url
        visited = {current}
        while True:
            reason = await self.guard.check(current)
            if reason is None and check is not None:
                reason = await check(current)
            if reason is not None:
                result.error, result.detail = reason, current
                return
            location = await self._with_retries(current, result, max_bytes)
            if location is None:  # done: a body or an error
                return
            nxt = canonicalize(location, current)
            if nxt is None:
                result.error, result.detail = "bad_redirect", location
                return
            if nxt in visited:
                result.error, result.detail = "redirect_loop", nxt
                return
            if result.redirects >= self.max_redirects:
                result.error, result.detail = "too_many_redirects", nxt
                return
            visited.add(nxt)
            result.redirects += 1
            result.final_url = current = nxt

    async def _with_retries(self, url: str, result: FetchResult, max_bytes: int) -> str | None:
        """One URL, with retries. Returns a redirect Location, or None when `result` is final."""
        gate = self._gate(host_key(url))
        for attempt in range(self.max_retries + 1):
            result.attempts += 1
            retry_after: float | None = None
            async with gate.sem:
                await gate.wait_turn()
                outcome = await self._once(url, result, max_bytes)
            if outcome == "redirect":
                return result.headers.get("location")
            if outcome == "done":
                return None
            if outcome == "retry_status":
                retry_after = parse_retry_after(result.headers.get("retry-after"))
            if attempt == self.max_retries:
                return None  # the last error stays in `result`
            delay = self._backoff(attempt) if retry_after is None else min(retry_after, MAX_BACKOFF_S)
            if retry_after is not None:
                gate.push_back(delay)
            log.debug("retrying %s in %.2fs (%s)", url, delay, result.error)
            await asyncio.sleep(delay)
        return None

    def _backoff(self, attempt: int) -> float:
        base = self.backoff_base_s * (2**attempt)
        return min(base + random.uniform(0, base), MAX_BACKOFF_S)  # jitter spreads retries apart

    async def _once(self, url: str, result: FetchResult, max_bytes: int) -> str:
        """One request. Returns 'done', 'redirect', 'retry_status' or 'retry_error'."""
        result.body, result.error, result.detail, result.status = None, None, None, None
        session = await self._get_session()
        self.requests += 1
        try:
            async with session.get(url, allow_redirects=False) as resp:
                result.status = resp.status
                result.headers = {k.lower(): v for k, v in resp.headers.items()}
                if resp.status in REDIRECT_STATUSES and "location" in result.headers:
                    return "redirect"
                if resp.status in RETRY_STATUSES:
                    result.error = f"http_{resp.status}"
                    return "retry_status"
                if resp.status >= 400:
                    result.error = f"http_{resp.status}"
                    return "done"
                declared = resp.content_length
                if declared is not None and declared > max_bytes:
                    result.error, result.detail = "too_large", f"Content-Length {declared} > {max_bytes}"
                    resp.close()  # drop the connection instead of draining the body
                    return "done"
                chunks, size = [], 0
                async for chunk in resp.content.iter_chunked(CHUNK):
                    size += len(chunk)
                    self.bytes_downloaded += len(chunk)
                    if size > max_bytes:
                        result.error, result.detail = "too_large", f"more than {max_bytes} bytes"
                        resp.close()
                        return "done"
                    chunks.append(chunk)
                result.body = b"".join(chunks)
                return "done"
        except (asyncio.TimeoutError, aiohttp.ServerTimeoutError) as e:
            result.error, result.detail = "timeout", f"{type(e).__name__}: {e}"
        except aiohttp.InvalidURL as e:
            result.error, result.detail = "invalid_url", str(e)
            return "done"
        except (aiohttp.ClientError, OSError) as e:
            result.error, result.detail = "connection_error", f"{type(e).__name__}: {e}"
        return "retry_error"


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - time.time())
