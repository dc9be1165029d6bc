"""A thumbnail inside a link to its full-size picture: the picture is the image, the link is no page."""

from __future__ import annotations

from mella_ray.crawl.extract import extract

PAGE = "http://forum.example.ru/topic/12/page.html"
ALT = "Рыбак с щукой на Волге"


def _html(body: str, head: str = "") -> bytes:
    return f"<!doctype html><html lang='ru'><head>{head}</head><body>{body}</body></html>".encode()


def _pairs(page):
    return [(i.url, i.alt) for i in page.images]


def test_thumbnail_in_link_gives_the_full_size_image_and_no_page_link():
    html = (
        f'<figure><a href="/files/att/106.jpg"><img src="/files/att/106_thumb.jpg" alt="{ALT}"></a>'
        "<figcaption>Улов дня</figcaption></figure><a href='/topic/13/'>дальше</a>"
    )
    page = extract(_html(html), PAGE)
    assert _pairs(page) == [("http://forum.example.ru/files/att/106.jpg", ALT)]
    assert page.images[0].caption == "Улов дня"
    assert page.links == ["http://forum.example.ru/topic/13/"]


def test_relative_href_resolves_against_the_page_and_base_href():
    html = f'<a href="full/7.JPEG"><img src="thumbs/7.jpg" alt="{ALT}"></a>'
    assert _pairs(extract(_html(html), PAGE)) == [("http://forum.example.ru/topic/12/full/7.JPEG", ALT)]
    page = extract(_html(html, head='<base href="http://static.example.ru/gal/">'), PAGE)
    assert _pairs(page) == [("http://static.example.ru/gal/full/7.JPEG", ALT)]
    assert page.links == []


def test_link_to_a_page_keeps_the_images_own_src_and_stays_a_link():
    html = (
        f'<a href="/photo/106.html"><img src="/t/106.jpg" alt="{ALT}"></a>'
        '<a href="/photo/107"><img src="/t/107.jpg" srcset="/m/107.jpg 800w" alt="Закат"></a>'
        '<a href="/view.php?file=108.jpg"><img src="/t/108.jpg" alt="Лодка"></a>'
    )
    page = extract(_html(html), PAGE)
    assert _pairs(page) == [
        ("http://forum.example.ru/t/106.jpg", ALT),
        ("http://forum.example.ru/m/107.jpg", "Закат"),
        ("http://forum.example.ru/t/108.jpg", "Лодка"),
    ]
    assert page.links == [
        "http://forum.example.ru/photo/106.html",
        "http://forum.example.ru/photo/107",
        "http://forum.example.ru/view.php?file=108.jpg",
    ]


def test_full_size_image_on_another_host_and_with_a_query():
    html = (
        f'<a href="https://cdn.example.net/u/106.webp"><img src="/t/106.jpg" alt="{ALT}"></a>'
        '<a href="//img.example.org/p/9.png?size=large"><img data-src="/t/9.jpg" src="data:image/gif;base64,R0"'
        ' alt="Волга"></a>'
    )
    page = extract(_html(html), PAGE)
    assert _pairs(page) == [
        ("https://cdn.example.net/u/106.webp", ALT),
        ("http://img.example.org/p/9.png?size=large", "Волга"),
    ]
    assert page.links == [] and page.data_uris_skipped == 0


def test_picture_in_link_takes_the_link_over_its_sources():
    html = (
        '<a href="/big/5.jpg"><picture><source type="image/webp" srcset="/t/5.webp 200w">'
        f'<img src="/t/5.jpg" alt="{ALT}"></picture></a>'
    )
    assert _pairs(extract(_html(html), PAGE)) == [("http://forum.example.ru/big/5.jpg", ALT)]


def test_a_strip_of_thumbnails_under_one_link_keeps_each_src():
    html = '<a href="/album/all.jpg"><img src="/t/1.jpg" alt="Один"><img src="/t/2.jpg" alt="Два"></a>'
    page = extract(_html(html), PAGE)
    assert _pairs(page) == [("http://forum.example.ru/t/1.jpg", "Один"), ("http://forum.example.ru/t/2.jpg", "Два")]
    assert page.links == []


def test_links_to_image_files_are_never_pages():
    html = (
        '<a href="/files/a.png">скачать</a><a href="/files/b.GIF?x=1">b</a><a href="/files/c.avif">c</a>'
        '<a href="/files/d.jpg.html">d</a><a href="ftp://example.ru/e.jpg">e</a>'
    )
    assert extract(_html(html), PAGE).links == ["http://forum.example.ru/files/d.jpg.html"]


def test_avif_full_size_is_not_kept_so_the_thumbnail_stays():
    # avif is not among the kept formats: fetching it would only be refused
    html = f'<a href="/full/3.avif"><img src="/t/3.jpg" alt="{ALT}"></a>'
    page = extract(_html(html), PAGE)
    assert _pairs(page) == [("http://forum.example.ru/t/3.jpg", ALT)] and page.links == []


def test_same_full_size_image_twice_is_one_ref_with_both_alts():
    html = f'<a href="/f/1.jpg"><img src="/t/1.jpg" alt="{ALT}"></a><a href="/f/1.jpg"><img src="/t/1s.jpg" alt="Щука"></a>'
    page = extract(_html(html), PAGE)
    assert [(i.url, i.alts) for i in page.images] == [("http://forum.example.ru/f/1.jpg", [ALT, "Щука"])]


def test_image_cap_still_applies_to_linked_images():
    html = "".join(f'<a href="/f/{k}.jpg"><img src="/t/{k}.jpg" alt="Фото {k}"></a>' for k in range(10))
    page = extract(_html(html), PAGE, max_images=3)
    assert [i.url for i in page.images] == [f"http://forum.example.ru/f/{k}.jpg" for k in range(3)]
    assert page.truncated == "images"


def test_logo_linking_home_is_still_marked():
    page = extract(_html('<a href="/"><img src="/logo.png" alt="Рыболовный форум"></a>'), PAGE)
    assert page.images[0].home_link and page.images[0].url == "http://forum.example.ru/logo.png"
