"""Evaluation metrics on real sentences in all eight languages: maxima, the ASCII trap, Serbian
scripts, and the language guard."""

from __future__ import annotations

import pytest

from mella_ray.evaluate import metrics
from mella_ray.evaluate.report import build_report
from mella_ray.evaluate.report_render import render_markdown
from mella_ray.evaluate.tokenize import bleu_tokenizer, normalize, tokenize

# One realistic caption per language, with culture keywords that occur in it.
SENTENCES = {
    "ar": (
        "يقف رجل مسن أمام سوق الحميدية في دمشق ويبيع القهوة العربية للمارة في الصباح الباكر.",
        ["سوق الحميدية", "القهوة العربية"],
    ),
    "cs": (
        "Na Staroměstském náměstí v Praze stojí orloj a turisté čekají, až začne odbíjet poledne.",
        ["Staroměstském náměstí", "orloj"],
    ),
    "hu": ("A budapesti Parlament épülete este kivilágítva tükröződik a Duna csendes vizében.", ["Parlament", "Duna"]),
    "ko": ("한복을 입은 두 여성이 경복궁 근정전 앞에서 사진을 찍으며 웃고 있습니다.", ["한복", "경복궁"]),
    "ru": (
        "На Красной площади в Москве зимой стоит нарядная ёлка, а рядом работает ярмарка.",
        ["Красной площади", "ярмарка"],
    ),
    "sr": (
        "У манастиру Студеница монаси припремају славски колач за празник Светог Саве.",
        ["Студеница", "славски колач"],
    ),
    "th": ("พระสงฆ์เดินบิณฑบาตในตอนเช้าที่หลวงพระบางและชาวบ้านตักบาตรด้วยข้าวเหนียว", ["บิณฑบาต", "ข้าวเหนียว"]),
    "vi": (
        "Những chiếc thuyền thúng trôi trên vịnh Hạ Long khi mặt trời lặn sau các đảo đá vôi.",
        ["thuyền thúng", "vịnh Hạ Long"],
    ),
}
LANGS = sorted(SENTENCES)


@pytest.mark.parametrize("lang", LANGS)
def test_identical_prediction_scores_at_the_maximum(lang):
    text, keywords = SENTENCES[lang]
    rows = [
        {"source": "ling", "prediction": text, "reference": text, "keywords": None},
        {"source": "know", "prediction": text, "reference": text, "keywords": keywords},
    ]
    scores, sigs = metrics.score_language(rows, lang)
    assert scores["bleu"] == pytest.approx(100.0)
    assert scores["chrf"] == pytest.approx(100.0)
    assert scores["rougeL"] == pytest.approx(1.0)
    assert scores["meteor"] > 0.99
    assert scores["keyword_accuracy"] == pytest.approx(1.0)
    assert scores["keyword_samples"] == 1 and scores["ling_samples"] == 1
    assert f"tok:{bleu_tokenizer(lang)}" in sigs["bleu"]
    assert "version:" in sigs["chrf"]


def test_bleu_tokenizer_per_language():
    assert {lang: bleu_tokenizer(lang) for lang in LANGS} == {
        "ar": "13a",
        "cs": "13a",
        "hu": "13a",
        "ko": "char",
        "ru": "13a",
        "sr": "13a",
        "th": "char",
        "vi": "13a",
    }


def test_tokenizer_keeps_non_ascii_letters_and_marks():
    assert tokenize("Москва — столица России.", "ru") == ["москва", "столица", "россии"]
    assert tokenize("مَرْحَبًا بكم", "ar") == ["مَرْحَبًا", "بكم"]  # harakat stay inside the word
    assert tokenize("Hạ Long", "vi") == ["hạ", "long"]
    assert tokenize("ข้าว iPhone", "th") == ["ข้", "า", "ว", "iphone"]  # Thai graphemes, Latin word whole
    assert normalize("ＡＢＣ Љубљана", "sr") == "abc ljubljana"


# Disjoint pairs share no token; partial pairs share some but not all.
PAIRS = {
    "ar": ("القطة تنام على السجادة", "يلعب الأطفال كرة القدم", "القطة تنام على الكرسي"),
    "ru": ("Кошка спит на ковре", "Дети играют в футбол", "Кошка спит на диване"),
    "th": ("แมว", "สุนัข", "แมวนอน"),
    "ko": ("고양이가 카펫 위에서 잔다", "아이들의 축구 경기", "고양이가 의자 위에서 잔다"),
}


@pytest.mark.parametrize("lang", sorted(PAIRS))
def test_rouge_l_sees_non_latin_text(lang):
    ref, disjoint, partial = PAIRS[lang]
    assert metrics.rouge_l(disjoint, ref, lang) == 0.0
    assert 0.0 < metrics.rouge_l(partial, ref, lang) < 1.0
    assert metrics.rouge_l(ref, ref, lang) == pytest.approx(1.0)


def test_serbian_latin_answer_matches_cyrillic_keywords():
    answer = "U manastiru Studenica monasi pripremaju slavski kolač za praznik Svetog Save."
    assert metrics.keyword_hits(answer, ["Студеница", "славски колач", "Љубљана"], "sr") == (2, 3)
    # and the other way round, with case and punctuation differences
    assert metrics.keyword_hits("СЛАВСКИ КОЛАЧ, Студеница!", ["Slavski kolač", "studenica"], "sr") == (2, 2)


def test_keyword_accuracy_is_substring_based_and_skips_rows_without_keywords():
    rows = [
        {"prediction": "김치를 담그는 할머니", "keywords": ["김치", "한복"]},  # particle attached: still found
        {"prediction": "anything", "keywords": []},
        {"prediction": None, "keywords": ["한복"]},
    ]  # a failed generation finds nothing
    acc, n = metrics.keyword_accuracy(rows, "ko")
    assert n == 2 and acc == pytest.approx(0.25)
    assert metrics.keyword_hits("ตลาดน้ำดำเนินสะดวก", ["ตลาดน้ำ"], "th") == (1, 1)


def test_language_guard_refuses_czech_reference_on_russian_row():
    with pytest.raises(metrics.LanguageMismatchError) as err:
        metrics.guard_references(
            [
                {"sample_id": "ok-1", "lang": "ru", "reference": SENTENCES["ru"][0]},
                {"sample_id": "bad-7", "lang": "ru", "reference": SENTENCES["cs"][0]},
            ]
        )
    e = err.value
    assert isinstance(e, ValueError)
    assert (e.sample_id, e.found, e.expected) == ("bad-7", "Latin", ["Cyrillic"])
    assert "bad-7" in str(e) and "Latin" in str(e) and "Cyrillic" in str(e)


def test_language_guard_accepts_every_language_and_serbian_latin():
    for lang, (text, _) in SENTENCES.items():
        metrics.check_script(f"s-{lang}", text, lang)
    metrics.check_script("sr-lat", "Manastir Studenica u proleće.", "sr")
    metrics.check_script("ko-hanja", "大韓民國 대한민국의 수도는 서울입니다", "ko")
    metrics.check_script("short", "iPhone 15", "ru")  # too few letters to judge
    with pytest.raises(metrics.LanguageMismatchError):
        metrics.check_script("cs-short", "Kočka sedí na okně", "ru")
    with pytest.raises(metrics.LanguageMismatchError):
        metrics.check_script("zh", "北京是中国的首都城市", "ko")
    with pytest.raises(metrics.LanguageMismatchError):
        metrics.check_script("th-as-ar", SENTENCES["th"][0], "ar")


def test_meteor_without_wordnet_is_recorded_as_a_caveat():
    _, desc = metrics.wordnet()
    assert any(desc in c for c in metrics.caveats())
    assert metrics.meteor("", "Кошка спит", "ru") == 0.0


def test_report_marks_failures_missing_languages_and_delta():
    def rows(pred, status="ok"):
        text, kws = SENTENCES["ru"]
        return [
            {
                "sample_id": "a",
                "lang": "ru",
                "source": "ling",
                "prediction": pred,
                "reference": text,
                "keywords": None,
                "status": status,
                "error": None if status == "ok" else "boom",
            },
            {
                "sample_id": "b",
                "lang": "ru",
                "source": "know",
                "prediction": pred,
                "reference": text,
                "keywords": kws,
                "status": status,
                "error": None if status == "ok" else "boom",
            },
        ]

    report = build_report(
        {"base": rows(None, "failed"), "tuned": rows(SENTENCES["ru"][0])}, {"base": "m0", "tuned": "m1"}, ["ru", "th"]
    )
    assert report["missing_languages"] == ["th"]
    assert report["results"]["base"]["ru"]["bleu"] == 0.0 and report["counts"]["base"]["ru"]["failed"] == 2
    assert report["results"]["tuned"]["ru"]["keyword_accuracy"] == 1.0
    assert report["delta"]["results"]["ru"]["chrf"] == pytest.approx(100.0)
    assert report["results"]["tuned"]["th"]["status"] == "missing"
    md = render_markdown(report)
    assert "| ru |" in md and "th" in md and "Caveats" in md


def test_evaluate_reuses_predictions_only_for_the_same_model_files_and_references(tmp_path):
    import os
    import shutil

    from mella_ray.config import parse_config
    from mella_ray.evaluate.models import fingerprint as _fingerprint
    from mella_ray.infer.tiny import ensure_tiny

    model = tmp_path / "final"
    shutil.copytree(ensure_tiny("tiny:vlm", str(tmp_path / "models")), model)
    cfg = parse_config({"output_dir": str(tmp_path / "job")})
    rows = [
        {"sample_id": "s1", "answer": "Karlův most.", "keywords": ["most"]},
        {"sample_id": "s2", "answer": "Tržnice.", "keywords": None},
    ]
    first = _fingerprint(cfg, str(model), rows)
    assert _fingerprint(cfg, str(model), list(reversed(rows))) == first  # order does not matter
    assert _fingerprint(cfg, str(model), [rows[0], {**rows[1], "answer": "Trh."}]) != first  # a new reference
    assert _fingerprint(cfg, str(model), [{**rows[0], "keywords": ["Praha"]}, rows[1]]) != first
    weights = next(model.glob("*.safetensors"))
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # retrained: same path, new files
    assert _fingerprint(cfg, str(model), rows) != first
    assert _fingerprint(cfg, "org/hub-model", rows)["model_files"] == "org/hub-model"
