"""The real web's text: lying charsets, mojibake, HTML5 references, parsing caps, WHATWG URLs,
and arbitrary bytes that must never raise."""

from __future__ import annotations

import time

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.charsets import declared_charset, decode_page, is_garbled, repair_text, whatwg_codec
from mella_ray.crawl.extract import extract
from mella_ray.crawl.html_sniff import MAX_UNCLOSED_TAGS
from mella_ray.crawl.urls import canonicalize

PAGE = "http://example.cz/dir/page.html"
RU = "Матрёшка на ярмарке в Сергиевом Посаде"
AR = "جامع الحسن الثاني في الدار البيضاء عند الغروب"


def _doc(alt: str, charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>t</title></head><body><p>{alt}</p><img src='a.jpg' alt='{alt}'></body></html>"


@pytest.mark.parametrize(
    "label,codec",
    [
        ("latin1", "cp1252"),
        ("ascii", "cp1252"),
        ("ISO-8859-1", "cp1252"),
        ("windows-1251", "cp1251"),
        ("tis-620", "cp874"),
        ("euc-kr", "cp949"),
        ("utf8", "utf-8"),
        ("unicode-1-1-utf-8", "utf-8"),
        ("punycode", None),
        ("base64", None),
        ("rot13", None),
        ("utf-7", None),
        ("idna", None),
        ("x-user-defined", None),
    ],
)
def test_only_whatwg_labels_name_a_charset(label, codec):
    assert whatwg_codec(label) == codec
    expected = codec or "utf-8"  # anything else: UTF-8
    assert declared_charset(f"text/html; charset={label}", b"<p>x</p>") == expected


@pytest.mark.parametrize(
    "body,header,codec",
    [
        (_doc(RU).encode("utf-8"), "text/html; charset=windows-1251", "utf-8"),  # header lies: bytes are UTF-8
        (_doc(RU).encode("utf-8"), "text/html; charset=iso-8859-1", "utf-8"),
        (_doc(RU).encode("cp1251"), "text/html; charset=utf-8", "cp1251"),  # header says UTF-8, bytes are 1251
        ((_doc(AR) * 3).encode("cp1256"), "text/html; charset=windows-1251", "cp1256"),  # wrong single-byte codec
    ],
)
def test_a_charset_that_contradicts_the_bytes_is_detected_and_counted(body, header, codec):
    page = extract(body, PAGE, header)
    assert page.charset == codec and page.charset_contradiction
    assert page.images[0].alt in (RU, AR) and not is_garbled(page.images[0].alt)


def test_a_truthful_charset_is_kept():
    for text, codec in (
        (RU, "cp1251"),
        (AR, "cp1256"),
        ("ตลาดน้ำดำเนินสะดวกยามเช้า", "cp874"),
        ("경복궁의 아름다운 야경", "cp949"),
    ):
        body = _doc(text, {"cp949": "euc-kr", "cp874": "tis-620"}.get(codec, codec)).encode(codec)
        decoded = decode_page(body, None)
        assert decoded.charset == codec and not decoded.contradiction and text in decoded.text


@pytest.mark.parametrize(
    "garbled,clean",
    [
        (RU.encode().decode("cp1251"), RU),  # UTF-8 read as windows-1251, inside a UTF-8 page (a CMS's double encoding)
        ("Phố cổ Hội An".encode().decode("cp1252", errors="ignore"), "Phố cổ Hội An"),
        ("Karlův most v zimě".encode().decode("cp1250"), "Karlův most v zimě"),
        (AR.encode().decode("cp1256"), AR),
    ],
)
def test_mojibake_in_text_is_repaired_and_counted(garbled, clean):
    assert is_garbled(garbled) and repair_text(garbled) == clean and not is_garbled(clean)
    page = extract(f"<meta charset=utf-8><img src=a.jpg alt='{garbled}'>".encode(), PAGE)
    assert page.images[0].alt == clean and page.texts_repaired == 1


def test_unrepairable_text_never_passes():
    thai = "ตลาดน้ำดำเนินสะดวกยามเช้า".encode().decode("cp874", errors="replace")  # TIS-620 lacks some bytes
    assert is_garbled(thai) and alt_verdict(thai, "th") == (None, "alt_mojibake")
    assert is_garbled(thai.replace("\ufffd", ""))  # the "เธ"/"เน" pattern alone gives it away
    assert alt_verdict("Матрёшка на \ufffd\ufffd ярмарке", "ru") == (None, "alt_mojibake")
    assert alt_verdict(RU.encode().decode("cp1251"), "ru") == (RU, "ok")  # repaired, then judged


def test_character_references_as_html5_decodes_them_also_in_attributes():
    html = (
        "<img src='/i?a=1&copy=2&amp;b=3' alt='Dort &amp; k&aacute;va &notit; &not &#x41;&#0;'><title>A &lt; B</title>"
    )
    page = extract(html.encode(), PAGE)
    assert page.images[0].url == "http://example.cz/i?a=1&b=3&copy=2"  # `&copy=` in an attribute is no reference
    assert page.images[0].alt == "Dort & káva &notit; ¬ A\ufffd" and page.title == "A < B"


def test_parser_is_linear_on_the_quadratic_input_and_refuses_deep_nesting():
    start = time.process_time()
    page = extract(b"<a " * 10_000 + b"<img src=x.jpg alt='Karl\xc5\xafv most'>", PAGE)
    assert time.process_time() - start < 2.0  # html.parser took 8 s on 30 KB of this
    assert page.error is None
    deep = extract(b"<div>" * (MAX_UNCLOSED_TAGS + 1) + b"<img src=x.jpg>", PAGE)
    assert deep.error == "html_too_deep" and deep.images == []
    balanced = extract(b"<div></div>" * (MAX_UNCLOSED_TAGS + 1) + b"<img src=x.jpg>", PAGE)
    assert balanced.error is None and len(balanced.images) == 1


def test_caps_on_images_alts_and_time():
    html = "".join(f"<img src='/0.jpg' alt='Jiný popis {i}'>" for i in range(20))
    html += "".join(f"<img src='/{i}.jpg' alt='Obrázek číslo {i}'>" for i in range(50))
    capped = extract(html.encode(), PAGE, max_images=10, max_alts=3)
    assert len(capped.images) == 10 and capped.truncated == "images" and len(capped.images[0].alts) == 3
    assert extract(html.encode(), PAGE, time_cap_s=0.0).truncated == "time"


@pytest.mark.parametrize(
    "url,expected",
    [
        ("http://bücher.de/straße/ü?q=č", "http://xn--bcher-kva.de/stra%C3%9Fe/%C3%BC?q=%C4%8D"),
        ("http://ÉXAMPLE.cz/Ž", "http://xn--xample-9ua.cz/%C5%BD"),
        ("http://0x7f.1/a", "http://127.0.0.1/a"),
        ("http://2130706433/", "http://127.0.0.1/"),
        ("http://example.cz/a%20b/ c", "http://example.cz/a%20b/%20c"),
        ("http://пример.рф/", "http://xn--e1afmkfd.xn--p1ai/"),
    ],
)
def test_whatwg_urls(url, expected):
    assert canonicalize(url) == expected


def test_arbitrary_bytes_and_labels_never_raise():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    fragments = st.sampled_from(
        [
            "<img src=a.jpg alt='",
            "'>",
            "<a href=",
            "<figure>",
            "<figcaption>",
            "&amp;",
            "&#x0;",
            "<meta charset=",
            "<picture><source srcset=",
            "<base href=",
            "\x00",
            "é",
        ]
    )
    html = st.lists(st.one_of(fragments, st.text(max_size=20)), max_size=40).map("".join)
    labels = st.one_of(st.sampled_from(["utf-8", "punycode", "base64", "utf-16", "x-user-defined", ""]), st.text())

    @settings(max_examples=150, deadline=None)
    @given(
        body=st.one_of(st.binary(max_size=400), html.map(lambda t: t.encode("utf-8", "surrogatepass"))), label=labels
    )
    def check(body, label):
        page = extract(body, PAGE, f"text/html; charset={label}")
        assert all(ref.url.startswith("http") for ref in page.images)
        decode_page(body, f"text/html; charset={label}")

    check()


def test_valid_utf8_said_to_be_utf8_is_read_as_utf8_even_when_it_quotes_mojibake():
    # a short Cyrillic page whose one alt is mojibake from its CMS (a site written for an evaluation):
    # the bytes are valid UTF-8, as the header says; charset-normalizer, asked, prefers ISO-8859-5,
    # which garbles every clean text on the page
    page = (
        '<!DOCTYPE html><html lang="sr"><head><title>Храм</title></head><body><div id="top">'
        '<img src="/images/galerija/sr-logo.jpg" alt="Лого" >'
        '<img src="/images/galerija/sr-flag.jpg" alt="застава" ><ul class="nav menu"><li>'
        '<a href="/">Почетна</a></li><li><a href="/praznici/">Празници</a></li><li>'
        '<a href="/hram/">Храм</a></li><li><a href="/vesti/slava-2024/">Слава</a></li><li>'
        '<a href="/galerija/">Галерија</a></li></ul></div><h1>Храм</h1><picture>'
        '<source type="image/webp" srcset="/images/galerija/sr-ikon.jpg">'
        '<source media="(max-width:600px)" srcset="/images/galerija/sr-ikon.jpg?m=1">'
        '<img src="/images/galerija/sr-ikon.jpg" alt="Иконостас храма Светог Саве" loading="lazy" >'
        '</picture><img src="/images/galerija/sr-latin.jpg" alt="Vernici ispred crkve na Vaskrs" >'
        '<img src="/images/galerija/sr-en.jpg" alt="Orthodox church Serbia" >'
        '<img src="/images/galerija/sr-moji.jpg" alt="Ð¦Ñ€ÐºÐ²Ð° Ð¡Ð²ÐµÑ‚Ð¾Ð³ ÐÐ¸ÐºÐ¾Ð»Ðµ" >'
        '<div id="footer"><img src="/images/galerija/sr-kalendar.jpg" alt="Календар" >'
        '<img src="/images/galerija/sr-donate.jpg" alt="Прилог за обнову храма" >'
        "<p>© 2024 Парохија Светог Николе, Ниш</p></div></body></html>"
    ).encode()
    decoded = decode_page(page, "text/html; charset=utf-8", "sr")
    assert (decoded.charset, decoded.contradiction) == ("utf-8", False)
    assert "Иконостас храма Светог Саве" in decoded.text
