"""URL canonicalisation and site identity (the private-address guard is in ssrf.py).

URLs follow the WHATWG URL standard where it matters to a crawler: non-ASCII paths and
queries are percent-encoded as UTF-8, host names go to punycode by UTS #46 (IDNA), and hosts
written as numbers (`0x7f.1`, `2130706433`) become the dotted address they name.

Every URL the crawler sees passes through `canonicalize` first, so that the seen-sets (pages
and images) compare like with like: `HTTP://Example.com:80/a?b=2&a=1#top` and
`http://example.com/a?a=1&b=2` are the same page and must be fetched once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

import idna

from mella_ray.netguard import host_ip

DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters left as they are when re-quoting a path or query: the reserved set plus '%'
# (an existing escape stays an escape; a raw space or a non-ASCII letter gets escaped).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"

# Query parameters that name a visitor's session or an ad click, not a page. Kept, they make a
# session-id trap: one page under a new URL at every visit, fetched again and again and counted
# as many pages (site_chrome.py took a product photo shown on one catalogue page for a banner).
# Removed, as Nutch's and Heritrix's URL normalizers remove them; `;jsessionid=` path parameters too.
SESSION_PARAMS = frozenset(
    """sid sessionid session_id sess_id sessid phpsessid jsessionid cfid cftoken
    utm_source utm_medium utm_campaign utm_term utm_content fbclid gclid yclid msclkid""".split()
)
_PATH_SESSION = re.compile(r";(?:jsessionid|sessionid|sid)=[^/?#]*", re.I)


@lru_cache(maxsize=65536)  # a site's navigation links repeat on every page
def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical absolute form of `url` (resolved against `base`), or None if not http(s).

    Lowercase scheme and host, no default port, no fragment, query parameters sorted,
    empty path as '/', unsafe characters percent-encoded. Credentials are dropped: a
    crawler never sends them.
    """
    if not url:
        return None
    url = url.strip()
    if "\\" in url:  # WHATWG: in an http(s) URL a backslash is a slash (..\img\a.jpg on IIS sites)
        cut = min(i for i in (url.find("?"), url.find("#"), len(url)) if i >= 0)
        url = url[:cut].replace("\\", "/") + url[cut:]
    try:
        if base:
            url = urljoin(base, url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            return None
        host = (parts.hostname or "").rstrip(".")
        if not host:
            return None
        literal = host_ip(host)  # WHATWG: 0x7f.1 and 2130706433 are the host 127.0.0.1
        host = str(literal) if literal is not None else _idna(host)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    netloc = f"[{host}]" if ":" in host else host  # IPv6 literal keeps its brackets
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = quote(_PATH_SESSION.sub("", parts.path) or "/", safe=_PATH_SAFE)
    # Sort the raw `k=v` pieces instead of decoding and re-encoding them: decoding would
    # turn `?a` into `?a=` and lose bytes that are not UTF-8, i.e. change the URL.
    pieces = sorted(p for p in parts.query.split("&") if p and not _session_param(p))
    query = "&".join(quote(p, safe=_QUERY_SAFE) for p in pieces)
    return urlunsplit((scheme, netloc, path, query, ""))


def _session_param(piece: str) -> bool:
    name = piece.split("=", 1)[0].lower()
    return name in SESSION_PARAMS or name.startswith("aspsessionid")


def _idna(host: str) -> str:
    """The ASCII (punycode) form of a host name, by UTS #46 as the WHATWG URL standard asks
    (the idna package; the stdlib codec is IDNA 2003 and maps 'ß' to 'ss')."""
    host = host.lower()
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        try:
            return host.encode("idna").decode("ascii")
        except UnicodeError:
            return host


def host_key(url: str) -> str:
    """`host[:port]` of a canonical URL: the unit of politeness, robots and partitioning."""
    parts = urlsplit(url)
    return parts.netloc.lower()


# host_key, remembered: the crawl asks for a URL's host several times per request (its queue,
# its gate, its robots rules, its backlog), and parsing the URL each time was a measurable
# share of CPU.
host_of = lru_cache(maxsize=1 << 16)(host_key)


def site_key(url_or_host: str) -> str:
    """The site a host belongs to: host_key without a leading 'www.'.

    `example.com` and `www.example.com` are one site (sites redirect between the two);
    other subdomains are other sites, as a same-site crawl should not wander off to them.
    """
    host = host_of(url_or_host) if "://" in url_or_host else url_or_host.lower()
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, other: str) -> bool:
    return site_key(url) == site_key(other)


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def path_key(url: str) -> str:
    """The URL without its query: URLs that differ only in the query are 'variants' of it."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


_REFRESH = re.compile(r"""^\s*\d*(?:\.[\d.]*)?\s*[;,]\s*(?:url\s*=\s*)?(["']?)(.+?)\1\s*$""", re.I | re.S)


def refresh_url(content: str) -> str | None:
    """The URL of a `<meta http-equiv=refresh content="5; url='/new'">` (HTML's "shared declarative
    refresh steps", simplified: a delay, a separator, an optional `url=`, the URL maybe quoted);
    None for a plain reload ("30")."""
    m = _REFRESH.match(content)
    return m.group(2).strip() if m and m.group(2).strip() else None


def home_url(url: str) -> str:
    """The home page of a canonical URL's host: `http://h/a/b` -> `http://h/`."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}/"
