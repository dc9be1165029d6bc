"""Pure logic of captioning: category parsing and degenerate-output detection."""
from __future__ import annotations

import re
from collections import Counter

_CATEGORY_LINE = re.compile(r"^\s*\**\s*category\s*\**\s*[:：]\s*\**\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)


def split_category(text: str, taxonomy: dict[str, list[str]], default: str) -> tuple[str, str]:
    """(caption without its category line, "top/sub" label); unknown labels become `default`.

    Models write the label in many ways ("Category: Culture / Food.", "**Category:** food");
    we match case-insensitively against the configured taxonomy, top or sub alone included.
    """
    m = None
    for m in _CATEGORY_LINE.finditer(text):
        pass  # the last category line wins: the prompt asks for it at the end
    if m is None:
        return text.strip(), default
    caption = (text[: m.start()] + text[m.end() :]).strip()
    raw = m.group(1).strip().strip(".*").lower()
    parts = [p.strip() for p in re.split(r"[/>|,]", raw) if p.strip()]
    for top, subs in taxonomy.items():
        if parts and parts[0] == top.lower():
            sub = next((s for s in subs if len(parts) > 1 and parts[1] == s.lower()), None)
            return caption, f"{top}/{sub or (subs[-1] if subs else 'other')}"
    for top, subs in taxonomy.items():  # a bare sub-category names its parent
        for s in subs:
            if parts and parts[0] == s.lower():
                return caption, f"{top}/{s}"
    return caption, default


def degenerate_reason(text: str | None, min_chars: int = 1, max_repeat_share: float = 0.5) -> str | None:
    """Why an output is unusable (empty, looping), or None when it looks like text.

    A loop shows as one word 4-gram covering much of the output; a character-level check
    catches looping in scripts without spaces (th).
    """
    if text is None or len(text.strip()) < min_chars:
        return "empty"
    words = text.split()
    if len(words) >= 12:
        grams = Counter(tuple(words[i : i + 4]) for i in range(len(words) - 3))
        top = grams.most_common(1)[0][1]
        if top * 4 / len(words) > max_repeat_share and top >= 3:
            return "repetition"
    s = re.sub(r"\s+", "", text)
    if len(s) >= 40:
        grams = Counter(s[i : i + 8] for i in range(len(s) - 7))
        top = grams.most_common(1)[0][1]
        if top * 8 / len(s) > max_repeat_share and top >= 3:
            return "repetition"
    return None
