"""A Serbian page's script (crawl/page_script.py): both scripts are kept by default; with
crawl.serbian_script `page` an alt in the other script than its page's is refused as alt_other_script, and
a page mixing both scripts, and every other language, keep their alts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_one_site import crawl_one_site  # noqa: E402
from crawl_servers import static  # noqa: E402

from mella_ray.config import CrawlConfig  # noqa: E402
from mella_ray.crawl.extract import extract  # noqa: E402
from mella_ray.crawl.page_script import REASON, in_other_script, kept_script  # noqa: E402

CYRILLIC = "Планинарски дом на Копаонику нуди смештај током целе године, уз доручак и вечеру. "
LATIN = "Planinarski dom na Kopaoniku nudi smeštaj tokom cele godine, uz doručak i večeru. "
CYRILLIC_ALT = "Дрвена брвнара под снегом на ивици борове шуме"
LATIN_ALT = "Drvena brvnara pod snegom na ivici borove šume"


def _html(text: str, extra: str = "") -> str:
    return f'<html lang="sr"><head><title>Дом</title></head><body><p>{text}</p>{extra}</body></html>'


@pytest.mark.parametrize(
    ("text", "lang", "script"),
    [
        (CYRILLIC * 2, "sr", "Cyrillic"),
        (LATIN * 2, "sr", "Latin"),
        (CYRILLIC + LATIN, "sr", None),  # both scripts: the site writes both
        ("Дом на Копаонику", "sr", None),  # too little text to tell
        (CYRILLIC * 2, "ru", None),  # one script: the alt filter's script check decides
        (LATIN * 2, "cs", None),
    ],
)
def test_the_pages_script(text, lang, script):
    assert extract(_html(text).encode(), "http://dom.example/", lang=lang).script == script


def test_a_listing_with_little_text_is_read_by_its_title_and_alts():
    """A shop's listing says little but its menu; its title and its pictures' alts tell the script."""
    images = "".join(f'<img src="/p/{i}.jpg" alt="{alt}">' for i, alt in enumerate([CYRILLIC_ALT, LATIN_ALT] * 2))
    html = f"<html><head><title>Продавница</title></head><body><nav>Почетна Блог</nav>{images}</body></html>"
    page = extract(html.encode(), "http://dom.example/", lang="sr")
    assert page.script is None  # as many Latin alts as Cyrillic ones
    images = "".join(f'<img src="/p/{i}.jpg" alt="{alt}">' for i, alt in enumerate([CYRILLIC_ALT] * 4 + [LATIN_ALT]))
    html = f"<html><head><title>Продавница</title></head><body><nav>Почетна Блог</nav>{images}</body></html>"
    assert extract(html.encode(), "http://dom.example/", lang="sr").script == "Cyrillic"


def test_a_page_with_text_is_read_by_its_text_not_by_its_alts():
    """English and transliterated alts are Latin letters: a page that writes Cyrillic stays Cyrillic."""
    english = "".join(
        f'<img src="/p/{i}.jpg" alt="Wooden toy train with colourful wagons number {i}">' for i in range(6)
    )
    page = extract(_html(CYRILLIC * 2, english).encode(), "http://dom.example/", lang="sr")
    assert page.script == "Cyrillic"


def test_script_and_style_text_does_not_count():
    code = "<script>" + "var latinLetters = 'abcdefghijklmnopqrstuvwxyz';" * 20 + "</script><style>p{color:red}</style>"
    assert extract(_html(CYRILLIC, code).encode(), "http://dom.example/", lang="sr").script == "Cyrillic"


@pytest.mark.parametrize(
    ("alt", "script", "other"),
    [
        (LATIN_ALT, "Cyrillic", True),
        (CYRILLIC_ALT, "Latin", True),
        (CYRILLIC_ALT, "Cyrillic", False),
        ("Угаона гарнитура OSLO од сиве тканине", "Cyrillic", False),  # a brand in Latin inside a Cyrillic caption
        ("Kuhinja Gorenje Essential sa belim frontovima", "Latin", False),
    ],
)
def test_an_alt_in_the_other_script(alt, script, other):
    assert in_other_script(alt, script, "sr") is other


def test_the_crawl_refuses_an_alt_in_the_other_script_and_keeps_the_pages_own(tmp_path):
    images = (
        f'<img src="/foto/1.jpg" alt="{CYRILLIC_ALT}">'
        f'<img src="/foto/2.jpg" alt="{LATIN_ALT}">'
        '<img src="/foto/3.jpg" alt="Поглед на језеро са терасе планинарског дома">'
        '<img src="/foto/4.jpg" alt="Mountain hut under snow at the edge of a pine forest">'
    )
    routes = {"/": static(_html(CYRILLIC * 2, images))} | {
        f"/foto/{i}.jpg": static(picture(7300 + i), "image/jpeg") for i in (1, 2, 3, 4)
    }
    know, refused = crawl_one_site(tmp_path, routes, REASON, "dom", lang="sr", serbian_script="page")
    assert sorted(know) == sorted([CYRILLIC_ALT, "Поглед на језеро са терасе планинарског дома"])
    assert refused == [LATIN_ALT]  # the English alt is refused for being English, not for its letters
    # the default keeps a Serbian caption in either script
    know, refused = crawl_one_site(tmp_path / "default", routes, REASON, "dom", lang="sr")
    assert sorted(know) == sorted([CYRILLIC_ALT, LATIN_ALT, "Поглед на језеро са терасе планинарског дома"])
    assert refused == []


def test_a_page_in_both_scripts_keeps_both(tmp_path):
    images = f'<img src="/foto/1.jpg" alt="{CYRILLIC_ALT}"><img src="/foto/2.jpg" alt="{LATIN_ALT}">'
    routes = {"/": static(_html(CYRILLIC + LATIN, images))} | {
        f"/foto/{i}.jpg": static(picture(7400 + i), "image/jpeg") for i in (1, 2)
    }
    know, refused = crawl_one_site(tmp_path, routes, REASON, "dom", lang="sr", serbian_script="page")
    assert sorted(know) == sorted([CYRILLIC_ALT, LATIN_ALT])
    assert refused == []


@pytest.mark.parametrize(
    ("setting", "page", "lang", "kept"),
    [
        ("page", "Cyrillic", "sr", "Cyrillic"),
        ("page", None, "sr", None),  # a page in both scripts keeps both
        ("any", "Cyrillic", "sr", None),
        ("latin", "Cyrillic", "sr", "Latin"),
        ("cyrillic", None, "sr", "Cyrillic"),
        ("cyrillic", None, "ru", None),  # one script: the alt filter's script check decides
        ("latin", None, "cs", None),
    ],
)
def test_the_script_a_setting_keeps(setting, page, lang, kept):
    assert kept_script(setting, page, lang) == kept


@pytest.mark.parametrize(
    ("setting", "text", "kept", "refused"),
    [
        ("any", CYRILLIC * 2, [CYRILLIC_ALT, LATIN_ALT], []),
        ("latin", CYRILLIC * 2, [LATIN_ALT], [CYRILLIC_ALT]),
        ("cyrillic", CYRILLIC + LATIN, [CYRILLIC_ALT], [LATIN_ALT]),
    ],
)
def test_crawl_serbian_script_chooses_the_script_kept(tmp_path, setting, text, kept, refused):
    images = f'<img src="/foto/1.jpg" alt="{CYRILLIC_ALT}"><img src="/foto/2.jpg" alt="{LATIN_ALT}">'
    routes = {"/": static(_html(text, images))} | {
        f"/foto/{i}.jpg": static(picture(7500 + i), "image/jpeg") for i in (1, 2)
    }
    know, why = crawl_one_site(tmp_path, routes, REASON, "dom", lang="sr", serbian_script=setting)
    assert sorted(know) == sorted(kept)
    assert why == refused


def test_an_unknown_serbian_script_fails_before_work_with_the_choices():
    with pytest.raises(ValidationError, match="(?s)serbian_script.*'page', 'any', 'cyrillic' or 'latin'"):
        CrawlConfig(seeds=[{"url": "http://dom.example/", "lang": "sr"}], serbian_script="both")
