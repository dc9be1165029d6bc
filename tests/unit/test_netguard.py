"""The one network guard (mella_ray.netguard), as the crawl and the serve stage both use it: one table."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from mella_ray.crawl.ssrf import AddressGuard, is_private_ip
from mella_ray.netguard import host_ip, host_is_public, is_public
from mella_ray.serve.images import ImageError, resolve_checked

# (host as written in a URL, public?)
ADDRESSES = [
    # private, loopback, link-local, unspecified, multicast, reserved
    ("10.1.2.3", False),
    ("172.16.5.4", False),
    ("192.168.0.1", False),
    ("127.0.0.1", False),
    ("127.8.9.1", False),
    ("169.254.169.254", False),
    ("0.0.0.0", False),
    ("224.0.0.1", False),
    ("240.0.0.1", False),
    ("255.255.255.255", False),
    ("192.0.0.170", False),
    ("198.18.0.1", False),
    ("::1", False),
    ("::", False),
    ("fe80::1", False),
    ("fe80::1%eth0", False),
    ("fd00::1", False),
    ("ff02::1", False),
    # CGNAT / shared address space (a cloud's metadata service lives at 100.100.100.200)
    ("100.64.0.1", False),
    ("100.100.100.200", False),
    ("100.127.255.254", False),
    # IPv4 embedded in IPv6: mapped, 6to4, NAT64, judged by the IPv4 inside
    ("::ffff:127.0.0.1", False),
    ("::ffff:10.0.0.1", False),
    ("::ffff:100.100.100.200", False),
    ("2002:7f00:1::", False),
    ("2002:a9fe:a9fe::1", False),
    ("2002:6464:64c8::", False),
    ("64:ff9b::7f00:1", False),
    ("64:ff9b::a9fe:a9fe", False),
    ("64:ff9b:1::1", False),
    ("::ffff:8.8.8.8", True),
    ("2002:808:808::1", True),
    ("64:ff9b::808:808", True),
    # decimal, octal, hex and short forms of 127.0.0.1 / 169.254.169.254 / 10.0.0.1
    ("2130706433", False),
    ("0177.0.0.1", False),
    ("0x7f.0.0.1", False),
    ("0x7f000001", False),
    ("127.1", False),
    ("0x7f.1", False),
    ("017700000001", False),
    ("2852039166", False),
    ("0251.0376.0251.0376", False),
    ("012.0.0.1", False),
    ("[::1]", False),
    ("localhost", False),
    ("a.localhost", False),
    ("999.1.1.1", False),
    # public
    ("8.8.8.8", True),
    ("1.1.1.1", True),
    ("134744072", True),
    ("2606:4700:4700::1111", True),
    ("[2001:4860:4860::8888]", True),
    ("100.63.255.255", True),
    ("100.128.0.1", True),
]


@pytest.mark.parametrize("host,public", ADDRESSES)
def test_one_table_for_every_guard(host, public):
    assert host_is_public(host) is public
    ip = host_ip(host)
    if ip is not None:  # the serve guard judges resolved addresses; the crawl guard literal hosts and answers
        assert is_public(ip) is public and is_public(str(ip)) is public
        assert is_private_ip(str(ip)) is (not public)
        if not public:
            with pytest.raises(ImageError) as e:
                resolve_checked(str(ip), 80, allow_private=False)
            assert e.value.code == "image_url_forbidden"
    bracket = f"[{host.strip('[]')}]" if ":" in host else host
    reason = asyncio.run(AddressGuard().check(f"http://{bracket}/x"))
    if not public:
        assert reason == "private_address", host


def test_names_are_not_literals_and_garbage_is_not_public():
    assert host_ip("example.com") is None and host_is_public("example.com") is None
    assert host_is_public("123.example") is None  # a name whose first label is a number
    assert host_ip("0x7f.1") == ipaddress.IPv4Address("127.0.0.1")
    assert not is_public("not an address")
