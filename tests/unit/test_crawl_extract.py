"""HTML extraction: images with alt-text, srcset, picture, lazy loading, figures, links, charsets."""

from __future__ import annotations

from mella_ray.crawl.extract import best_candidate, charset_of, extract, parse_srcset
from mella_ray.crawl.html_sniff import is_html

PAGE = "http://example.cz/dir/page.html"


def _html(body: str, head: str = "", lang: str = "cs") -> bytes:
    return f"<!doctype html><html lang='{lang}'><head>{head}</head><body>{body}</body></html>".encode()


def test_img_alt_and_relative_urls():
    page = extract(_html('<img src="a.jpg" alt="Karlův most"><img src="/b.png"><img src="../c.gif" alt="">'), PAGE)
    assert page.lang == "cs"
    assert [(i.url, i.alt) for i in page.images] == [
        ("http://example.cz/dir/a.jpg", "Karlův most"),
        ("http://example.cz/b.png", None),
        ("http://example.cz/c.gif", ""),
    ]


def test_srcset_takes_largest_by_width_or_density():
    assert best_candidate(parse_srcset("s.jpg 320w, m.jpg 640w, l.jpg 1280w")) == "l.jpg"
    assert best_candidate(parse_srcset("a.jpg, b.jpg 2x, c.jpg 1.5x")) == "b.jpg"
    # commas inside a URL do not split it
    assert parse_srcset("img,v=1.jpg 100w, big.jpg 200w")[0] == ("img,v=1.jpg", 100.0, "w")
    page = extract(_html('<img src="small.jpg" srcset="m.jpg 640w, xl.jpg 2000w" alt="Praha v noci">'), PAGE)
    assert page.images[0].url == "http://example.cz/dir/xl.jpg"


def test_picture_sources_and_unusable_types():
    html = (
        '<picture><source type="image/avif" srcset="x.avif 4000w">'
        '<source type="image/webp" srcset="p.webp 800w, q.webp 1600w">'
        '<img src="fallback.jpg" alt="Hrad"></picture><img src="after.jpg" alt="Po">'
    )
    page = extract(_html(html), PAGE)
    assert [i.url.rsplit("/", 1)[1] for i in page.images] == ["q.webp", "after.jpg"]
    assert page.images[0].alt == "Hrad"


def test_lazy_data_src_beats_placeholder_and_data_uris_are_skipped():
    html = (
        '<img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg" alt="Líné">'
        '<img data-srcset="/l1.jpg 100w, /l2.jpg 900w" src="ph.gif">'
        '<img src="data:image/png;base64,AAAA" alt="inline">'
    )
    page = extract(_html(html), PAGE)
    assert [i.url for i in page.images] == ["http://example.cz/real.jpg", "http://example.cz/l2.jpg"]


def test_figcaption_is_the_fallback_text():
    html = '<figure><img src="f.jpg"><figcaption> Tradiční  kroj </figcaption></figure><figure><img src="g.jpg" alt="Alt"><figcaption>Cap</figcaption></figure>'
    page = extract(_html(html), PAGE)
    assert page.images[0].text == "Tradiční kroj" and page.images[0].alt is None
    assert page.images[1].text == "Alt"


def test_base_href_links_nofollow_and_fragments():
    html = (
        '<a href="p1.html#top">1</a><a href="p1.html">dup</a><a rel="nofollow" href="/secret">x</a>'
        '<a href="mailto:a@b.cz">m</a><a href="javascript:void(0)">j</a><a href="https://other.org/">o</a>'
        '<img src="i.jpg">'
    )
    page = extract(_html(html, head='<base href="http://example.cz/base/">'), PAGE)
    assert page.links == ["http://example.cz/base/p1.html", "https://other.org/"]
    assert page.images[0].url == "http://example.cz/base/i.jpg"


def test_meta_robots_nofollow_drops_all_links():
    page = extract(_html('<a href="/a">a</a>', head='<meta name="robots" content="noindex, nofollow">'), PAGE)
    assert page.links == []


def test_malformed_html_does_not_raise():
    html = b"<html><body><div><p><img src='a.jpg' alt='ok'<img src=b.jpg alt=\"B b\"></td></table><a href='/x'>"
    page = extract(html + b"<img src=c.jpg alt='Cc'><figure><img src=d.jpg>", PAGE)
    urls = [i.url.rsplit("/", 1)[1] for i in page.images]
    assert "c.jpg" in urls and "d.jpg" in urls
    assert extract(b"", PAGE).images == []
    assert extract(b"\xff\xfe\x00garbage<<<>>>", PAGE).links == []


def test_windows_1251_page_decodes_from_meta_and_header():
    text = (
        "<html lang=ru><head><meta http-equiv='Content-Type' content='text/html; charset=windows-1251'></head>"
        "<body><img src='m.jpg' alt='Матрёшка на ярмарке'></body></html>"
    )
    body = text.encode("cp1251")
    assert charset_of(None, body) == "cp1251"
    assert extract(body, PAGE).images[0].alt == "Матрёшка на ярмарке"
    # the header wins over the meta tag; <meta charset> alone works too
    assert extract(body, PAGE, "text/html; charset=windows-1251").images[0].alt == "Матрёшка на ярмарке"
    short = "<meta charset='windows-1251'><img src='x.jpg' alt='Хохлома'>".encode("cp1251")
    assert extract(short, PAGE).images[0].alt == "Хохлома"
    # declared UTF-8, sent as windows-1251: the bytes win, and the contradiction is flagged
    lying = extract(body.replace(b"windows-1251", b"utf-8"), PAGE, "text/html; charset=utf-8")
    assert lying.images[0].alt == "Матрёшка на ярмарке" and lying.charset_contradiction
    assert not extract(body, PAGE).charset_contradiction


def test_is_html():
    assert is_html("text/html; charset=utf-8", b"")
    assert not is_html("image/jpeg", b"<html>")
    assert is_html(None, b"  <!DOCTYPE html><html>")


def test_title_figcaption_and_every_alt_of_an_image():
    html = (
        "<title>  Velikonoce\n na Moravě </title>"
        '<figure><img src="k.jpg" alt="Kraslice"><figcaption>Malované <b>kraslice</b> z Vlčnova</figcaption></figure>'
        '<img src="k.jpg" alt="Kraslice z Moravy"><img src="k.jpg" alt="Kraslice">'
    )
    page = extract(_html(html), PAGE)
    assert page.title == "Velikonoce na Moravě"
    [img] = page.images
    assert img.alts == ["Kraslice", "Kraslice z Moravy"] and img.caption == "Malované kraslice z Vlčnova"


def test_data_uris_are_skipped_by_default_and_kept_on_request():
    uri = "data:image/png;base64,iVBORw0KGgo="
    html = f'<img src="{uri}" alt="Vložený obrázek">'
    skipped = extract(_html(html), PAGE)
    assert skipped.images == [] and skipped.data_uris_skipped == 1
    kept = extract(_html(html), PAGE, keep_data_uris=True)
    assert [(i.url, i.alt) for i in kept.images] == [(uri, "Vložený obrázek")]


def test_picture_source_lazy_srcset_and_relative_urls_against_base():
    html = (
        '<picture><source data-srcset="/a-800.webp 800w, /a-1600.webp 1600w" type="image/webp">'
        '<img src="/a.jpg" alt="A"></picture>'
        '<img class="lazy" data-src="../lazy.jpg" src="/spinner.gif" alt="L">'
    )
    page = extract(_html(html, head='<base href="/cs/clanky/">'), PAGE)
    assert [i.url for i in page.images] == ["http://example.cz/a-1600.webp", "http://example.cz/cs/lazy.jpg"]


def test_lazy_attributes_of_any_loader_beat_the_placeholder_in_src():
    html = (
        '<img src="/web/upload/blank.gif" ec-data-src="/web/product/hanbok.jpg" alt="A">'
        '<img src="/ph.gif" data-hi-res-src="/big/b.jpg" alt="B">'
        '<img src="/c.jpg" lowsrc="/c-low.jpg" alt="C">'  # lowsrc: the low-resolution copy, not the picture
    )
    page = extract(_html(html), PAGE)
    assert [i.url for i in page.images] == [
        "http://example.cz/web/product/hanbok.jpg",
        "http://example.cz/big/b.jpg",
        "http://example.cz/c.jpg",
    ]
