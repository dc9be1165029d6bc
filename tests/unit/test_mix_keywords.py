"""Culture keywords of D_know test rows: the heuristic's documented rules and the LLM method."""

import pytest

from mella_ray.config import EngineConfig
from mella_ray.config.mix import KeywordsConfig
from mella_ray.infer import GenResult
from mella_ray.mix.keywords import heuristic_keywords as kw
from mella_ray.mix.keywords_llm import keywords_for, llm_keywords, parse_keywords


@pytest.mark.parametrize(
    "lang, alt, expected",
    [
        # spans first (capitalised runs, stopwords trimmed), then content words longest first
        ("cs", "Karlův most v Praze, rok 1357, a trdelník", ["Praze", "trdelník", "Karlův", "most"]),
        ("cs", "Slovácký kroj v Českém Krumlově", ["Českém Krumlově", "Slovácký", "kroj"]),
        # generic image words, months and numbers are never keywords; a lone sentence opener is no span
        ("cs", "V Praze. Pohled na Staroměstské náměstí 1. května 2024", ["Praze", "Staroměstské", "náměstí"]),
        ("ru", "Фото: Красная площадь в Москве, 12 июня", ["Москве", "Красная", "площадь"]),
        ("hu", "XIV. századi templom Egerben", ["Egerben", "századi", "templom"]),  # Roman numeral dropped
        ("sr", "Славски колач у Нишу за Ускрс", ["Нишу", "Ускрс", "Славски", "колач"]),
        ("sr", "Kolo u Sremskim Karlovcima u maju", ["Sremskim Karlovcima", "Kolo"]),  # Latin Serbian, date dropped
        ("vi", "Lụa Vạn Phúc ở Sa Pa lúc hoàng hôn", ["Lụa Vạn Phúc", "Sa Pa", "hoàng hôn"]),  # syllable phrases
        ("vi", "Ảnh: Bánh xèo trong tủ kính, tháng 5", ["Bánh xèo", "tủ kính"]),
        # a name never runs across punctuation: two places, not one made-up one
        ("cs", "Pohled na Hradčany, Malou Stranu a Vltavu", ["Hradčany", "Malou Stranu", "Vltavu"]),
        ("ru", "Зимний вид на Кремль, Москва", ["Кремль", "Москва", "Зимний"]),
        ("vi", "Người dân Hà Nội, Việt Nam đón Tết", ["Hà Nội", "Việt Nam", "Tết", "Người dân", "đón"]),
        ("ko", "경주 불국사의 장승", ["불국사", "경주", "장승"]),  # particle 의 stripped
        ("ko", "비 오는 날, 제주도의 나전칠기", ["나전칠기", "제주도"]),
        # particles by kiwipiepy's morphemes: 사물놀이 ends in the letter of the particle 이 but is one noun
        ("ko", "벚꽃 축제, 제주도의 사물놀이", ["사물놀이", "제주도", "벚꽃", "축제"]),
        ("ko", "불국사에서는 관광객으로 붐비는 거리", ["불국사", "관광객", "붐비는", "거리"]),
        ("ar", "القهوة العربية في سوق واقف بالدوحة", ["عربية", "قهوة", "واقف", "دوحة", "سوق"]),  # article stripped
        ("th", "ตลาดน้ำดำเนินสะดวก ราชบุรี", ["ตลาดน้ำดำเนินสะดวก", "ราชบุรี"]),
        ("th", "เรือหางยาวที่ภูเก็ตช่วงฤดูฝน", ["เรือหางยาว", "ภูเก็ต", "ฤดูฝน"]),  # split at function words
        ("th", "ช้างไทยท่ามกลางนักท่องเที่ยว", ["นักท่องเที่ยว", "ช้างไทย"]),  # ที่ inside เที่ยว is no split
        ("th", "ภาพถ่ายวัดพระแก้วในกรุงเทพฯ เมื่อ 12 มกราคม 2567", ["วัดพระแก้ว", "กรุงเทพฯ"]),
    ],
)
def test_heuristic_rules(lang, alt, expected):
    assert kw(alt, lang, 8) == expected


def test_heuristic_limits_dedupes_and_returns_nothing_for_noise():
    assert kw("Praha praha PRAHA Praha", "cs", 8) == ["PRAHA Praha"]  # the rest is contained in the span
    assert kw("trdelník, Trdelník; trdelník", "cs", 8) == ["Trdelník"]  # the span; the rest are duplicates
    assert len(kw(" ".join(f"slovo{i}x" for i in range(30)), "cs", 5)) == 0  # digits inside words
    assert kw("foto 2024", "cs", 8) == [] and kw("", "th", 8) == []
    assert len(kw("Alfa Beta gama delta epsilon zeta theta", "cs", 3)) == 3


def test_llm_answer_parsing_keeps_only_words_of_the_alt():
    alt = "Karlův most v Praze, rok 1357"
    answer = '1. Karlův most\n- Praze\n* "rok 1357"\nPrague\nKeywords: v'
    assert parse_keywords(answer, alt, "cs", 8) == ["Karlův most", "Praze"]
    assert parse_keywords("ตลาดน้ำ, ราชบุรี, Bangkok", "ตลาดน้ำดำเนินสะดวก ราชบุรี", "th", 8) == ["ตลาดน้ำ", "ราชบุรี"]
    assert parse_keywords(None, alt, "cs", 8) == [] and parse_keywords("@@##", alt, "cs", 8) == []


class _Fake:
    def __init__(self, answers):
        self.answers = answers

    def generate(self, requests):
        assert all("Text: " in r.prompt for r in requests)
        return [GenResult(a) if a is not None else GenResult(None, error="boom") for a in self.answers]


def test_llm_method_falls_back_to_the_heuristic_row_by_row():
    rows = [("Karlův most v Praze", "cs"), ("Гибаница у Новом Саду", "sr"), ("ผัดไทยที่วัดอรุณ", "th")]
    cfg = KeywordsConfig(method="llm")
    out, counts = llm_keywords(rows, cfg, "unused", engine_factory=lambda c, d, role: _Fake(["Praze", "garbage", None]))
    assert out == [["Praze"], kw(*rows[1], 8), kw(*rows[2], 8)]
    assert counts == {"llm": 1, "fallback": 2}
    out, counts = keywords_for(rows, KeywordsConfig(), "unused")
    assert out == [kw(a, lang, 8) for a, lang in rows] and counts == {"heuristic": 3}


def test_llm_method_runs_through_infer_with_the_tiny_lm(models_dir):
    """tiny:lm writes noise: the plumbing runs, and every row still gets keywords by fallback."""
    rows = [("Karlův most v Praze", "cs"), ("경주 불국사의 장승", "ko")]
    cfg = KeywordsConfig(method="llm", engine=EngineConfig(model="tiny:lm", max_new_tokens=8, batch_size=2))
    out, counts = llm_keywords(rows, cfg, models_dir)
    assert counts["llm"] + counts["fallback"] == 2
    assert all(out) and all(k in alt for ks, (alt, _) in zip(out, rows) for k in ks)
