"""Unicode-aware normalisation and tokenisation for scoring, one policy per language.

Why our own tokenizer: the usual defaults are unfit for these languages. rouge_score's default
tokenizer keeps only [a-z0-9], so every Arabic, Cyrillic, Thai and Hangul letter vanishes and
ROUGE-L is 0 whatever the model says; nltk's `word_tokenize` needs the punkt data, which cannot
be downloaded here; sacrebleu's flores200 SentencePiece model is a download too. So:

- every language: NFKC (presentation forms, full-width letters and ligatures become their plain
  letters) then casefold (Unicode-correct lower-casing: "ß" -> "ss", Cyrillic and Greek too);
- Serbian: Cyrillic is folded to Latin (langs.serbian_to_latin), because Serbian is written in
  both scripts and an answer in Latin is as right as one in Cyrillic;
- Arabic: tatweel (U+0640, a pure stretching glyph) is dropped;
- words are runs of letters, combining marks and digits (`regex`'s \\p{L}\\p{M}\\p{N}): Python's
  `re` \\w stops at combining marks (Thai vowel signs, Arabic harakat), `regex` classes do not;
- Thai (no spaces between words, no dictionary segmenter available offline): Thai-script runs
  are split into grapheme clusters (a consonant with its vowel/tone marks is one unit), i.e.
  character-level scoring, as is usual for unsegmented scripts;
- Korean: space-separated eojeol words (Hangul syllables are composed by NFKC), fine for
  ROUGE-L/METEOR; BLEU uses sacrebleu's 'char' tokenizer and chrF is character-based anyway.

`regex` is installed as a dependency of nltk (a declared dependency of this project).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from mella_ray.langs import serbian_to_latin

# Token unit per language for ROUGE-L, METEOR and keyword matching: "word" or "char".
UNIT_CHAR = "char"
UNIT_WORD = "word"
_CHAR_LANGS = {"th"}  # scripts without word separators

# sacrebleu tokenizer for BLEU: '13a' (the standard) where words are space-separated,
# 'char' where they are not (th) or where one space-separated word carries several
# morphemes that 13a would treat as one unit (ko: eojeol = stem + particles).
_BLEU_CHAR_LANGS = {"th", "ko"}

_WORD = regex.compile(r"[\p{L}\p{M}\p{N}]+")
# Within a word run, a run of Thai script (letters, marks and Thai digits) versus anything else:
# a Latin brand name inside Thai text stays one word.
_THAI_OR_OTHER = regex.compile(r"\p{Thai}+|(?:(?!\p{Thai})[\p{L}\p{M}\p{N}])+")
_GRAPHEME = regex.compile(r"\X")
_TATWEEL = "\u0640"


def unit(lang: str) -> str:
    """'char' or 'word': the token unit used for ROUGE-L and METEOR in `lang`."""
    return UNIT_CHAR if lang in _CHAR_LANGS else UNIT_WORD


def bleu_tokenizer(lang: str) -> str:
    """The sacrebleu tokenizer name for BLEU in `lang` (both are built into sacrebleu)."""
    return "char" if lang in _BLEU_CHAR_LANGS else "13a"


def fold_script(text: str, lang: str) -> str:
    """Script folding without case changes (kept for BLEU/chrF, which are case-sensitive)."""
    text = unicodedata.normalize("NFKC", text or "")
    if lang == "sr":
        text = serbian_to_latin(text)
    if lang == "ar":
        text = text.replace(_TATWEEL, "")
    return text


def normalize(text: str, lang: str) -> str:
    """NFKC, casefold, and the language's script folding (see the module docstring)."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # casefold first, then fold Serbian: the Cyrillic→Latin table maps lower case to lower case.
    text = fold_script(text, lang)
    # casefold can leave non-NFKC sequences behind in rare cases; renormalise once.
    return unicodedata.normalize("NFKC", text)


@lru_cache(maxsize=4096)
def _tokenize_normalized(text: str, lang: str) -> tuple[str, ...]:
    words = _WORD.findall(text)
    if unit(lang) != UNIT_CHAR:
        return tuple(words)
    out: list[str] = []
    for w in words:
        for part in _THAI_OR_OTHER.findall(w):
            if regex.match(r"\p{Thai}", part):
                out.extend(_GRAPHEME.findall(part))
            else:
                out.append(part)
    return tuple(out)


def tokenize(text: str, lang: str) -> list[str]:
    """Normalised tokens of `text` in `lang` (punctuation dropped)."""
    return list(_tokenize_normalized(normalize(text, lang), lang))


class UnicodeTokenizer:
    """A rouge_score tokenizer (anything with `.tokenize(text) -> list[str]`) for one language.

    RougeScorer(tokenizer=...) calls only `.tokenize`; stemming is not applied with a custom
    tokenizer, which is what we want: rouge_score's stemmer is English Porter.
    """

    def __init__(self, lang: str):
        self.lang = lang

    def tokenize(self, text: str) -> list[str]:
        return tokenize(text, self.lang)

    def __repr__(self) -> str:
        return f"UnicodeTokenizer({self.lang!r}, unit={unit(self.lang)!r})"


def describe(lang: str) -> dict[str, str]:
    """The tokenisation policy of `lang`, for the report."""
    return {
        "normalize": "NFKC+casefold"
        + ("+serbian_to_latin" if lang == "sr" else "")
        + ("+no_tatweel" if lang == "ar" else ""),
        "rouge_meteor_unit": "grapheme" if unit(lang) == UNIT_CHAR else "word",
        "bleu_tokenize": bleu_tokenizer(lang),
        "chrf": "characters (sacrebleu default, whitespace ignored)",
    }
