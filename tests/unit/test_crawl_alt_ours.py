"""A site's heading in its own voice (crawl/alt_ours.py): "our" and a noun or two, in the eight languages, is
alt_generic; captions that say more around the possessive, and sentences in the first person plural, stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_ours import our_heading


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Наша работа", "ru"),
        ("Наши покупатели", "ru"),
        ("Наши љубимци", "sr"),
        ("Naša radnja", "sr"),
        ("Naše prodejna", "cs"),
        ("Naše nová prodejna", "cs"),
        ("Egyesületünk tagjai", "hu"),
        ("Vendégeink", "hu"),
        ("ร้านของเรา", "th"),
        ("Cửa hàng của chúng tôi", "vi"),
        ("우리 가게", "ko"),
        ("저희 매장 전경", "ko"),
        ("أعمالنا", "ar"),
        ("تشكيلة من أجمل السجاد لدينا", "ar"),
    ],
)
def test_our_section_headings_are_generic(alt, lang):
    assert our_heading(alt)
    assert alt_verdict(alt, lang) == (None, "alt_generic")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Naše babička na zahradě v Třeboni", "cs"),
        ("Наши выпускники на Красной площади", "ru"),
        ("우리 아이들이 공원에서 놀고 있어요", "ko"),
        ("Pihenünk a tóparton naplementekor", "hu"),
        ("A csapat pihen a tóparton", "hu"),
        ("Đội ngũ bác sĩ của chúng tôi khám bệnh cho trẻ em", "vi"),
        ("เด็กๆ เล่นน้ำที่ชายหาดหน้าบ้านของเรา", "th"),
        ("سجادة تبريزية حريرية بنقشة الميدالية", "ar"),
        ("Наша Таня громко плачет у реки", "ru"),
    ],
)
def test_captions_around_the_possessive_stay(alt, lang):
    assert not our_heading(alt)
    assert alt_verdict(alt, lang)[1] == "ok"
