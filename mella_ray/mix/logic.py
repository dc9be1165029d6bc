"""Pure logic of the mix: leak-free splits, repeat weights, keywords, conversations."""
from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from mella_ray import records
from mella_ray.config import MixConfig
from mella_ray.langs import language, pick_instruction


def stable_hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(parts).encode()).digest()[:8], "big")


def assign_splits(rows: list[dict], cfg: MixConfig) -> dict[str, str]:
    """img_id -> split. Whole images move together, so no image leaks across splits.

    Images are visited in seeded hash order; an image goes to test while any of its
    (lang, source) buckets still needs test rows, else to val by val_fraction, else train.
    """
    buckets: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        buckets[r["img_id"]].add((r["lang"], r["source"]))
    need: dict[tuple[str, str], int] = defaultdict(lambda: cfg.test_per_lang)
    split: dict[str, str] = {}
    for img in sorted(buckets, key=lambda i: stable_hash(str(cfg.seed), i)):
        if any(need[b] > 0 for b in buckets[img]):
            split[img] = "test"
            for b in buckets[img]:
                need[b] -= 1
        elif stable_hash("val", str(cfg.seed), img) % 10_000 < cfg.val_fraction * 10_000:
            split[img] = "val"
        else:
            split[img] = "train"
    return split


def repeats(weight: float, key: str, seed: int) -> int:
    """How many copies a row gets: the integer part of its weight, plus one more with the
    fractional part's probability (seeded per row, so a rerun gives the same mix)."""
    whole = int(weight)
    frac = weight - whole
    return whole + (1 if frac and (stable_hash("w", str(seed), key) % 10_000) < frac * 10_000 else 0)


_WORD = re.compile(r"\w+", re.UNICODE)


def keywords(alt: str, lang: str, limit: int) -> list[str]:
    """Culture keywords of a native alt-text by a documented heuristic.

    NFC words (NFKC would rewrite Thai SARA AM; matching normalises later) (whitespace chunks for languages written without spaces), no numbers,
    at least 4 letters (2 for Korean, whose words are short syllable blocks); the longest
    first, as long words are more often the named, culture-specific things.
    """
    text = unicodedata.normalize("NFC", alt)
    words = text.split() if not language(lang).spaced else _WORD.findall(text)
    min_len = 2 if lang in ("ko", "th") else 4
    seen, out = set(), []
    for w in words:
        w = w.strip(".,;:!?()[]\"'«»")
        if len(w) < min_len or any(ch.isdigit() for ch in w) or w.casefold() in seen:
            continue
        seen.add(w.casefold())
        out.append(w)
    return sorted(out, key=len, reverse=True)[:limit]


def conversations(rows: Iterable[dict], split_of: dict[str, str], cfg: MixConfig) -> list[dict]:
    """Source rows (img_id, image, lang, source, answer, category) to conversation rows.

    Repeat weights apply to train only: val and test hold each image once, unweighted.
    """
    out = []
    for r in rows:
        split = split_of[r["img_id"]]
        key = f"{r['img_id']}:{r['lang']}:{r['source']}"
        n = repeats(cfg.weights.get(r["source"], 1.0), key, cfg.seed) if split == "train" else 1
        for k in range(n):
            rng = random.Random(stable_hash(str(cfg.seed), key, str(k)))
            kw = keywords(r["answer"], r["lang"], cfg.max_keywords) if r["source"] == records.SOURCE_KNOW else None
            out.append({
                "sample_id": hashlib.sha1(f"{key}:{k}".encode()).hexdigest()[:20],
                "img_id": r["img_id"], "image": r["image"], "lang": r["lang"], "source": r["source"],
                "split": split, "instruction": pick_instruction(r["lang"], r["source"], rng, cfg.instruction_pool),
                "answer": r["answer"], "category": r.get("category"),
                "keywords": kw if split == "test" else None,
            })
    return out
