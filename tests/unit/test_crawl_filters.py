"""Alt-text usability: native captions kept, generic and off-language text refused, link
labels, credit lines and boilerplate, lengths as a reader sees them, and precision and recall on
held-out alt-texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mella_ray.crawl.alt_filter import alt_usable, alt_verdict, normalize_alt, script_share, visible_length

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.mark.parametrize(
    "alt,lang",
    [
        ("Kostel svatého Mikuláše na Malé Straně", "cs"),
        ("Hagyományos kalocsai hímzés", "hu"),
        ("Vịnh Hạ Long lúc bình minh", "vi"),
        ("Храм Василия Блаженного", "ru"),
        ("Храм Светог Саве у Београду", "sr"),
        ("Beogradska tvrđava i ušće Save u Dunav", "sr"),  # Serbian in Latin script
        ("مسجد الشيخ زايد الكبير في أبوظبي", "ar"),
        ("한국 전통 한복", "ko"),
        ("ชุดไทยประเพณี", "th"),
        ("P1 závod na Masarykově okruhu", "cs"),  # starts like a camera file name, is not one
    ],
)
def test_native_alt_is_usable(alt, lang):
    assert alt_usable(alt, lang) == (True, "ok")


@pytest.mark.parametrize(
    "alt,lang,reason",
    [
        (None, "cs", "alt_missing"),
        ("   ", "cs", "alt_missing"),
        ("Dům", "cs", "alt_too_short"),
        ("IMG_1234.jpg", "cs", "alt_filename"),
        ("DSC01234", "hu", "alt_filename"),
        ("https://example.cz/a.jpg", "cs", "alt_filename"),
        ("image", "cs", "alt_generic"),
        ("Logo", "hu", "alt_generic"),
        ("фото", "ru", "alt_generic"),
        ("2024 — 12/05 !!", "cs", "alt_no_letters"),
        ("Red bus on the street", "ru", "alt_wrong_script"),
        ("Traditional Korean dress", "ko", "alt_wrong_script"),
        ("The cathedral at night", "hu", "alt_other_language"),
        ("Fishermen on the beach at sunrise", "vi", "alt_other_language"),
    ],
)
def test_unusable_alt_has_a_reason(alt, lang, reason):
    assert alt_usable(alt, lang) == (False, reason)


@pytest.mark.parametrize(
    "alt,lang",
    [
        ("Tovább a galériához", "hu"),
        ("Kattintson ide a nagyításhoz", "hu"),
        ("Další »", "cs"),
        ("Přejít na fotogalerii", "cs"),
        ("Xem thêm ảnh", "vi"),
        ("Подробнее о выставке", "ru"),
        ("Читать далее…", "ru"),
        ("Opširnije o događaju", "sr"),
        ("Кликните за увећање", "sr"),
        ("اقرأ المزيد عن المعرض", "ar"),
        ("انقر للتكبير", "ar"),
        ("자세히 보기", "ko"),
        ("더보기 버튼", "ko"),
        ("อ่านต่อ", "th"),
        ("คลิกเพื่อดูภาพใหญ่", "th"),
    ],
)
def test_link_labels_are_not_captions(alt, lang):
    assert alt_usable(alt, lang) == (False, "alt_navigation")


@pytest.mark.parametrize(
    "alt,lang",
    [
        ("Další den na horách pod Sněžkou", "cs"),  # "another day": starts like "next", is a caption
        ("Více než tisíc lidí na Staroměstském náměstí", "cs"),
        ("Chi tiết hoa văn trên trống đồng Đông Sơn", "vi"),  # a detail of the drum's pattern
        ("Назад в прошлое: выставка старинных самоваров в Туле", "ru"),
        ("További képek a Hortobágyi Nemzeti Parkból a naplementében és a ködben", "hu"),
        ("다음 달 개장하는 서울 식물원의 온실 전경", "ko"),
    ],
)
def test_captions_that_start_like_link_labels_are_kept(alt, lang):
    assert alt_usable(alt, lang) == (True, "ok")


def test_language_check_can_be_switched_off_and_whitespace_is_normalised():
    assert alt_usable("The cathedral at night", "hu", check_language=False) == (True, "ok")
    assert normalize_alt("  Lángos\u00ad tejföllel \n\t és  sajttal ") == "Lángos tejföllel és sajttal"


@pytest.mark.parametrize(
    "alt,lang,reason",
    [
        ("Photo: AFP", "cs", "alt_credit"),
        ("Фото: РИА Новости", "ru", "alt_credit"),
        ("사진=연합뉴스", "ko", "alt_credit"),
        ("© Reuters", "hu", "alt_credit"),
        ("Getty Images", "vi", "alt_credit"),
        ("REUTERS/David W Cerny", "cs", "alt_credit"),
        ("Ilustrační foto", "cs", "alt_generic"),
        ("ảnh minh họa", "vi", "alt_generic"),
        ("www.origo.hu", "hu", "alt_filename"),
        ("karluv-most%20zima.jpg", "cs", "alt_filename"),
        ("Karlův most, zima.jpg", "cs", "alt_filename"),
        ("DSC01234-2", "cs", "alt_filename"),
        ("Chrám " + "svatého Víta " * 40, "cs", "alt_keyword_list"),  # a word pair said forty times
        # what is left once a trailing credit is cut is judged again
        ("Ilustrační foto. Foto: ČTK", "cs", "alt_generic"),
        ("Иллюстративное фото. Фото: ТАСС", "ru", "alt_generic"),
        ("Illusztráció. Fotó: Getty Images", "hu", "alt_generic"),
        ("صورة توضيحية - المصدر: رويترز", "ar", "alt_generic"),
        # Vietnamese old-style tone placement ("hoạ" for "họa")
        ("Ảnh minh hoạ", "vi", "alt_generic"),
        ("hình minh hoạ 2", "vi", "alt_generic"),
        ("Hình ảnh minh họa", "vi", "alt_generic"),
    ],
)
def test_credit_lines_and_other_boilerplate(alt, lang, reason):
    assert alt_usable(alt, lang) == (False, reason)


def test_trailing_credit_is_cut_and_entities_are_decoded():
    assert alt_verdict("Karlův most v zimě. Foto: ČTK", "cs") == ("Karlův most v zimě", "ok")
    assert alt_verdict("Lễ hội hoà bình ở Huế. Ảnh: TTXVN", "vi") == (
        "Lễ hội hoà bình ở Huế",
        "ok",
    )  # text kept as written
    assert alt_verdict("서울 광화문 광장의 겨울 풍경 (사진=연합뉴스)", "ko")[0] == "서울 광화문 광장의 겨울 풍경"
    # a CMS that escaped twice: the parser decoded once, normalisation decodes the rest
    assert normalize_alt("&quot;Zlatá Praha&quot;&nbsp;v noci") == '"Zlatá Praha" v noci'


def test_lengths_count_what_a_reader_sees():
    assert visible_length("ที่") == 1 and len("ที่") == 3  # a Thai consonant with vowel and tone marks
    assert visible_length("한복") == 2 and visible_length("한복".encode().decode()) == 2
    decomposed = "\u1112\u1161\u11ab\u1107\u1169\u11a8"  # 한복 as jamo: NFC makes it two characters again
    assert visible_length(normalize_alt(decomposed)) == 2
    assert alt_usable("한복", "ko") == (False, "alt_too_short")
    assert alt_usable("경복궁 야경", "ko") == (True, "ok")  # 6 characters
    assert alt_usable("ชุดไทยประเพณี", "th", max_chars=8) == (False, "alt_too_long")  # 9 characters, 13 code points


def test_held_out_alt_texts_precision_and_recall():
    """Alt-texts written for this test, not drawn from the demo site's phrase banks."""
    data = json.loads((FIXTURES / "crawl_heldout_alts.json").read_text(encoding="utf-8"))
    tp = fp = fn = 0
    for lang, texts in data.items():
        if lang.startswith("_"):
            continue
        kept = [alt_usable(t, lang)[0] for t in texts["native"]]
        refused = [not alt_usable(t, lang)[0] for t in texts["not_native"]]
        tp, fn, fp = tp + sum(kept), fn + kept.count(False), fp + refused.count(False)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.90, (precision, recall)


def test_script_share_one_pass():
    assert script_share("Beogradska tvrđava", "sr") == 1.0 and script_share("Храм Светог Саве", "sr") == 1.0
    assert script_share("Red bus", "ru") == 0.0 and script_share("2024", "cs") == 0.0
    assert 0.4 < script_share("Praha Прага", "cs") < 0.6
