"""Teasers: an image in a link to another page, whose alt is that link's headline.

News front pages, blogs' "related posts", event calendars and offer grids show each story as a
picture and a headline, both linking to the story; CMS themes fill the picture's alt with the
headline ("Как я провела неделю на Камчатке: маршрут и бюджет", "2025학년도 1학기 성적우수
장학생 선발 안내", "Proč nám ujíždí vlak reforem"). The text names the story, not the picture, and
every evaluation of the crawl on sites it had not seen found such alts kept as captions. What
gives them away is the page, not the words: the alt is the text of a link to the page the image
links to (the same <a>, or the headline's own <a> beside it).

A teaser that is only a picture (a "related posts" strip, an offer tile) has no headline link
beside it; there the alt is compared with the heading of the page the link leads to (its <h1>, or
its <title> without the site's name), when that page is crawled (HeadlineLinks).

Refused texts are failure rows (`alt_link_text`) with the page and the text: finalize treats each
as a template alt of its site (site_chrome.site_alt_keys), so the story page's own copy of the
headline, under the same picture, goes too, whichever page was crawled first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

import regex
from selectolax.lexbor import LexborHTMLParser

from mella_ray.crawl.alt_page import TITLE_SEPARATOR
from mella_ray.crawl.urls import canonicalize

_EDGES = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")  # quotes, arrows, "»", "…" around a headline
REASON = "alt_link_text"
MAX_LINK_TEXT = 300  # characters of a link's text compared; a longer one is a paragraph, not a headline


def fold(text: str) -> str:
    """Lowercase, single spaces, no punctuation at either end: how a headline and an alt are compared."""
    return _EDGES.sub("", " ".join(text.split()).casefold())


class LinkTexts:
    """The texts of a page's links by canonical target, built on first use (most pages never ask)."""

    def __init__(self, tree: LexborHTMLParser, base: str, clean: Callable[[str], str]):
        self._tree, self._base, self._clean = tree, base, clean
        self._by_target: dict[str, set[str]] | None = None
        self._by_text: dict[str, set[str]] | None = None  # the other way round, for headline_elsewhere

    @property
    def _targets(self) -> dict[str, set[str]]:
        if self._by_target is None:
            self._by_target = self._build()
        return self._by_target

    def _build(self) -> dict[str, set[str]]:
        by_target: dict[str, set[str]] = {}
        for a in self._tree.css("a[href]"):
            target = canonicalize(a.attributes.get("href") or "", self._base)
            text = a.text(separator=" ")
            if target and text and len(text) <= MAX_LINK_TEXT:
                folded = fold(self._clean(text))
                if folded:
                    by_target.setdefault(target, set()).add(folded)
        return by_target

    def headline_elsewhere(self, alt: str | None, page_url: str) -> bool:
        """Whether `alt` is the text of a link on this page to another page: the picture beside a
        story's headline link, not itself a link (a Joomla blog's intro image)."""
        if not alt or not alt.strip():
            return False
        if self._by_text is None:
            self._by_text = {}
            for target, texts in self._targets.items():
                for text in texts:
                    self._by_text.setdefault(text, set()).add(target)
        return bool(self._by_text.get(fold(alt), set()) - {page_url})

    def headline_of(self, target: str, alt: str | None) -> bool:
        """Whether `alt` is the text of a link to `target` on this page."""
        if not alt or not alt.strip():
            return False
        texts = self._targets.get(target)
        return bool(texts) and fold(alt) in texts

    def names_site(self, alt: str | None, home: str) -> bool:
        """Whether `alt` is the site's name as the page's link home writes it: the whole text, or its first half
        or more up to a separator ("معرض الأصالة للسجاد" beside the header's "معرض الأصالة للسجاد اليدوي – عمّان"):
        a logo's alt, on the home page too, where a link home leads nowhere else."""
        if not alt or not alt.strip():
            return False
        words = fold(alt).split()
        if len(words) < 2:
            return False  # one word is judged by the alt filter; a name needs two to be told from a noun
        for text in self._targets.get(home, ()):
            name = TITLE_SEPARATOR.split(text)[0].split()
            if words == text.split() or (words == name[: len(words)] and 2 * len(words) >= len(name)):
                return True
        return False


class HeadlineLinks:
    """Images in links to other pages, and the headings of the pages crawled, for one actor (a host's
    pages are all crawled by the actor that owns the host): an alt that is the heading of the page its
    link leads to is that page's headline, whichever of the two pages is crawled first. Bounded: the
    oldest entries go first (a link whose target comes far later is missed, not remembered forever).
    Not checkpointed: a resumed crawl misses the pairs split across the restart, which costs
    precision on a few teasers, never a row."""

    def __init__(self, max_entries: int = 50_000):
        self.max_entries = max_entries
        self._pending: OrderedDict[str, list[tuple[str, str]]] = OrderedDict()  # target -> [(image, alt)]
        self._headings: OrderedDict[str, frozenset[str]] = OrderedDict()  # page -> its folded headings

    def page(self, urls: tuple[str, ...], headings: list[str | None]) -> list[tuple[str, str]]:
        """Record a crawled page (its URLs: asked for and after redirects); returns the (image, alt)
        pairs of links seen earlier whose alt is one of its headings."""
        texts = frozenset(f for f in (fold(h) for h in headings if h) if f)
        found = []
        for url in dict.fromkeys(urls):
            _put(self._headings, url, texts, self.max_entries)
            found += [(image, alt) for image, alt in self._pending.pop(url, ()) if fold(alt) in texts]
        return found

    def link(self, target: str, image: str, alt: str) -> bool:
        """Whether `alt` is the heading of `target`, crawled already; if not crawled yet, remembered."""
        texts = self._headings.get(target)
        if texts is not None:
            return fold(alt) in texts
        pending = self._pending.get(target)
        if pending is None:
            _put(self._pending, target, [(image, alt)], self.max_entries)
        elif len(pending) < 8:  # a page linked by many pictures: the first few tell
            pending.append((image, alt))
        return False


def _put(table: OrderedDict, key: str, value, limit: int) -> None:
    table[key] = value
    table.move_to_end(key)
    if len(table) > limit:
        table.popitem(last=False)


def title_head(title: str | None) -> str | None:
    """A page title without the site's name after its last separator ("Proč nám ujíždí vlak reforem |
    Deník": the headline)."""
    if not title:
        return None
    parts = TITLE_SEPARATOR.split(title)
    return " ".join(parts[:-1]) if len(parts) >= 2 else title
