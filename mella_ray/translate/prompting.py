"""Pure logic of translation: prompts, chunking, and the quality gate.

Instruction models follow the target script better when it is named ("Serbian (Cyrillic
script)"). Long captions go in sentence chunks so that small MT models (512-token limits) see
whole sentences; paragraph breaks are kept and restored when the chunks are rejoined.

A translation is kept only if it is text (not empty, not looping), not a copy of its source,
of a plausible length, in the target's script and not clearly another language, as a whole
and chunk by chunk. Rejected rows stay in the table with the reason; nothing is dropped
silently.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from mella_ray.infer.degenerate import degenerate_reason
from mella_ray.langs import LANGUAGES, language
from mella_ray.scripts import identify, other_language, script_counts, script_mismatch

DEFAULT_PROMPT = (
    "Translate the following {source} text into {target}. Keep every detail and the "
    "paragraph structure; output only the translation."
)
_SCRIPT_NAMES = {"Arab": "Arabic", "Latn": "Latin", "Cyrl": "Cyrillic", "Kore": "Hangul", "Thai": "Thai"}
# Pivot languages outside the target list (captions are written in one of these).
_PIVOT_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "zh": "Chinese", "ja": "Japanese"}
# Latin, Cyrillic and Arabic sentences end in punctuation and a space; Chinese and Japanese
# ones in a full-width mark, with no space after it.
_CJK_ENDS = "。！？"
_SENTENCE_END = re.compile(rf"(?<=[.!?؟])\s+|(?<=[{_CJK_ENDS}])\s*")
_PARAGRAPH_BREAK = re.compile(r"(\s*\n\s*)")


def language_name(code: str) -> str:
    if code in LANGUAGES:
        return language(code).name
    return _PIVOT_NAMES.get(code, code)


def target_description(lang: str, serbian_script: str = "cyrillic") -> str:
    """'Serbian (Cyrillic script)': models follow the script better when it is named."""
    lang_ = language(lang)
    script = _SCRIPT_NAMES.get(lang_.script, lang_.script)
    if lang == "sr":
        script = "Cyrillic" if serbian_script == "cyrillic" else "Latin"
    return f"{lang_.name} ({script} script)"


def translation_prompt(
    text: str, lang: str, serbian_script: str = "cyrillic", source: str = "en", template: str = DEFAULT_PROMPT
) -> str:
    """Pivot -> target. Serbian is always asked for in Cyrillic: Latin is made by transliteration."""
    target = target_description(lang, "cyrillic" if lang == "sr" else serbian_script)
    return template.format(source=language_name(source), target=target) + "\n\n" + text


def back_translation_prompt(text: str, lang: str, pivot: str, template: str = DEFAULT_PROMPT) -> str:
    """Target -> pivot, for the back-translation chrF."""
    return template.format(source=language_name(lang), target=language_name(pivot)) + "\n\n" + text


def _hard_split(sentence: str, max_chars: int) -> list[str]:
    """A 'sentence' longer than max_chars (no punctuation) cut at spaces, or anywhere if none."""
    out, rest = [], sentence
    while len(rest) > max_chars:
        cut = rest.rfind(" ", 0, max_chars + 1)
        cut = cut if cut > max_chars // 2 else max_chars
        out.append(rest[:cut].strip())
        rest = rest[cut:].strip()
    return out + ([rest] if rest else [])


def _joiner(before: str) -> str:
    """What separates a sentence from the next: nothing after a Chinese or Japanese mark."""
    return "" if before[-1:] in _CJK_ENDS else " "


def split_sentences(text: str, max_chars: int = 600) -> list[str]:
    """Sentence-boundary chunks of at most max_chars (one paragraph; joined with a space, or
    with nothing after a Chinese or Japanese mark, they restore it)."""
    chunks: list[str] = []
    for sent in _SENTENCE_END.split(text.strip()):
        for piece in _hard_split(sent, max_chars) if len(sent) > max_chars else [sent]:
            if chunks and len(chunks[-1]) + len(_joiner(chunks[-1])) + len(piece) <= max_chars:
                chunks[-1] += _joiner(chunks[-1]) + piece
            else:
                chunks.append(piece)
    return [c for c in chunks if c]


def chunk_text(text: str, max_chars: int = 600) -> list[tuple[str, str]]:
    """(chunk, separator after it) pairs: sentence chunks per paragraph, paragraph breaks kept."""
    pieces = _PARAGRAPH_BREAK.split(text.strip())
    out: list[tuple[str, str]] = []
    for k in range(0, len(pieces), 2):
        sents = split_sentences(pieces[k], max_chars)
        brk = pieces[k + 1] if k + 1 < len(pieces) else ""
        brk = "\n\n" if brk.count("\n") > 1 else ("\n" if brk else "")
        out += [(s, " " if j < len(sents) - 1 else brk) for j, s in enumerate(sents)]
    return out


def join_chunks(parts: list[str], seps: list[str]) -> str:
    return "".join(p.strip() + s for p, s in zip(parts, seps)).strip()


# -- the quality gate ---------------------------------------------------------------------
NEAR_COPY = 0.9  # similarity at which an output counts as the source handed back
_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def is_copy(source: str, text: str) -> bool:
    """The source handed back, exactly or nearly (whitespace, case, a changed word or two)."""
    a, b = _norm(source), _norm(text)
    if a == b:
        return True
    m = SequenceMatcher(None, a, b, autojunk=False)
    return m.real_quick_ratio() >= NEAR_COPY and m.quick_ratio() >= NEAR_COPY and m.ratio() >= NEAR_COPY


def quality_reason(
    source: str,
    text: str | None,
    lang: str,
    min_ratio: float,
    max_ratio: float,
    check_language: bool = True,
    script: str | None = None,
    carried_ok: bool = False,
) -> str | None:
    """Why a translation is rejected, or None: empty, looping, a copy, a length ratio out of
    bounds, the wrong script (`script`: a required one, e.g. Cyrillic for Serbian), or clearly
    another language (py3langid). `carried_ok`: judge script and language without the words
    shared with the source (for short chunks, where a brand name can outweigh the rest)."""
    reason = degenerate_reason(text)
    if reason:
        return reason
    assert text is not None
    if is_copy(source, text):
        return "copy_of_source"
    ratio = text_weight(text) / max(text_weight(source), 1)
    if not min_ratio <= ratio <= max_ratio:
        return "length_ratio"
    if check_language:
        text = without_carried(text, source) if carried_ok else text
        if script_mismatch(text, lang):
            return "wrong_script"
        if script and _dominant_script(text) not in (None, script):
            return "wrong_script"
        if len(text) >= 15 and other_language(text, lang):
            return "wrong_language"
    return None


MIN_PROSE_WORDS = 4  # a chunk with fewer ordinary words to translate is not judged alone
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|„[^“”]*[“”]|«[^»]*»|‘[^’]*’|「[^」]*」")
_WORD = re.compile(r"\w+")


def prose_words(source: str) -> int:
    """Words of `source` that a translation must change: outside quotes, starting lower-case.
    Names, numbers, titles and quoted signs are carried over as they are, so a chunk made of
    them ('Model: Canon EOS R5, 50 mm, f/1.8') is rightly almost a copy of its source."""
    return sum(1 for w in _WORD.findall(_QUOTED.sub(" ", source)) if w[0].islower())


def without_carried(text: str, source: str) -> str:
    """`text` without the words it shares with `source` (names, brands, quoted signs kept as
    written): they say nothing about the language or script the rest is in."""
    shared = {w.casefold() for w in _WORD.findall(source)}
    return _WORD.sub(lambda m: "" if m.group().casefold() in shared else m.group(), text)


def chunk_reason(
    source: str,
    text: str | None,
    lang: str,
    min_ratio: float,
    max_ratio: float,
    check_language: bool = True,
    script: str | None = None,
) -> str | None:
    """Why one sentence chunk of a longer caption is not a translation of it, or None. The
    whole text passes the gate when most of it is good; a chunk handed back untranslated,
    dropped or in another language would hide inside it. A chunk with little prose of its own
    (a quoted sign, camera settings, a title) is only checked for being empty or a loop, and
    script and language are judged without the words carried over from the source."""
    if prose_words(source) < MIN_PROSE_WORDS:
        return degenerate_reason(text)
    return quality_reason(source, text, lang, min_ratio, max_ratio, check_language, script, carried_ok=True)


_DENSE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")  # kana and Han


def text_weight(text: str) -> int:
    """Length for the ratio check: a Chinese or Japanese character says about what three
    letters say, so a faithful translation from a zh/ja pivot is not 'too long'."""
    return len(text) + 2 * len(_DENSE.findall(text))


def _dominant_script(text: str) -> str | None:
    counts, letters = script_counts(text)
    return max(counts, key=counts.get) if letters >= 10 and counts else None


def detected_language(text: str | None) -> str | None:
    """py3langid's top label for an output (kept per row for audits), None without text."""
    if not text or not text.strip():
        return None
    ranked = identify(text)
    return ranked[0][0] if ranked else None


def chrf(hypothesis: str, reference: str) -> float:
    """Sentence chrF (0-100) of a back-translation against the original caption."""
    from sacrebleu.metrics import CHRF

    return float(CHRF().sentence_score(hypothesis, [reference]).score)
