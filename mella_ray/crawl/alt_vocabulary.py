"""Whose words are these? English function words, and word frequencies (wordfreq), as evidence
of an alt-text's language.

Letters tell most languages apart, and the language identifier does the rest on long texts.
Two cases are left where neither can: a short text in plain ASCII letters on a site whose
language writes Latin too ("Studenica monastery aerial view" on a Serbian site, "Harvest festival
in Tokaj" on a Hungarian one: no English function word, and too few letters for the identifier),
and a close neighbour that shares the alphabet (Slovene "Obiranje grozdja v vinogradu" or
Macedonian "Планинари на врвот Титов Врв" on a Serbian site). A reader knows these by their
words: "monastery" and "aerial" are frequent English and no Serbian, "v" and "grozdja" Slovene.

wordfreq's lists (Wikipedia, subtitles, news and web text, in the wheel: no download) give each
word's Zipf frequency per language (log10 of uses per billion words; 3.0 is about once per
million). A word is evidence for a language when it is common there (ZIPF_COMMON) and clearly
commoner there than in the other (ZIPF_MARGIN); words both use ("hotel", "festival", "na") speak
for neither. Capitalised words after the first are names ("Tokaj", "Triglava") and are skipped:
a name is no sign of the writer's language. `english_on_latin` asks both: a function word of
English (ENGLISH_MARKERS) or mostly English words; alt_neighbours asks the frequencies of a
neighbour's words.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import regex

from mella_ray.crawl.charset_lang import ALPHABETS
from mella_ray.scripts import expected_scripts

# English words that are no word of Czech, Hungarian, Vietnamese or Serbian Latin ("a", "to", "on",
# "by", "in" are): an alt in Latin letters with one of them and no letter of the language's own
# alphabet is English ("Photo of Belgrade fortress" on a Serbian site, where the identifier, on
# so few words, names no language with confidence).
ENGLISH_MARKERS = frozenset(
    {"the", "of", "and", "with", "from", "for", "this", "our", "your", "are", "was", "were"}
    # "Hungarian Parliament at night": short English that the identifier does not name; not "is"
    # (Hungarian "also"), "has" (Hungarian "belly"), "an" ("Hội An" typed without marks)
    | {"at", "over", "near", "during", "into", "under", "between", "behind", "above", "along", "around"}
    | {"through", "after", "while", "its", "his", "her", "their", "these", "those", "which", "who", "been"}
)
ZIPF_COMMON = 3.0  # about once per million words, at least
ZIPF_MARGIN = 0.75  # six times commoner in one language than in the other, at least
# wordfreq has one Serbo-Croatian list ("sh") for Serbian, Croatian and Bosnian, in both scripts.
WORDFREQ_CODE = {"sr": "sh", "hr": "sh", "bs": "sh"}
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")


def _code(lang: str) -> str:
    return WORDFREQ_CODE.get(lang, lang)


@lru_cache(maxsize=262144)  # site texts repeat their words
def zipf(word: str, lang: str) -> float:
    from wordfreq import zipf_frequency  # its lists load on first use per language (0.02-0.3 s)

    return zipf_frequency(word, _code(lang))


def votes(text: str, lang: str, other: str, skip=None) -> tuple[int, int]:
    """(words that speak for `lang`, words that speak for `other`) in `text`. `skip(word)`: words
    not to count (another script, say)."""
    own = theirs = 0
    for i, word in enumerate(_WORD.findall(text)):
        if i > 0 and word[:1].isupper():
            continue  # a name inside the text
        if skip is not None and skip(word):
            continue
        low = word.lower()
        mine, yours = zipf(low, lang), zipf(low, other)
        if mine >= ZIPF_COMMON and mine - yours >= ZIPF_MARGIN:
            own += 1
        elif yours >= ZIPF_COMMON and yours - mine >= ZIPF_MARGIN:
            theirs += 1
    return own, theirs


FUNCTION_ZIPF = 6.5  # a word this frequent is a function word (cs "k" 6.59, ru "у" 6.63, hu "magyar" 6.34 is not)
CASED_LANGS = ("cs", "hu", "ru", "sr", "vi")


def has_function_word(words: list[str]) -> bool:
    """Whether one of `words` is a function word of one of the cased languages (a preposition, an
    article, a conjunction: "a", "na", "v", "и", "và"), by its frequency."""
    return any(zipf(w.lower(), lang) >= FUNCTION_ZIPF for w in words for lang in CASED_LANGS)


def mostly_english(text: str, lang: str) -> bool:
    """At least two words that are English and not `lang`, more than twice as many as `lang`'s own
    (the first word may be a name: "Studenica monastery aerial view")."""
    own, english = votes(text, lang, "en")
    return english >= 2 and english > 2 * own


ENGLISH_LOANWORD_ZIPF = 3.0  # a word with the language's letters this common in English is English's too ("café")


def english_on_latin(text: str, lang: str) -> bool:
    """English on a site whose language is written in Latin letters too: an English function word
    (ENGLISH_MARKERS), or words that are English and not the language's (alt_vocabulary)."""
    alphabet = ALPHABETS.get(lang)
    if alphabet is None or "Latin" not in expected_scripts(lang)[0]:
        return False
    low = text.lower()
    own = [w for w in _WORD.findall(low) if any(c in alphabet for c in w if not c.isascii())]
    if any(zipf(w, "en") < ENGLISH_LOANWORD_ZIPF for w in own):
        return False  # "… v Praze na Letné": the language's own letters speak ("café" is English's too)
    return any(w.strip(".,:;!?()\"'") in ENGLISH_MARKERS for w in low.split()) or mostly_english(text, lang)


OTHER_LANGUAGE_MAX_ZIPF = 1.0  # a word this rare in the identifier's guess is not that language's word


def own_words_speak(text: str, lang: str, guess: str) -> bool:
    """Whether `text`, which the language identifier guessed to be `guess`, has a word with the non-ASCII letters of
    `lang`'s Latin alphabet that is common in `lang` and all but unknown in `guess`: two words are too few for the
    identifier ("Tradicionális reflexíj" read as Galician), and "tradicionális" is Hungarian only."""
    alphabet = ALPHABETS.get(lang)
    if alphabet is None or "Latin" not in expected_scripts(lang)[0]:
        return False
    for word in _WORD.findall(text.lower()):
        if any(c in alphabet for c in word if not c.isascii()) and zipf(word, lang) >= ZIPF_COMMON:
            try:
                theirs = zipf(word, guess)
            except LookupError:  # a language wordfreq has no list for, nor a neighbour of
                theirs = 0.0
            if theirs < OTHER_LANGUAGE_MAX_ZIPF:
                return True
    return False


# wordfreq says once per process that it answers "sr" with "sh"; _code asks for "sh" itself.
logging.getLogger("wordfreq").setLevel(logging.ERROR)
