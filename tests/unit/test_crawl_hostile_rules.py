"""Rules the hostile unseen sites (tests/fixtures/crawl_unseen_hostile.py) showed missing: backslashes in
relative URLs, a template's placeholder alt, an alt said twice, alts filled from the page title."""

from __future__ import annotations

import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl.alt_filter import alt_verdict, normalize_alt
from mella_ray.crawl.alt_page import page_title_alt
from mella_ray.crawl.dedup import Sighting, judge
from mella_ray.crawl.urls import canonicalize


@pytest.mark.parametrize(
    "url, base, expected",
    [
        ("..\\media\\foto\\a.jpg", "http://h.test/clanky/b.html", "http://h.test/media/foto/a.jpg"),
        ("\\\\cdn.test\\i\\a.jpg", "http://h.test/", "http://cdn.test/i/a.jpg"),  # scheme-relative
        ("/a.jpg?x=1\\2", "http://h.test/", "http://h.test/a.jpg?x=1%5C2"),  # the query keeps its backslash
    ],
)
def test_a_backslash_in_an_http_url_is_a_slash(url, base, expected):
    assert canonicalize(url, base) == expected


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Popis obrázku", "cs"),
        ("Описание изображения", "ru"),
        ("Test alt text", "cs"),
        ("Mô tả hình ảnh", "vi"),
        ("이미지 설명", "ko"),
    ],
)
def test_a_templates_placeholder_is_generic(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


def test_a_text_said_twice_is_said_once_but_stuffing_stays_stuffing():
    assert normalize_alt("Zámek Lednice v zimě Zámek Lednice v zimě") == "Zámek Lednice v zimě"
    assert normalize_alt("Praha Praha") == "Praha Praha"  # one word twice: a keyword, not a caption
    six = " ".join(["Москва — столица России, крупнейший по численности населения город страны"] * 6)
    # a text said six times: its words and word pairs come back, a keyword run (and too long, too)
    assert normalize_alt(six) == six and alt_verdict(six, "ru") == (None, "alt_keyword_list")


@pytest.mark.parametrize(
    "alt, title, refused",
    [
        ("Hrad Pernštejn | Průvodce po Čechách", "Hrad Pernštejn | Průvodce po Čechách", True),
        ("Pernštejn na podzim | Průvodce po Čechách", "Hrad Pernštejn | Průvodce po Čechách", True),
        ("Пляж в Анапе — Курорты России", "Анапа — Курорты России", True),
        ("Hrad Pernštejn - výlet s dětmi", "Hrad Pernštejn | Průvodce po Čechách", False),
        ("Karlův most v zimě", "Karlův most v zimě", False),  # a heading without the site's name
        ("Nádvoří hradu Pernštejn", "Hrad Pernštejn | Průvodce po Čechách", False),
        ("Nádvoří hradu Pernštejn", None, False),
        # the headline alone before the site's name: a post's title copied into its featured image's alt
        ("Hrad Pernštejn", "Hrad Pernštejn | Průvodce po Čechách", True),
        ("Обнова рефлектора", "Обнова рефлектора – Градски стадион Чачак", True),
    ],
)
def test_an_alt_filled_from_the_page_title_with_the_site_name(alt, title, refused):
    assert page_title_alt(alt, title) == refused


def test_judge_refuses_the_title_alt_with_its_reason():
    s = Sighting("http://h.test/p.jpg", "http://h.test/", "cs", ["Hrad Pernštejn | Průvodce po Čechách"])
    s.title = "Hrad Pernštejn | Průvodce po Čechách"
    [c] = judge(s, s.url, CrawlConfig())
    assert c.text is None and c.reason == "alt_page_title"


@pytest.mark.parametrize(
    "alt, reason",
    [
        ("Cau Rong Da Nang ve dem", "alt_no_diacritics"),  # typed without its marks
        ("Hoi An Ancient Town at night", "alt_other_language"),  # English, which the identifier names
        ("Vịnh Hạ Long lúc bình minh", "ok"),
        ("Pho bo", "alt_too_few_words"),  # two syllables: one word (phở bò, a dish), not judged for marks
    ],
)
def test_vietnamese_without_its_diacritics_is_not_native_text(alt, reason):
    assert alt_verdict(alt, "vi")[1] == reason


def test_an_alt_in_another_code_page_than_its_page_is_mojibake():
    text = "Ростовский кремль на берегу озера Неро"
    assert alt_verdict(text.encode("koi8-r").decode("cp1251"), "ru") == (None, "alt_mojibake")
    assert alt_verdict(text.encode("cp1251").decode("koi8-r"), "ru") == (None, "alt_mojibake")
    assert alt_verdict("Мобильный телефон iPhone в руке", "ru")[1] == "ok"  # a brand's capitals stay
    assert alt_verdict("Nový iPhone 15 na pultu obchodu", "cs")[1] == "ok"


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("Hrady a zámky - Pernštejn - výlety - ubytování - levně", "cs", "alt_keyword_list"),  # SEO tags by dashes
        ("Domů / Galerie / Hrady / Pernštejn / Nádvoří", "cs", "alt_navigation"),  # a breadcrumb
        ("Москва - Кремль - Красная площадь - экскурсии - туры", "ru", "alt_keyword_list"),
        ("images/karluv most v zime.jpg", "cs", "alt_filename"),  # a path
        ("karluv most v zime.jpeg?w=300", "cs", "alt_filename"),  # a query
        ("Sněžka – nejvyšší hora Česka za úsvitu", "cs", "ok"),  # one dash: a description
        ("Praha, Brno, Ostrava, Plzeň a Liberec", "cs", "ok"),  # a sentence's "and" ends the list
    ],
)
def test_seo_tags_breadcrumbs_and_paths_are_not_captions(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason


@pytest.mark.parametrize(
    "title, lang, kept",
    [
        ("Výlet na jih Čech", "cs", "Výlet na jih Čech"),
        ("Koncert Hanse Müllera", "cs", None),  # ü is no Czech letter
        ("Nový iPhone 15 | Mobil.cz", "cs", None),  # a case flip reads as code-page mojibake
        ("KarlĹŻv most v zimÄ›", "cs", "Karlův most v zimě"),  # UTF-8 read as windows-1250: repaired
        (None, "cs", None),
    ],
)
def test_a_page_title_kept_beside_the_caption_never_reads_as_garbled(title, lang, kept):
    from mella_ray.crawl.alt_filter import clean_title

    assert clean_title(title, lang) == kept


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Hungarian Parliament at night", "hu"),  # the identifier gives English 0.19 only
        ("Charles Bridge at night", "cs"),
        ("Belgrade fortress at dusk", "sr"),
    ],
)
def test_short_english_with_an_english_preposition_is_another_language(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_other_language")
