"""The crawl frontier: which page to fetch next, and which links are worth queueing.

One queue per host, taken round-robin, so that a big site does not starve the others while
the fetcher's per-host gate keeps each host's rate polite. Limits that keep a crawl finite:
depth from the seed, pages per host, pages overall (this actor's share of `max_pages`),
a seen-set of canonical URLs, same-site only, and a cap on query variants of one path
(calendars and faceted search generate endless `?page=N&sort=...` URLs).

Several seeds may share a site (`/cs/` and `/ru/` sections of one multilingual site). Each
seed then owns the paths under its folder (its scope), and a page takes the language of the
seed with the longest scope that contains it, so that a language switcher on a Czech page
does not label the Russian section as Czech. A link outside every scope of such a site is
not followed: its language is unknown.
"""
from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass
from urllib.parse import urlsplit

from mella_ray.crawl.urls import canonicalize, host_key, path_key, site_key

MAX_QUERY_VARIANTS = 20


@dataclass(frozen=True)
class PageTask:
    url: str
    depth: int
    lang: str  # the seed's language: every image found under this seed gets it
    site: str  # the seed's site key: links must stay on it


class Frontier:
    def __init__(
        self,
        max_depth: int,
        max_pages: int,
        max_pages_per_host: int,
        max_query_variants: int = MAX_QUERY_VARIANTS,
    ):
        self.max_depth = max_depth
        self.max_pages = max_pages
        self.max_pages_per_host = max_pages_per_host
        self.max_query_variants = max_query_variants
        self._queues: dict[str, deque[PageTask]] = {}
        self._order: deque[str] = deque()  # hosts with queued pages, round-robin
        self._seen: set[str] = set()
        self._variants: Counter[str] = Counter()
        self._scopes: dict[str, list[tuple[str, str]]] = {}  # site -> [(path prefix, lang)]
        self.taken: Counter[str] = Counter()  # pages handed out, per host
        self.taken_total = 0
        self.refused: Counter[str] = Counter()  # links not queued, per reason (for stats)

    def add_seed(self, url: str, lang: str) -> bool:
        canon = canonicalize(url)
        if canon is None:
            self.refused["bad_url"] += 1
            return False
        site = site_key(canon)
        path = urlsplit(canon).path
        self._scopes.setdefault(site, []).append((path[: path.rfind("/") + 1] or "/", lang))
        return self._push(PageTask(canon, 0, lang, site))

    def scope_lang(self, url: str, site: str, default: str) -> str | None:
        """The language of the seed whose scope holds `url` (longest scope wins); None if none does.

        A site with one seed keeps everything in its language (`default`): it has no sections.
        """
        scopes = self._scopes.get(site, [])
        if len(scopes) <= 1:
            return default
        path = urlsplit(url).path
        matches = [(len(prefix), lang) for prefix, lang in scopes if path.startswith(prefix)]
        return max(matches)[1] if matches else None

    def add_link(self, url: str, parent: PageTask) -> bool:
        """Queue a link found on `parent`'s page (already canonical), if the limits allow."""
        depth = parent.depth + 1
        if depth > self.max_depth:
            self.refused["too_deep"] += 1
            return False
        if site_key(url) != parent.site:
            self.refused["off_site"] += 1
            return False
        lang = self.scope_lang(url, parent.site, parent.lang)
        if lang is None:
            self.refused["out_of_scope"] += 1
            return False
        return self._push(PageTask(url, depth, lang, parent.site))

    def mark_seen(self, url: str) -> None:
        """A URL reached by other means (a redirect target) must not be queued again."""
        self._seen.add(url)

    def _push(self, task: PageTask) -> bool:
        if task.url in self._seen:
            self.refused["seen"] += 1
            return False
        host = host_key(task.url)
        if self.taken[host] + len(self._queues.get(host, ())) >= self.max_pages_per_host:
            self.refused["host_cap"] += 1
            return False
        if "?" in task.url:
            key = path_key(task.url)
            if self._variants[key] >= self.max_query_variants:
                self.refused["query_variants"] += 1
                return False
            self._variants[key] += 1
        self._seen.add(task.url)
        queue = self._queues.get(host)
        if queue is None:
            queue = self._queues[host] = deque()
        if not queue:
            self._order.append(host)
        queue.append(task)
        return True

    def pop(self) -> PageTask | None:
        """The next page, rotating over hosts; None when empty or the page budget is spent."""
        if self.taken_total >= self.max_pages:
            return None
        while self._order:
            host = self._order.popleft()
            queue = self._queues[host]
            if not queue:
                continue
            task = queue.popleft()
            if queue:
                self._order.append(host)
            self.taken[host] += 1
            self.taken_total += 1
            return task
        return None

    def pending(self) -> int:
        return sum(len(q) for q in self._queues.values())

    def exhausted(self) -> bool:
        return self.taken_total >= self.max_pages or not self._order
