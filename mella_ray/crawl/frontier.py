"""The crawl frontier: which page to fetch next, and which links are worth queueing.

One queue per host (schedule.HostQueues); the crawler takes a host's next page when the
host comes due in its ready queue, so that a slow host with a long Crawl-delay never holds
the workers that other hosts could use. Limits that keep a crawl
finite: depth from the seed, pages per host, pages overall (this actor's share of
`max_pages`), a seen-set of canonical URLs, same-site only, and a cap on query variants
of one path (calendars and faceted search generate endless `?page=N&sort=...` URLs).

Several seeds may share a site (`/cs/` and `/ru/` sections of one multilingual site). Each
seed then owns the paths under its folder (its scope), and a page takes the language of the
seed with the longest scope that contains it, so that a language switcher on a Czech page
does not label the Russian section as Czech. A link outside every scope of such a site is
not followed: its language is unknown.

The whole frontier round-trips through `to_state`/`load_state` (plain JSON types) for resume;
its growing part (seen-set, variants, the pages queued or in flight, pages taken per host and
scopes per site) can also be taken as changes (`growing`). `taken` is journaled as it is,
pages in flight included; the state says how many were in flight per host
(`taken_in_flight`), and load_state takes them off, since they are redone after a resume.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from mella_ray.crawl.journal import JournaledCounter, JournaledDict, JournaledMap, JournaledSet
from mella_ray.crawl.schedule import HostQueues
from mella_ray.crawl.urls import canonicalize, host_of, path_key, site_key

MAX_QUERY_VARIANTS = 20


def _encode_scopes(scopes: list[tuple[str, str]]) -> list[list[str]]:
    return [list(s) for s in scopes]  # a copy: checkpoints are serialised in a thread


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
        on_push: Callable[[str], None] | None = None,
    ):
        self.max_depth = max_depth
        self.max_pages = max_pages
        self.max_pages_per_host = max_pages_per_host
        self.max_query_variants = max_query_variants
        self.queue = HostQueues(on_push)
        # every page queued or in flight, url -> [depth, lang, site]: checkpoints write its changes,
        # and a resume queues it again (thousands of hosts' queues are not rewritten every time)
        self.pages = JournaledMap()
        self._given_back: set[str] = set()  # in flight, but queued again: not finished when its job ends
        self._seen = JournaledSet()  # journaled: checkpoints write what changed (state_log)
        self._variants = JournaledCounter()
        self._scopes = JournaledDict()  # site -> [(path prefix, lang)]; appended to: touched
        self.taken = JournaledCounter()  # pages handed out, per host (in flight included)
        self.taken_total = 0
        self.refused: Counter[str] = Counter()  # links not queued, per reason (for stats)

    def add_seed(self, url: str, lang: str, depth: int = 0) -> bool:
        canon = canonicalize(url)
        if canon is None:
            self.refused["bad_url"] += 1
            return False
        site = site_key(canon)
        path = urlsplit(canon).path
        scope = (path[: path.rfind("/") + 1] or "/", lang)
        if scope not in self._scopes.setdefault(site, []):
            self._scopes[site].append(scope)
            self._scopes.touch(site)
        return self._push(PageTask(canon, depth, lang, site))

    def scope_lang(self, url: str, site: str, default: str) -> str | None:
        """The language of the seed whose scope holds `url` (longest scope wins); None if none does.

        A site with one seed keeps everything in its language (`default`): it has no sections.
        """
        scopes = self._scopes.get(site, [])
        if len({lang for _, lang in scopes}) <= 1:
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
        host = host_of(task.url)
        if self.taken[host] + self.queue.count(host) >= self.max_pages_per_host:
            self.refused["host_cap"] += 1
            return False
        if "?" in task.url:
            key = path_key(task.url)
            if self._variants[key] >= self.max_query_variants:
                self.refused["query_variants"] += 1
                return False
            self._variants[key] += 1
        self._seen.add(task.url)
        self._queue(host, task)
        return True

    def _queue(self, host: str, task: PageTask, front: bool = False) -> None:
        self.pages[task.url] = [task.depth, task.lang, task.site]
        self.queue.push(host, task, front=front)

    def finished(self, task: PageTask) -> None:
        """The page's job ended (fetched, failed or handed to another actor): not redone on resume."""
        if task.url in self._given_back:
            self._given_back.discard(task.url)
        else:
            self.pages.pop(task.url, None)

    def requeue_failed(self, url: str, depth: int, lang: str, fetched: bool) -> None:
        """A page that failed, queued again by a retry (crawl/retry_jobs.py) although it was seen;
        its page budget comes back when it was spent on the failed fetch (`fetched`)."""
        task = PageTask(url, depth, lang, site_key(url))
        host = host_of(url)
        if fetched and self.taken[host] > 0:
            self.taken[host] -= 1
            self.taken_total = max(self.taken_total - 1, 0)
        self._seen.add(url)
        self._queue(host, task)

    def budget_left(self) -> bool:
        return self.taken_total < self.max_pages

    def pop_host(self, host: str) -> PageTask | None:
        """The next page of `host`; None when it has none or the page budget is spent."""
        if not self.budget_left():
            return None
        task = self.queue.pop_host(host)
        if task is not None:
            self.taken[host] += 1
            self.taken_total += 1
        return task

    def pop(self, ready: Callable[[str], bool] | None = None) -> PageTask | None:
        """The next page of the first host that is `ready` (a scan: for tests and small tools;
        the crawler uses its ready queue and pop_host)."""
        for host in self.queue.hosts():
            if ready is None or ready(host):
                return self.pop_host(host)
        return None

    def give_back(self, host: str, task: PageTask) -> None:
        """A page handed out but not done (cancelled, robots.txt to be fetched again): queued first."""
        self.taken[host] -= 1
        self.taken_total -= 1
        self._given_back.add(task.url)
        self._queue(host, task, front=True)

    def pending(self) -> int:
        return len(self.queue)

    # ---- resume -------------------------------------------------------------------------
    def growing(self, whole: bool) -> dict:
        """The seen-set, query variants, pages queued or in flight, pages taken per host and
        scopes per site: whole, or what changed since last asked (state_log)."""
        if whole:
            self._seen.take_changes(), self._variants.take_changes()
            return {
                "seen": list(self._seen),
                "variants": dict(self._variants),
                "pages": self.pages.whole(),
                "taken": self.taken.whole(),
                "scopes": self._scopes.whole(_encode_scopes),
            }
        return {
            "seen": self._seen.take_changes(),
            "variants": self._variants.take_changes(),
            "pages": self.pages.take_changes(),
            "taken": self.taken.take_changes(),
            "scopes": self._scopes.take_changes(_encode_scopes),
        }

    def to_state(self, in_flight: list[PageTask] = (), growing: bool = True) -> dict:
        """Plain-JSON state; pages in flight count as queued (they are redone after a resume).
        Without `growing`, the growing maps are left to `growing()`; the journal is left alone."""
        state = {
            "taken_in_flight": dict(Counter(host_of(task.url) for task in in_flight)),
            "taken_total": self.taken_total - len(in_flight),
            "refused": dict(self.refused),  # per reason: a handful of keys
        }
        if growing:
            state.update(seen=sorted(self._seen), variants=dict(self._variants), pages=dict(self.pages))
            state.update(taken=dict(self.taken), scopes={s: _encode_scopes(v) for s, v in self._scopes.items()})
        return state

    def load_state(self, state: dict) -> None:
        """From `to_state()`, or a checkpoint's frontier with its merged growing maps mixed in;
        an older checkpoint has `taken` with the pages in flight already taken off, and no
        `taken_in_flight`. Taken and scopes start all noted (journal.py: `all_dirty`)."""
        self._seen = JournaledSet(state["seen"])
        self._variants = JournaledCounter(state["variants"])
        scopes = {site: [tuple(s) for s in scopes] for site, scopes in state["scopes"].items()}
        self._scopes = JournaledDict(scopes, all_dirty=True)
        taken = Counter(state["taken"])
        taken.subtract(state.get("taken_in_flight", {}))
        # a host left at 0 stays a key: the next checkpoint must overwrite its count on disk
        self.taken = JournaledCounter({h: max(n, 0) for h, n in taken.items()}, all_dirty=True)
        self.taken_total = state["taken_total"]
        self.refused = Counter(state["refused"])
        self.queue = HostQueues(self.queue.on_push)
        self._given_back = set()
        # pages queued or in flight; "queued" (a list of rows) is the layout of older checkpoints
        pages = state.get("pages") or {row[0]: row[1:] for row in state.get("queued", [])}
        self.pages = JournaledMap(pages)
        for url, (depth, lang, site) in pages.items():
            self.queue.push(host_of(url), PageTask(url, depth, lang, site))
