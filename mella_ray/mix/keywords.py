"""Culture keywords of a native alt-text, by a documented heuristic (the gold of keyword accuracy).

The rules, in order (per-language data: mella_ray/data/stopwords/{lang}.json):
1. Text is NFC-normalised. Tokens are runs of letters (with marks, inner digits, hyphens and
   apostrophes); a token containing any digit, a Roman numeral (XIV), a stopword or a date word
   (months, weekdays, "year", "century"...) is never a keyword: numbers and dates are not culture.
   Stopword entries may be several words ("cận cảnh"); they cover every token they match.
   Serbian lists are written in Cyrillic and folded to Latin as well, for Latin-script alts.
2. Named-entity-like spans come first, in order of appearance: maximal runs of capitalised
   tokens (cased scripts: Latin, Cyrillic), with stopwords and dates trimmed from both ends. A
   lone capitalised word that opens a sentence is not a span (every sentence starts with one);
   it is judged as a content word instead.
3. Then content units, longest first (long words are more often the named, specific things):
   tokens of at least `min_chars` letters ("words"), or for Vietnamese, whose words are
   space-separated syllables, runs of up to four non-stopword syllables ("phrases": "phố cổ").
4. Scripts without case (ar, ko, th) have no spans, so rule 3 does the work, with a light
   normalisation so that the keyword is the part an answer repeats: Arabic strips one article
   prefix (ال، وال، بال...) when enough letters remain; Korean drops the particles (의, 에서, 을...)
   that kiwipiepy's morpheme analysis finds at the end of a word, so a noun that merely ends in a
   particle's letter stays whole (사물놀이, not 사물놀, which no answer's morphemes could match);
   Thai, written without spaces, splits chunks at frequent function words (ที่ "at", ใน "in",
   ช่วง "during"...). A split may cut a compound (พื้นที่ -> พื้น); the evaluation's Thai matcher
   still finds the piece, as it is followed by a dictionary word.
5. Keywords are deduplicated case-insensitively, one contained in an earlier one is dropped,
   and at most `limit` are kept. An alt-text with nothing left yields [] (the row is then not
   counted by keyword accuracy, and stats.json counts it).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import regex

from mella_ray.langs import serbian_to_latin

_TOKEN = regex.compile(r"\p{L}[\p{L}\p{M}\p{N}'’\-]*")
_ROMAN = regex.compile(r"[IVXLCDM]+")
_SENTENCE_END = regex.compile(r"[.!?…:;\n]")
_MAX_STOP_WORDS = 3  # longest multiword stopword entry, in tokens
_MAX_PHRASE = 4


@dataclass(frozen=True)
class KeywordRules:
    stop: frozenset[str]  # casefolded stopwords and date words, single or multiword
    min_chars: int
    units: str  # "words" | "phrases"
    strip_prefixes: tuple[str, ...]
    strip_suffixes: tuple[str, ...]
    split_markers: tuple[str, ...]
    kiwi_particles: bool = False  # ko: trailing particles found by kiwipiepy's morpheme analysis


@cache
def rules(lang: str) -> KeywordRules:
    path = resources.files("mella_ray.data").joinpath("stopwords", f"{lang}.json")
    if not path.is_file():
        raise KeyError(f"no keyword rules for language {lang!r}: add mella_ray/data/stopwords/{lang}.json")
    d = json.loads(path.read_text(encoding="utf-8"))
    words = [unicodedata.normalize("NFC", w).casefold() for w in d["stopwords"] + d["dates"]]
    if lang == "sr":
        words += [serbian_to_latin(w) for w in words]
    return KeywordRules(
        frozenset(words),
        int(d.get("min_chars", 4)),
        d.get("units", "words"),
        _longest_first(d.get("strip_prefixes", [])),
        _longest_first(d.get("strip_suffixes", [])),
        _longest_first(d.get("split_markers", [])),
        _particles(d.get("particles"), lang),
    )


def _particles(analyser: str | None, lang: str) -> bool:
    if analyser not in (None, "kiwipiepy"):
        raise ValueError(f"data/stopwords/{lang}.json: particles {analyser!r}; allowed: kiwipiepy")
    return analyser == "kiwipiepy"


@cache
def _kiwi():
    from kiwipiepy import Kiwi

    return Kiwi()  # its model ships in the kiwipiepy_model package: no download; loaded once per process


@cache
def _without_particles(word: str) -> str:
    """A Korean word without the particles (tags J*) that end it: 제주도의 -> 제주도, 불국사에서는 -> 불국사."""
    cut = len(word)
    for tok in reversed(_kiwi().tokenize(word)):
        if not tok.tag.startswith("J"):
            break
        cut = tok.start
    return word[:cut]


def _longest_first(xs: list[str]) -> tuple[str, ...]:
    """Affixes and markers are tried longest first, so "에서" wins over "에"."""
    return tuple(sorted(xs, key=len, reverse=True))


def _tokens(text: str, r: KeywordRules) -> list[tuple[str, bool, bool]]:
    """(token, opens_a_sentence, after_punctuation) triples; Thai chunks are split at function
    words first. A name never runs across punctuation: "Hradčany, Malou Stranu" is two."""
    out, end = [], 0
    for m in _TOKEN.finditer(text):
        opens = not out or bool(_SENTENCE_END.search(text, end, m.start()))
        after_punct = bool(text[end : m.start()].strip())
        end = m.end()
        pieces = _split_markers(m.group(), r.split_markers) if r.split_markers else [m.group()]
        out += [(p, opens and i == 0, after_punct and i == 0) for i, p in enumerate(pieces)]
    return out


_THAI_LEADING = "เแโใไ"  # written before the consonant they follow: a marker right after one is inside a syllable
_THAI_DEPENDENT = "ะาำๅๆฯ"  # cannot start a syllable: a marker right before one is inside a word


def _marker_at(chunk: str, i: int, markers: tuple[str, ...]) -> str | None:
    """The marker starting at i, unless the letters around it show it is part of a word
    (เที่ยว contains ที่; ที่ must not be followed by a vowel or tone mark)."""
    if i and chunk[i - 1] in _THAI_LEADING:
        return None
    for m in markers:
        j = i + len(m)
        if chunk.startswith(m, i) and not (
            j < len(chunk) and (unicodedata.category(chunk[j]) == "Mn" or chunk[j] in _THAI_DEPENDENT)
        ):
            return m
    return None


def _split_markers(chunk: str, markers: tuple[str, ...]) -> list[str]:
    """Thai: cut at each marker (dropped; it is a function word), left to right, longest first."""
    pieces, buf, i = [], "", 0
    while i < len(chunk):
        hit = _marker_at(chunk, i, markers)
        if hit:
            pieces.append(buf)
            buf, i = "", i + len(hit)
        else:
            buf, i = buf + chunk[i], i + 1
    return [p for p in pieces + [buf] if p]


def _stop_mask(tokens: list[str], r: KeywordRules) -> list[bool]:
    """True for tokens covered by a (multiword) stopword, a number or a Roman numeral."""
    folded = [t.casefold() for t in tokens]
    mask = [any(ch.isdigit() for ch in t) or bool(_ROMAN.fullmatch(t)) for t in tokens]
    for i in range(len(tokens)):
        for n in range(min(_MAX_STOP_WORDS, len(tokens) - i), 0, -1):
            if " ".join(folded[i : i + n]) in r.stop:
                mask[i : i + n] = [True] * n
                break
    return mask


def _normalise(token: str, r: KeywordRules) -> str:
    """Strip one article prefix (ar) or one suffix when enough letters remain; Korean particles by morphemes."""
    if r.kiwi_particles:
        return _without_particles(token)
    for p in r.strip_prefixes:
        if token.startswith(p) and len(token) - len(p) >= max(r.min_chars, 2):
            return token[len(p) :]
    for s in r.strip_suffixes:
        if token.endswith(s) and len(token) - len(s) >= max(r.min_chars, 2):
            return token[: -len(s)]
    return token


def _spans(tokens: list[tuple[str, bool, bool]], stop: list[bool]) -> tuple[list[str], set[int]]:
    """Runs of capitalised tokens, trimmed of stopwords; also the indices they cover."""
    spans, covered, i = [], set(), 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j][0][0].isupper() and (j == i or not (tokens[j][1] or tokens[j][2])):
            j += 1
        if j == i:
            i += 1
            continue
        lo, hi = i, j
        while lo < hi and stop[lo]:
            lo += 1
        while hi > lo and stop[hi - 1]:
            hi -= 1
        lone_opener = hi - lo == 1 and tokens[lo][1]
        if hi > lo and not lone_opener and not any(stop[lo:hi]):
            spans.append(" ".join(t for t, *_ in tokens[lo:hi]))
            covered.update(range(lo, hi))
        i = j
    return spans, covered


def _content(tokens: list[tuple[str, bool, bool]], stop: list[bool], covered: set[int], r: KeywordRules) -> list[str]:
    units: list[str] = []
    run: list[str] = []
    for k, (tok, *_) in enumerate(tokens + [("", True, True)]):
        usable = k < len(tokens) and not stop[k] and k not in covered
        if r.units == "phrases":
            if usable and len(run) < _MAX_PHRASE:
                run.append(tok)
                continue
            if run:
                units.append(" ".join(run))
            run = [tok] if usable else []
        elif usable:
            word = _normalise(tok, r)
            if word.casefold() not in r.stop:
                units.append(word)
    units = [u for u in units if sum(ch.isalpha() for ch in u) >= r.min_chars]
    return sorted(units, key=len, reverse=True)  # stable: ties keep the order of appearance


def heuristic_keywords(alt: str, lang: str, limit: int) -> list[str]:
    """The culture keywords of one alt-text (see the module docstring for the rules)."""
    r = rules(lang)
    tokens = _tokens(unicodedata.normalize("NFC", alt or ""), r)
    stop = _stop_mask([t for t, *_ in tokens], r)
    spans, covered = _spans(tokens, stop)
    return select(spans + _content(tokens, stop, covered, r), limit)


def select(candidates: list[str], limit: int) -> list[str]:
    """Dedupe case-insensitively, drop ones contained in an earlier keyword, keep `limit`."""
    out: list[str] = []
    for c in candidates:
        f = c.casefold()
        if c and not any(f in o.casefold() for o in out):
            out.append(c)
    return out[:limit]


def is_usable(keyword: str, lang: str) -> bool:
    """A keyword the rules would keep: letters, no digits, not only stopwords or dates."""
    r = rules(lang)
    toks = [t for t, *_ in _tokens(keyword, r)]
    return bool(toks) and not all(_stop_mask(toks, r)) and not any(ch.isdigit() for ch in keyword)
