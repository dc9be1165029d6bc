"""An async, polite HTTP fetcher over aiohttp that never raises.

Every request passes the host's `HostGate` (concurrency and spacing), follows at most
`max_redirects` redirects by hand (so that each hop is checked against the private-address
guard and the caller's check: robots.txt, host ownership), streams the body and aborts past
`max_bytes` (a 2 GB "image" is never buffered; the limit counts decompressed bytes, so a
gzip bomb stops too; a body that its Content-Encoding does not decode fails as
`content_encoding_error`), and retries 429/5xx, timeouts and dropped connections with
exponential backoff and jitter, honouring Retry-After. gzip and deflate are negotiated by
aiohttp (>= 3.13.3, whose decoder bounds the output of each chunk it inflates: a small
compressed chunk cannot expand to gigabytes before the size check below sees it). The
outcome is a `FetchResult`: a body, or a short machine-readable `error`.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp.http_exceptions import ContentEncodingError
from yarl import URL

from mella_ray.crawl.politeness import MAX_BACKOFF_S, HostGate, backoff, parse_retry_after
from mella_ray.crawl.ssrf import PRIVATE_ADDRESS, AddressGuard, GuardedResolver, PrivateAddressError
from mella_ray.crawl.urls import canonicalize, host_of

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024

# A body whose Content-Encoding does not decode (a corrupt gzip, a double compression, a br or zstd
# stream sent unasked): the server's fault, not the connection's. Not retried at once (the same
# bytes come again); `mella crawl --retry-failed content_encoding_error` asks again in a later run.
CONTENT_ENCODING_ERROR = "content_encoding_error"

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
    detail: str | None = None  # human-readable detail of the error (for a stopped hop: its URL)
    attempts: int = 0
    redirects: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.body is not None


# The characters of an encoded URL (RFC 3986: unreserved, reserved and '%'). Canonical URLs
# (urls.canonicalize) are made of these only.
_ENCODED_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")


def request_url(url: str) -> URL | str:
    """`url` as aiohttp should take it: already encoded when it is (a canonical URL), so that
    yarl does not parse and encode it again. Encoding is a share of every request's CPU, and
    yarl's host cache holds 512 hosts: an actor with thousands of hosts missed it on most
    requests (benchmarks/crawl_hosts.py). Anything else is left to yarl to encode."""
    return URL(url, encoded=True) if _ENCODED_URL.fullmatch(url) else url


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
        self.allow_private = allow_private_networks
        self.guard = AddressGuard(allow_private_networks)
        self.gates: dict[str, HostGate] = {}
        self._session: aiohttp.ClientSession | None = None
        self.bytes_downloaded = 0
        self.requests = 0
        self.host_requests: Counter[str] = Counter()
        self.host_bytes: Counter[str] = Counter()

    @classmethod
    def from_config(cls, cfg, max_connections: int | None = None) -> Fetcher:
        """Build from a CrawlConfig."""
        return cls(
            user_agent=cfg.user_agent,
            connect_timeout_s=cfg.connect_timeout_s,
            total_timeout_s=cfg.total_timeout_s,
            max_retries=cfg.max_retries,
            per_host_concurrency=cfg.per_host_concurrency,
            min_host_interval_s=cfg.min_host_interval_s,
            allow_private_networks=cfg.allow_private_networks,
            max_redirects=cfg.max_redirects,
            max_connections=max_connections or max(cfg.concurrency_per_actor * 2, 10),
        )

    def gate(self, host: str) -> HostGate:
        gate = self.gates.get(host)
        if gate is None:
            gate = self.gates[host] = HostGate(self.per_host_concurrency, self.min_host_interval_s)
        return gate

    def set_host_interval(self, host: str, seconds: float) -> None:
        """Crawl-delay from robots.txt: never faster than configured, slower if the host asks."""
        self.gate(host).set_interval(max(self.min_host_interval_s, seconds))

    async def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            # limit_per_host stays 0: the host gates do that job, with spacing as well.
            connector = aiohttp.TCPConnector(
                limit=self.max_connections,
                ttl_dns_cache=300,
                resolver=None if self.allow_private else GuardedResolver(),
            )
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
            if nxt is None:  # file:, ftp:, javascript: or garbage: never followed
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
        gate = self.gate(host_of(url))
        for attempt in range(self.max_retries + 1):
            result.attempts += 1
            async with gate:
                outcome = await self._once(url, result, max_bytes)
            if outcome == "redirect":
                return result.headers.get("location")
            if outcome == "done" or attempt == self.max_retries:
                return None  # a body, or the last error stays in `result`
            retry_after = parse_retry_after(result.headers.get("retry-after")) if outcome == "retry_status" else None
            if retry_after is not None:
                delay = min(retry_after, MAX_BACKOFF_S)
                gate.push_back(delay)  # the whole host waits, not only this URL
            else:
                delay = backoff(attempt, self.backoff_base_s)
            log.debug("retrying %s in %.2fs (%s)", url, delay, result.error)
            await asyncio.sleep(delay)
        return None

    async def _once(self, url: str, result: FetchResult, max_bytes: int) -> str:
        """One request. Returns 'done', 'redirect', 'retry_status' or 'retry_error'."""
        result.body, result.error, result.detail, result.status = None, None, None, None
        result.headers = {}
        session = self._session or await self._get_session()
        host = host_of(url)
        self.requests += 1
        self.host_requests[host] += 1
        try:
            async with session.get(request_url(url), allow_redirects=False) as resp:
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
                return await self._read_body(resp, result, max_bytes, host)
        except (TimeoutError, aiohttp.ServerTimeoutError) as e:
            result.error, result.detail = "timeout", f"{type(e).__name__}: {e}"
        except aiohttp.ClientPayloadError as e:  # the connection dropped mid-body, or the body is not what it says
            if _bad_encoding(e):
                result.error, result.detail = CONTENT_ENCODING_ERROR, " ".join(f"{type(e).__name__}: {e}".split())
                return "done"
            result.error, result.detail = "incomplete_body", f"{type(e).__name__}: {e}"
        except aiohttp.InvalidURL as e:
            result.error, result.detail = "invalid_url", str(e)
            return "done"
        except aiohttp.ClientConnectorError as e:
            if isinstance(e.os_error, PrivateAddressError):
                result.error, result.detail = PRIVATE_ADDRESS, str(e.os_error)
                return "done"
            result.error, result.detail = "connection_error", f"{type(e).__name__}: {e}"
        except (aiohttp.ClientError, OSError) as e:
            if _bad_encoding(e):  # a coding aiohttp cannot decode at all (zstd sent unasked) fails as a response error
                result.error, result.detail = CONTENT_ENCODING_ERROR, " ".join(f"{type(e).__name__}: {e}".split())
                return "done"
            result.error, result.detail = "connection_error", f"{type(e).__name__}: {e}"
        return "retry_error"

    async def _whole_body(self, resp: aiohttp.ClientResponse, result: FetchResult, limit: int, host: str) -> bool:
        """The body in one read when its size is known and within `limit`: a declared length and no
        Content-Encoding, so the bytes read are the bytes declared (most images and small files).
        Saves the chunk loop's awaits on every such request. False: read it in chunks."""
        declared = resp.content_length
        if declared is None or declared > limit or "content-encoding" in result.headers:
            return False
        result.body = await resp.read()
        self.bytes_downloaded += len(result.body)
        self.host_bytes[host] += len(result.body)
        return True

    async def _read_body(self, resp: aiohttp.ClientResponse, result: FetchResult, max_bytes: int, host: str) -> str:
        if await self._whole_body(resp, result, max_bytes, host):
            return "done"
        chunks, size = [], 0
        async for chunk in resp.content.iter_chunked(CHUNK):
            size += len(chunk)
            self.bytes_downloaded += len(chunk)
            self.host_bytes[host] += len(chunk)
            if size > max_bytes:
                result.error, result.detail = "too_large", f"more than {max_bytes} bytes"
                resp.close()
                return "done"
            chunks.append(chunk)
        result.body = b"".join(chunks)
        return "done"


def _bad_encoding(exc: BaseException) -> bool:
    """Whether aiohttp failed to decode the body's Content-Encoding (ContentEncodingError, raised as the
    cause of a payload error; or, for a coding it lacks a decoder for, a 400 response error saying so)."""
    for e in (exc, exc.__cause__, exc.__context__):
        if isinstance(e, ContentEncodingError) or "content-encoding" in str(getattr(e, "message", "")).lower():
            return True
    return False
