"""Checks on a page's bytes before any parser sees them: is it HTML, and how deep could it nest.

Every HTML5 tree builder is slow on one input, deep nesting (each `<div>` scans the stack of
open elements), so extract.py refuses a page with more than MAX_UNCLOSED_TAGS elements left
open (`html_too_deep`) before parsing it; browsers themselves stop nesting at 512.
"""

from __future__ import annotations

import re
from collections import Counter

from mella_ray.infer.image_check import looks_like_html

MAX_UNCLOSED_TAGS = 20_000  # Lexbor parses 20k nested <div> in ~0.5 s; 1M would take half an hour
HTML_TYPES = ("text/html", "application/xhtml+xml")
# Elements that never stay open (void) or that the next sibling closes: they do not deepen the tree.
_NOT_NESTING = {
    b"area",
    b"base",
    b"br",
    b"col",
    b"embed",
    b"hr",
    b"img",
    b"input",
    b"link",
    b"meta",
    b"source",
    b"track",
    b"wbr",
    b"p",
    b"li",
    b"td",
    b"th",
    b"tr",
    b"option",
    b"dt",
    b"dd",
    b"param",
}
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9-]{0,30})")


def is_html(content_type: str | None, body: bytes) -> bool:
    """HTML by header; without a header, by a sniff of the first bytes."""
    if content_type:
        mime = content_type.split(";")[0].strip().lower()
        return mime in HTML_TYPES
    return looks_like_html(body)


def unclosed_tags(body: bytes) -> int:
    """An upper bound on how deep `body` can nest: start tags of nesting elements minus their end tags."""
    counts = Counter(_TAG.findall(body))
    opened: Counter[bytes] = Counter()
    for (slash, name), n in counts.items():
        name = name.lower()
        if name not in _NOT_NESTING:
            opened[name] += -n if slash else n
    return sum(n for n in opened.values() if n > 0)
