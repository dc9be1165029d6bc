"""One actor's crawl: its hosts' pages and images, its rows, its state. No Ray here.

`Crawler` holds the work (a frontier of pages, per-host image queues), does one job at a
time when asked (`run_job`), and turns results into rows, failures and counters. The
actor (actor.py) runs many jobs concurrently and moves messages; this class never awaits
in the middle of a state change, so a checkpoint taken between two awaits always sees a
consistent state: a job is either queued (or in flight, which counts as queued) or done
with its rows in the buffers.

Hosts belong to one actor each (mailbox.Router). A link or image on a host owned by
another actor is handed to `send(peer, item)`; so is a redirect to such a host.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.checkpoint import ShardBuffers
from mella_ray.crawl.crawler_state import CrawlerState
from mella_ray.crawl.dedup import Sighting
from mella_ray.crawl.extract import extract
from mella_ray.crawl.frontier import Frontier, PageTask
from mella_ray.crawl.host_scheduling import HostScheduling
from mella_ray.crawl.html_sniff import is_html
from mella_ray.crawl.image_jobs import INLINE_PAGE_BYTES, ImageJobs
from mella_ray.crawl.journal import JournaledDict, JournaledMap
from mella_ray.crawl.layout import REASON as LAYOUT_REASON
from mella_ray.crawl.mailbox import Router
from mella_ray.crawl.optout import TdmRepFiles, count_page_text, page_opt_out
from mella_ray.crawl.page_script import REASON as SCRIPT_REASON
from mella_ray.crawl.page_script import kept_script, split_alts
from mella_ray.crawl.polite_fetch import PoliteFetcher
from mella_ray.crawl.politeness import COME_BACK_LATER, RobotsCache
from mella_ray.crawl.process_setup import settle_heap
from mella_ray.crawl.report import CrawlCounters
from mella_ray.crawl.schedule import HostQueues
from mella_ray.crawl.site_chrome import REASON as REASON_SITE_CHROME
from mella_ray.crawl.site_chrome import SiteChrome
from mella_ray.crawl.sitemaps import SitemapJobs
from mella_ray.crawl.teasers import REASON as TEASER_REASON
from mella_ray.crawl.teasers import HeadlineLinks, title_head
from mella_ray.crawl.urls import host_of, site_key
from mella_ray.crawl.warc import WarcIn, WarcOut
from mella_ray.failures import failure
from mella_ray.runtime import storage

log = logging.getLogger(__name__)

CPU_THREADS = 2  # for the large work that does not run inline (image_jobs.INLINE_MAX_BYTES)


class Crawler(HostScheduling, SitemapJobs, ImageJobs, CrawlerState):
    def __init__(
        self, index: int, cfg, crawl_dir: str, router: Router, page_budget: int, send: Callable[[int, dict], None]
    ):
        settle_heap()
        self.index = index
        self.cfg = cfg
        self.router = router
        self.send = send
        self.fetcher = PoliteFetcher.from_config(cfg)
        self.robots = RobotsCache(
            self.fetcher, cfg.user_agent, cfg.respect_robots, cfg.robots_retry_s, cfg.robots_tries
        )
        self.tdmrep = TdmRepFiles(self.fetcher, cfg.respect_tdmrep)
        self._init_scheduling()
        self.site_chrome = SiteChrome()  # images on most pages of a host (site_chrome.py)
        self.headline_links = HeadlineLinks()  # pictures linking pages, and those pages' headings (teasers.py)
        self.frontier = Frontier(
            cfg.max_depth, page_budget, cfg.max_pages_per_host, cfg.max_query_variants, on_push=self._schedule
        )
        self.out = ShardBuffers(crawl_dir, index, cfg.shard_rows)
        self.counters = CrawlCounters()
        self.images = HostQueues(self._schedule)  # host -> image URLs to fetch
        self.sightings: JournaledMap = JournaledMap()  # URL queued or in flight -> its sightings (list)
        self.done_urls = JournaledDict()  # URL -> img_id ("" when it gave no image); journaled for deltas
        self.best = JournaledDict()  # img_id -> rank key of its best logged text (None: pool)
        self.in_flight_pages: dict[int, PageTask] = {}
        self.in_flight_images: set[str] = set()
        self.in_flight_sitemaps: dict[int, object] = {}
        self._init_sitemaps()
        self.host_lang = JournaledDict()  # site -> its seed's language; journaled for deltas
        self.retry_applied: str | None = None  # id of the retry plan queued (retry_jobs.py)
        self.warmed: asyncio.Future | None = None  # warm_up() running in a thread (actor.restore)
        self.cpu_pool = ThreadPoolExecutor(CPU_THREADS, thread_name_prefix=f"crawl-cpu-{index}")
        self.warc_out = WarcOut(storage.join(crawl_dir, "warc"), index, cfg.user_agent) if cfg.warc else None
        self.warc_in = (
            WarcIn(cfg.warc_inputs, index, router.num_actors, cfg.max_page_bytes) if cfg.warc_inputs else None
        )

    async def on_cpu(self, inline: bool, fn, *args):
        """Run CPU work inline (cheap work, see INLINE_MAX_BYTES), else on the thread pool."""
        if inline:
            return fn(*args)
        return await asyncio.get_running_loop().run_in_executor(self.cpu_pool, fn, *args)

    async def close(self) -> None:
        await self.fetcher.close()
        if self.warc_out is not None:
            await self.warc_out.close()
        self.cpu_pool.shutdown(wait=False, cancel_futures=True)

    async def run_job(self, job: tuple) -> None:
        kind, host, item = job
        try:
            if kind == "image":
                await self.do_image(item)
            elif kind == "sitemap":
                await self.do_sitemap(item)
            elif kind == "warc":  # a page read from a WARC input: taken as fetched, its links not followed
                res, lang = item
                await self.take_page(PageTask(res.url, 0, lang, site_key(res.url)), res, follow_links=False)
            else:
                await self.do_page(item)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # a bug on one page must not end the crawl: record it
            url = item if kind == "image" else item[0].url if kind == "warc" else item.url
            log.exception("crawl actor %d: internal error on %s", self.index, url)
            if kind == "image":
                self.sightings.pop(url, None)
                self.done_urls[url] = ""
            self.fail(url, kind, None, "internal_error", f"{type(e).__name__}: {e}", host)

    # ---- seeds, links and forwarded work ----------------------------------------------
    def add_seed(self, url: str, lang: str, depth: int = 0) -> None:
        if self.frontier.add_seed(url, lang, depth):
            self.host_lang.setdefault(site_key(url), lang)
            if depth == 0:
                self.queue_sitemap_discovery(url, lang)

    def receive(self, item: dict) -> None:
        """Work sent by another actor: a page on one of our hosts, or an image sighting."""
        if item.get("kind") == "page":
            self.add_seed(item["url"], item["lang"], item["depth"])
        else:
            self.add_sighting(Sighting.from_dict({k: v for k, v in item.items() if k != "kind"}))

    # ---- pages ------------------------------------------------------------------------
    async def do_page(self, task: PageTask) -> None:
        host = host_of(task.url)

        async def hop_check(url: str) -> str | None:
            # Seeds may redirect anywhere (http -> https, a new domain); deeper pages stay on site.
            if task.depth > 0 and site_key(url) != task.site:
                return "off_site_redirect"
            if not self.router.mine(url):
                return "foreign_host"
            return await self.robots.check(url)

        res = await self.fetcher.fetch(task.url, self.cfg.max_page_bytes, check=hop_check)
        if res.error in COME_BACK_LATER:  # robots.txt to fetch again, or the host not due yet: queued again
            self.frontier.give_back(host, task)
            self.in_flight_pages.pop(id(task), None)
            self.counters.count("pages_requeued", host=host)
            return
        if res.error == "foreign_host":  # a seed moved to a site another actor owns: hand it over
            self.send(
                self.router.owner(res.detail),
                {"kind": "page", "url": res.detail, "lang": task.lang, "depth": task.depth},
            )
            self.counters.count("pages_forwarded", host=host)
            return
        if not res.ok:
            self.counters.count("pages_failed", host=host, lang=task.lang)
            self.fail(task.url, "page", task.lang, res.error, res.detail, host, {"depth": task.depth})
            return
        await self.take_page(task, res)

    async def take_page(self, task: PageTask, res, follow_links: bool = True) -> None:
        """A fetched page (or one read from a WARC file: warc.py) becomes links, sightings and counters."""
        host = host_of(task.url)
        content_type = res.headers.get("content-type")
        if not is_html(content_type, res.body):
            self.counters.count("pages_failed", host=host, lang=task.lang)
            self.fail(task.url, "page", task.lang, "not_html", content_type, host)
            return
        if self.warc_out is not None and res.attempts:  # fetched now, not read from a WARC input
            self.warc_out.write(res)
        cfg = self.cfg
        page = await self.on_cpu(
            len(res.body) <= INLINE_PAGE_BYTES,  # a larger page parses in a thread (image_jobs.py)
            extract,
            res.body,
            res.final_url,
            content_type,
            cfg.keep_data_uris,
            cfg.max_images_per_page,
            cfg.max_alts_per_image,
            cfg.page_parse_timeout_s,
            task.lang,  # a hint for a charset that lies (charset_lang.py)
        )
        if page.error:
            self.counters.count("pages_failed", host=host, lang=task.lang)
            self.fail(task.url, "page", task.lang, page.error, content_type, host)
            return
        # A host's tdmrep.json is read by its owner only: not for pages from WARC inputs (attempts 0),
        # and only once a page shows images: a reservation can only cost us images, so hosts whose
        # pages show none (most of the web's) are spared the request.
        reserved = page_opt_out(page, res.headers, cfg.user_agent) or (
            await self.tdmrep.reserved(res.final_url) if res.attempts and page.images else None
        )  # noai, noindex, TDMRep: not kept
        # From here on no awaits: the page's effects land in one step.
        self.counters.count("pages_fetched", host=host, lang=task.lang)
        self.counters.count("bytes", len(res.body), host=host)
        self.frontier.mark_seen(res.final_url)
        if task.depth == 0 and site_key(res.final_url) != task.site:
            task = PageTask(task.url, task.depth, task.lang, site_key(res.final_url))  # the seed moved
        if page.lang and page.lang.split("-")[0].lower() != task.lang:
            self.counters.count("pages_other_html_lang")  # counted only: the alt filter judges the text
        if page.data_uris_skipped:
            self.counters.count("data_uris_skipped", page.data_uris_skipped, lang=task.lang)
        count_page_text(self.counters, page, task.lang)
        for link in page.links if follow_links else ():
            self.frontier.add_link(link, task)
        self.counters.count("images_found", len(page.images), lang=task.lang)
        images = [(r.url, tuple(r.alts)) for r in page.images]
        chrome = self.site_chrome.page(host, images, res.final_url) if not reserved else ()
        headings = [page.heading, title_head(page.title)]
        for image, alt in self.headline_links.page((task.url, res.final_url), headings):
            self._refuse_headline(image, alt, task.lang, res.final_url)  # linked earlier as a picture alone
        script = kept_script(self.cfg.serbian_script, page.script, task.lang)  # its alts kept (page_script.py)
        context = {"page_url": res.final_url}
        for ref in page.images:
            if reserved:
                self.fail(ref.url, "image", task.lang, reserved, f"reserved by {res.final_url}", host)
                continue
            if ref.url in chrome or self.site_chrome.is_chrome(host, ref.url, tuple(ref.alts)):  # most pages show it
                if ref.url in chrome:
                    self._site_chrome_found(ref, task.lang, host, res.final_url)
                continue
            alts = ref.alts
            if ref.home_link and alts:  # the logo that links home: its alt is the site's name or motto
                self.fail(ref.url, "alt", task.lang, "alt_chrome_image", alts[0][:500], host, context)
                alts = []
            elif alts and ref.region:  # in the site's chrome around the story (layout.py)
                error = f"{ref.region}: {alts[0][:500]}"
                self.fail(ref.url, "alt", task.lang, LAYOUT_REASON, error, host, context)
                alts = []
            elif alts and (ref.teaser or (ref.link and self.headline_links.link(ref.link, ref.url, alts[0]))):
                self._refuse_headline(ref.url, alts[0], task.lang, res.final_url)  # a teaser (teasers.py)
                alts = alts[1:]
            if alts and script:
                alts, other = split_alts(alts, script, task.lang)
                for alt in other:
                    if self._alt_text(alt, task.lang) is None:  # refused anyway: judged for its own reason
                        alts.append(alt)
                        continue
                    self.fail(ref.url, "alt", task.lang, SCRIPT_REASON, alt[:500], host, context)
            self.add_sighting(Sighting(ref.url, res.final_url, task.lang, alts, ref.caption, page.title))

    def _refuse_headline(self, image_url: str, alt: str, lang: str, page_url: str) -> None:
        """A story's headline as a picture's alt: a failure row, which finalize applies to every copy of
        the text on the site (the story page's own, too). An alt refused anyway is left to its own reason."""
        text = self._alt_text(alt, lang)
        if text is not None:
            context = {"page_url": page_url, "alt": text}
            self.fail(image_url, "alt", lang, TEASER_REASON, alt[:500], host_of(page_url), context)

    def _alt_text(self, alt: str, lang: str) -> str | None:
        cfg = self.cfg
        return alt_verdict(alt, lang, cfg.min_alt_chars, cfg.check_alt_language, cfg.max_alt_chars, cfg.min_alt_words)[
            0
        ]

    def _site_chrome_found(self, ref, lang: str, host: str, page_url: str) -> None:
        """One failure row per alt of an image found on most of its host's pages (site_chrome.py):
        finalize sends the image's row, written when an earlier page showed it, to the pool."""
        for alt in ref.alts:
            text = self._alt_text(alt, lang)
            context = {"page_url": page_url, "alt": text or alt}
            self.fail(ref.url, "alt", lang, REASON_SITE_CHROME, alt[:500], host, context)

    # ---- failures ---------------------------------------------------------------------
    def fail(
        self,
        url: str,
        kind: str,
        lang: str | None,
        reason: str | None,
        error: str | None,
        host: str | None = None,
        context: dict | None = None,
    ) -> None:
        """One failure row; `context` holds what a retry needs (records.CRAWL_FAILURES: page_url,
        alt, figcaption, page_title of an image; depth of a page)."""
        # the one failure record (failures.py): a code of the crawl's closed list, or an error here
        record = failure("crawl", reason or "unknown", error)
        self.counters.drop(kind, record.reason, host=host, lang=lang)
        row = {"url": url, "kind": kind, "lang": lang, "reason": record.reason, "error": record.error}
        self.out.add("failures", {**row, **context} if context else row)

    def robots_refusals(self) -> None:
        """Hosts refused as a whole (robots.txt answered 5xx or 429): one failure row each."""
        for host, (url, reason) in self.robots.disallowed_hosts().items():
            self.fail(url, "robots", self.host_lang.get(site_key(host)), reason, "host not crawled", host)
