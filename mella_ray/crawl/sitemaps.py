"""Discovery through sitemaps: the ones robots.txt names, and /sitemap.xml of each seed site.

Pages that no link reaches (a catalogue listed only in its sitemap) are found this way.
`read_sitemap` turns one fetched file into its <loc> URLs: a <urlset> (pages; not the <image:loc>
of image sitemaps) or a <sitemapindex> (more sitemaps), gzip or not, or a plain list of URLs,
parsed by lxml without entities or network,
bounded by `max_bytes` after decompression. `SitemapJobs`, a mixin of Crawler, runs them as
jobs of the host, through the same gate and robots.txt check as pages:
- a "root" job per seed site reads robots.txt's Sitemap: lines and adds /sitemap.xml;
- a "file" job fetches one sitemap: an index queues its children, a urlset queues its pages
  (depth 1, as links of the seed, so the frontier's limits hold: same site, its language
  scope, pages per host, query variants).
Budgets per site: `sitemap_max_files` files fetched and `sitemap_max_urls` URLs read, so a
sitemap index of 50,000 files x 50,000 URLs (the protocol's limits) costs a bounded amount.
"""

from __future__ import annotations

import gzip
import io
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from mella_ray.crawl.frontier import PageTask
from mella_ray.crawl.journal import JournaledDict
from mella_ray.crawl.politeness import COME_BACK_LATER
from mella_ray.crawl.schedule import HostQueues
from mella_ray.crawl.urls import canonicalize, host_of, site_key

GZIP_MAGIC = b"\x1f\x8b"


class SitemapError(ValueError):
    pass


@dataclass(frozen=True)
class SitemapTask:
    url: str
    kind: str  # "root": find the site's sitemaps; "file": fetch and read one
    lang: str
    site: str
    seed: str  # the seed page: pages found are its links (depth 1)


def _gunzip(body: bytes, max_bytes: int) -> bytes:
    out = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = out.decompress(body, max_bytes + 1)
    if len(data) > max_bytes:
        raise SitemapError(f"more than {max_bytes} bytes once decompressed")
    return data


def read_sitemap(body: bytes, max_bytes: int) -> tuple[str, list[str]]:
    """("urlset" | "sitemapindex", <loc> values in order) of one sitemap file."""
    if body[:2] == GZIP_MAGIC:
        try:
            body = _gunzip(body, max_bytes)
        except (zlib.error, EOFError, gzip.BadGzipFile) as e:
            raise SitemapError(f"bad gzip: {e}") from None
    if len(body) > max_bytes:
        raise SitemapError(f"more than {max_bytes} bytes")
    # Templates often print a newline or a BOM before the XML declaration, which XML then refuses.
    body = body.lstrip().removeprefix(b"\xef\xbb\xbf").lstrip()
    if not body.startswith(b"<"):  # the protocol's plain-text form: one URL per line
        lines = body.decode("utf-8", errors="replace").splitlines()
        locs = [line.strip() for line in lines if line.strip().lower().startswith(("http://", "https://"))]
        if not locs:
            raise SitemapError("neither XML nor a list of URLs")
        return "urlset", locs
    kind, locs = None, []
    parser = etree.iterparse(
        io.BytesIO(body),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
    )
    try:
        for event, el in parser:
            tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
            if event == "start":
                if kind is None:
                    if tag not in ("urlset", "sitemapindex"):
                        raise SitemapError(f"not a sitemap (root element <{tag}>)")
                    kind = tag
                continue
            # Only a <url>'s or a <sitemap>'s own <loc>: an image sitemap's <image:loc> (also a "loc")
            # names a picture, not a page, and fetching it as a page would cost a request for nothing.
            parent = el.getparent()
            own = parent is not None and etree.QName(parent).localname in ("url", "sitemap")
            if tag == "loc" and own and el.text and el.text.strip():
                locs.append(el.text.strip())
            if tag in ("url", "sitemap"):
                el.clear()  # memory stays flat over a long file
    except etree.XMLSyntaxError as e:
        if kind is None:
            raise SitemapError(f"not XML: {e}") from None
        # A truncated file still gives the URLs read before the break.
    if kind is None:
        raise SitemapError("empty")
    return kind, locs


class SitemapJobs:
    """Mixin of Crawler; uses its cfg, fetcher, robots, frontier, counters and sitemaps queue."""

    def _init_sitemaps(self) -> None:
        self.sitemaps = HostQueues(self._schedule)  # host -> SitemapTask
        # per site, so journaled: a checkpoint writes the sites changed (sitemap_growing)
        self.sitemap_files = JournaledDict()  # site -> files queued (its budget)
        self.sitemap_urls = JournaledDict()  # site -> URLs read

    def queue_sitemap_discovery(self, seed: str, lang: str) -> None:
        """Once per seed site: look for its sitemaps (a seed of a site already seen adds nothing)."""
        site = site_key(seed)
        if not self.cfg.sitemaps or site in self.sitemap_files:
            return
        self.sitemap_files[site] = 0
        self.sitemaps.push(host_of(seed), SitemapTask(seed, "root", lang, site, seed))

    def _queue_file(self, url: str, parent: SitemapTask) -> None:
        canon = canonicalize(url, parent.url)
        if canon is None or site_key(canon) != parent.site:
            self.counters.count("sitemaps_refused")
            return
        if self.sitemap_files.get(parent.site, 0) >= self.cfg.sitemap_max_files:
            self.counters.count("sitemaps_over_budget")
            return
        self.sitemap_files[parent.site] = self.sitemap_files.get(parent.site, 0) + 1
        self.sitemaps.push(host_of(canon), SitemapTask(canon, "file", parent.lang, parent.site, parent.seed))

    async def do_sitemap(self, task: SitemapTask) -> None:
        host = host_of(task.url)
        if task.kind == "root":
            rules = await self.robots.rules_for(task.seed)
            if rules.policy == "unreachable":  # robots.txt is fetched again later: so is this
                self.sitemaps.push(host, task, front=True)
                return
            named = list(rules.parser.sitemaps) if rules.parser is not None else []
            for url in dict.fromkeys([*named, urljoin(task.seed, "/sitemap.xml")]):
                self._queue_file(url, task)
            return
        res = await self.fetcher.fetch(task.url, self.cfg.sitemap_max_bytes, check=self.robots.check)
        if res.error in COME_BACK_LATER:
            self.sitemaps.push(host, task, front=True)
            return
        if not res.ok:
            self.counters.count(f"sitemap_failed:{res.error}")
            return
        try:
            kind, locs = read_sitemap(res.body, self.cfg.sitemap_max_bytes)
        except SitemapError as e:
            self.counters.count("sitemap_failed:unreadable")
            self.fail(task.url, "sitemap", task.lang, "sitemap_unreadable", str(e), host)
            return
        self.counters.count("sitemap_files")
        if kind == "sitemapindex":
            for url in locs:
                self._queue_file(url, task)
            return
        parent = PageTask(task.seed, 0, task.lang, task.site)
        for url in locs:
            if self.sitemap_urls.get(task.site, 0) >= self.cfg.sitemap_max_urls:
                self.counters.count("sitemap_urls_over_budget", len(locs))
                break
            self.sitemap_urls[task.site] = self.sitemap_urls.get(task.site, 0) + 1
            canon = canonicalize(url, task.url)
            if canon is not None and self.frontier.add_link(canon, parent):
                self.counters.count("sitemap_pages")

    def sitemap_state(self, in_flight: list[SitemapTask] = (), growing: bool = True) -> dict:
        """The sitemaps queued or in flight; the budgets per site too unless `growing` is False
        (then they go by `sitemap_growing`)."""
        queued = [[t.url, t.kind, t.lang, t.site, t.seed] for t in [*in_flight, *self.sitemaps.items()]]
        state: dict = {"queued": queued}
        if growing:
            state.update(files=dict(self.sitemap_files), urls=dict(self.sitemap_urls))
        return state

    def sitemap_growing(self, whole: bool) -> dict:
        if whole:
            return {"sitemap_files": self.sitemap_files.whole(), "sitemap_urls": self.sitemap_urls.whole()}
        return {"sitemap_files": self.sitemap_files.take_changes(), "sitemap_urls": self.sitemap_urls.take_changes()}

    def load_sitemap_state(self, state: dict) -> None:
        """From `sitemap_state()`: "files" and "urls" are there (an older checkpoint) or mixed in
        from the growing maps; they start all noted (journal.py: `all_dirty`)."""
        self.sitemap_files = JournaledDict(state.get("files", {}), all_dirty=True)
        self.sitemap_urls = JournaledDict(state.get("urls", {}), all_dirty=True)
        for row in state.get("queued", []):
            task = SitemapTask(*row)
            self.sitemaps.push(host_of(task.url), task)
