"""The crawl worker: one asyncio event loop that crawls a partition of hosts.

`CrawlActor` is a plain class with async methods; stage.py turns it into a Ray async actor
(`ray.remote(num_cpus=0.5)(CrawlActor)`), which keeps this module testable without Ray.
Each actor owns whole hosts (stage.py partitions seeds by hash(host)), so per-host
politeness, robots.txt and page limits hold cluster-wide without coordination. What does
need coordination, images shared between hosts (a CDN, a logo on every site), goes
through `DedupRegistry`: the first actor to claim an image URL fetches it, the first to
claim an img_id keeps it.

Work items are pages (from the frontier) and images (found on pages); workers take images
first, so the image backlog stays short and memory bounded.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from dataclasses import replace
from urllib.parse import urlsplit

from mella_ray import records
from mella_ray.crawl.alt_filter import alt_usable, normalize_alt
from mella_ray.crawl.extract import ImageRef, extract, is_html
from mella_ray.crawl.fetch import Fetcher
from mella_ray.crawl.frontier import Frontier, PageTask
from mella_ray.crawl.images import check_image, image_id
from mella_ray.crawl.robots import RobotsCache
from mella_ray.crawl.urls import site_key
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)

MAX_SHARD_BYTES = 64 * 1024 * 1024  # flush a shard early when its images pass this size
OUTPUTS = {"know": records.CRAWL_IMAGES, "pool": records.CRAWL_IMAGES, "failures": records.CRAWL_FAILURES}


class DedupRegistry:
    """Crawl-wide first-claim-wins sets; one instance (a Ray actor) per crawl."""

    def __init__(self):
        self._sets: dict[str, set[str]] = {}

    def claim(self, kind: str, keys: list[str]) -> list[bool]:
        """For each key: True if this call is the first to claim it."""
        seen = self._sets.setdefault(kind, set())
        out = []
        for k in keys:
            out.append(k not in seen)
            seen.add(k)
        return out


class LocalClaims:
    """The registry interface (`async claim`) over an in-process DedupRegistry (tests, 1 actor)."""

    def __init__(self, registry: DedupRegistry | None = None):
        self.registry = registry or DedupRegistry()

    async def claim(self, kind: str, keys: list[str]) -> list[bool]:
        return self.registry.claim(kind, keys)


class CrawlActor:
    def __init__(self, index: int, crawl_cfg, crawl_dir: str, seeds: list[dict], page_budget: int, claims=None):
        self.index = index
        self.cfg = crawl_cfg
        self.seeds = seeds
        self.page_budget = page_budget
        self.claims = claims or LocalClaims()
        self.outputs = {name: ShardedOutput(storage.join(crawl_dir, name)) for name in OUTPUTS}
        self._buffers: dict[str, list[dict]] = {name: [] for name in OUTPUTS}
        self._buffer_bytes: Counter[str] = Counter()
        self._seq: Counter[str] = Counter()
        self.stats = StageStats("crawl")
        self.counts: Counter[str] = Counter()  # pages, images, duplicates... (stats extras)
        self.pool_reasons: Counter[str] = Counter()

    # ---- the loop -----------------------------------------------------------------------
    async def run(self) -> dict:
        cfg = self.cfg
        self.fetcher = Fetcher.from_config(cfg)
        self.robots = RobotsCache(self.fetcher, cfg.user_agent, cfg.respect_robots)
        self.frontier = Frontier(cfg.max_depth, self.page_budget, cfg.max_pages_per_host)
        self.images: deque[tuple[ImageRef, str, str]] = deque()  # (ref, page_url, lang)
        self.seen_image_urls: set[str] = set()
        self.seen_ids: set[str] = set()
        self.host_lang: dict[str, str] = {}
        for seed in self.seeds:
            if self.frontier.add_seed(seed["url"], seed["lang"]):
                self.host_lang[site_key(seed["url"])] = seed["lang"]
        self.cond = asyncio.Condition()
        self.inflight = 0
        self.deadline = time.monotonic() + cfg.max_run_s
        self.deadline_hit = False
        log.info("crawl actor %d: %d seed(s), page budget %d", self.index, len(self.seeds), self.page_budget)
        workers = [asyncio.create_task(self._worker()) for _ in range(cfg.concurrency_per_actor)]
        # Workers stop taking work at the deadline; give in-flight requests their timeout, then cancel.
        grace = cfg.total_timeout_s * (cfg.max_retries + 1) + 5
        done, pending = await asyncio.wait(workers, timeout=cfg.max_run_s + grace)
        for task in pending:
            task.cancel()
        if pending:
            self.deadline_hit = True
            await asyncio.gather(*pending, return_exceptions=True)
        await self.fetcher.close()
        # Only a failed shard write gets out of a worker: the crawl must fail, not be marked done.
        errors = [t.exception() for t in done if not t.cancelled() and t.exception() is not None]
        if errors:
            raise errors[0]
        for host, (url, reason) in self.robots.disallowed_hosts().items():
            self._fail(url, "robots", self.host_lang.get(site_key(host)), reason, "host not crawled")
        for name in OUTPUTS:
            await self._flush(name)
        return self._result()

    async def _worker(self) -> None:
        while True:
            job = await self._next_job()
            if job is None:
                return
            try:
                if isinstance(job, PageTask):
                    await self._do_page(job)
                else:
                    await self._do_image(*job)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # a bug on one page must not end the crawl: record it
                log.exception("crawl actor %d: internal error", self.index)
                url = job.url if isinstance(job, PageTask) else job[0].url
                kind = "page" if isinstance(job, PageTask) else "image"
                self._fail(url, kind, None, "internal_error", f"{type(e).__name__}: {e}")
            try:
                await self._flush_full()
            finally:
                async with self.cond:
                    self.inflight -= 1
                    self.cond.notify_all()  # a finished job may have queued new work, or ended it

    async def _next_job(self):
        async with self.cond:
            while True:
                if time.monotonic() > self.deadline:
                    self.deadline_hit = True
                    return None
                job = self.images.popleft() if self.images else self.frontier.pop()
                if job is not None:
                    self.inflight += 1
                    return job
                if self.inflight == 0:  # nothing queued, nothing running: the crawl is over
                    self.cond.notify_all()
                    return None
                await self.cond.wait()

    # ---- pages --------------------------------------------------------------------------
    async def _do_page(self, task: PageTask) -> None:
        async def hop_check(url: str) -> str | None:
            # Seeds may redirect anywhere (http -> https, a new domain); deeper pages stay on site.
            if task.depth > 0 and site_key(url) != task.site:
                return "off_site_redirect"
            return await self.robots.check(url)

        res = await self.fetcher.fetch(task.url, self.cfg.max_page_bytes, check=hop_check)
        if not res.ok:
            self.counts["pages_failed"] += 1
            self._fail(task.url, "page", task.lang, res.error, res.detail)
            return
        self.counts["pages_fetched"] += 1
        self.frontier.mark_seen(res.final_url)
        content_type = res.headers.get("content-type")
        if not is_html(content_type, res.body):
            self._fail(task.url, "page", task.lang, "not_html", content_type)
            return
        if task.depth == 0 and site_key(res.final_url) != task.site:
            task = replace(task, site=site_key(res.final_url))  # the seed moved: follow its new site
        page = extract(res.body, res.final_url, content_type)
        if page.lang and page.lang.split("-")[0].lower() != task.lang:
            self.counts["pages_other_html_lang"] += 1  # counted only: the alt filter judges the text
        for link in page.links:
            self.frontier.add_link(link, task)
        for ref in page.images:
            self.images.append((ref, res.final_url, task.lang))
        self.counts["images_found"] += len(page.images)

    # ---- images -------------------------------------------------------------------------
    async def _do_image(self, ref: ImageRef, page_url: str, lang: str) -> None:
        cfg = self.cfg
        url = ref.url
        # The same URL is fetched once per crawl: here first, then crawl-wide via the registry.
        if url in self.seen_image_urls:
            self.counts["duplicate_image_urls"] += 1
            return
        self.seen_image_urls.add(url)  # before awaiting, so a concurrent worker sees it
        if not (await self.claims.claim("url", [url]))[0]:
            self.counts["duplicate_image_urls"] += 1
            return
        if urlsplit(url).path.lower().endswith((".svg", ".svgz")):
            self._fail(url, "image", lang, "svg", "by file name, not fetched")  # vector art: never kept
            return
        res = await self.fetcher.fetch(url, cfg.max_image_bytes, check=self.robots.check)
        if not res.ok:
            self._fail(url, "image", lang, res.error, res.detail)
            return
        self.counts["images_downloaded"] += 1
        check = await asyncio.to_thread(
            check_image, res.body, cfg.min_side, cfg.max_aspect, cfg.max_pixels, cfg.formats,
            res.headers.get("content-type"),
        )
        if not check.ok:
            self._fail(url, "image", lang, check.reason, check.detail)
            return
        img_id = image_id(res.body)
        # Same bytes under another URL: the first one kept wins, crawl-wide.
        duplicate = img_id in self.seen_ids
        self.seen_ids.add(img_id)
        if duplicate or not (await self.claims.claim("id", [img_id]))[0]:
            self.stats.drop("image:duplicate_image")
            return
        alt, reason = self._native_text(ref, lang)
        source = "know" if alt is not None else "pool"
        if alt is None:
            self.pool_reasons[reason] += 1
        row = {
            "img_id": img_id, "image": res.body, "image_url": url, "page_url": page_url, "lang": lang,
            "alt": alt, "width": check.width, "height": check.height, "format": check.format, "category": None,
        }
        self.stats.keep(f"{source}/{lang}")
        self._add(source, row, len(res.body))

    def _native_text(self, ref: ImageRef, lang: str) -> tuple[str | None, str]:
        """The first usable of (alt, figcaption), normalised; else None and the alt's reason."""
        first_reason = None
        for text in (ref.alt, ref.caption):
            ok, reason = alt_usable(text, lang, self.cfg.min_alt_chars, self.cfg.check_alt_language)
            if ok:
                return normalize_alt(text), "ok"
            first_reason = first_reason or reason
        return None, first_reason or "alt_missing"

    # ---- output -------------------------------------------------------------------------
    def _fail(self, url: str, kind: str, lang: str | None, reason: str | None, error: str | None) -> None:
        reason = reason or "unknown"
        self.stats.drop(f"{kind}:{reason}")
        self._buffers["failures"].append({"url": url, "kind": kind, "lang": lang, "reason": reason, "error": error})

    def _add(self, name: str, row: dict, nbytes: int) -> None:
        self._buffers[name].append(row)
        self._buffer_bytes[name] += nbytes

    async def _flush_full(self) -> None:
        """Write every buffer that has reached a shard's rows or bytes (called between jobs)."""
        for name in OUTPUTS:
            if len(self._buffers[name]) >= self.cfg.shard_rows or self._buffer_bytes[name] >= MAX_SHARD_BYTES:
                await self._flush(name)

    async def _flush(self, name: str) -> None:
        rows = self._buffers[name]
        if not rows:
            return
        # Take the rows and the shard number before awaiting, so concurrent flushes never overlap.
        self._buffers[name], self._buffer_bytes[name] = [], 0
        shard = f"a{self.index}-{self._seq[name]:05d}"
        self._seq[name] += 1
        table = records.to_table(rows, OUTPUTS[name])
        await asyncio.to_thread(self.outputs[name].write, shard, table)
        self.counts[f"shards_{name}"] += 1

    def _result(self) -> dict:
        out = self.stats.as_dict()
        out.update(
            actor=self.index,
            counts=dict(self.counts),
            bytes_downloaded=self.fetcher.bytes_downloaded,
            requests=self.fetcher.requests,
            pool_reasons=dict(self.pool_reasons),
            links_refused=dict(self.frontier.refused),
            pages_left_in_frontier=self.frontier.pending(),
            stopped_by_deadline=self.deadline_hit,
        )
        return out
