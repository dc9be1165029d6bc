"""HTML to (language, links, images with alt-text), with the stdlib parser.

`html.parser` never raises on malformed markup (unclosed tags, stray `</div>`, broken
attributes), which matters more for a crawler than speed. Images come from `<img>` (src,
srcset, lazy-loading data-src / data-srcset), `<picture><source srcset>` and are paired with
their `<figure><figcaption>` text, which stands in for a missing alt. Links come from
`<a href>` without rel=nofollow (and none at all under `<meta name=robots content=nofollow>`).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from mella_ray.crawl.urls import canonicalize

# <source type=...> we can use; others (avif, jxl, svg) would be fetched only to be refused.
USABLE_SOURCE_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif"}
LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original")
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)


@dataclass
class ImageRef:
    url: str  # canonical absolute URL
    alt: str | None  # the alt attribute as written (None: absent)
    caption: str | None = None  # text of the enclosing <figure>'s <figcaption>

    @property
    def text(self) -> str | None:
        """The image's text: its alt, else its figure caption."""
        alt = (self.alt or "").strip()
        return alt or (self.caption.strip() if self.caption and self.caption.strip() else None)


@dataclass
class Page:
    url: str
    lang: str | None = None  # <html lang>, as written
    links: list[str] = field(default_factory=list)  # canonical, in page order, unique
    images: list[ImageRef] = field(default_factory=list)  # unique by URL
    charset: str = "utf-8"


def charset_of(content_type: str | None, body: bytes) -> str:
    """Header charset, else <meta charset> / http-equiv in the first 4 KiB, else utf-8."""
    for cand in (_header_charset(content_type), _meta_charset(body)):
        if cand:
            try:
                return codecs.lookup(cand).name
            except LookupError:
                continue
    return "utf-8"


def _header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def _meta_charset(body: bytes) -> str | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    m = _META_CHARSET.search(body[:4096])  # matches both <meta charset> and http-equiv content
    return m.group(1).decode("ascii") if m else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """(text, charset): undecodable bytes become U+FFFD rather than an error."""
    charset = charset_of(content_type, body)
    text = body.decode(charset, errors="replace")
    return text.lstrip("\ufeff"), charset


def parse_srcset(srcset: str) -> list[tuple[str, float, str]]:
    """[(url, value, 'w'|'x')] from a srcset, following the HTML spec's tokenizer.

    URLs may contain commas; a candidate ends at a comma after its descriptors.
    """
    out, i, n = [], 0, len(srcset)
    while i < n:
        while i < n and (srcset[i].isspace() or srcset[i] == ","):
            i += 1
        start = i
        while i < n and not srcset[i].isspace():
            i += 1
        url = srcset[start:i]
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = i
            depth = 0
            while i < n and (srcset[i] != "," or depth):
                depth += srcset[i] == "("
                depth -= srcset[i] == ")"
                i += 1
            descriptor = srcset[start:i].strip()
        if not url:
            continue
        kind, value = "x", 1.0
        for tok in descriptor.split():
            try:
                if tok[-1:] in ("w", "x") and len(tok) > 1:
                    kind, value = tok[-1], float(tok[:-1])
            except ValueError:
                pass
        out.append((url, value, kind))
    return out


def best_candidate(candidates: list[tuple[str, float, str]]) -> str | None:
    """The largest candidate: by width where widths are given, else by density."""
    candidates = [c for c in candidates if not c[0].startswith("data:")]
    if not candidates:
        return None
    widths = [c for c in candidates if c[2] == "w"]
    pool = widths or candidates
    return max(pool, key=lambda c: c[1])[0]


class _Extractor(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.base = page_url
        self.base_seen = False
        self.page = Page(url=page_url)
        self.nofollow_all = False
        self.picture_sources: list[tuple[str, float, str]] | None = None  # inside <picture>
        self.figures: list[dict] = []  # stack of {"images": [...], "caption": [...]}
        self.in_figcaption = 0
        self._link_seen: set[str] = set()
        self._img_index: dict[str, ImageRef] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang") and self.page.lang is None:
            self.page.lang = a["lang"].strip()
        elif tag == "base" and a.get("href") and not self.base_seen:
            self.base_seen = True  # only the first <base> counts
            self.base = canonicalize(a["href"], self.page_url) or self.page_url
        elif tag == "meta" and a.get("name", "").lower() == "robots":
            if "nofollow" in a.get("content", "").lower() or "none" in a.get("content", "").lower():
                self.nofollow_all = True
        elif tag == "a" and a.get("href"):
            if "nofollow" not in a.get("rel", "").lower().split():
                self._add_link(a["href"])
        elif tag == "picture":
            self.picture_sources = []
        elif tag == "source" and self.picture_sources is not None:
            typ = a.get("type", "").lower().split(";")[0].strip()
            if not typ or typ in USABLE_SOURCE_TYPES:
                srcset = a.get("srcset") or a.get("data-srcset") or ""
                self.picture_sources.extend(parse_srcset(srcset))
        elif tag == "img":
            self._add_image(a)
        elif tag == "figure":
            self.figures.append({"images": [], "caption": []})
        elif tag == "figcaption":
            self.in_figcaption += 1

    def handle_startendtag(self, tag, attrs):  # <img/>, <source/>, <base/>
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "picture":
            self.picture_sources = None
        elif tag == "figcaption" and self.in_figcaption:
            self.in_figcaption -= 1
        elif tag == "figure" and self.figures:
            fig = self.figures.pop()
            caption = " ".join("".join(fig["caption"]).split())
            for img in fig["images"]:
                if caption and img.caption is None:
                    img.caption = caption

    def handle_data(self, data: str) -> None:
        if self.in_figcaption and self.figures:
            self.figures[-1]["caption"].append(data)

    def _add_link(self, href: str) -> None:
        url = canonicalize(href, self.base)
        if url and url not in self._link_seen:
            self._link_seen.add(url)
            self.page.links.append(url)

    def _add_image(self, a: dict[str, str]) -> None:
        candidates = list(self.picture_sources or [])
        for attr in (*LAZY_SRCSET_ATTRS, "srcset"):
            if a.get(attr):
                candidates.extend(parse_srcset(a[attr]))
        src = best_candidate(candidates)
        if src is None:  # no srcset: a lazy data-src beats src (src is often a placeholder)
            for attr in (*LAZY_SRC_ATTRS, "src"):
                value = a.get(attr, "").strip()
                if value and not value.startswith("data:"):
                    src = value
                    break
        if self.picture_sources is not None:
            self.picture_sources = []  # consumed: a second <img> in the <picture> gets none
        if not src:
            return
        url = canonicalize(src, self.base)
        if url is None:
            return
        alt = a["alt"] if "alt" in a else None
        known = self._img_index.get(url)
        if known is not None:  # the same image twice on a page: keep the first, with any alt
            if not (known.alt or "").strip() and (alt or "").strip():
                known.alt = alt
            return
        ref = ImageRef(url=url, alt=alt)
        self._img_index[url] = ref
        self.page.images.append(ref)
        if self.figures:
            self.figures[-1]["images"].append(ref)


def extract(body: bytes, page_url: str, content_type: str | None = None) -> Page:
    """Parse one HTML page. Never raises on bad markup; the worst case is an empty Page."""
    text, charset = decode_html(body, content_type)
    parser = _Extractor(page_url)
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient, but a crawler must survive anything
        pass
    page = parser.page
    page.charset = charset
    if parser.nofollow_all:
        page.links = []
    return page


def is_html(content_type: str | None, body: bytes) -> bool:
    """HTML by header; without a header, by a sniff of the first bytes."""
    if content_type:
        mime = content_type.split(";")[0].strip().lower()
        return mime in ("text/html", "application/xhtml+xml")
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head
