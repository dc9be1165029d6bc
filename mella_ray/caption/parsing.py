"""Pure logic of captioning: category parsing, degenerate-output detection, the output row.

Models write the category line in many ways ("Category: Culture / Food.", "**Category:** food",
"### Category: ...", "- Category (top/sub): ...", "category - scene > city", or at the end of
the paragraph instead of on its own line); parsing
matches the configured taxonomy loosely (case, separators, plurals) and falls back to the
configured default. Degenerate output (empty, a loop, a looping tail) is a failed row.
"""
from __future__ import annotations

import re

from mella_ray import records

# "Category:" at the start of a line (after markdown marks: "### ", "- ", "> ", "**"), or right
# after the paragraph's last sentence (a closing quote or bracket may end it); a note in brackets
# may follow the word, and a dash may stand for the colon ("category - scene > city").
_CATEGORY = re.compile(r"(?:^[ \t]*(?:[#>*\-•][ \t]*)*|(?:(?<=[.!?])|(?<=[.!?][\"'”»)\]]))[ \t]*)\**[ \t]*"
                       r"category[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?\**[ \t]*(?:[:：]|[-–—](?=[ \t]))\**\s*([^\n]*)",
                       re.IGNORECASE | re.MULTILINE)
_SEPARATORS = re.compile(r"[\s/>|,_\-–—:;]+")
# A piece repeated 8 times or more at the very end: the model never left it. Fewer repeats can
# be a quoted chant or sign ("YNWA YNWA YNWA YNWA").
_TAIL_LOOP = re.compile(r"(.{2,40}?)\1{7,}$", re.DOTALL)


def _norm(text: str) -> str:
    return " " + _SEPARATORS.sub(" ", text.lower().strip(" .*`'\"")).strip() + " "


def _has(label: str, name: str) -> bool:
    """`name` as whole words in a normalised label, singular or plural."""
    n = _norm(name).strip()
    return any(f" {v} " in label for v in {n, n.rstrip("s"), n + "s"} if v)


def match_category(raw: str, taxonomy: dict[str, list[str]], default: str) -> str:
    """A "top/sub" label of the taxonomy for what the model wrote, or `default`."""
    label = _norm(raw)
    best = None
    for top, subs in taxonomy.items():  # top and sub both named: the longest sub wins
        if _has(label, top):
            for s in subs:
                if _has(label, s) and (best is None or len(s) > len(best[1])):
                    best = (top, s)
    if best:
        return f"{best[0]}/{best[1]}"
    for top, subs in taxonomy.items():  # a bare sub-category names its parent
        for s in sorted(subs, key=len, reverse=True):
            if _has(label, s):
                return f"{top}/{s}"
    first = label.split()[0] if label.split() else ""
    for top, subs in taxonomy.items():  # a bare top-level label: its catch-all (last) sub
        if first == _norm(top).strip():
            return f"{top}/{subs[-1] if subs else 'other'}"
    return default


def split_category(text: str, taxonomy: dict[str, list[str]], default: str) -> tuple[str, str]:
    """(caption without its category label, "top/sub" label); unknown labels become `default`.

    The last "Category:" wins (the prompt asks for it at the end); it may start a line or
    follow the paragraph's last sentence.
    """
    matches = list(_CATEGORY.finditer(text))
    if not matches:
        return text.strip(), default
    m = matches[-1]
    caption = (text[: m.start()] + text[m.end() :]).strip()
    return caption, match_category(m.group(1), taxonomy, default)


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
        if max(_repeat_share(grams), _repeat_share(grams[-(TAIL_WORDS - 3):])) > max_repeat_share:
            return "repetition"
    s = re.sub(r"\s+", "", text)
    if len(s) >= 40:
        grams = [s[i : i + 8] for i in range(len(s) - 7)]
        if max(_repeat_share(grams), _repeat_share(grams[-(TAIL_CHARS - 7):])) > max_repeat_share:
            return "repetition"
    tail = re.sub(r"\s+", " ", text.strip())[-TAIL_CHARS:]
    m = _TAIL_LOOP.search(tail)
    if m and len(m.group(0)) >= 24 and len(set(m.group(1).strip())) > 1:
        return "repetition"
    return None


def caption_fields(text: str | None, error: str | None, taxonomy: dict[str, list[str]], default: str) -> dict:
    """caption, category, status and error of one caption row from the engine's answer."""
    reason = error or degenerate_reason(text)
    if reason:
        return {"caption": None, "category": None, "status": records.STATUS_FAILED, "error": reason}
    caption, category = split_category(text or "", taxonomy, default)
    if not caption.strip():  # only a category line came back
        return {"caption": None, "category": None, "status": records.STATUS_FAILED, "error": "empty"}
    return {"caption": caption, "category": category, "status": records.STATUS_OK, "error": None}
