"""Source rows to single-turn conversation rows: one instruction from the templates of the
row's language, the answer is the alt-text (D_know) or the translated caption (D_ling).

Rows here carry no image bytes: the stage adds them from the crawl tables while writing, so
the images are held once (in Arrow), not once per copy in Python.
"""

from __future__ import annotations

import hashlib
import random

from mella_ray import records
from mella_ray.langs import pick_instruction
from mella_ray.mix.seeded import stable_hash


def row_key(r: dict) -> str:
    """One source row: an image in one language from one source."""
    return f"{r['img_id']}:{r['lang']}:{r['source']}"


def sample_id(key: str, copy: int) -> str:
    return hashlib.sha1(f"{key}:{copy}".encode()).hexdigest()[:20]


def build(
    rows: list[dict],
    split: list[str | None],
    copies: dict[str, int],
    keywords: dict[str, list[str]],
    seed: int,
    instruction_pool: str,
) -> list[dict]:
    """Conversation rows (CONVERSATIONS columns except `image`), sorted by sample_id.

    Train rows are repeated `copies[key]` times (each copy draws its own instruction); val and
    test rows appear once. `keywords` holds the gold keywords of D_know test rows.
    """
    out = []
    for r, s in zip(rows, split, strict=True):
        if s is None:
            continue
        key = row_key(r)
        n = copies.get(key, 0) if s == "train" else 1
        for k in range(n):
            rng = random.Random(stable_hash(seed, key, k))
            out.append(
                {
                    "sample_id": sample_id(key, k),
                    "img_id": r["img_id"],
                    "lang": r["lang"],
                    "source": r["source"],
                    "split": s,
                    "instruction": pick_instruction(r["lang"], r["source"], rng, instruction_pool),
                    "answer": r["answer"],
                    "category": r.get("category"),
                    "keywords": keywords.get(key) if s == "test" and r["source"] == records.SOURCE_KNOW else None,
                }
            )
    out.sort(key=lambda c: c["sample_id"])  # a hash order: shuffled, and the same on every rerun
    return out
