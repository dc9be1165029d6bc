"""What a fetched page or image says about its images' use: opt-out signals, and text repairs counted.

A publisher can reserve its images from AI training in four ways the crawl honours:

- `X-Robots-Tag` (on the page's or the image's response) and `<meta name="robots">` with
  `noai` or `noimageai` (the DeviantArt/Spawning convention), or `noindex` / `none`: an
  image the publisher keeps out of search indexes is not taken into a dataset either;
- TDMRep (W3C Community Group, the EU text-and-data-mining reservation): a `tdm-reservation: 1`
  response header or `<meta name="tdm-reservation" content="1">`.

X-Robots-Tag may name a crawler (`googlebot: noindex`): such a line applies only when it names
this crawler's product token (the user agent up to its first '/'); lines without a name apply
to every crawler. A reserved image is not kept: the crawl records it as a failure with the
reason (`optout_noai`, `optout_noimageai`, `optout_noindex`, `optout_tdm`) and counts it.
"""
from __future__ import annotations

import re

# robots token -> the failure reason it gives; the order is the order of precedence.
RESERVING_TOKENS = {"noai": "optout_noai", "noimageai": "optout_noimageai", "noindex": "optout_noindex",
                    "none": "optout_noindex"}
TDM_RESERVED = "optout_tdm"
# Directives that carry a value after a colon, so "name: value" is not a crawler's name.
_VALUED = {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}
_SPLIT = re.compile(r"\s*,\s*")


def agent_token(user_agent: str) -> str:
    """The product token robots rules name a crawler by: 'mella-ray-crawler' of 'mella-ray-crawler/0.1 (...)'."""
    return user_agent.split("/", 1)[0].split()[0].strip().lower() if user_agent.strip() else ""


def robots_tokens(header: str | None, user_agent: str) -> set[str]:
    """The X-Robots-Tag directives (lowercased) that apply to this crawler."""
    if not header:
        return set()
    me, applies, out = agent_token(user_agent), True, set()
    for part in _SPLIT.split(header.strip()):
        name, colon, rest = part.partition(":")
        if colon and name.strip().lower() not in _VALUED and " " not in name.strip():
            agent = name.strip().lower()
            applies = agent in ("*", me)
            part = rest
        if applies:
            out.update(t.lower() for t in part.split() if t)
    return out


def _reason(tokens: set[str], tdm: bool) -> str | None:
    for token, reason in RESERVING_TOKENS.items():
        if token in tokens:
            return reason
    return TDM_RESERVED if tdm else None


def _tdm_header(headers: dict[str, str]) -> bool:
    return (headers.get("tdm-reservation") or "").strip() == "1"


def page_opt_out(page, headers: dict[str, str], user_agent: str) -> str | None:
    """Why the images of this page are reserved (its response headers and meta tags), or None."""
    tokens = robots_tokens(headers.get("x-robots-tag"), user_agent) | page.robots
    return _reason(tokens, _tdm_header(headers) or page.tdm_reserved)


def image_opt_out(headers: dict[str, str], user_agent: str) -> str | None:
    """Why this image is reserved by its own response headers, or None."""
    return _reason(robots_tokens(headers.get("x-robots-tag"), user_agent), _tdm_header(headers))


def count_page_text(counters, page, lang: str) -> None:
    """Counters of what parsing a page had to repair or cut (charsets.py, extract.py)."""
    if page.charset_contradiction:
        counters.count("charset_contradictions", lang=lang)
    if page.texts_repaired:
        counters.count("texts_repaired", page.texts_repaired, lang=lang)
    if page.truncated:
        counters.count(f"pages_truncated_{page.truncated}", lang=lang)
