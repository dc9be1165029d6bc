"""What extract.py reads from a page: the page's parts (`Page`) and each image with its texts (`ImageRef`)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImageRef:
    url: str  # canonical absolute URL (or the data: URI itself, when data URIs are kept)
    alt: str | None  # the first alt attribute as written (None: absent)
    caption: str | None = None  # text of the enclosing <figure>'s <figcaption>
    more_alts: list[str] = field(default_factory=list)  # other alts of the same URL on the page
    home_link: bool = False  # inside a link to the site's home page: the site's logo, its alt the site's name
    teaser: bool = False  # inside a link to another page, its alt that link's headline (teasers.py)
    link: str | None = None  # the other page of this site its link leads to, if any (teasers.HeadlineLinks)
    region: str | None = None  # the page's chrome it sits in ('sidebar', 'related', 'footer'...: layout.py)

    @property
    def alts(self) -> list[str]:
        """Every distinct non-empty alt attribute of this image on the page, in page order."""
        first = [self.alt] if self.alt and self.alt.strip() else []
        return first + [a for a in self.more_alts if a not in first]

    @property
    def text(self) -> str | None:
        """The image's text: its alt, else its figure caption."""
        alt = (self.alt or "").strip()
        return alt or (self.caption.strip() if self.caption and self.caption.strip() else None)


@dataclass
class Page:
    url: str
    lang: str | None = None  # <html lang>, as written
    title: str | None = None  # <title>, whitespace collapsed
    heading: str | None = None  # the first <h1>'s text, whitespace collapsed
    links: list[str] = field(default_factory=list)  # canonical, in page order, unique
    images: list[ImageRef] = field(default_factory=list)  # unique by URL
    charset: str = "utf-8"
    data_uris_skipped: int = 0
    charset_contradiction: bool = False  # declared charset contradicted the bytes; re-decoded
    texts_repaired: int = 0  # alts and captions whose mojibake ftfy undid
    robots: set[str] = field(default_factory=set)  # <meta name=robots> tokens, lowercased
    tdm_reserved: bool = False  # <meta name="tdm-reservation" content="1">
    truncated: str | None = None  # "images", "alts" or "time": a cap stopped the walk early
    error: str | None = None  # the page could not be parsed at all (html_too_deep)
    script: str | None = None  # a digraphic language's script the page writes (page_script.py)
