"""Site furniture by repetition (site_chrome.py): an image with one alt on most pages of its host."""

from __future__ import annotations

import pyarrow as pa

from mella_ray.crawl.repeated_alts import alt_key
from mella_ray.crawl.site_chrome import FORGET_AFTER, MAX_URLS, MIN_PAGES, REASON, SiteChrome, site_alt_keys
from mella_ray.runtime.shards import ShardedOutput

BANNER = ("http://h.test/img/top-2024.jpg", ("Suvenýry z Čech – dárky pro každého",))


def _photo(i: int) -> tuple[str, tuple[str, ...]]:
    return (f"http://h.test/foto/{i}.jpg", (f"Fotografie číslo {i} z výletu",))


def test_an_image_on_every_page_with_one_alt_becomes_chrome_on_the_fourth_page():
    sc = SiteChrome()
    for i in range(1, MIN_PAGES):  # three pages: a shop's featured product (home, catalogue, its own page)
        assert sc.page("h.test", [BANNER, _photo(i)]) == set()
    assert sc.page("h.test", [BANNER, _photo(MIN_PAGES)]) == {BANNER[0]}
    assert sc.page("h.test", [BANNER, _photo(9)]) == set()  # reported once; asked with is_chrome after
    assert sc.is_chrome("h.test", BANNER[0]) and not sc.is_chrome("h.test", _photo(1)[0])
    assert not sc.is_chrome("other.test", BANNER[0])  # counted per host


def test_the_story_page_of_a_chrome_picture_keeps_its_own_alt():
    """A related-posts strip on every page shows the story's picture with its headline; the story itself
    shows it with a caption: chrome with the headline, the story's own picture with the caption."""
    sc = SiteChrome()
    strip = ("http://h.test/foto/pobocka.jpg", ("Otevíráme novou pobočku v Brně",))
    for i in range(MIN_PAGES):
        sc.page("h.test", [strip, _photo(i)])
    assert sc.is_chrome("h.test", strip[0], strip[1]) and sc.is_chrome("h.test", strip[0])
    assert not sc.is_chrome("h.test", strip[0], ("Prodejna s výlohou a stolky před vchodem",))


def test_a_picture_described_differently_or_on_few_pages_is_not_chrome():
    sc = SiteChrome()
    teaser = "http://h.test/foto/most.jpg"
    for i in range(6):  # the same photo on every page, but each page describes it
        sc.page("h.test", [(teaser, (f"Karlův most, článek {i}",)), _photo(i)])
    assert not sc.is_chrome("h.test", teaser)
    sc = SiteChrome()
    sc.page("h.test", [_photo(0), BANNER])
    for i in range(1, 10):  # the banner on 4 of 10 pages: under half of them
        sc.page("h.test", [_photo(i)] + ([BANNER] if i in (4, 7, 9) else []))
    assert not sc.is_chrome("h.test", BANNER[0])


def test_pages_without_images_do_not_count_and_memory_is_bounded():
    sc = SiteChrome()
    assert sc.page("h.test", []) == set() and "h.test" not in sc.hosts
    many = [_photo(i) for i in range(100)]
    sc.page("h.test", many)
    assert len(sc.hosts["h.test"].counts) == MAX_URLS
    for _ in range(FORGET_AFTER):
        sc.page("h.test", many)
    assert sc.hosts["h.test"].counts is None  # only verdicts stay
    assert sc.is_chrome("h.test", many[0][0])  # on every page from the first: chrome


def test_finalize_reads_the_chrome_alts_from_the_failure_rows(tmp_path):
    rows = [
        {"url": BANNER[0], "kind": "alt", "reason": REASON, "page_url": "http://h.test/a.html", "alt": BANNER[1][0]},
        {
            "url": "http://h.test/x.jpg",
            "kind": "alt",
            "reason": "alt_generic",
            "page_url": "http://h.test/",
            "alt": "x",
        },
    ]
    out = ShardedOutput(f"{tmp_path}/failures")
    out.write("part-0", pa.Table.from_pylist(rows))
    out.write("part-1", pa.Table.from_pylist(rows[1:]))
    assert site_alt_keys(str(tmp_path)) == {alt_key("http://h.test/b.html", BANNER[1][0])}  # per site, not page
    assert site_alt_keys(str(tmp_path / "none")) == set()


def test_one_page_under_several_urls_counts_once():
    sc = SiteChrome()
    product = ("http://h.test/foto/konvice.jpg", ("Porcelánová konvice s modrým vzorem",))
    for facet in ("barva=modra", "barva=modra&cena=do-500", "cena=do-500", "razeni=cena"):  # one catalogue page
        assert sc.page("h.test", [product, _photo(0)], f"http://h.test/katalog?{facet}") == set()
    sc.page("h.test", [_photo(1)], "http://h.test/o-nas")
    assert not sc.is_chrome("h.test", product[0]) and sc.hosts["h.test"].pages == 2
    sc = SiteChrome()
    for i in range(MIN_PAGES):  # article.php?id=N: one path, different photos: several pages; the banner is chrome
        sc.page("h.test", [BANNER, _photo(i)], f"http://h.test/article.php?id={i}")
    assert sc.is_chrome("h.test", BANNER[0])
