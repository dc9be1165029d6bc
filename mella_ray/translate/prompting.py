"""Pure logic of translation: prompts, sentence splitting and the quality gate."""
from __future__ import annotations

import re

from mella_ray.caption.parsing import degenerate_reason
from mella_ray.langs import language
from mella_ray.scripts import other_language, script_mismatch

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def target_description(lang: str, serbian_script: str = "cyrillic") -> str:
    """'Serbian (Cyrillic script)': models follow the script better when it is named."""
    l = language(lang)
    script = {"Arab": "Arabic", "Latn": "Latin", "Cyrl": "Cyrillic", "Kore": "Hangul", "Thai": "Thai"}[l.script]
    if lang == "sr":
        script = "Cyrillic" if serbian_script == "cyrillic" else "Latin"
    return f"{l.name} ({script} script)"


def translation_prompt(text: str, lang: str, serbian_script: str = "cyrillic") -> str:
    return (
        f"Translate the following English text into {target_description(lang, serbian_script)}. "
        "Keep every detail and the paragraph structure; output only the translation.\n\n" + text
    )


def split_sentences(text: str, max_chars: int = 600) -> list[str]:
    """Sentence-boundary chunks of at most ~max_chars, so long captions fit small MT models."""
    chunks: list[str] = []
    for sent in _SENTENCE_END.split(text.strip()):
        if chunks and len(chunks[-1]) + 1 + len(sent) <= max_chars:
            chunks[-1] += " " + sent
        else:
            chunks.append(sent)
    return [c for c in chunks if c]


def quality_reason(source: str, text: str | None, lang: str, min_ratio: float, max_ratio: float,
                   check_language: bool = True) -> str | None:
    """Why a translation is rejected, or None: empty, looping, a copy, a length ratio out of
    bounds, the wrong script, or clearly another language (py3langid)."""
    reason = degenerate_reason(text)
    if reason:
        return reason
    assert text is not None
    if text.strip() == source.strip():
        return "copy_of_source"
    ratio = len(text) / max(len(source), 1)
    if not min_ratio <= ratio <= max_ratio:
        return "length_ratio"
    if check_language:
        if script_mismatch(text, lang):
            return "wrong_script"
        if len(text) >= 15 and other_language(text, lang):
            return "wrong_language"
    return None
