"""What a fetched page or image says about its images' use: opt-out signals, and text repairs counted.

A publisher can reserve its images from AI training in four ways the crawl honours:

- `X-Robots-Tag` (on the page's or the image's response) and `<meta name="robots">` with
  `noai` or `noimageai` (the DeviantArt/Spawning convention), or `noindex` / `none` /
  `noimageindex`: an
  image the publisher keeps out of search indexes is not taken into a dataset either;
- TDMRep (W3C Community Group, the EU text-and-data-mining reservation): a `tdm-reservation: 1`
  response header, `<meta name="tdm-reservation" content="1">`, or a rule of the host's
  `/.well-known/tdmrep.json` (a JSON array of {"location": pattern, "tdm-reservation": 0|1};
  patterns as in robots.txt, `*` any characters and `$` the end; the first rule that matches a
  path applies). The file is fetched once per host, through the host's politeness gate, by the
  actor that owns the host; a missing or broken file reserves nothing. Pages read from WARC
  inputs are judged by their headers and meta tags only (their hosts may be another actor's).

X-Robots-Tag may name a crawler (`googlebot: noindex`): such a line applies only when it names
this crawler's product token (the user agent up to its first '/'); lines without a name apply
to every crawler. A reserved image is not kept: the crawl records it as a failure with the
reason (`optout_noai`, `optout_noimageai`, `optout_noindex`, `optout_tdm`) and counts it.
"""

from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import urlsplit, urlunsplit

# robots token -> the failure reason it gives; the order is the order of precedence.
RESERVING_TOKENS = {
    "noai": "optout_noai",
    "noimageai": "optout_noimageai",
    "noindex": "optout_noindex",
    "none": "optout_noindex",
    "noimageindex": "optout_noindex",  # Google's "do not index the images of this page"
}
TDM_RESERVED = "optout_tdm"
# Directives that carry a value after a colon, so "name: value" is not a crawler's name.
_VALUED = {"unavailable_after", "max-snippet", "max-image-preview", "max-video-preview"}
_SPLIT = re.compile(r"\s*,\s*")
TDMREP_PATH = "/.well-known/tdmrep.json"
TDMREP_MAX_BYTES = 256 * 1024


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


def _location_pattern(location: str) -> re.Pattern:
    anchored = location.endswith("$")
    body = re.escape(location[:-1] if anchored else location).replace(r"\*", ".*")
    return re.compile(body + ("$" if anchored else ""))


def parse_tdmrep(text: str) -> list[tuple[re.Pattern, bool]]:
    """(path pattern, reserved) rules of a tdmrep.json, in file order; [] for a file that is no such list."""
    try:
        rules = json.loads(text)
    except ValueError:
        return []
    out = []
    for rule in rules if isinstance(rules, list) else []:
        if isinstance(rule, dict) and isinstance(rule.get("location"), str) and rule["location"].startswith("/"):
            out.append((_location_pattern(rule["location"]), str(rule.get("tdm-reservation", 0)) == "1"))
    return out


# scheme://netloc of a URL: the key of its host's file (urlsplit per image was a share of its CPU)
_ORIGIN = re.compile(r"[^:/?#]+://[^/?#]*")


class TdmRepFiles:
    """Each host's /.well-known/tdmrep.json, fetched once (concurrent askers wait for the one fetch)."""

    def __init__(self, fetcher, enabled: bool = True):
        self.fetcher, self.enabled = fetcher, enabled
        self._rules: dict[str, list[tuple[re.Pattern, bool]]] = {}  # origin -> its rules, once read
        self._loading: dict[str, asyncio.Future] = {}  # origin -> the one fetch in progress

    async def reserved(self, url: str) -> str | None:
        """TDM_RESERVED when the host's file reserves `url`'s path, else None."""
        if not self.enabled or url.startswith("data:"):
            return None
        m = _ORIGIN.match(url)
        origin = m.group(0) if m else "{}://{}".format(*urlsplit(url))
        rules = self._rules.get(origin)
        if rules is None:  # asked on every image of the host: only the first ones wait for the file
            future = self._loading.get(origin)
            if future is None:
                future = self._loading[origin] = asyncio.ensure_future(self._load(origin))
            rules = await asyncio.shield(future)
            self._rules[origin] = rules
            self._loading.pop(origin, None)
        if not rules:  # no file, or an empty one: most hosts
            return None
        parts = urlsplit(url)
        path = parts.path or "/"
        path += f"?{parts.query}" if parts.query else ""
        for pattern, reserved in rules:
            if pattern.match(path):
                return TDM_RESERVED if reserved else None
        return None

    async def _load(self, origin: str) -> list[tuple[re.Pattern, bool]]:
        scheme, netloc = origin.split("://", 1)

        async def same_host(hop: str) -> str | None:  # another host is another actor's to ask
            return None if urlsplit(hop).netloc == netloc else "off_host_redirect"

        res = await self.fetcher.fetch(
            urlunsplit((scheme, netloc, TDMREP_PATH, "", "")), TDMREP_MAX_BYTES, check=same_host
        )
        return parse_tdmrep(res.body.decode("utf-8", errors="replace")) if res.ok else []
