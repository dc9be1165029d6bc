import random

import pytest

from mella_ray.caption.parsing import split_category
from mella_ray.infer.degenerate import degenerate_reason
from mella_ray.langs import LANGUAGES, language, pick_instruction, serbian_to_latin
from mella_ray.translate.prompting import quality_reason, split_sentences, target_description, translation_prompt

TAX = {"culture": ["food", "festivals"], "scene": ["city", "nature"], "general": ["other"]}


@pytest.mark.parametrize(
    "text, label",
    [
        ("A market stall.\nCategory: culture/food", "culture/food"),
        ("A market stall.\n**Category:** Culture / Food.", "culture/food"),
        ("A street.\ncategory: scene", "scene/nature"),
        ("A street.\nCategory: city", "scene/city"),
        ("A thing.\nCategory: spaceships/alien", "general/other"),
        ("No label at all.", "general/other"),
    ],
)
def test_split_category(text, label):
    caption, got = split_category(text, TAX, "general/other")
    assert got == label
    assert "ategory" not in caption


def test_degenerate_output():
    assert degenerate_reason("") == "empty" and degenerate_reason(None) == "empty"
    assert degenerate_reason("the cat sat on " * 10) == "repetition"
    assert degenerate_reason("ตลาดน้ำ" * 20) == "repetition"
    assert (
        degenerate_reason(
            "A wooden boat floats on a calm river at dawn, with mist over the reeds and a fisherman casting a net."
        )
        is None
    )


def test_translation_prompt_names_language_and_script():
    assert "Serbian (Cyrillic script)" in translation_prompt("Hello.", "sr")
    assert target_description("sr", "latin") == "Serbian (Latin script)"
    assert target_description("th") == "Thai (Thai script)"


def test_split_sentences_rejoins_to_the_source():
    text = " ".join(f"Sentence number {i} is here." for i in range(50))
    chunks = split_sentences(text, max_chars=120)
    assert len(chunks) > 5 and all(len(c) <= 120 for c in chunks)
    assert " ".join(chunks) == text


def test_chinese_japanese_and_arabic_sentences_end_at_their_own_marks():
    zh = "市场上有很多水果摊。一位老人在卖面包！孩子们在广场上玩耍？天气很好。"
    assert split_sentences(zh, max_chars=12) == [
        "市场上有很多水果摊。",
        "一位老人在卖面包！",
        "孩子们在广场上玩耍？",
        "天气很好。",
    ]
    assert split_sentences(zh, max_chars=20) == [
        "市场上有很多水果摊。一位老人在卖面包！",
        "孩子们在广场上玩耍？天气很好。",
    ]
    ar = "هل ترى السوق؟ نعم، إنه مزدحم جداً في الصباح."
    assert split_sentences(ar, max_chars=40) == ["هل ترى السوق؟", "نعم، إنه مزدحم جداً في الصباح."]


def test_a_faithful_translation_from_a_chinese_pivot_is_not_too_long():
    src = "市场上有很多水果摊，一位老人在卖面包。"  # 19 characters
    vi = "Ở chợ có rất nhiều sạp trái cây, một ông lão đang bán bánh mì cho khách qua đường."  # 84
    assert quality_reason(src, vi, "vi", 0.2, 3.0) is None  # 84 / (19 + 2 * 17) = 1.6 by weight, 4.4 by characters


def test_quality_gate():
    src = "A long English description of a market in the old town."
    assert quality_reason(src, src, "cs", 0.2, 5) == "copy_of_source"
    assert quality_reason(src, "Trh.", "cs", 0.2, 5) == "length_ratio"
    assert quality_reason(src, "", "cs", 0.2, 5) == "empty"
    assert quality_reason(src, "Dlouhý český popis trhu ve starém městě.", "cs", 0.2, 5) is None
    assert quality_reason(src, "Подробное описание рынка в старом городе.", "cs", 0.2, 5) == "wrong_script"
    assert quality_reason(src, "A detailed description of the market square.", "cs", 0.2, 5) == "wrong_language"
    assert quality_reason(src, "Подробное описание рынка в старом городе.", "cs", 0.2, 5, check_language=False) is None
    assert quality_reason(src, "Detaljan opis pijace u starom gradu, pun boja.", "sr", 0.2, 5) is None  # Latin Serbian


def test_languages_and_templates():
    assert LANGUAGES == ("ar", "cs", "hu", "ko", "ru", "sr", "th", "vi")
    for code in LANGUAGES:
        lang = language(code)
        assert lang.eval_prompt and len(lang.know_templates) >= 4 and len(lang.ling_templates) >= 4
        assert pick_instruction(code, "know", random.Random(0)) in lang.know_templates
    with pytest.raises(KeyError, match="unknown language 'de'"):
        language("de")


def test_serbian_transliteration():
    assert serbian_to_latin("Љубљана, Ђорђе, Џон, Његош") == "Ljubljana, Đorđe, Džon, Njegoš"
    # in a word written in capitals the digraphs are capitals too
    assert serbian_to_latin("ЉУБАВ И ЊЕГОШ, ЏЕМПЕР; Љ") == "LJUBAV I NJEGOŠ, DŽEMPER; Lj"
