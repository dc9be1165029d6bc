"""Search keywords stuffed into an alt (alt_keyword_list; alt_rules asks `keyword_list`): items between commas,
semicolons, bars or spaced dashes ("купить матрешку, матрешка недорого, матрешка москва, ..."), hashtags, one
word making half the text, and keywords between spaces as SEO plugins write them ("zlatibor smeštaj zlatibor
apartmani zlatibor hoteli jeftino"). A description that lists things has a longer clause or a conjunction
before its last item; a tag list has neither."""

from __future__ import annotations

import re
from collections import Counter

from mella_ray.crawl.alt_banners import sales_term
from mella_ray.crawl.alt_names import ARABIC_FUNCTION_WORDS
from mella_ray.crawl.alt_runs import thai_listed_keywords
from mella_ray.crawl.alt_vocabulary import has_function_word
from mella_ray.crawl.alt_words import KOREAN_PARTICLES, TRIM

ARABIC_RUN_WORDS = 6  # Arabic words between spaces with none tying them into a sentence, at least
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# What ties Arabic words into a sentence without a separate function word: an imperfect verb ("يدق", pounds)
# or a preposition and article on a noun ("بالمدقة", with the pestle; "للأطفال", for the children)
_ARABIC_SYNTAX = re.compile(r"^(?:ي[\u0600-\u06ff]{2,}|بال|لل|كال)")
KEYWORD_MIN_ITEMS = 5  # comma-separated items of a keyword list, at least
# "and"/"or" of the eight languages: an enumeration in a sentence has one, a tag list has none.
CONJUNCTIONS = {
    "and",
    "or",
    "a",
    "i",
    "nebo",
    "és",
    "vagy",
    "meg",
    "và",
    "hoặc",
    "и",
    "или",
    "ili",
    "و",
    "أو",
    "และ",
    "หรือ",
    "및",
}
SPACED_KEYWORDS_MIN = 5  # words of a lower-case keyword run between spaces, at least
KEYWORD_MAX_WORDS = 3  # words of its longest item, at most ("сувениры из россии")
# Arabic and CJK commas too; a dash or a slash between spaces separates breadcrumbs and SEO tags
# ("Hrady a zámky - Pernštejn - výlety - ubytování - levně"), not the words of a hyphenated name
_BEST = re.compile(r"(?:أفضل|افضل|nejlepší|legjobb|лучш\w+|najbolj\w*|најбољ\w*|top \d+|\S+ nhất|최고의|best)(?!\w)")
_KEYWORD_SEPARATOR = re.compile(r"\s*[,;|،、]\s*|\s+[-–—/]\s+")


KOREAN_KEYWORDS_MIN = 5  # Korean nouns between spaces, none with a particle or an ending, at least
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# a particle, "also", "only", or a polite or a joining verb ending
_KOREAN_BOUND = re.compile(f"(?:{'|'.join(KOREAN_PARTICLES + ('도', '만', '요', '고', '며'))})$")
# what a shop's search line sells by: sale, buying in, speciality shop, lowest price, wholesale, cheap
_KOREAN_SHOP = re.compile(r"판매|매입|전문점|최저가|쇼핑몰|도매|저렴")


def _korean_keywords(tokens: list[str]) -> bool:
    """Korean nouns in a row closed by a shop's word, or three of them by the same head ("재즈LP 중고LP 블루노트
    중고음반 레코드판매", "액자 화방 미술용품 캔버스 물감 붓 액자제작 저렴한"): a caption's nouns are tied by particles
    and endings, or close on what the picture shows ("레코드판매 매장 내부 진열대 모습")."""
    return (
        len(tokens) >= KOREAN_KEYWORDS_MIN
        and all(_HANGUL.search(t) for t in tokens)
        and not any(_KOREAN_BOUND.search(t) for t in tokens)
        and (_KOREAN_SHOP.search(tokens[-1]) is not None or _shared_head(tokens))
    )


def _shared_head(tokens: list[str]) -> bool:
    """Three compounds or more closed by the same two syllables ("컴퓨터수리 노트북수리 ... 출장수리": repair, searched
    for by every device)."""
    heads = Counter(t[-2:] for t in tokens if len(t) >= 4)
    return bool(heads) and heads.most_common(1)[0][1] >= 3


def keyword_list(text: str) -> bool:
    """Search keywords stuffed into an alt ("купить матрешку, матрешка недорого, матрешка москва, ..."):
    KEYWORD_MIN_ITEMS or more items between commas, semicolons, bars or spaced dashes and slashes, none
    longer than KEYWORD_MAX_WORDS
    words (or twice that, when one word recurs in most items); hashtags, or one word making half the
    text, are keyword lists too. A description that enumerates things
    has a longer clause somewhere ("Na stole jsou jablka, hrušky, ...") or fewer items; a tag list has
    neither."""
    tokens = text.lower().split()
    if sum(t.startswith("#") for t in tokens) >= 3 and 2 * sum(t.startswith("#") for t in tokens) >= len(tokens):
        return True  # "#praha #karluvmost #zima #travel"
    top = Counter(t.strip(TRIM) for t in tokens).most_common(1)[0][1] if tokens else 0
    if top >= 3 and 2 * top >= len(tokens):
        return True  # "Praha Praha Praha Praha"
    if _spaced_keywords(text, tokens) or _korean_keywords(tokens):
        return True
    items = [i.lower().split() for i in _KEYWORD_SEPARATOR.split(text.strip(" ,;|")) if i.strip()]
    commas = [i.split() for i in text.lower().split(",") if i.strip()]
    singles = max(sum(len(i) == 1 for i in p[1:]) for p in (commas, items))  # a dash may open the list
    if len(commas) >= 3 and singles >= 2 and sales_term(text.lower()):
        # a shop's SEO tail: "Нурофен ... купить в Москве недорого, цена, инструкция, отзывы", "Мебель на заказ
        # в Костроме недорого — кухни, шкафы, столы Кострома"
        return True
    if _keyword_in_every_item(items) or _two_words_said_twice(items):
        return True
    if thai_listed_keywords([" ".join(i) for i in items]):
        return True
    if len(items) < KEYWORD_MIN_ITEMS or any(w in CONJUNCTIONS for w in items[-1]):
        # "Praha, Brno, Ostrava, Plzeň a Liberec": a sentence ends its enumeration with "and"; a tag may
        # hold one inside ("Hrady a zámky - Pernštejn - výlety - ubytování - levně")
        return False
    longest = max(len(i) for i in items)
    if longest <= KEYWORD_MAX_WORDS:
        return True
    # Vietnamese writes a word per syllable ("điện thoại chính hãng" is 4): longer items count when
    # one word recurs through them, as a search keyword does ("điện thoại, điện thoại giá rẻ, ...").
    # So do single words beside a keyword said twice ("وشم, تاتو, رسم على الجسم, افضل تاتو في الرياض, حبر"),
    # and two words each said in two items ("مطعم مأكولات بحرية, افضل مطعم سمك في جدة, سمك طازج, ...").
    said = Counter(w for i in items for w in set(i))
    recurring = said.most_common(1)[0][1]
    singles = sum(len(i) == 1 for i in items)
    twice = sum(n >= 2 for n in said.values())
    repeats = recurring >= KEYWORD_MIN_ITEMS - 2 or (recurring >= 2 and singles >= 2) or twice >= 2
    # or an SEO superlative among the items ("..., مسك دفاتر, أفضل مكتب محاسبة في الأردن": the best office in Jordan)
    repeats = repeats or any(_BEST.match(" ".join(i)) for i in items)
    return longest <= 2 * KEYWORD_MAX_WORDS and repeats


def _two_words_said_twice(items: list[list[str]]) -> bool:
    """Four short items or more, two words each said in two of them ("Potápění Brno, kurzy potápění, potápěčské
    vybavení, PADI Brno": the town and the service, searched for); an enumeration closes with a conjunction."""
    if len(items) < KEYWORD_MIN_ITEMS - 1 or max(len(i) for i in items) > KEYWORD_MAX_WORDS:
        return False
    if any(w in CONJUNCTIONS for w in items[-1]):
        return False
    said = Counter(w.strip(TRIM) for i in items for w in set(i))
    return sum(n >= 2 and sum(c.isalpha() for c in w) >= 3 for w, n in said.items()) >= 2


def _keyword_in_every_item(items: list[list[str]]) -> bool:
    """Three short items or more, one word in each ("Íjászat Eger, íjász edzés Eger, íjászklub Eger": the town
    beside each keyword); an enumeration in a sentence closes with a conjunction."""
    if len(items) < 3 or max(len(i) for i in items) > KEYWORD_MAX_WORDS or any(w in CONJUNCTIONS for w in items[-1]):
        return False
    common = set.intersection(*({w.strip(TRIM) for w in i} for i in items))
    return any(sum(c.isalpha() for c in w) >= 3 for w in common)


def _spaced_keywords(text: str, tokens: list[str]) -> bool:
    """Keywords between spaces, as SEO plugins write them, SPACED_KEYWORDS_MIN words or more:
    - in lower case where the script has case (a caption starts with a capital; "zlatibor smeštaj
      zlatibor apartmani zlatibor hoteli jeftino" writes even its names small), with a word said twice,
      a sales term anywhere ("музыкальная школа москва обучение ... для детей недорого запись"), or no
      function word at all ("könyv regény olvasás könyvtár kölcsönzés ingyen online": a sentence has a
      preposition, an article or a conjunction; alt_vocabulary.has_function_word);
    - in any case, a word said three times beside a sales term ("Хостел ... недорого хостел центр дешево
      хостел у метро"), or said three times and also part of a word pair said twice ("MHD Olomouc
      jízdenky MHD Olomouc jízdní řád MHD Olomouc tramvaje");
    - in a script without case, a word said three times ("سبا دبي مساج افضل سبا في دبي عروض سبا"): an
      Arabic caption repeats a word by agreement ("معرض التراث الوطني في المتحف الوطني"), not thrice."""
    letters = {w: sum(c.isalpha() for c in w) for w in (t.strip(TRIM) for t in tokens)}
    words = [w for w in (t.strip(TRIM) for t in tokens) if letters[w] >= 2]
    if len(words) < SPACED_KEYWORDS_MIN:
        return False
    first = next((c for c in text if c.isalpha()), "")
    cased = first.upper() != first.lower()
    # "سد" (a dam) is a word of two letters; "في" (in) is no keyword however often a sentence says it
    counts = Counter(w for w in words if letters[w] >= 3 or (not cased and w not in ARABIC_FUNCTION_WORDS))
    top = counts.most_common(1)[0][1] if counts else 0
    if cased and first.islower() and (top >= 2 or sales_term(text.lower()) or not has_function_word(words)):
        return True
    if not cased:  # "قلادة ذهب قلادة نسائية مجوهرات ذهب هدايا أفضل سعر": twice is enough beside a sales term,
        # or in Arabic words with no preposition or conjunction ("سد كهرومائي سد توربينات كهرباء طاقة نظيفة سياحة")
        arabic_run = (
            len(words) >= ARABIC_RUN_WORDS
            and ARABIC_FUNCTION_WORDS.isdisjoint(words)
            and _ARABIC.match(first)
            and not any(_ARABIC_SYNTAX.match(w) for w in words)
        )
        return top >= 3 or (top >= 2 and (sales_term(text.lower()) or bool(arabic_run)))
    if top >= 3 and sales_term(text.lower()):  # "Хостел Санкт-Петербург недорого хостел центр дешево хостел у метро"
        return True
    pairs = Counter(zip(words, words[1:]))
    return top >= 3 and pairs.most_common(1)[0][1] >= 2
