"""Language-aware units for keyword accuracy, ROUGE-L and METEOR (`evaluate.matching: language`).

The strict policy (`evaluate.matching: strict`, the paper's numbers) matches a keyword as a plain
substring of the normalised answer and scores ROUGE-L/METEOR on space-separated words (grapheme
clusters for Thai). A native reader expects more; this module gives, per language:

- Arabic: the normalisation of Arabic NLP evaluation (as camel-tools' and pyarabic's
  normalisers do): harakat and other tashkeel stripped (pyarabic `strip_tashkeel`), tatweel
  dropped, hamza'd alef forms آ أ إ ٱ -> ا, alef maqsura ى -> ي, ta marbuta ة -> ه (table
  `_AR_FOLD`); then the Snowball Arabic stemmer, and also the word without its article (ال، وال،
  بال...: light stemming), which Snowball keeps on some words (الاردني and اردني stem apart);
- Russian, Hungarian, Serbian (folded to Latin first: one stemmer for both scripts), Czech and
  Arabic: Snowball stemmers (`snowballstemmer`). A word matches a keyword word when their
  {surface form, stem} sets meet: Snowball over-stems some base forms (hu "budapest" ->
  "budapes" but "budapesten" -> "budapest"), and comparing both forms absorbs that;
- Thai: words from pythainlp's offline dictionary segmenter (newmm); a keyword matches when its
  letters equal a run of whole answer words, so word boundaries are respected whatever way the
  keyword alone would segment. The dictionary also holds compounds of a function word and a
  noun (ที่วัด "at the temple", ยามค่ำคืน "at night", ริมแม่น้ำ "by the river"), which would hide
  วัดอรุณ, ค่ำคืน or แม่น้ำเจ้าพระยา from a whole-word match; so an occurrence also counts when
  the text on either side of it ends and starts with dictionary words (ผ้าตากแดด still does not
  contain ตา: the rest, ก, is no word);
- Korean: morphemes from kiwipiepy (its model ships in the `kiwipiepy_model` package, no
  download); particles (tags J*) and punctuation are left out of keyword matching, so "서울에서"
  matches the keyword "서울" and "김치를" matches "김치". As for Thai, a keyword matches when its
  letters equal a run of whole answer morphemes: kiwipiepy splits a word differently alone and in
  a sentence (연등 alone, 연 + 등 after 하회마을의), so morpheme lists are not compared one to one;
- Vietnamese: space-separated syllables (the script already separates them).

A keyword of several words matches a contiguous run of answer words. Every library is imported
lazily: strict scoring never loads the segmenters.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache

import regex

from mella_ray.evaluate.tokenize import normalize

MATCHING_LANGUAGE = "language"
MATCHING_STRICT = "strict"
MATCHINGS = (MATCHING_LANGUAGE, MATCHING_STRICT)

SNOWBALL = {"ar": "arabic", "cs": "czech", "hu": "hungarian", "ru": "russian", "sr": "serbian"}

# Arabic letter folds applied after harakat are stripped (pyarabic's strip_tashkeel).
_AR_ALEF = {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627"}  # آ أ إ ٱ -> ا
_AR_LATE = {"\u0649": "\u064a", "\u0629": "\u0647"}  # ى -> ي, ة -> ه (after stemming: Snowball reads ة)
_AR_ALEF_TABLE = str.maketrans(_AR_ALEF)
_AR_LATE_TABLE = str.maketrans(_AR_LATE)

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
_KO_DROP_PREFIXES = ("J",)  # particles: 이/가, 을/를, 에서, 의, ...
_AR_ARTICLES = ("وبال", "وال", "بال", "كال", "فال", "لل", "ال")  # longest first; after the alef fold
_AR_MIN_STEM = 2  # letters that must remain after an article
_TH_DEPENDENT = "ะาำๅ"  # vowels that cannot start a word: an occurrence before one is inside a syllable
_KO_PUNCT = {"SF", "SP", "SS", "SSO", "SSC", "SE", "SO", "SW", "W_URL", "W_EMAIL", "W_HASHTAG", "W_MENTION"}


def _arabic_base(word: str) -> str:
    """Harakat and tatweel gone, alef forms folded; ta marbuta and alef maqsura kept for the stemmer."""
    from pyarabic.araby import strip_tashkeel, strip_tatweel

    return strip_tatweel(strip_tashkeel(word)).translate(_AR_ALEF_TABLE)


def normalize_arabic(text: str) -> str:
    """The full Arabic fold (harakat, tatweel, alef forms, alef maqsura, ta marbuta)."""
    return _arabic_base(text).translate(_AR_LATE_TABLE)


@lru_cache(maxsize=8)
def _snowball(lang: str):
    import snowballstemmer

    return snowballstemmer.stemmer(SNOWBALL[lang])


@lru_cache(maxsize=1)
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()  # loads the bundled model (~2 s), once per process


def _thai_words(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize

    # NFKC splits SARA AM (U+0E33) into NIKHAHIT + SARA AA, spellings the dictionary does not know.
    text = text.replace("\u0e4d\u0e32", "\u0e33")
    return [w for tok in word_tokenize(text, engine="newmm", keep_whitespace=False) for w in _WORD.findall(tok)]


def _korean_morphemes(text: str, keep_particles: bool) -> list[str]:
    out = []
    for tok in _kiwi().tokenize(text):
        if tok.tag in _KO_PUNCT or (not keep_particles and tok.tag.startswith(_KO_DROP_PREFIXES)):
            continue
        out.extend(_WORD.findall(tok.form))
    return out


def _words(text: str, lang: str, keep_particles: bool) -> list[str]:
    """Unstemmed words of normalised text: the ROUGE-L/METEOR unit in language mode."""
    if lang == "th":
        return _thai_words(text)
    if lang == "ko":
        return _korean_morphemes(text, keep_particles)
    words = _WORD.findall(text)
    return [normalize_arabic(w) for w in words] if lang == "ar" else words


@lru_cache(maxsize=16384)
def forms(word: str, lang: str) -> frozenset[str]:
    """A normalised word's matching forms: itself and, where Snowball has the language, its stem."""
    if lang not in SNOWBALL:
        return frozenset((word,))
    if lang == "ar":
        base = _arabic_base(word)
        bare = next(
            (base[len(a) :] for a in _AR_ARTICLES if base.startswith(a) and len(base) - len(a) >= _AR_MIN_STEM), ""
        )
        out = set()
        for w in filter(None, (base, bare)):
            out |= {w.translate(_AR_LATE_TABLE), _snowball(lang).stemWord(w).translate(_AR_LATE_TABLE)}
        return frozenset(out)
    return frozenset((word, _snowball(lang).stemWord(word)))


@lru_cache(maxsize=4096)
def word_units(text: str, lang: str) -> tuple[str, ...]:
    """ROUGE-L/METEOR units: words (Thai words, Korean morphemes with particles), normalised."""
    return tuple(_words(normalize(text, lang), lang, keep_particles=True))


def _match_units(text: str, lang: str) -> list[frozenset[str]]:
    return [forms(w, lang) for w in _words(normalize(text, lang), lang, keep_particles=False)]


def _key(keyword: str, lang: str) -> tuple:
    """What identifies a keyword after normalisation (duplicates count once)."""
    if lang == "th":
        return ("".join(_WORD.findall(normalize(keyword, lang).replace("\u0e4d\u0e32", "\u0e33"))),)
    if lang == "ko":
        return ("".join(_korean_morphemes(normalize(keyword, lang), keep_particles=False)),)
    return tuple(tuple(sorted(f)) for f in _match_units(keyword, lang))


def _contains_run(answer: list[frozenset[str]], kw: list[frozenset[str]]) -> bool:
    n = len(kw)
    return any(all(answer[i + j] & kw[j] for j in range(n)) for i in range(len(answer) - n + 1))


def _covers_run(answer_words: list[str], kw: str) -> bool:
    """kw equals the concatenation of a run of whole answer words (Thai words, Korean morphemes)."""
    for i in range(len(answer_words)):
        joined = ""
        for w in answer_words[i:]:
            joined += w
            if joined == kw:
                return True
            if len(joined) >= len(kw) or not kw.startswith(joined):
                break
    return False


@lru_cache(maxsize=1)
def _thai_dictionary() -> frozenset[str]:
    from pythainlp.corpus import thai_words

    return frozenset(thai_words())


def _thai_edge_word(text: str, last: bool) -> bool:
    """Whether text ends (last) or starts with a dictionary word, or with no Thai letter at all."""
    if not text or not _WORD.match(text[-1] if last else text[0]):
        return True
    words = _thai_words(text)
    return bool(words) and (words[-1] if last else words[0]) in _thai_dictionary()


def _thai_split_compound(text: str, kw: str) -> bool:
    """kw occurs in text with dictionary words on both sides: a compound such as ที่วัด is cut for it."""
    start = text.find(kw)
    while start >= 0:
        left, right = text[:start], text[start + len(kw) :]
        inside = right[:1] and (right[0] in _TH_DEPENDENT or unicodedata.category(right[0]) == "Mn")
        if not inside and _thai_edge_word(left, last=True) and _thai_edge_word(right, last=False):
            return True
        start = text.find(kw, start + 1)
    return False


def keyword_hits(prediction: str | None, keywords: list[str] | None, lang: str) -> tuple[int, int]:
    """(found, total) gold keywords in the prediction, language-aware (see the module docstring)."""
    gold: dict[tuple, str] = {}
    for k in keywords or []:
        key = _key(k, lang)
        if key and all(key):
            gold.setdefault(key, k)
    if not gold:
        return 0, 0
    text = normalize(prediction or "", lang)
    if lang == "th":
        text = text.replace("\u0e4d\u0e32", "\u0e33")
        words = _thai_words(text)
        return sum(_covers_run(words, k[0]) or _thai_split_compound(text, k[0]) for k in gold), len(gold)
    if lang == "ko":
        morphemes = _korean_morphemes(text, keep_particles=False)
        return sum(_covers_run(morphemes, k[0]) for k in gold), len(gold)
    units = _match_units(prediction or "", lang)
    return sum(_contains_run(units, _match_units(k, lang)) for k in gold.values()), len(gold)


class Stemmer:
    """A METEOR stemmer (anything with `.stem(word)`): Snowball where it has the language, else identity.

    nltk's default is the English Porter stemmer, which would mangle Latin-script words of cs/hu/sr/vi.
    """

    def __init__(self, lang: str):
        self.lang = lang
        self._stem: Callable[[str], str] = _snowball(lang).stemWord if lang in SNOWBALL else (lambda w: w)

    def stem(self, word: str) -> str:
        return self._stem(word)


def describe(lang: str) -> dict[str, str]:
    """The language-aware policy of `lang`, for the report."""
    unit = {"th": "pythainlp newmm words", "ko": "kiwipiepy morphemes (particles dropped for keywords)"}
    return {
        "keyword_match": ("arabic fold + " if lang == "ar" else "")
        + (f"snowball {SNOWBALL[lang]} (word or stem)" if lang in SNOWBALL else unit.get(lang, "words"))
        + (" as whole-word runs" if lang == "th" else " as contiguous word runs"),
        "rouge_meteor_unit": unit.get(lang, "word") + ("; arabic fold" if lang == "ar" else ""),
        "meteor_stemmer": f"snowball {SNOWBALL[lang]}" if lang in SNOWBALL else "none",
    }


CAVEATS = [
    "Keyword matching is language-aware (evaluate.matching: language; 'strict' gives the paper's plain substring "
    "numbers): a keyword counts when its words occur as a contiguous run of whole answer words, comparing each word's "
    "surface form and Snowball stem (ar, cs, hu, ru, sr; Serbian folded to Latin first). Stemming credits "
    "inflections (ru 'кремля' for 'кремль') and may credit a different word that shares a stem; it misses stem "
    "alternations Snowball does not model (cs 'Praha'/'Praze').",
    "Arabic: harakat and tatweel stripped, alef forms آ أ إ ٱ -> ا, alef maqsura ى -> ي and ta marbuta ة -> ه, "
    "as Arabic NLP evaluation normalises; the Snowball Arabic stemmer removes some clitics (ب, ال) but not all.",
    "Thai: words from pythainlp's offline dictionary segmenter (newmm); a keyword must cover whole words of the "
    "answer. Words missing from its dictionary are split into smaller pieces, which a keyword may still cover exactly.",
    "Korean: morphemes from kiwipiepy's bundled model; particles are ignored for keywords ('서울에서' matches '서울'); "
    "ROUGE-L and METEOR use all morphemes.",
    "Vietnamese uses space-separated syllables; no stemming exists or is needed.",
]
