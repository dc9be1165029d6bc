"""A person's name as the whole alt (crawl/alt_names.py: alt_name), beside captions that name people
in a description, and place names that look like names."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Иванова Мария Петровна", "ru"),  # a patronymic
        ("Анна Смирнова", "ru"),  # a given name among capitalised words
        ("Jan Novák", "cs"),
        ("Kovács Péter", "hu"),  # Hungarian writes the family name first
        ("Milica Petrović", "sr"),
        ("Nguyễn Thu Hà", "vi"),  # a family name and two more syllables
        ("أحمد الزهراني", "ar"),
        ("أم خالد", "ar"),  # mother of Khalid: a name people go by
        ("김민수 교수", "ko"),  # a name and a title
        # a company's name by its legal form: its logo's alt
        ("Công ty Cổ phần Tập đoàn Hòa Phát", "vi"),
        ("ООО «Ромашка»", "ru"),
        ("Sklárna Moser a.s.", "cs"),
        ("Béta Kft.", "hu"),
        ("شركة المراعي", "ar"),
        ("บริษัท ไทยเบฟ จำกัด", "th"),
    ],
)
def test_a_bare_name_is_no_caption(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_name")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Anna Smirnova na koncertu v Rudolfinu", "cs"),  # the name in a description
        ("Kovács Péter a könyvtár olvasótermében", "hu"),
        ("Иван Петров выступает на конференции в Москве", "ru"),
        ("إبراهيم في السوق القديم", "ar"),  # a preposition: a sentence
        ("Hồ Hoàn Kiếm", "vi"),  # a lake, not the family name Hồ
        ("Vịnh Hạ Long", "vi"),
        ("Manastir Studenica", "sr"),  # no given name
        ("Szent István-bazilika", "hu"),
        ("พระสงฆ์ออกบิณฑบาตยามเช้า", "th"),
        (
            "คุณแม่กำลังทำอาหาร",
            "th",
        ),  # คุณแม่ (mother) is one word, and a verb follows  # a title of address begins Thai captions too: Thai is left alone
        ("경복궁 근정전", "ko"),  # no title after it
        ("Budova společnosti Moser a.s. v Karlových Varech", "cs"),  # the legal form inside a description
        ("Công nhân Công ty may Việt Tiến làm việc trong xưởng", "vi"),
        ("Ao sen ở Huế", "vi"),
        ("Група планинара позира поред врха Трем са заставом друштва", "sr"),  # "група": a group, no legal form
        ("Група ученика обилази музеј", "sr"),
    ],
)
def test_names_inside_captions_and_places_stay(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"
