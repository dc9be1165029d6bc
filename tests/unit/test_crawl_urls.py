"""URL canonicalisation, the private-address guard, and the frontier's limits and per-section
languages."""

from __future__ import annotations

import asyncio

from mella_ray.crawl.frontier import Frontier
from mella_ray.crawl.ssrf import AddressGuard, is_private_ip
from mella_ray.crawl.urls import canonicalize, same_site


def test_canonicalize():
    assert canonicalize("HTTP://Example.COM:80/a b/é?b=2&a=1#frag") == "http://example.com/a%20b/%C3%A9?a=1&b=2"
    assert canonicalize("https://x.org:443") == "https://x.org/"
    assert canonicalize("https://x.org:8443/p") == "https://x.org:8443/p"
    assert canonicalize("../up.jpg?z&a=1", "http://s.cz/dir/sub/p.html") == "http://s.cz/dir/up.jpg?a=1&z"
    assert canonicalize("http://bücher.de/") == "http://xn--bcher-kva.de/"
    for bad in ("javascript:void(0)", "mailto:a@b.cz", "ftp://x/y", "", "http://h:99999/", "data:image/png;base64,AA"):
        assert canonicalize(bad) is None
    assert same_site("http://www.example.com/a", "http://example.com/b")
    assert not same_site("http://cdn.example.com/a", "http://example.com/b")
    assert not same_site("http://127.0.0.1:8001/", "http://127.0.0.1:8002/")


def test_session_and_click_parameters_are_not_part_of_a_page_s_address():
    one = "http://shop.ru/katalog?page=2"
    for variant in (
        "http://shop.ru/katalog?sid=1a2b3c4d&page=2",
        "http://shop.ru/katalog?page=2&PHPSESSID=9f8e7d",
        "http://shop.ru/katalog;jsessionid=0AB12CD?page=2",
        "http://shop.ru/katalog?page=2&utm_source=fb&utm_medium=social&fbclid=IwAR0x",
        "http://shop.ru/katalog?ASPSESSIONIDQQGQGTQR=ABC&page=2",
    ):
        assert canonicalize(variant) == one
    assert canonicalize("http://shop.ru/katalog?sid=1a2b3c4d") == "http://shop.ru/katalog"
    # names that merely contain one of them are parameters of the page
    assert canonicalize("http://shop.ru/a?side=left&usid=3") == "http://shop.ru/a?side=left&usid=3"


def test_private_addresses_are_refused_unless_allowed():
    for ip in (
        "127.0.0.1",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "::ffff:10.0.0.1",
        "0.0.0.0",
    ):
        assert is_private_ip(ip), ip
    assert not is_private_ip("8.8.8.8") and not is_private_ip("2001:4860:4860::8888")

    async def check(allow):
        guard = AddressGuard(allow_private=allow)
        return [
            await guard.check(u)
            for u in ("http://127.0.0.1:8080/x", "http://localhost/", "http://[::1]/", "http://10.0.0.7/admin")
        ]

    assert asyncio.run(check(False)) == ["private_address"] * 4
    assert asyncio.run(check(True)) == [None] * 4


def test_frontier_limits():
    f = Frontier(max_depth=1, max_pages=4, max_pages_per_host=4, max_query_variants=2)
    assert f.add_seed("http://a.cz/", "cs") and f.add_seed("http://b.hu/", "hu")
    assert not f.add_seed("HTTP://A.CZ:80/#x", "cs")  # seen
    seed_a = f.pop()
    assert seed_a.url == "http://a.cz/" and seed_a.depth == 0
    assert f.pop().url == "http://b.hu/"  # round-robin over hosts
    assert f.add_link("http://a.cz/p?x=1", seed_a) and f.add_link("http://a.cz/p?x=2", seed_a)
    assert not f.add_link("http://a.cz/p?x=3", seed_a)  # query-variant cap
    assert not f.add_link("http://other.org/", seed_a)  # off-site
    assert f.add_link("http://a.cz/q", seed_a)
    assert not f.add_link("http://a.cz/r", seed_a)  # host cap: 1 taken + 3 queued = 4
    child = f.pop()
    assert child.depth == 1 and child.lang == "cs"
    assert not f.add_link("http://a.cz/deeper", child)  # too deep
    assert dict(f.refused) == {"seen": 1, "query_variants": 1, "off_site": 1, "host_cap": 1, "too_deep": 1}
    f.pop()
    assert f.pop() is None and f.taken_total == 4  # the page budget is spent with one page queued
    assert f.pending() == 1


def test_frontier_sections_of_one_site_keep_their_language():
    f = Frontier(max_depth=3, max_pages=100, max_pages_per_host=100)
    f.add_seed("http://multi.org/cs/", "cs")
    f.add_seed("http://multi.org/ru/index.html", "ru")
    cs_seed = f.pop()
    assert f.add_link("http://multi.org/ru/news.html", cs_seed)  # a language switcher
    assert f.add_link("http://multi.org/cs/a.html", cs_seed)
    assert not f.add_link("http://multi.org/about.html", cs_seed)  # no section: language unknown
    ru_seed = f.pop()
    assert ru_seed.lang == "ru"
    assert {(t.url.rsplit("/", 1)[1], t.lang) for t in (f.pop(), f.pop())} == {("news.html", "ru"), ("a.html", "cs")}
    assert f.refused["out_of_scope"] == 1
    single = Frontier(max_depth=3, max_pages=100, max_pages_per_host=100)
    single.add_seed("http://one.cz/cs/index.html", "cs")
    assert single.add_link("http://one.cz/other/", single.pop())  # one seed: the whole site is cs
