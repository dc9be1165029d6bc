"""Metric values checked against numbers computed outside this code: sacrebleu's published
example, and keyword accuracy cases worked out by hand."""

import pytest

from mella_ray.evaluate.metrics import corpus_bleu, corpus_chrf, keyword_accuracy, keyword_hits, rouge_l

# The example in sacrebleu's README: BLEU = 48.53, chrF2 = 59.73 with two reference streams.
HYPS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]
REFS = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
]


def test_sacrebleu_published_values_are_reproduced():
    bleu, sig = corpus_bleu(HYPS, REFS, "cs")  # a space-separated language: tokenizer 13a
    assert round(bleu, 2) == 48.53 and "tok:13a" in sig
    chrf, sig = corpus_chrf(HYPS, REFS, "cs")
    assert round(chrf, 2) == 59.73 and "nc:6" in sig


def test_thai_and_korean_bleu_use_characters():
    _, sig_th = corpus_bleu(["ตลาดน้ำ"], ["ตลาดน้ำ"], "th")
    _, sig_ko = corpus_bleu(["김치"], ["김치"], "ko")
    assert "tok:char" in sig_th and "tok:char" in sig_ko
    # one wrong character of seven: unigram precision 6/7 must show, not a whole-word miss
    partial, _ = corpus_bleu(["ตลาดนำ้"], ["ตลาดน้ำ"], "th")
    assert 0 < partial < 100


def test_rouge_l_by_hand():
    # LCS("Красная площадь в Москве зимой", "Красная площадь зимой") = 3 words
    # P = 3/3, R = 3/5, F = 2PR/(P+R) = 0.75
    assert rouge_l("Красная площадь зимой", "Красная площадь в Москве зимой", "ru") == pytest.approx(0.75)


@pytest.mark.parametrize(
    "lang, prediction, keywords, hits",
    [
        # Thai: no spaces; substring match inside a longer run
        ("th", "ภาพนี้แสดงตลาดน้ำดำเนินสะดวกในตอนเช้า", ["ตลาดน้ำดำเนินสะดวก", "ราชบุรี", "เรือ"], (1, 3)),
        # Korean: particles attach to nouns ("김치를" contains "김치")
        ("ko", "어머니가 김치를 담그고 한복을 입었다", ["김치", "한복", "경복궁"], (2, 3)),
        # Serbian: an answer in Latin script matches Cyrillic keywords, and the other way round
        ("sr", "Hram Svetog Save u Beogradu noću", ["Храм Светог Саве", "Београд", "Ниш"], (2, 3)),
        ("sr", "Калемегдан и Скадарлија", ["Kalemegdan", "Skadarlija"], (2, 2)),
        # case and NFKC are folded; punctuation is ignored
        ("cs", "KARLŮV MOST, Praha.", ["Karlův most", "Vltava"], (1, 2)),
    ],
)
def test_keyword_hits_by_hand(lang, prediction, keywords, hits):
    assert keyword_hits(prediction, keywords, lang) == hits


def test_keyword_accuracy_is_the_mean_of_per_sample_shares():
    rows = [
        {"prediction": "ภาพตลาดน้ำดำเนินสะดวก", "keywords": ["ตลาดน้ำดำเนินสะดวก", "ราชบุรี", "เรือ"]},  # 1/3
        {"prediction": "ราชบุรี เรือ", "keywords": ["ราชบุรี", "เรือ"]},  # 2/2
        {"prediction": "nothing", "keywords": []},  # no keywords: not counted
    ]
    acc, n = keyword_accuracy(rows, "th")
    assert n == 2 and acc == pytest.approx((1 / 3 + 1.0) / 2)
