"""Teasers: an image in a link to another page, whose alt is that link's headline.

News front pages, blogs' "related posts", event calendars and offer grids show each story as a
picture and a headline, both linking to the story; CMS themes fill the picture's alt with the
headline ("Как я провела неделю на Камчатке: маршрут и бюджет", "2025학년도 1학기 성적우수
장학생 선발 안내", "Proč nám ujíždí vlak reforem"). The text names the story, not the picture, and
every evaluation of the crawl on sites it had not seen found such alts kept as captions. What
gives them away is the page, not the words: the alt is the text of a link to the page the image
links to (the same <a>, or the headline's own <a> beside it).

The picture's own page, where it is not a link, keeps its alt as before; only the teaser's copy
of the text is refused (`alt_link_text`).
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from selectolax.lexbor import LexborHTMLParser

from mella_ray.crawl.urls import canonicalize

_EDGES = regex.compile(r"^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$")  # quotes, arrows, "»", "…" around a headline
MAX_LINK_TEXT = 300  # characters of a link's text compared; a longer one is a paragraph, not a headline


def fold(text: str) -> str:
    """Lowercase, single spaces, no punctuation at either end: how a headline and an alt are compared."""
    return _EDGES.sub("", " ".join(text.split()).casefold())


class LinkTexts:
    """The texts of a page's links by canonical target, built on first use (most pages never ask)."""

    def __init__(self, tree: LexborHTMLParser, base: str, clean: Callable[[str], str]):
        self._tree, self._base, self._clean = tree, base, clean
        self._by_target: dict[str, set[str]] | None = None

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

    def headline_of(self, target: str, alt: str | None) -> bool:
        """Whether `alt` is the text of a link to `target` on this page."""
        if not alt or not alt.strip():
            return False
        if self._by_target is None:
            self._by_target = self._build()
        texts = self._by_target.get(target)
        return bool(texts) and fold(alt) in texts


class Headlines:
    """The teaser headlines seen on each host, so that the story's own page, which shows the same
    picture with the same text and no link, does not keep the headline as its caption. Bounded per
    host (the newest are kept); not checkpointed: a resumed crawl relearns them from the pages it
    fetches."""

    def __init__(self, per_host: int = 1000):
        self.per_host = per_host
        self._by_host: dict[str, dict[str, None]] = {}

    def add(self, host: str, alt: str) -> None:
        seen = self._by_host.setdefault(host, {})
        seen[fold(alt)] = None
        if len(seen) > self.per_host:
            del seen[next(iter(seen))]  # the oldest: dicts keep insertion order

    def known(self, host: str, alt: str) -> bool:
        seen = self._by_host.get(host)
        return seen is not None and fold(alt) in seen
