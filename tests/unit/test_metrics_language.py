"""Language-aware matching (evaluate.matching: language) with native examples in all 8 languages,
each beside the strict (paper) result, so a regression to plain substring matching shows."""

import pytest

from mella_ray.config.evaluate import EvaluateConfig
from mella_ray.evaluate import metrics
from mella_ray.evaluate.matching import normalize_arabic

# (lang, answer, keywords, language-aware hits, strict hits)
NATIVE = [
    # Arabic: harakat, hamza'd alef, ta marbuta, alef maqsura
    ("ar", "زار مُحَمَّدٌ المَسْجِدَ", ["محمد"], (1, 1), (0, 1)),
    ("ar", "احمد في القاهره", ["أحمد", "القاهرة"], (2, 2), (0, 2)),
    ("ar", "مستشفى المدينة", ["مستشفي"], (1, 1), (0, 1)),
    ("ar", "إبراهيم في السوق", ["ابراهيم", "دمشق"], (1, 2), (0, 2)),
    # Arabic: the article is light-stemmed (Snowball stems الأردني and أردني apart)
    ("ar", "المنسف الأردني في البتراء", ["أردني", "منسف"], (2, 2), (2, 2)),
    # Russian: Snowball stems inflections that change the end of the stem; no match inside other words
    ("ru", "Стены Кремля ночью", ["Кремль"], (1, 1), (0, 1)),
    ("ru", "Туристы на Красной площади", ["Красная площадь"], (1, 1), (0, 1)),
    ("ru", "Человек, который смеётся", ["кот"], (0, 1), (1, 1)),
    # Hungarian: suffixes that lengthen the final vowel
    ("hu", "Egy hajó a Dunán", ["Duna", "Tisza"], (1, 2), (0, 2)),
    ("hu", "Budapesten a Balatonon", ["Budapest", "Balaton"], (2, 2), (2, 2)),
    # Serbian: either script, inflected
    ("sr", "Манастири у Србији", ["Srbija"], (1, 1), (0, 1)),
    ("sr", "Manastiri u Srbiji", ["Србија"], (1, 1), (0, 1)),
    # Czech: Snowball Czech (genitive, adjective forms)
    ("cs", "Pohled z Prahy na Karlova mostu", ["Praha", "Karlův most"], (2, 2), (0, 2)),
    # Thai: words from the dictionary segmenter; a keyword must cover whole words
    ("th", "ภาพนี้แสดงตลาดน้ำดำเนินสะดวกในตอนเช้า", ["ตลาดน้ำ", "ดำเนินสะดวก"], (2, 2), (2, 2)),
    ("th", "ผ้าตากแดดอยู่หน้าบ้าน", ["ตา"], (0, 1), (1, 1)),
    # Thai: compounds of a function word and a noun in the dictionary (ที่วัด, ยามค่ำคืน) do not hide the noun
    ("th", "ผ้าไหมไทย ที่วัดอรุณ ยามค่ำคืน", ["วัดอรุณ", "ค่ำคืน"], (2, 2), (2, 2)),
    ("th", "ข้าวเหนียวมะม่วง ริมแม่น้ำเจ้าพระยา", ["แม่น้ำเจ้าพระยา"], (1, 1), (1, 1)),
    # Korean: particles are separate morphemes
    ("ko", "서울에서 김치를 먹었다", ["서울", "김치"], (2, 2), (2, 2)),
    ("ko", "한국의 전통 음식", ["한국 전통"], (1, 1), (0, 1)),
    ("ko", "서울대학교 도서관", ["서울"], (0, 1), (1, 1)),
    # Korean: kiwipiepy splits 연등 in a sentence (연 + 등) and 달항아리 alone (달 + 항아리): letters of morpheme runs
    ("ko", "안동 하회마을의 연등", ["연등", "하회마을"], (2, 2), (2, 2)),
    ("ko", "인사동의 백자 달항아리", ["달항아리"], (1, 1), (1, 1)),
    # Vietnamese: syllables are words
    ("vi", "Một con đường ở Hàn Quốc", ["Hà"], (0, 1), (1, 1)),
    ("vi", "Phở bò ở Hà Nội", ["Hà Nội", "phở bò"], (2, 2), (2, 2)),
]


@pytest.mark.parametrize("lang, answer, keywords, aware, strict", NATIVE)
def test_native_keyword_examples(lang, answer, keywords, aware, strict):
    assert metrics.keyword_hits(answer, keywords, lang, "language") == aware
    assert metrics.keyword_hits(answer, keywords, lang, "strict") == strict


@pytest.mark.parametrize("lang", ["ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"])
def test_an_alt_text_contains_every_keyword_drawn_from_it(lang):
    """A perfect answer scores 1: the mix's keyword rules and the matcher agree on every demo alt-text
    (a keyword no answer can match, such as ko 사물놀 cut from 사물놀이, lowers every model's score)."""
    import random

    from mella_ray.demo_site.phrases import load_phrase_bank
    from mella_ray.mix.keywords import heuristic_keywords

    for alt, _ in load_phrase_bank(lang).compose_unique(random.Random(0), 80):
        keywords = heuristic_keywords(alt, lang, 8)
        found, total = metrics.keyword_hits(alt, keywords, lang, "language")
        assert found == total, (alt, keywords, [k for k in keywords if not metrics.keyword_hits(alt, [k], lang)[0]])


def test_every_language_has_native_examples():
    assert {c[0] for c in NATIVE} == {"ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"}


def test_arabic_normalisation_table():
    assert normalize_arabic("آمَنَ أَحْمَدُ إِلَى ٱلْمَدْرَسَةِ") == "امن احمد الي المدرسه"
    assert normalize_arabic("عـــربي") == "عربي"


def test_keywords_that_fold_to_the_same_form_count_once():
    assert metrics.keyword_hits("مدرسة", ["مدرسة", "مَدْرَسَة", "مدرسه"], "ar") == (1, 1)


@pytest.mark.parametrize(
    "lang, ref, hyp",
    [
        ("th", "แมวนอนบนพรม", "แมวนอนบนพรม"),
        ("ko", "서울에서 김치를 먹었다", "서울에서 김치를 먹었다"),
        ("ar", "مُحَمَّد في المدرسة", "محمد في المدرسه"),
    ],
)
def test_word_units_fold_and_segment(lang, ref, hyp):
    assert metrics.rouge_l(hyp, ref, lang, "language") == pytest.approx(1.0)


def test_thai_and_korean_units_are_words_and_morphemes():
    assert metrics.units("แมวนอนบนพรม", "th", "language") == ["แมว", "นอน", "บน", "พรม"]
    assert metrics.units("แมวนอน", "th", "strict") == ["แ", "ม", "ว", "น", "อ", "น"]
    assert metrics.units("서울에서 김치를", "ko", "language") == ["서울", "에서", "김치", "를"]
    assert metrics.units("서울에서 김치를", "ko", "strict") == ["서울에서", "김치를"]


def test_meteor_credits_a_snowball_stem_only_in_language_mode():
    ref, hyp = "стены кремля ночью", "стены кремль ночью"
    assert metrics.meteor(hyp, ref, "ru", "language") > metrics.meteor(hyp, ref, "ru", "strict")


def test_matching_setting_is_validated():
    assert EvaluateConfig.model_validate({"matching": "strict"}).matching == "strict"
    with pytest.raises(ValueError, match="matching"):
        EvaluateConfig.model_validate({"matching": "fuzzy"})
