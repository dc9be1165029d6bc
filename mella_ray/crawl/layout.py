"""Where on the page an image sits: in the page's own content, or in its chrome.

A CMS puts the same furniture around every story: a header with the logo and the menu, a
sidebar of widgets and "latest posts", a footer of partner badges, a strip of related
products. Pictures there are the site's, not the page's: their alts name other stories,
products, sponsors or the site itself, not what the picture shows. The HTML says where they
are, in the elements HTML5 made for it (`<nav>`, `<aside>`, a `<header>` or `<footer>` that is
not an article's own) and in the class and id names every theme uses ("sidebar",
"related-products", "footer-widgets").

`region_of` walks up from an image and names the first region of chrome it is in, or None
for the page's content. An `<article>` or `<main>` above the image makes its `<header>` and
`<footer>` the article's own (a WordPress featured image sits in the post's header), so only
the strong regions count inside them: navigation, sidebars, widgets, related items.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborNode

REASON = "alt_layout"  # the failure reason of an alt refused for where its image sits
MAX_DEPTH = 48  # ancestors looked at; deeper markup is content

# Elements that are chrome anywhere, and those that are chrome only outside an article.
STRONG_TAGS = {"nav": "nav"}
WEAK_TAGS = {"header": "header", "footer": "footer", "aside": "aside"}
CONTENT_TAGS = {"article", "main"}
LIST_TAGS = {"ul", "ol", "li"}

# Class and id words of themes (split on spaces, hyphens and underscores, lower-cased).
STRONG_WORDS = {
    "related": "related",
    "upsell": "related",
    "upsells": "related",
    "crosssell": "related",
    "crosssells": "related",
    "recommended": "related",
    "sidebar": "sidebar",
    "widget": "sidebar",
    "widgets": "sidebar",
    "breadcrumb": "nav",
    "breadcrumbs": "nav",
    "navbar": "nav",
    "megamenu": "nav",
    "partners": "partners",
    "sponsors": "partners",
}
WEAK_WORDS = {"footer": "footer", "header": "header", "masthead": "header"}
# Page builders name every block of the content after their own kinds ("elementor-widget-image",
# Divi's "et_pb_sidebar"): their class names say how a block is built, not where it is.
BUILDER_PREFIXES = ("elementor", "et_pb", "et-pb", "vc_", "wpb_", "fl-", "brxe-", "wp-block")
_SPLIT = re.compile(r"[\s_\-]+")


def _words(node: LexborNode) -> list[str]:
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split()
    names = [n for n in names if not n.startswith(BUILDER_PREFIXES)]
    if not names:
        return []
    words = _SPLIT.split(" ".join(names))
    # "cross-sells" splits in two: join the pair that themes spell apart
    return words + [a + b for a, b in zip(words, words[1:]) if a == "cross"]


def region_of(img: LexborNode, linked: bool = True) -> str | None:
    """The chrome region the image is in ('nav', 'sidebar', 'related', 'partners', 'header',
    'footer', 'aside'), or None when it is the page's content. `linked`: whether the image is in a
    link; related items always link to their pages, so an unlinked picture in a "related" block
    (a theme's name for a block of the story's own pictures) is content."""
    weak: str | None = None
    node = img.parent
    for _ in range(MAX_DEPTH):
        if node is None or node.tag in ("body", "html"):
            break
        tag = node.tag
        if tag in CONTENT_TAGS:
            return None  # the article's own header or footer; strong regions returned below it already
        if tag in STRONG_TAGS:
            return STRONG_TAGS[tag]
        for word in _words(node):
            if word in STRONG_WORDS and (linked or STRONG_WORDS[word] != "related"):
                return STRONG_WORDS[word]
            if word == "menu" and tag in LIST_TAGS:  # a restaurant's "food-menu" gallery is content
                return STRONG_TAGS["nav"]
            if weak is None and word in WEAK_WORDS:
                weak = WEAK_WORDS[word]
        if weak is None and tag in WEAK_TAGS:
            weak = WEAK_TAGS[tag]
        node = node.parent
    return weak
