"""The private-address guard (SSRF): a crawler inside a cluster must not fetch its neighbours.

A public page can link to http://10.0.0.1/admin, to http://169.254.169.254/ (cloud metadata)
or to a name that resolves to 127.0.0.1. Which addresses are private is mella_ray.netguard's
rule, the same the serve stage applies to image URLs. Two layers refuse them:

- `AddressGuard.check(url)` runs before a request (and before every redirect hop) and gives
  a clean failure reason, `private_address`, without opening a connection.
- `GuardedResolver` is the aiohttp resolver: it refuses private answers at connect time, so a
  name that resolved to a public address for the check and to a private one a moment later
  (DNS rebinding) still cannot be reached. IP literals skip resolvers; the check covers them.

Only http and https URLs ever get this far: `urls.canonicalize` returns None for file:, ftp:,
javascript:, data: and every other scheme, so such links are never followed.
"""

from __future__ import annotations

import asyncio
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver

from mella_ray.netguard import host_is_public, is_public

PRIVATE_ADDRESS = "private_address"


class PrivateAddressError(OSError):
    """Raised by GuardedResolver; fetch.py maps it to the `private_address` reason."""


def is_private_ip(ip: str) -> bool:
    """True for every address that netguard.is_public refuses (the one rule shared with serve)."""
    return not is_public(ip)


class AddressGuard:
    """Refuses hosts that resolve to private addresses.

    Every resolved address must be public (one private answer is enough to refuse). Results
    are cached per host for the life of the guard, which is one crawl actor.
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
        literal = host_is_public(host)  # 127.0.0.1, 0177.0.0.1, 2130706433, [::ffff:7f00:1], localhost
        if literal is not None:
            return None if literal else PRIVATE_ADDRESS
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return "dns_error"
        ips = {info[4][0] for info in infos}
        if not ips:
            return "dns_error"
        return PRIVATE_ADDRESS if any(is_private_ip(ip) for ip in ips) else None


class GuardedResolver(AbstractResolver):
    """aiohttp's default resolver, refusing any answer set that holds a private address."""

    def __init__(self) -> None:
        self._inner = DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET):
        infos = await self._inner.resolve(host, port, family)
        private = [info["host"] for info in infos if is_private_ip(info["host"])]
        if private:
            raise PrivateAddressError(f"{host} resolves to a private address ({private[0]})")
        return infos

    async def close(self) -> None:
        await self._inner.close()
