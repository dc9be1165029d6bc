"""Culture keywords by an LLM through infer/, with the heuristic as the fallback.

The model is asked to copy the culture-specific words of the alt-text, one per line. Its
answer is trusted only as far as it can be checked: an item is kept when it occurs in the
alt-text itself (so the gold never holds words the image's author did not write) and the
heuristic's rules would keep it (no numbers, dates or stopwords). A row with no usable item
gets the heuristic's keywords, and is counted as a fallback.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable

import regex

from mella_ray.config.mix import KeywordsConfig
from mella_ray.langs import language
from mella_ray.mix.keywords import heuristic_keywords, is_usable, select

log = logging.getLogger(__name__)

PROMPT = (
    "Below is the alternative text of an image from a {name} website. List its culture-specific "
    "keywords: names of places, people, dishes, festivals, crafts, customs and other things specific "
    "to the culture. Copy each keyword exactly as it is written in the text, one per line, at most "
    "{limit}. Do not translate. Leave out numbers, dates and generic words.\n\nText: {alt}\n\nKeywords:"
)
_ITEM_SPLIT = regex.compile(r"[\n,;،、]+")
_BULLET = regex.compile(r"^\s*(?:[-*•·]+|\d+[.)]|keywords?\s*:)\s*", regex.IGNORECASE)
_QUOTES = "\"'“”„«»‘’`「」 \t"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def parse_keywords(answer: str | None, alt: str, lang: str, limit: int) -> list[str]:
    """Usable keywords from an LLM answer: bullets and quotes stripped, found in the alt-text."""
    folded_alt = _fold(alt)
    items = []
    for raw in _ITEM_SPLIT.split(answer or ""):
        item = _BULLET.sub("", raw).strip(_QUOTES + ".:")
        if item and _fold(item) in folded_alt and is_usable(item, lang):
            items.append(item)
    return select(items, limit)


def llm_keywords(
    rows: list[tuple[str, str]], cfg: KeywordsConfig, models_dir: str, engine_factory: Callable | None = None
) -> tuple[list[list[str]], dict[str, int]]:
    """Keywords for (alt, lang) rows; also counts {"llm": rows from the model, "fallback": rows
    from the heuristic}. `engine_factory` replaces infer.load_engine (tests)."""
    if not rows:
        return [], {"llm": 0, "fallback": 0}
    if engine_factory is None:
        from mella_ray.infer import load_engine as engine_factory
    from mella_ray.infer import GenRequest

    engine = engine_factory(cfg.engine, models_dir, role="text")  # `backend: tiny` -> the tiny text LM
    requests = [
        GenRequest(PROMPT.format(name=language(lang).name, limit=cfg.max_keywords, alt=alt)) for alt, lang in rows
    ]
    results = engine.generate(requests)
    out, counts = [], {"llm": 0, "fallback": 0}
    for (alt, lang), res in zip(rows, results, strict=True):
        kws = parse_keywords(res.text if res.ok else None, alt, lang, cfg.max_keywords)
        if kws:
            counts["llm"] += 1
        else:
            kws = heuristic_keywords(alt, lang, cfg.max_keywords)
            counts["fallback"] += 1
        out.append(kws)
    if counts["fallback"]:
        log.warning(
            "mix: the keyword LLM gave nothing usable for %d of %d rows; used the heuristic for those",
            counts["fallback"],
            len(rows),
        )
    return out, counts


def keywords_for(
    rows: list[tuple[str, str]], cfg: KeywordsConfig, models_dir: str, engine_factory: Callable | None = None
) -> tuple[list[list[str]], dict[str, int]]:
    """The configured method over (alt, lang) rows."""
    if cfg.method == "llm":
        return llm_keywords(rows, cfg, models_dir, engine_factory)
    return [heuristic_keywords(alt, lang, cfg.max_keywords) for alt, lang in rows], {"heuristic": len(rows)}
