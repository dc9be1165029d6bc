"""Degenerate model output: empty text, or a loop the model fell into.

Shared by every stage that checks generated text (caption, translate): a degenerate answer
becomes a failed row with the reason ("empty", "repetition") instead of data.
"""

from __future__ import annotations

import re

# A piece repeated 8 times or more at the very end: the model never left it. Fewer repeats can
# be a quoted chant or sign ("YNWA YNWA YNWA YNWA").
_TAIL_LOOP = re.compile(r"(.{2,40}?)\1{7,}$", re.DOTALL)

TAIL_WORDS, TAIL_CHARS = 100, 400  # how much of the end the tail checks look at


def _repeat_share(items: list) -> float:
    """Share of items that repeat an earlier one: a loop of any unit length repeated R times
    scores about 1 - 1/R; prose scores near 0."""
    return 1 - len(set(items)) / len(items) if items else 0.0


def degenerate_reason(text: str | None, min_chars: int = 1, max_repeat_share: float = 0.5) -> str | None:
    """Why an output is unusable (empty, looping), or None when it looks like text.

    A loop shows as word 4-grams that repeat earlier ones, whatever the length of the unit
    that loops (a phrase, or a whole sentence until the token limit); character 8-grams do
    the same for scripts without spaces (th, zh, ja). Both are checked over the whole text
    and over its end, so a loop the model fell into after a good start is caught too, and a
    tail that repeats one short piece eight or more times is caught however short the text.
    """
    if text is None or len(text.strip()) < min_chars:
        return "empty"
    words = text.split()
    if len(words) >= 12:
        grams = [tuple(words[i : i + 4]) for i in range(len(words) - 3)]
        if max(_repeat_share(grams), _repeat_share(grams[-(TAIL_WORDS - 3) :])) > max_repeat_share:
            return "repetition"
    s = re.sub(r"\s+", "", text)
    if len(s) >= 40:
        grams = [s[i : i + 8] for i in range(len(s) - 7)]
        if max(_repeat_share(grams), _repeat_share(grams[-(TAIL_CHARS - 7) :])) > max_repeat_share:
            return "repetition"
    tail = re.sub(r"\s+", " ", text.strip())[-TAIL_CHARS:]
    m = _TAIL_LOOP.search(tail)
    if m and len(m.group(0)) >= 24 and len(set(m.group(1).strip())) > 1:
        return "repetition"
    return None
