"""Site furniture by repetition: an image that most pages of a host show, with the same alt.

A header banner, a footer badge or a sidebar teaser that every page carries has an alt that names
the site or its motto ("Suvenýry z Čech – dárky pro každého"), which passes every text rule; its
file name need not say "logo" (alt_page.chrome_image) and it need not link home (extract.py). What
gives it away is that it is everywhere: the same URL, with the same alt, on most pages of its host.

The page's actor owns the page's host (mailbox.Router), so it sees all of the host's pages and
can count: `SiteChrome.page` is told each page's image URLs and alts, and an image seen on at
least `MIN_PAGES` pages, on `SHARE` or more of the host's pages with images, with one alt on all
of them, is the site's chrome from then on (`alt_site_chrome`). A picture that pages describe
differently (an article photo shown beside several teasers) is not chrome, and a page that shows a
chrome image with other alts than its chrome ones (the story a related-posts strip on every page
links to) keeps them. Memory stays small:
only the first `MAX_URLS` image URLs of a host's first `TRACK_PAGES` pages are counted (furniture
is on every page, the first ones included), and after `FORGET_AFTER` pages only the verdicts stay.
One page seen under several URLs counts once: a page is its path without the query and the set
of image URLs it shows, so the variants of a faceted search or a session-id trap (the same
images under `?colour=...&price=...`) are one page, while `article.php?id=1` and `?id=2`, which
show different photos, are two.

Pages seen before the verdict have already given the image its D_know row: the crawler writes one
failure row per chrome image (reason `alt_site_chrome`, with the page and the cleaned alt), and
finalize treats that (site, alt) as a template alt (repeated_alts.py), which sends the row to the
pool unless the image has another text. Counts are not checkpointed: a resumed crawl counts anew,
and the failure rows written before the stop still reach finalize.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray.crawl.checkpoint import output_folder
from mella_ray.crawl.finalize_reads import Mapper, thread_map
from mella_ray.crawl.repeated_alts import alt_key
from mella_ray.crawl.teasers import REASON as TEASER_REASON
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

REASON = "alt_site_chrome"
_SITE_WIDE = pa.array([REASON, TEASER_REASON])  # failure reasons that refuse a text on its whole site
MIN_PAGES = 4  # pages that show the image, at least (three: a shop's featured product on the home page, the
# catalogue and its own page)...
SHARE = 0.5  # ...and this share of the host's pages with images
TRACK_PAGES = 3  # image URLs first seen on a host's first pages are counted...
MAX_URLS = 16  # ...this many per host at most
FORGET_AFTER = 50  # pages of a host after which its counts are dropped (its verdicts stay)
_VARIED = -1  # the pages gave the image different alts: a described picture, not furniture


def _signature(alts: tuple[str, ...]) -> int:
    return hash(alts) & 0x7FFFFFFF


class _Host:
    __slots__ = ("pages", "counts", "chrome", "views")

    def __init__(self):
        self.pages = 0
        self.counts: dict[str, list[int]] | None = {}  # url -> [pages, hash of its alts or _VARIED]
        self.chrome: dict[str, int] = {}  # url -> hash of the alts it has as chrome
        self.views: set[int] = set()  # hashes of the pages counted (path without query, image URLs)


class SiteChrome:
    def __init__(self, min_pages: int = MIN_PAGES, share: float = SHARE):
        self.min_pages = min_pages
        self.share = share
        self.hosts: dict[str, _Host] = {}

    def is_chrome(self, host: str, url: str, alts: tuple[str, ...] | None = None) -> bool:
        """Whether `url` is `host`'s chrome; given the `alts` a page shows it with, whether it is chrome
        there: the story a teaser strip links to shows the same picture with its own caption, which
        is the picture's, not the site's."""
        h = self.hosts.get(host)
        if h is None or url not in h.chrome:
            return False
        return alts is None or h.chrome[url] == _signature(alts)

    def page(self, host: str, images: list[tuple[str, tuple[str, ...]]], page_url: str | None = None) -> set[str]:
        """Count one page of `host` (at `page_url`) showing `images` ((url, alts) in page order);
        returns the URLs that became chrome with this page (those already chrome are answered by
        `is_chrome`). A page already counted under another URL of the same path is not counted."""
        if not images:
            return set()
        h = self.hosts.get(host)
        if h is None:
            h = self.hosts[host] = _Host()
        counts, new = h.counts, set()
        if counts is None:
            h.pages += 1
            return new
        if page_url is not None:
            view = hash((page_url.split("?", 1)[0], frozenset(url for url, _ in images)))
            if view in h.views:
                return new
            h.views.add(view)
        h.pages += 1
        for url, alts in dict(images).items():  # a URL twice on one page counts once
            sig = _signature(alts)
            entry = counts.get(url)
            if entry is None:
                if h.pages <= TRACK_PAGES and len(counts) < MAX_URLS and url not in h.chrome:
                    counts[url] = [1, sig]
                continue
            entry[0] += 1
            if entry[1] != sig:
                entry[1] = _VARIED
            if entry[1] != _VARIED and entry[0] >= self.min_pages and entry[0] >= self.share * h.pages:
                h.chrome[url] = sig
                new.add(url)
                del counts[url]
        if h.pages >= FORGET_AFTER:
            h.counts, h.views = None, set()
        return new


def _site_alt_keys_in(path: str) -> list[int]:
    """The (site, alt) hashes of one failure shard's rows that refuse a text site-wide (only its reason
    column when it has none). Runs where the mapper runs."""
    hits = pc.is_in(storage.read_parquet(path, ["reason"]).column("reason"), value_set=_SITE_WIDE)
    if not pc.any(hits).as_py():
        return []
    rows = storage.read_parquet(path, ["reason", "page_url", "alt"]).filter(hits).to_pylist()
    return [alt_key(r["page_url"], r["alt"]) for r in rows if r["page_url"] and r["alt"]]


def site_alt_keys(crawl_dir: str, mapper: Mapper = thread_map) -> set[int]:
    """The (site, alt) hashes (repeated_alts.alt_key) of the texts the crawl refused for a whole site,
    the alts of its chrome images and its teasers' headlines (teasers.py), read from its failure
    shards where `mapper` runs (the crawl's actors or Ray tasks in the stage: the driver gets the
    hashes only); finalize treats them as template alts."""
    paths = ShardedOutput(output_folder(crawl_dir, "failures")).shard_paths()
    return {key for keys in mapper(_site_alt_keys_in, paths) for key in keys}
