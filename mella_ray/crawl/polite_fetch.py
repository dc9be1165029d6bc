"""The crawler's fetcher: fetch.Fetcher with gates that learn from every answer.

`PoliteFetcher` adds what politeness needs from the fetcher without changing it:
- every host's `HostGate` is built with the adaptive delay and the stop after a burst of
  refusals (crawl.autothrottle, crawl.host_error_burst);
- every answer (each attempt, retries included) is reported to its host's gate with its
  status and latency, while the request still holds its slot;
- `fetch_prefix` reads only the first bytes of a long body (robots.txt: RFC 9309 asks a
  crawler to parse at least 500 KiB of a longer file, not to refuse it).
"""

from __future__ import annotations

import contextvars
import time

import aiohttp

from mella_ray.crawl.fetch import CHUNK, Fetcher, FetchResult
from mella_ray.crawl.host_gate import HostGate
from mella_ray.crawl.urls import host_of

_PREFIX_BYTES: contextvars.ContextVar[int | None] = contextvars.ContextVar("prefix_bytes", default=None)


class PoliteFetcher(Fetcher):
    adaptive = False
    target_concurrency = 1.0
    max_interval_s = 30.0
    error_burst = 0

    @classmethod
    def from_config(cls, cfg, max_connections: int | None = None) -> PoliteFetcher:
        fetcher = super().from_config(cfg, max_connections)
        fetcher.adaptive = cfg.autothrottle
        fetcher.target_concurrency = cfg.autothrottle_target_concurrency or cfg.per_host_concurrency
        fetcher.max_interval_s = cfg.autothrottle_max_delay_s
        fetcher.error_burst = cfg.host_error_burst
        return fetcher

    def gate(self, host: str) -> HostGate:
        gate = self.gates.get(host)
        if gate is None:
            gate = self.gates[host] = HostGate(
                self.per_host_concurrency,
                self.min_host_interval_s,
                adaptive=self.adaptive,
                target_concurrency=self.target_concurrency,
                max_interval=self.max_interval_s,
                error_burst=self.error_burst,
            )
        return gate

    async def _once(self, url: str, result: FetchResult, max_bytes: int) -> str:
        started = time.monotonic()
        try:
            return await super()._once(url, result, max_bytes)
        finally:  # still inside the gate: the answer shapes the next start
            self.gate(host_of(url)).observe(result.status, time.monotonic() - started)

    async def fetch_prefix(self, url: str, prefix_bytes: int, max_declared_bytes: int) -> FetchResult:
        """GET `url` keeping only its first `prefix_bytes` (a body declared larger than
        `max_declared_bytes` is still refused)."""
        token = _PREFIX_BYTES.set(prefix_bytes)
        try:
            return await self.fetch(url, max_declared_bytes)
        finally:
            _PREFIX_BYTES.reset(token)

    async def _read_body(self, resp: aiohttp.ClientResponse, result: FetchResult, max_bytes: int, host: str) -> str:
        prefix = _PREFIX_BYTES.get()
        if prefix is None:
            return await super()._read_body(resp, result, max_bytes, host)
        if await self._whole_body(resp, result, prefix, host):  # declared no longer than the prefix
            return "done"
        chunks, size = [], 0
        async for chunk in resp.content.iter_chunked(CHUNK):
            chunks.append(chunk)
            size += len(chunk)
            self.bytes_downloaded += len(chunk)
            self.host_bytes[host] += len(chunk)
            if size >= prefix:
                resp.close()  # the rest is never read
                break
        result.body = b"".join(chunks)[:prefix]
        return "done"
