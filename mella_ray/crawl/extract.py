"""HTML to (language, title, links, images with their alt-texts, opt-out signals), with Lexbor.

The page is parsed by Lexbor (selectolax), an HTML5 parser in C: the tree a browser builds,
character references decoded as HTML5 does (in text and in attributes: `&notit;` stays, `&not`
becomes `¬`), in time linear in the input for ordinary markup. One input defeats every HTML5
tree builder, deep nesting, so a page with more than MAX_UNCLOSED_TAGS elements left open is
refused (`html_too_deep`) before parsing (html_sniff.py). The walk over the tree stops at a deadline (`time_cap_s`), and
at `max_images` images and `max_alts` alts per image.

Images come from `<img>` (src, srcset: the largest candidate; lazy-loading data-src /
data-srcset and the like, ec-data-src), `<picture><source>`, and are paired with their `<figure><figcaption>` text (a
hint column; dedup.judge decides whether it may stand in for a missing alt), and marked when a
link to the home page holds them (`home_link`: a site's logo) or when their alt is the headline of
the link they are in (`teaser`, teasers.py). An `<img>` alone in an `<a>` to
an image file is a gallery's thumbnail: the linked full-size picture is the image its alt
describes, so it is taken instead. URLs resolve against `<base href>`. Links come from
`<a href>` without rel=nofollow and not to an image file (fetched as a page, it is only
refused as not HTML), and none at all under `<meta name=robots content=nofollow>`. data:
URIs are skipped unless asked for. Opt-out
signals in the page (`<meta name=robots>` and `<meta name=tdm-reservation>`) are collected for
optout.py. Bytes become text in charsets.py.
"""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from mella_ray.crawl.charsets import declared_charset, decode_page, repair_text
from mella_ray.crawl.html_sniff import MAX_UNCLOSED_TAGS, unclosed_tags
from mella_ray.crawl.layout import region_of
from mella_ray.crawl.page_script import page_script
from mella_ray.crawl.parsed_page import ImageRef, Page
from mella_ray.crawl.srcset import best_candidate, parse_srcset
from mella_ray.crawl.teasers import LinkTexts
from mella_ray.crawl.urls import canonicalize, home_url, refresh_url

__all__ = ["ImageRef", "Page", "extract", "parse_srcset", "best_candidate", "charset_of"]

# <source type=...> we can use; others (avif, jxl, svg) would be fetched only to be refused.
USABLE_SOURCE_TYPES = {"image/jpeg", "image/jpg", "image/png", "image/webp", "image/gif"}
LAZY_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original")
# Other lazy loaders name their attribute as they like (Cafe24's ec-data-src, data-hi-res-src,
# data-lazyload, data-echo): any other attribute named so is read, after those and before src,
# which holds their placeholder. Not lowsrc: that is the low-resolution copy.
_LAZY_SRC_NAME = re.compile(r"^[\w-]+-(?:src|lazyload|echo)$")
LAZY_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset")
MAX_TITLE_CHARS = 300
MAX_FIGURE_DEPTH = 32  # ancestors searched for an enclosing <figure>
DEADLINE_EVERY = 64  # nodes between two looks at the clock
# A link's path ending so is an image file, not a page. Only the kept formats replace a thumbnail.
IMAGE_FILE_EXTS = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")
FULL_SIZE_EXTS = (".jpg", ".jpeg", ".png", ".webp", ".gif")


def _image_file(url: str | None, exts: tuple[str, ...] = IMAGE_FILE_EXTS) -> bool:
    return url is not None and urlsplit(url).path.lower().endswith(exts)


def charset_of(content_type: str | None, body: bytes) -> str:
    """The codec a page declares (BOM, header, meta; WHATWG labels only), else utf-8."""
    return declared_charset(content_type, body)


def _tokens(content: str) -> set[str]:
    return {t.strip().lower() for t in re.split(r"[,\s]+", content or "") if t.strip()}


class _Walk:
    """One page's walk over the parsed tree, with its caps and deadline."""

    def __init__(self, page: Page, keep_data_uris: bool, max_images: int, max_alts: int, deadline: float):
        self.page, self.base = page, page.url
        self.keep_data_uris, self.max_images, self.max_alts = keep_data_uris, max_images, max_alts
        self.deadline, self.steps = deadline, 0
        self._img_index: dict[str, ImageRef] = {}
        self._captions: dict[int, str | None] = {}
        self._lone_img: dict[int, bool] = {}  # <a> mem_id -> holds exactly one <img>

    def late(self) -> bool:
        self.steps += 1
        if self.steps % DEADLINE_EVERY == 0 and time.monotonic() > self.deadline:
            self.page.truncated = "time"
        return self.page.truncated == "time"

    def text(self, raw: str) -> str:
        fixed = repair_text(raw)
        self.page.texts_repaired += fixed != raw
        return fixed

    def head(self, tree: LexborHTMLParser) -> bool:
        """lang, title, base, meta robots/tdm-reservation. Returns whether links are followed."""
        page, follow = self.page, True
        html = tree.css_first("html")
        if html is not None and (html.attributes.get("lang") or "").strip():
            page.lang = html.attributes["lang"].strip()
        title = tree.css_first("title")
        if title is not None:
            page.title = " ".join(self.text(title.text()).split())[:MAX_TITLE_CHARS] or None
        h1 = tree.css_first("h1")
        if h1 is not None:
            page.heading = " ".join(self.text(h1.text(separator=" ")).split())[:MAX_TITLE_CHARS] or None
        base = tree.css_first("base[href]")
        if base is not None:
            self.base = canonicalize(base.attributes.get("href") or "", page.url) or page.url
        for meta in tree.css("meta[name]"):
            name = (meta.attributes.get("name") or "").strip().lower()
            content = meta.attributes.get("content") or ""
            if name == "robots":
                page.robots |= _tokens(content)
            elif name == "tdm-reservation" and content.strip() == "1":
                page.tdm_reserved = True
        if page.robots & {"nofollow", "none"}:
            follow = False
        elif (refresh := tree.css_first('meta[http-equiv="refresh" i]')) is not None:
            # A meta refresh is how many sites still move a page (a CMS's old address, a language
            # switch): the target is the page's content, so it is a link, taken first.
            target = refresh_url(refresh.attributes.get("content") or "")
            url = canonicalize(target, self.base) if target else None
            if url:
                page.links.append(url)
        return follow

    def links(self, tree: LexborHTMLParser) -> None:
        seen: set[str] = set(self.page.links)  # a meta refresh's target (head) is already there
        for a in tree.css("a[href]"):
            if self.late():
                return
            if "nofollow" in (a.attributes.get("rel") or "").lower().split():
                continue
            url = canonicalize(a.attributes.get("href") or "", self.base)  # None for javascript:, mailto:...
            if url and url not in seen and not _image_file(url):
                seen.add(url)
                self.page.links.append(url)

    def images(self, tree: LexborHTMLParser) -> None:
        self._link_texts = LinkTexts(tree, self.base, repair_text)
        for img in tree.css("img"):
            if self.late():
                return
            if len(self.page.images) >= self.max_images:
                self.page.truncated = "images"
                return
            self._image(img)

    def _picture_sources(self, img: LexborNode) -> list[tuple[str, float, str]]:
        parent = img.parent
        if parent is None or parent.tag != "picture":
            return []
        out = []
        for node in parent.iter():
            if node.mem_id == img.mem_id:
                break
            if node.tag == "img":
                out = []  # an earlier <img> in the same <picture> consumed the sources before it
            elif node.tag == "source":
                typ = (node.attributes.get("type") or "").lower().split(";")[0].strip()
                if not typ or typ in USABLE_SOURCE_TYPES:
                    out.extend(parse_srcset(node.attributes.get("srcset") or node.attributes.get("data-srcset") or ""))
        return out

    def _caption(self, img: LexborNode) -> str | None:
        node = img.parent
        for _ in range(MAX_FIGURE_DEPTH):
            if node is None:
                return None
            if node.tag == "figure":
                if node.mem_id not in self._captions:
                    cap = next((c for c in node.iter() if c.tag == "figcaption"), None)
                    text = " ".join(self.text(cap.text(separator="")).split()) if cap is not None else ""
                    self._captions[node.mem_id] = text or None
                return self._captions[node.mem_id]
            node = node.parent
        return None

    def _link(self, img: LexborNode) -> tuple[str | None, str | None]:
        """The canonical href of the nearest <a> around the image, and the full-size picture it
        names: its href, when that is a kept image file and the <a> holds no other <img>."""
        node = img.parent
        for _ in range(MAX_FIGURE_DEPTH):
            if node is None:
                break
            if node.tag == "a":
                target = canonicalize(node.attributes.get("href") or "", self.base)
                if not _image_file(target, FULL_SIZE_EXTS):
                    return target, None
                if node.mem_id not in self._lone_img:  # <a>s do not nest: each subtree is searched once
                    self._lone_img[node.mem_id] = len(node.css("img")) == 1
                return target, target if self._lone_img[node.mem_id] else None
            node = node.parent
        return None, None

    def _image(self, img: LexborNode) -> None:
        a = {k.lower(): (v or "") for k, v in img.attributes.items()}
        # A thumbnail alone in a link to a picture: the picture is the image its alt describes. A
        # strip of thumbnails under one href keeps each one's own src: one href cannot be each of them.
        target, full = self._link(img)
        candidates = []
        if full is None:
            candidates = self._picture_sources(img)
            for attr in (*LAZY_SRCSET_ATTRS, "srcset"):
                if a.get(attr):
                    candidates.extend(parse_srcset(a[attr]))
        src, data_uri = full or best_candidate(candidates), None
        if src is None:  # no srcset: a lazy data-src beats src (src is often a placeholder)
            others = [k for k in a if k not in LAZY_SRC_ATTRS and _LAZY_SRC_NAME.match(k)]
            for attr in (*LAZY_SRC_ATTRS, *others, "src"):
                value = a.get(attr, "").strip()
                if value.startswith("data:"):
                    data_uri = data_uri or value
                elif value:
                    src = value
                    break
        if src:
            url = canonicalize(src, self.base)
        elif data_uri is not None and self.keep_data_uris:
            url = data_uri
        else:
            self.page.data_uris_skipped += data_uri is not None
            return
        if url is None:
            return
        alt = self.text(a["alt"]) if "alt" in a else None
        known = self._img_index.get(url)
        if known is not None:  # the same image twice on a page: one ref, every distinct alt
            if alt and alt.strip() and alt not in known.alts:
                if known.alt is None or not known.alt.strip():
                    known.alt = alt
                elif len(known.alts) < self.max_alts:
                    known.more_alts.append(alt)
                else:
                    self.page.truncated = self.page.truncated or "alts"
            return
        site_home = home_url(self.page.url)
        home = target is not None and target == site_home  # the logo every page shows
        home = home or self._link_texts.names_site(alt, site_home)  # its alt the header's name
        page_link = full is None and target is not None and not home and target != self.page.url
        page_link = page_link and not _image_file(target)
        if page_link:
            teaser = self._link_texts.headline_of(target, alt)
        else:  # not in a link: a teaser all the same when a link beside it has its alt for headline
            teaser = target is None and self._link_texts.headline_elsewhere(alt, self.page.url)
        ref = ImageRef(url=url, alt=alt, caption=self._caption(img), home_link=home, teaser=teaser)
        ref.region = region_of(img, linked=target is not None)
        ref.link = target if page_link else None
        self._img_index[url] = ref
        self.page.images.append(ref)


def extract(
    body: bytes,
    page_url: str,
    content_type: str | None = None,
    keep_data_uris: bool = False,
    max_images: int = 1000,
    max_alts: int = 8,
    time_cap_s: float = 5.0,
    lang: str | None = None,
) -> Page:
    """Parse one HTML page. Never raises on bad markup; the worst case is an empty Page (with `error`).
    `lang`: the language the page is expected in (its seed's), a hint for a lying charset."""
    decoded = decode_page(body, content_type, lang)
    page = Page(url=page_url, charset=decoded.charset, charset_contradiction=decoded.contradiction)
    if unclosed_tags(body) > MAX_UNCLOSED_TAGS:
        page.error = "html_too_deep"
        return page
    walk = _Walk(page, keep_data_uris, max_images, max_alts, time.monotonic() + time_cap_s)
    tree = LexborHTMLParser(decoded.text)
    follow = walk.head(tree)
    walk.images(tree)  # images before links: they are what the crawl is for when time runs out
    if follow:
        walk.links(tree)
    page.script = page_script(tree, page, lang)
    return page
