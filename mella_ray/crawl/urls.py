"""URL canonicalisation, site identity and the private-address guard.

Every URL the crawler sees passes through `canonicalize` first, so that the seen-sets (pages
and images) compare like with like: `HTTP://Example.com:80/a?b=2&a=1#top` and
`http://example.com/a?a=1&b=2` are the same page and must be fetched once.
"""
from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters left as they are when re-quoting a path or query: the reserved set plus '%'
# (an existing escape stays an escape; a raw space or a non-ASCII letter gets escaped).
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?"


def canonicalize(url: str, base: str | None = None) -> str | None:
    """The canonical absolute form of `url` (resolved against `base`), or None if not http(s).

    Lowercase scheme and host, no default port, no fragment, query parameters sorted,
    empty path as '/', unsafe characters percent-encoded. Credentials are dropped: a
    crawler never sends them.
    """
    if not url:
        return None
    url = url.strip()
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
        host = _idna(host)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        return None
    netloc = f"[{host}]" if ":" in host else host  # IPv6 literal keeps its brackets
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    path = quote(parts.path or "/", safe=_PATH_SAFE)
    # Sort the raw `k=v` pieces instead of decoding and re-encoding them: decoding would
    # turn `?a` into `?a=` and lose bytes that are not UTF-8, i.e. change the URL.
    pieces = sorted(p for p in parts.query.split("&") if p)
    query = "&".join(quote(p, safe=_QUERY_SAFE) for p in pieces)
    return urlunsplit((scheme, netloc, path, query, ""))


def _idna(host: str) -> str:
    host = host.lower()
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def host_key(url: str) -> str:
    """`host[:port]` of a canonical URL: the unit of politeness, robots and partitioning."""
    parts = urlsplit(url)
    return parts.netloc.lower()


def site_key(url_or_host: str) -> str:
    """The site a host belongs to: host_key without a leading 'www.'.

    `example.com` and `www.example.com` are one site (sites redirect between the two);
    other subdomains are other sites, as a same-site crawl should not wander off to them.
    """
    host = host_key(url_or_host) if "://" in url_or_host else url_or_host.lower()
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


def is_private_ip(ip: str) -> bool:
    """True for loopback, private (RFC 1918, ULA), link-local, multicast, reserved, unspecified."""
    try:
        addr = ipaddress.ip_address(ip.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return True  # not an address we understand: refuse rather than guess
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )


class AddressGuard:
    """Refuses hosts that resolve to private addresses (an SSRF guard for crawled links).

    A public page can link to http://10.0.0.1/admin or to a name that resolves to
    127.0.0.1; a crawler running inside a cluster must not fetch those. Every resolved
    address must be public (one private answer is enough to refuse). Results are cached
    per host for the life of the guard, which is one crawl actor.
    """

    def __init__(self, allow_private: bool = False):
        self.allow_private = allow_private
        self._cache: dict[str, str | None] = {}

    async def check(self, url: str) -> str | None:
        """None if `url` may be fetched, else a reason ('private_address' or 'dns_error')."""
        if self.allow_private:
            return None
        host = urlsplit(url).hostname or ""
        if host in self._cache:
            return self._cache[host]
        reason = await self._resolve_and_check(host)
        if reason != "dns_error":  # a DNS hiccup may pass; an address does not change class
            self._cache[host] = reason
        return reason

    @staticmethod
    async def _resolve_and_check(host: str) -> str | None:
        try:
            ipaddress.ip_address(host)
            return "private_address" if is_private_ip(host) else None
        except ValueError:
            pass  # a name, not a literal address
        if host == "localhost" or host.endswith(".localhost"):
            return "private_address"
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return "dns_error"
        ips = {info[4][0] for info in infos}
        if not ips:
            return "dns_error"
        return "private_address" if any(is_private_ip(ip) for ip in ips) else None
