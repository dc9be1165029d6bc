"""The image half of a Crawler: sightings in, one row per distinct image out.

An image URL is fetched once per crawl (by the actor that owns its host). Sightings of a
URL that is queued or in flight are collected and judged together when the bytes arrive;
sightings that come later, and other URLs with the same bytes, can only add a better text:
those are logged to crawl/alt_candidates and finalize.py applies the best-alt rule
crawl-wide (dedup.py). The row itself is written once, with the best text known then.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mella_ray.crawl.dedup import Candidate, Sighting, candidate_key, choose, judge
from mella_ray.crawl.images import check_crawled_image, header_pixels, image_id
from mella_ray.crawl.optout import image_opt_out
from mella_ray.crawl.politeness import COME_BACK_LATER
from mella_ray.crawl.trackers import tracker_host
from mella_ray.crawl.urls import host_of
from mella_ray.infer.datauri import DataUrlError, parse_data_url

MAX_SIGHTINGS_PER_URL = 16  # a site-wide image needs no thousand sightings to find its best text
VECTOR_SUFFIXES = (".svg", ".svgz")

# CPU work (decoding, hashing, parsing) of an ordinary image or page runs inline on the event
# loop: handing it to a thread costs more than it saves. Pillow and zlib release the GIL but
# the Python around them does not, so the loop and the worker threads fight for the GIL and
# every socket call of the loop waits for it (measured on 5,000 loopback images: 28% less CPU
# inline than with 2 threads, at the same wall time). Large work, which would stall every
# connection of the actor, goes to the threads: images over INLINE_MAX_BYTES or whose header
# declares more than INLINE_MAX_PIXELS (a 50 kB PNG can hold 36 MP and take half a second to
# decode), and pages over INLINE_PAGE_BYTES (Lexbor and the walk take ~55 us per kB, so a page
# inline stalls the loop no longer than decoding a WebP photo: ~2 ms). Below INLINE_SURE_BYTES
# no header is read: deflate's 1:1032 bound keeps such an image under ~16M samples, a few tens
# of milliseconds.
INLINE_MAX_BYTES = 256 * 1024
INLINE_MAX_PIXELS = 4_000_000
INLINE_PAGE_BYTES = 32 * 1024
INLINE_SURE_BYTES = 16 * 1024


def image_inline(data: bytes) -> bool:
    """Whether checking this image on the event loop is cheap enough (see INLINE_MAX_BYTES)."""
    if len(data) <= INLINE_SURE_BYTES:
        return True
    return len(data) <= INLINE_MAX_BYTES and header_pixels(data) <= INLINE_MAX_PIXELS


def retry_context(sightings: list[Sighting] | None) -> dict:
    """The page and texts of a failed image, for its failure row: what a retry needs to make it a
    D_know row. Of several sightings, the one with the longest alt attribute is kept."""
    if not sightings:
        return {}
    s = max(sightings, key=lambda s: max((len(a) for a in s.alts), default=-1))
    alt = max(s.alts, key=len) if s.alts else None
    return {"page_url": s.page_url, "alt": alt, "figcaption": s.caption, "page_title": s.title}


def _is_vector(url: str) -> bool:
    """Whether the URL's path names an SVG. A look at the path's end first: urlsplit on every
    sighting was a share of its CPU."""
    head = url.partition("?")[0].partition("#")[0]
    return head[-5:].lower().endswith(VECTOR_SUFFIXES) and urlsplit(url).path.lower().endswith(VECTOR_SUFFIXES)


def _host(url: str) -> str:
    return "" if url.startswith("data:") else host_of(url)


def _check_and_hash(data: bytes, cfg, content_type: str | None):
    """CPU work of one image (inline, or in a thread when large): decode and measure, then sha256."""
    check = check_crawled_image(
        data,
        cfg.min_side,
        cfg.max_aspect,
        cfg.max_pixels,
        cfg.formats,
        content_type,
        with_phash=cfg.near_duplicates != "off",
    )
    return check, (image_id(data) if check.ok else None)


class ImageJobs:
    """Mixin of Crawler; uses its cfg, router, send, fetcher, robots, out, counters and image state."""

    def add_sighting(self, s: Sighting) -> None:
        if not s.url.startswith("data:") and not self.router.mine(s.url):
            self.send(self.router.owner(s.url), {"kind": "image", **s.to_dict()})
            self.counters.count("images_forwarded")
            return
        url = s.url
        if url in self.done_urls:  # fetched already: only its text can still improve
            self.counters.count("duplicate_image_urls", lang=s.lang)
            if self.done_urls[url]:
                self._late_sighting(self.done_urls[url], s)
            return
        pending = self.sightings.get(url)
        if pending is not None:
            self.counters.count("duplicate_image_urls", lang=s.lang)
            if len(pending) < MAX_SIGHTINGS_PER_URL:
                pending.append(s)
                self.sightings.touch(url)  # changed in place: the next checkpoint writes it
            return
        if _is_vector(url):  # vector art: never kept, never fetched
            self.done_urls[url] = ""
            self.fail(url, "image", s.lang, "svg", "by file name, not fetched", _host(url), retry_context([s]))
            return
        if tracker_host(_host(url)):  # an analytics or ad beacon (trackers.py): never asked
            self.done_urls[url] = ""
            why = "a tracker's host, not fetched"
            self.fail(url, "image", s.lang, "tracking_pixel", why, _host(url), retry_context([s]))
            return
        queued = self.images.queues.get(_host(url))
        if queued is not None and len(queued) >= self.cfg.max_queued_images_per_host:  # a gallery trap
            self.done_urls[url] = ""
            why = f"{len(queued)} images queued on its host"
            self.fail(url, "image", s.lang, "host_queue_full", why, _host(url), retry_context([s]))
            return
        self.sightings[url] = [s]
        self.queue_image(url)

    async def do_image(self, url: str) -> None:
        cfg = self.cfg
        sightings = self.sightings[url]
        lang, host = sightings[0].lang, _host(url)
        if url.startswith("data:"):
            try:
                content_type, data = parse_data_url(url, cfg.max_image_bytes)
            except DataUrlError as e:
                return self._give_up(url, lang, e.code, None, host)
        else:

            async def hop_check(hop: str) -> str | None:
                if not self.router.mine(hop):
                    return "foreign_host"
                # robots.txt first (it may set a Crawl-delay), then the host's /.well-known/tdmrep.json
                return await self.robots.check(hop) or await self.tdmrep.reserved(hop)

            res = await self.fetcher.fetch(url, cfg.max_image_bytes, check=hop_check)
            if res.error in COME_BACK_LATER:  # robots.txt to fetch again, or the host not due yet: queued again
                self.in_flight_images.discard(url)
                self.queue_image(url, front=True)
                return
            if res.error == "foreign_host":  # redirected to a host another actor owns: hand it over
                return self._forward_redirect(url, res.detail, sightings)
            if not res.ok:
                return self._give_up(url, lang, res.error, res.detail, host)
            reserved = image_opt_out(res.headers, cfg.user_agent)  # X-Robots-Tag / tdm-reservation on the image
            if reserved:
                return self._give_up(url, lang, reserved, "reserved by its response headers", host)
            data, content_type = res.body, res.headers.get("content-type")
        if self.warmed is not None and not self.warmed.done():
            await self.warmed  # judging texts needs the language model: never load it on the loop
        check, img_id = await self.on_cpu(image_inline(data), _check_and_hash, data, cfg, content_type)
        # From here on no awaits: the image's effects land in one step.
        self.counters.count("images_downloaded", host=host, lang=lang)
        self.counters.count("bytes", len(data), host=host)
        if not check.ok:
            return self._give_up(url, lang, check.reason, check.detail, host)
        del self.sightings[url]
        self.done_urls[url] = img_id
        if img_id in self.best:  # the same bytes under another URL of ours
            self.counters.count("duplicate_images", host=host, lang=lang)
            self.counters.drop("image", "duplicate_image", host=host, lang=lang)
            for s in sightings:
                self._late_sighting(img_id, s)
            return
        # A data: URI is its own bytes: the row names it by media type and hash instead.
        row_url = f"data:{content_type};sha256,{img_id}" if url.startswith("data:") else url
        candidates = [c for s in sightings for c in judge(s, row_url, cfg)]
        best = choose(candidates)
        self._record_refused_texts(candidates)
        source = "know" if best.usable else "pool"
        row = {
            "img_id": img_id,
            "image": data,
            "image_url": row_url,
            "page_url": best.page_url,
            "lang": best.lang,
            "alt": best.text,
            "width": check.width,
            "height": check.height,
            "format": check.format,
            "category": None,
            "page_title": best.title,
            "figcaption": best.caption,
            "phash": check.phash,
            "dup_group": None,
        }
        self.out.add(source, row, len(data))
        self.counters.count(source, host=host, lang=best.lang)
        if best.usable:  # the row holds its text: only a better one found later is logged
            self.best[img_id] = candidate_key(best)
        else:
            self.best[img_id] = None
            self.counters.count(f"pool_reason:{best.reason}", lang=best.lang)

    def _give_up(self, url: str, lang: str, reason: str, detail: str | None, host: str) -> None:
        sightings = self.sightings.pop(url, None)
        self.done_urls[url] = ""
        self.fail(url, "image", lang, reason, detail, host, retry_context(sightings))

    def _forward_redirect(self, url: str, target: str, sightings: list[Sighting]) -> None:
        self.sightings.pop(url, None)
        self.done_urls[url] = ""
        if sightings[0].hops >= self.cfg.max_redirects:
            self.fail(url, "image", sightings[0].lang, "too_many_redirects", target, _host(url))
            return
        for s in sightings:
            moved = Sighting(target, s.page_url, s.lang, s.alts, s.caption, s.title, s.hops + 1)
            self.send(self.router.owner(target), {"kind": "image", **moved.to_dict()})
        self.counters.count("images_redirect_forwarded", host=_host(url))

    def _late_sighting(self, img_id: str, s: Sighting) -> None:
        """A text for an image that already has its row: logged if it beats the best so far."""
        url = s.url
        for c in judge(s, url, self.cfg):
            if not c.usable:
                self.counters.drop("alt", c.reason, lang=c.lang)
                continue
            key, current = candidate_key(c), self.best.get(img_id)
            if current is None or key < current:  # finalize applies the same rule crawl-wide
                self._log_candidate(img_id, c)
                self.best[img_id] = key
                self.counters.count("late_better_texts", lang=c.lang)

    def _log_candidate(self, img_id: str, c: Candidate) -> None:
        self.out.add(
            "alt_candidates",
            {
                "img_id": img_id,
                "alt": c.text,
                "source": c.source,
                "page_url": c.page_url,
                "image_url": c.image_url,
                "lang": c.lang,
                "page_title": c.title,
                "figcaption": c.caption,
            },
        )

    def _record_refused_texts(self, candidates: list[Candidate]) -> None:
        """Every refused text is a drop with a reason; those with text become failure rows too."""
        for c in candidates:
            if c.usable:
                continue
            self.counters.drop("alt", c.reason, lang=c.lang)
            if c.raw and c.raw.strip():
                self.out.add(
                    "failures",
                    {
                        "url": c.image_url,
                        "kind": "alt",
                        "lang": c.lang,
                        "reason": c.reason,
                        "error": c.raw.strip()[:500],
                        "page_url": c.page_url,
                        "figcaption": c.caption,
                        "page_title": c.title,
                    },
                )
