"""Marks of a widget that passed as captions: "icon" and a lower-case noun (crawl/alt_page.py), a short label
with a CMS's copy number (crawl/alt_labels.py), a map of a venue (crawl/alt_words_utility.py), a whole-number
star rating (crawl/alt_numbers.py) and a reviewer's name with an initial (crawl/alt_names.py); beside religious
icons, numbered things, maps of countries and places with a number, which stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("ikona implantát", "cs", "alt_generic"),
        ("Ikona telefonu", "cs", "alt_generic"),
        ("ikonka košíku", "cs", "alt_generic"),
        ("ikon telefon", "hu", "alt_generic"),
        ("telefon ikon", "hu", "alt_generic"),
        ("иконка корзины", "ru", "alt_generic"),
        ("Икона корзины", "ru", "alt_generic"),
        ("иконица телефона", "sr", "alt_generic"),
        ("ikona telefona", "sr", "alt_generic"),
        ("아이콘 전화", "ko", "alt_generic"),
        ("ไอคอนโทรศัพท์", "th", "alt_generic"),
        ("أيقونة الهاتف", "ar", "alt_generic"),
        # a short label and a copy's number
        ("Váy cưới đuôi cá ren Pháp - 4", "vi", "alt_generic"),
        ("Pokoj Deluxe (2)", "cs", "alt_generic"),
        ("Svatební šaty #5", "cs", "alt_generic"),
        ("Ваза керамика_3", "ru", "alt_generic"),
        ("Apartman Zlatibor - 12", "sr", "alt_generic"),
        ("Esküvői ruha (3)", "hu", "alt_generic"),
        ("웨딩드레스 (2)", "ko", "alt_generic"),
        ("ชุดแต่งงาน (2)", "th", "alt_generic"),
        ("فستان زفاف (2)", "ar", "alt_generic"),
        # a map of a venue
        ("แผนที่ตลาด", "th", "alt_generic"),
        ("Bản đồ chợ", "vi", "alt_generic"),
        ("خريطة السوق", "ar", "alt_generic"),
        ("Mapa tržnice", "cs", "alt_generic"),
        ("Карта рынка", "ru", "alt_generic"),
        ("Mapa pijace", "sr", "alt_generic"),
        ("A piac térképe", "hu", "alt_generic"),
        ("시장 지도", "ko", "alt_generic"),
        ("Plánek tržnice", "cs", "alt_generic"),
        ("ผังตลาด", "th", "alt_generic"),
        ("시장 안내도", "ko", "alt_generic"),
        ("مخطط السوق", "ar", "alt_generic"),
        ("지도 보기", "ko", "alt_generic"),
        ("Xem bản đồ", "vi", "alt_generic"),
        ("Показать на карте", "ru", "alt_generic"),
        ("ดูแผนที่", "th", "alt_generic"),
        ("عرض الخريطة", "ar", "alt_generic"),
        # a star rating in whole numbers
        ("Оцењено 5 од 5", "sr", "alt_generic"),
        ("Ocenjeno 4 od 5", "sr", "alt_generic"),
        ("Hodnoceno 4 z 5", "cs", "alt_generic"),
        ("Értékelés: 4 / 5", "hu", "alt_generic"),
        ("Оценка 5 из 5", "ru", "alt_generic"),
        ("คะแนน 5 จาก 5", "th", "alt_generic"),
        ("Đánh giá 5/5", "vi", "alt_generic"),
        ("تقييم 5 من 5", "ar", "alt_generic"),
        # a reviewer's name with an initial
        ("Марија П.", "sr", "alt_name"),
        ("Jana N.", "cs", "alt_name"),
        ("Kovács A.", "hu", "alt_name"),
        ("Иван С.", "ru", "alt_name"),
        ("Nguyễn V. A.", "vi", "alt_name"),
        ("محمد ع.", "ar", "alt_name"),
        ("J. Novák", "cs", "alt_name"),
        ("Jana N., Praha", "cs", "alt_name"),
        ("Ирина В., Москва", "ru", "alt_name"),
        ("Nguyễn V. A., Hà Nội", "vi", "alt_name"),
        ("محمد ع.، الرياض", "ar", "alt_name"),
        ("آيقونة السلة", "ar", "alt_generic"),
    ],
)
def test_marks_are_refused(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason), alt


@pytest.mark.parametrize(
    "alt, lang",
    [
        # religious icons: a capitalised name, or a saint and a name, after the word
        ("Ikona Panny Marie", "cs"),
        ("Ikona svatého Václava", "cs"),
        ("Икона Казанской Божией Матери", "ru"),
        ("Икона святого Николая", "ru"),
        ("Икона Светог Николе", "sr"),
        ("Ikona svetog Save", "sr"),
        ("Szent Miklós ikon", "hu"),
        ("Ikona z 18. století", "cs"),
        # numbers that name a thing, a date or a line; a gallery's counter before a caption
        ("Tramvaj číslo 22", "cs"),
        ("Škoda 105 na výstavě", "cs"),
        ("Trolejbus linky 12 v zimě", "cs"),
        ("Ulica 29. novembra", "sr"),
        ("Děti na pláži (2)", "cs"),
        # maps of countries, people with a map
        ("Turisté studují mapu u vchodu", "cs"),
        ("Bản đồ Việt Nam", "vi"),
        ("Stará mapa Prahy", "cs"),
        ("Plán města z roku 1850", "cs"),
        ("Архитектор показывает план нового рынка", "ru"),
        ("Kostel Panny Marie", "cs"),
        # a score that is no rating; a place, a king or a school with a number or an initial: no reviewer
        ("Skóre zápasu 2 z 5", "cs"),
        ("Hodnocení 3 z 5 zápasů", "cs"),
        ("Praha 1.", "cs"),
        ("Karel IV.", "cs"),
        ("Náměstí T. G. Masaryka", "cs"),
        ("Gymnázium J. Heyrovského", "cs"),
        # an icon's style, an Arabic verb with its subject (news, not an invitation)
        ("Икона древнерусская", "ru"),
        ("اكتشف العلماء مقبرة فرعونية", "ar"),
    ],
)
def test_captions_of_the_same_words_stay(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok", alt


@pytest.mark.parametrize(
    "alt, lang, kept",
    [
        ("Фото 3 - Дом на озере", "ru", "Дом на озере"),
        ("Ảnh 2: Phố cổ Hội An về đêm", "vi", "Phố cổ Hội An về đêm"),
        ("Foto 12 | Karlův most v zimě", "cs", "Karlův most v zimě"),
    ],
)
def test_a_gallery_counter_before_a_caption_goes(alt, lang, kept):
    assert alt_verdict(alt, lang)[0] == kept
