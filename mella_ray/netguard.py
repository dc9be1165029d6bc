"""Which addresses a fetch on a user's or a web page's behalf may reach: one rule for every stage.

The crawl follows links that any page on the web can write, and the serve stage fetches image
URLs that any API caller can send: both must refuse the network they run in (loopback, the
cluster's private ranges, cloud metadata services). One rule, used by both:

- an address is public when the standard library calls it global (`is_global`: IANA's special
  purpose registries) and it is not multicast, reserved or unspecified;
- ranges that embed an IPv4 address are judged by that address: IPv4-mapped (::ffff:a.b.c.d),
  6to4 (2002::/16), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48) and Teredo's
  server address, so `::ffff:127.0.0.1` or `2002:7f00:1::` is as private as 127.0.0.1;
- explicit refusals on top of `is_global`, whose answer for some ranges changed between Python
  versions: shared address space 100.64.0.0/10 (carrier-grade NAT; one cloud's metadata
  service is 100.100.100.200), 6to4 and NAT64 prefixes as wholes when the embedded address
  cannot be judged.

Host names written as numbers are addresses too: `http://2130706433/`, `http://0177.0.0.1/`,
`http://0x7f.1/` all reach 127.0.0.1 through inet_aton-style parsing in browsers and libc,
so `host_ip` reads them the same way before a name lookup could be skipped or fooled.
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Refused whatever `is_global` says on this Python version.
ALWAYS_REFUSED = tuple(
    ipaddress.ip_network(n)
    for n in (
        "100.64.0.0/10",  # shared address space (RFC 6598): carrier-grade NAT, cloud metadata services
        "0.0.0.0/8",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "192.0.0.0/24",
        "198.18.0.0/15",
        "240.0.0.0/4",
        "fc00::/7",
        "fe80::/10",
        "fec0::/10",
        "::/128",
        "::1/128",
    )
)
NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
SIXTOFOUR = ipaddress.ip_network("2002::/16")

_NUMERIC_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


def is_public(ip: IPAddress | str) -> bool:
    """True only for a globally routable unicast address (see the module docstring).

    A string that is not an address is not public: refuse what cannot be judged.
    """
    if isinstance(ip, str):
        try:
            ip = ipaddress.ip_address(ip.split("%", 1)[0])  # an IPv6 zone id says nothing of the class
        except ValueError:
            return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public(inner)
        if ip in SIXTOFOUR or any(ip in n for n in NAT64):
            return False
    if any(ip in n for n in ALWAYS_REFUSED if n.version == ip.version):
        return False
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in NAT64[0]:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.teredo is not None:
        return ip.teredo[0]  # the Teredo server; the client part is obfuscated and public by design
    return None


def host_ip(host: str) -> IPAddress | None:
    """The address a URL's host names literally, or None for a name that needs a lookup.

    Reads dotted-quad, IPv6 (with or without brackets and zone id) and the inet_aton forms
    browsers accept: one to four parts, each decimal, octal (leading 0) or hex (0x).
    """
    host = host.strip().strip("[]").rstrip(".")
    last = host.rsplit(".", 1)[-1]
    if ":" not in host and not (last.isdigit() or last[:2].lower() == "0x"):
        return None  # WHATWG: only a host whose last label is a number is an IPv4 address
    try:
        return ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        pass
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.match(p) for p in parts):
        return None
    try:
        nums = [
            int(p, 16) if p[:2].lower() == "0x" else int(p, 8) if len(p) > 1 and p[0] == "0" else int(p)
            for p in (p if p.lower() != "0x" else "0x0" for p in parts)
        ]
    except ValueError:
        return None
    *head, last = nums
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None  # browsers refuse these hosts as invalid: no address, and no lookup either
    value = 0
    for n in head:
        value = value * 256 + n
    value = value * 256 ** (4 - len(head)) + last
    return ipaddress.IPv4Address(value)


def looks_numeric(host: str) -> bool:
    """True when `host` is written as numbers (so never a name to look up), valid address or not."""
    host = host.strip().strip("[]").rstrip(".")
    return ":" in host or all(_NUMERIC_PART.match(p) for p in host.split(".") if p) and bool(host)


def host_is_public(host: str) -> bool | None:
    """For a literal host: whether it is public; None when `host` is a name (resolve, then ask is_public).

    A numeric host that is no valid address (`999.1.1.1`) is refused rather than looked up.
    """
    ip = host_ip(host)
    if ip is not None:
        return is_public(ip)
    if looks_numeric(host):
        return False
    low = host.lower().rstrip(".")
    if low == "localhost" or low.endswith(".localhost"):
        return False
    return None
