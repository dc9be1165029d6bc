"""Whose words an alt-text is written in (crawl/alt_vocabulary.py, wordfreq's lists): English in plain
Latin letters on Czech, Hungarian, Serbian and Vietnamese sites, and Slovene on Serbian ones, which
neither the letters nor the identifier (on so few words) tell apart; words in two scripts at once."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_vocabulary import mostly_english, votes


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Harvest festival in Tokaj", "hu"),
        ("Studenica monastery aerial view", "sr"),
        ("Street food festival Budapest", "hu"),
        ("Brewery courtyard with wooden barrels", "cs"),
        ("Aerial view of the harbour", "vi"),
        ("Orthodox church Serbia", "sr"),  # "orthodox" is 6.6 times commoner in English
        ("Board game café interior", "cs"),  # "é" is a Czech letter, but "café" is English's too
    ],
)
def test_english_on_a_latin_script_site_is_another_language(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_other_language")


@pytest.mark.parametrize(
    "alt, lang",
    [
        # loanwords both languages use ("hotel", "wellness", "pizza", "park", "festival") speak for neither
        ("Wellness hotel Sopron", "hu"),
        ("Pizza margherita s bazalkou", "cs"),
        ("Hotel Park v centru mesta", "cs"),
        ("Restaurant U Fleku v Praze", "cs"),
        ("Planinari na vrhu Rtnja u rano jutro", "sr"),
        ("Manastir Studenica u jesen", "sr"),
        ("Berba grožđa u vinogradu kod Vršca", "sr"),
        ("Pogled na Zlatibor sa vidikovca", "sr"),
        ("Kavárna café Louvre v Praze", "cs"),  # "café" in a Czech sentence
    ],
)
def test_native_text_with_loanwords_and_names_stays(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"


def test_names_inside_the_text_are_no_evidence():
    # "Tokaj" is Hungarian and not English; as a capitalised word after the first it is skipped
    assert votes("Harvest festival in Tokaj", "hu", "en") == (0, 2)
    assert not mostly_english("Brewery tour", "cs")  # one English word is not enough


@pytest.mark.parametrize(
    "alt",
    [
        "Obiranje grozdja v vinogradu",
        "Planinci na vrhu Triglava v poletnem jutru",
        "Pogled na jezero s cerkvijo na otoku",
    ],
)
def test_slovene_on_a_serbian_site_is_a_neighbour(alt):
    assert alt_verdict(alt, "sr") == (None, "alt_other_language")


def test_one_slovene_looking_word_is_not_enough():
    assert alt_verdict("Pho bo sa govedinom", "sr")[1] == "ok"


@pytest.mark.parametrize(
    "alt",
    [
        "Škoda Fabia sa dvojnim papučicama",  # a brand that is a Slovene word, a form rare in the word lists
        "Škoda Octavia kod auto škole u Kragujevcu",
    ],
)
def test_a_serbian_function_word_slovene_never_writes_keeps_the_caption(alt):
    assert alt_verdict(alt, "sr")[1] == "ok"


@pytest.mark.parametrize("alt, lang", [("Манастир Studenica зимi", "sr"), ("Мocква зимой ночью", "ru")])
def test_a_word_in_cyrillic_and_latin_letters_is_garbled(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_mojibake")


def test_latin_words_beside_cyrillic_ones_stay():
    assert alt_verdict("Концерт группы Queen в Москве", "ru")[1] == "ok"
    assert alt_verdict("Манастир Студеница зими, Studenica", "sr")[1] == "ok"
