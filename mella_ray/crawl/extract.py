"""HTML to (language, title, links, images with their alt-texts), with the stdlib parser.

`html.parser` never raises on malformed markup (unclosed tags, stray `</div>`, broken
attributes), which matters more for a crawler than speed. Images come from `<img>` (src,
srcset: the largest candidate; lazy-loading data-src / data-srcset), `<picture><source>`,
and are paired with their `<figure><figcaption>` text. URLs resolve against `<base href>`.
Links come from `<a href>` without rel=nofollow, and none at all under
`<meta name=robots content=nofollow>`. data: URIs are skipped unless asked for.

Bytes become text with the charset from the header, a BOM or <meta>: older regional sites
still serve windows-1251 (Cyrillic), windows-1256 (Arabic), TIS-620 (Thai) or EUC-KR
(Korean), often declared only in a <meta> tag. Undecodable bytes become U+FFFD rather than
an error, so a page with a few broken bytes still yields its other alt-texts.
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
MAX_TITLE_CHARS = 300


@dataclass
class ImageRef:
    url: str  # canonical absolute URL (or the data: URI itself, when data URIs are kept)
    alt: str | None  # the first alt attribute as written (None: absent)
    caption: str | None = None  # text of the enclosing <figure>'s <figcaption>
    more_alts: list[str] = field(default_factory=list)  # other alts of the same URL on the page

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
    links: list[str] = field(default_factory=list)  # canonical, in page order, unique
    images: list[ImageRef] = field(default_factory=list)  # unique by URL
    charset: str = "utf-8"
    data_uris_skipped: int = 0


# ---- bytes to text ------------------------------------------------------------------
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")
BROWSER_ALIASES = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def charset_of(content_type: str | None, body: bytes) -> str:
    """A BOM, else the header charset, else <meta charset> / http-equiv in the first 4 KiB, else utf-8.

    Labels map as browsers map them: latin-1 and ascii mean windows-1252 (its superset).
    """
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8"
    for cand in (_header_charset(content_type), _meta_charset(body)):
        if cand:
            try:
                name = codecs.lookup(cand).name
            except LookupError:
                continue
            return BROWSER_ALIASES.get(name, name)
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


def is_html(content_type: str | None, body: bytes) -> bool:
    """HTML by header; without a header, by a sniff of the first bytes."""
    if content_type:
        mime = content_type.split(";")[0].strip().lower()
        return mime in HTML_TYPES
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head


# ---- images and links ---------------------------------------------------------------
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
    def __init__(self, page_url: str, keep_data_uris: bool):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.base = page_url
        self.base_seen = False
        self.keep_data_uris = keep_data_uris
        self.page = Page(url=page_url)
        self.nofollow_all = False
        self.picture_sources: list[tuple[str, float, str]] | None = None  # inside <picture>
        self.figures: list[dict] = []  # stack of {"images": [...], "caption": [...]}
        self.in_figcaption = 0
        self.in_title = False
        self.title_parts: list[str] = []
        self._link_seen: set[str] = set()
        self._img_index: dict[str, ImageRef] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "html" and a.get("lang") and self.page.lang is None:
            self.page.lang = a["lang"].strip()
        elif tag == "title" and self.page.title is None:
            self.in_title = True
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
        elif tag == "title" and self.in_title:
            self.in_title = False
            title = " ".join("".join(self.title_parts).split())[:MAX_TITLE_CHARS]
            self.page.title = title or None
        elif tag == "figcaption" and self.in_figcaption:
            self.in_figcaption -= 1
        elif tag == "figure" and self.figures:
            fig = self.figures.pop()
            caption = " ".join("".join(fig["caption"]).split())
            for img in fig["images"]:
                if caption and img.caption is None:
                    img.caption = caption

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title_parts.append(data)
        if self.in_figcaption and self.figures:
            self.figures[-1]["caption"].append(data)

    def _add_link(self, href: str) -> None:
        url = canonicalize(href, self.base)  # None for javascript:, mailto:, file:, ftp:...
        if url and url not in self._link_seen:
            self._link_seen.add(url)
            self.page.links.append(url)

    def _add_image(self, a: dict[str, str]) -> None:
        candidates = list(self.picture_sources or [])
        for attr in (*LAZY_SRCSET_ATTRS, "srcset"):
            if a.get(attr):
                candidates.extend(parse_srcset(a[attr]))
        src = best_candidate(candidates)
        data_uri = None
        if src is None:  # no srcset: a lazy data-src beats src (src is often a placeholder)
            for attr in (*LAZY_SRC_ATTRS, "src"):
                value = a.get(attr, "").strip()
                if value.startswith("data:"):
                    data_uri = data_uri or value
                elif value:
                    src = value
                    break
        if self.picture_sources is not None:
            self.picture_sources = []  # consumed: a second <img> in the <picture> gets none
        if src:
            url = canonicalize(src, self.base)
        elif data_uri is not None and self.keep_data_uris:
            url = data_uri
        else:
            self.page.data_uris_skipped += data_uri is not None
            return
        if url is None:
            return
        alt = a["alt"] if "alt" in a else None
        known = self._img_index.get(url)
        if known is not None:  # the same image twice on a page: one ref, every distinct alt
            if alt and alt.strip() and alt not in known.alts:
                if known.alt is None or not known.alt.strip():
                    known.alt = alt
                else:
                    known.more_alts.append(alt)
            return
        ref = ImageRef(url=url, alt=alt)
        self._img_index[url] = ref
        self.page.images.append(ref)
        if self.figures:
            self.figures[-1]["images"].append(ref)


def extract(body: bytes, page_url: str, content_type: str | None = None, keep_data_uris: bool = False) -> Page:
    """Parse one HTML page. Never raises on bad markup; the worst case is an empty Page."""
    text, charset = decode_html(body, content_type)
    parser = _Extractor(page_url, keep_data_uris)
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient, but a crawler must survive anything
        pass
    page = parser.page
    if parser.in_title and page.title is None:  # an unclosed <title>
        page.title = " ".join("".join(parser.title_parts).split())[:MAX_TITLE_CHARS] or None
    page.charset = charset
    if parser.nofollow_all:
        page.links = []
    return page
