"""Pure logic of captioning: category parsing and the output row.

Models write the category line in many ways ("Category: Culture / Food.", "**Category:** food",
"### Category: ...", "- Category (top/sub): ...", "category - scene > city", or at the end of
the paragraph instead of on its own line); parsing
matches the configured taxonomy loosely (case, separators, plurals) and falls back to the
configured default. Degenerate output (empty, a loop, a looping tail; infer/degenerate.py) is a
failed row with its caption code of failures.py.
"""

from __future__ import annotations

import re

from mella_ray import records
from mella_ray.failures import failure
from mella_ray.infer.degenerate import degenerate_reason

# "Category:" at the start of a line (after markdown marks: "### ", "- ", "> ", "**"), or right
# after the paragraph's last sentence (a closing quote or bracket may end it); a note in brackets
# may follow the word, and a dash may stand for the colon ("category - scene > city").
_CATEGORY = re.compile(
    r"(?:^[ \t]*(?:[#>*\-•][ \t]*)*|(?:(?<=[.!?])|(?<=[.!?][\"'”»)\]]))[ \t]*)\**[ \t]*"
    r"category[ \t]*(?:\([^)\n]{0,40}\)[ \t]*)?\**[ \t]*(?:[:：]|[-–—](?=[ \t]))\**\s*([^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
_SEPARATORS = re.compile(r"[\s/>|,_\-–—:;]+")


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


def _failed(reason: str, error: str | None = None) -> dict:
    f = failure("caption", reason, error)
    return {"caption": None, "category": None, "status": records.STATUS_FAILED, "reason": f.reason, "error": f.error}


def caption_fields(
    text: str | None, reason: str | None, error: str | None, taxonomy: dict[str, list[str]], default: str
) -> dict:
    """caption, category, status, reason and error of one caption row from the engine's answer
    (its failure code `reason` and detail `error`, or its text)."""
    if reason:
        return _failed(reason, error)
    junk = degenerate_reason(text)
    if junk:
        return _failed(junk)
    caption, category = split_category(text or "", taxonomy, default)
    if not caption.strip():  # only a category line came back
        return _failed("empty", "only a category line")
    return {"caption": caption, "category": category, "status": records.STATUS_OK, "reason": None, "error": None}
