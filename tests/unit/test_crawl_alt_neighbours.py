"""Close neighbours of the page's language, which the language identifier counts as the language
itself (alt_neighbours.py): refused, while native texts of the language, names of the neighbour's
places included, stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_neighbours import neighbour_language
from mella_ray.scripts import identify

NEIGHBOURS = [
    ("cs", "Vysoké Tatry pokryté snehom a ľadom"),  # a Slovak letter and a Slovak ending
    ("cs", "Deti sa hrajú v parku pri jazere"),  # Slovak words, no Slovak letter
    ("cs", "Bratislavský hrad nad Dunajom v noci"),  # no marker at all: the identifier decides
    ("cs", "Kúpalisko plné ľudí v horúcom lete"),
    ("cs", "Mesto Košice a Dóm svätej Alžbety"),
    ("sr", "Dubrovačke zidine i stara gradska jezgra ljeti"),  # ijekavian
    ("sr", "Mlijeko, kruh i sir na stolu"),
    ("sr", "Vatrogasci gase požar obiteljske kuće u Splitu"),  # a Croatian word
    ("sr", "Nogometaši Hajduka slave pobjedu"),
    ("ru", "Львівська ратуша на площі Ринок"),  # Ukrainian: two і, below alt_filter's share of foreign letters
    ("ru", "Дзеці гуляюць у парку каля ракі"),  # Belarusian
    ("ru", "Пожежники гасять пожежу в Харкові"),  # Ukrainian by a name: Russian writes "в Харькове"
    ("ru", "Рилският манастир през зимата"),  # Bulgarian: only Russian letters
    ("ru", "Коледен базар в центъра на София"),  # Bulgarian ъ before a consonant
    ("ru", "Децата играят в парка до реката"),  # Bulgarian, no marker: the identifier decides
    ("ru", "Манастир Студеница у зеленилу планине"),  # Serbian Cyrillic, no Serbian letter
    ("sr", "Охридско езеро во летниот период"),  # Macedonian: "во"
    ("sr", "Децата си играат во паркот покрај реката"),
    ("ar", "مسجد شاه اصفهان در شب"),  # Persian: "در", and the identifier
    ("ar", "برج میلاد در تهران هنگام غروب آفتاب"),  # Persian letters
]

NATIVE = [
    ("cs", "Kostel svatého Víta v noci"),  # the identifier gives Slovak 0.41 here
    ("cs", "Hrad Karlštejn na podzim z vyhlídky"),
    ("cs", "Bratislavský hrad při pohledu z Dunaje"),
    ("cs", "Pohled na Tatry z chaty"),
    ("sr", "Beograd noću sa Brankovog mosta"),  # the identifier says "bs"
    ("sr", "Lepa devojka u narodnoj nošnji"),
    ("sr", "Grad Bijeljina noću iz vazduha"),  # an ijekavian-looking name
    ("sr", "Luka Rijeka i brodovi u Beogradu na izložbi"),
    ("sr", "Ријека Дрина код Вишеграда"),  # ijekavian in Cyrillic: Serbian, never Croatian
    ("sr", "Ćevapi sa lukom i kajmakom u somunu"),
    ("ru", "Волга у Нижнего Новгорода на закате"),  # the identifier ranks "bg" first
    ("ru", "Пляж в Анапе летом"),
    ("ru", "Памятник Тарасу Шевченко в Киеве у Днепра"),
    ("ru", "Новогодняя ёлка на Красной площади"),
    ("ru", "Собор в Казани, который построили в XVI веке"),
    ("sr", "Охридско језеро у летњем периоду"),  # the same lake, in Serbian
    ("sr", "Стари део Битоља на јесен"),
    ("ar", "سوق الحميدية المسقوف في دمشق القديمة ليلا"),
    ("ar", "مسجد الشيخ زايد الكبير في أبوظبي ليلا"),
    ("ar", "غروب الشمس فوق نهر النيل مع مراكب الفلوكة"),
]


@pytest.mark.parametrize("lang, alt", NEIGHBOURS)
def test_a_close_neighbour_is_another_language(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_other_language")


@pytest.mark.parametrize("lang, alt", NATIVE)
def test_native_text_of_the_language_is_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


def test_languages_without_a_listed_neighbour_are_not_judged():
    assert neighbour_language("Deti sa hrajú v parku pri jazere", "hu", None) is None


def test_a_short_text_is_judged_by_its_words_alone():
    assert neighbour_language("Kôň na lúke", "cs", None) == "sk"  # too short to ask the identifier
    assert neighbour_language("Koně na louce", "cs", None) is None


def test_one_neighbour_word_needs_the_identifier_to_agree():
    text = "Pohľad na hory v zime"
    assert neighbour_language(text, "cs", identify(text)) == "sk"
    assert neighbour_language(text, "cs", [("cs", 0.9), ("sk", 0.1)]) is None


def test_a_letter_outside_the_alphabet_is_refused_even_in_a_name():
    # a checker of the data for garbling flags any such letter; the image goes to the pool
    for alt in (
        "Socha Ľudovíta Štúra před budovou muzea",
        "Křídlo Bösendorfer v koncertním sále připravené k ladění",
        "Pohľad na Tatry zo štítu",
    ):
        assert alt_verdict(alt, "cs") == (None, "alt_other_language"), alt
    assert alt_verdict("Магазин игрушек в центре Москвы", "sr")[1] == "alt_other_language"
    # a Latin á inside a Cyrillic word: a word in two scripts, garbled
    assert alt_verdict("Хрáм Василия Блаженного зимой", "ru") == (None, "alt_mojibake")
    assert alt_verdict("Храм Васи́лия Блаже́нного зимой", "ru")[1] == "ok"  # stress marks are combining marks


@pytest.mark.parametrize(
    "alt",
    [
        "Кошка после стерилизации в стационаре, 2-й день",  # "й" after "2-" is an ordinal's ending
        "Выставка кошек 5-го мая в Твери",
        "Ученики 3-х классов на экскурсии в музее",
    ],
)
def test_an_ordinals_ending_is_no_neighbours_word(alt):
    assert alt_verdict(alt, "ru") == (alt, "ok")


def test_ukrainian_and_stays_a_ukrainian_word():
    assert alt_verdict("Вона стоїть біля річки й дивиться на воду", "ru")[1] == "alt_other_language"
    assert neighbour_language("Кіт й собака на подвір'ї", "ru", None) == "uk"
