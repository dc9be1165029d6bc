"""Exact mixing weights: how many train rows each language and source gets, and which.

For a bucket (language, source) with n distinct train rows, weight w and cap c (or none):
    rows = min(round_half_up(w * n), c)
Every row gets rows // n copies, and rows % n of them, chosen by a seeded hash, one more.
So the count is exact for a seeded run (w = 0.5 on 31 rows: 16, never "about 15"), copies of a
row differ only in their instruction, and the cap is an absolute maximum. w is taken as the
decimal written in the YAML (0.1 is exactly one tenth). Val and test are never weighted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from mella_ray.config import MixConfig
from mella_ray.mix.seeded import exact, round_half_up, seeded_order
from mella_ray.mix.splits import Bucket, SplitError


@dataclass(frozen=True)
class BucketPlan:
    lang: str
    source: str
    distinct: int  # distinct train rows
    weight: float
    cap: int | None
    rows: int  # train rows after repeats and cap

    def as_dict(self) -> dict:
        return {"distinct": self.distinct, "weight": self.weight, "cap": self.cap, "rows": self.rows}


def target_rows(n: int, weight: float, cap: int | None) -> int:
    rows = round_half_up(exact(weight) * n)
    return rows if cap is None else min(rows, cap)


def needs_train(cfg: MixConfig, lang: str, source: str) -> bool:
    """A bucket the config asks to train on: positive weight and no zero cap."""
    return cfg.weight(source) > 0 and cfg.cap(lang, source) != 0


def plan_copies(keys_by_bucket: dict[Bucket, list], cfg: MixConfig, name=None) -> tuple[dict, list[BucketPlan]]:
    """Copies per row key (absent: 0) and the plan per bucket; fails naming the bucket when a
    weighted bucket would get no rows (e.g. weight 0.1 of 4 rows rounds to 0). Keys are row keys,
    or row indices with `name(index)` giving the row key that seeds the choice."""
    copies: dict[str, int] = {}
    plans, problems = [], []
    for (lang, source), keys in sorted(keys_by_bucket.items()):
        w, cap = cfg.weight(source), cfg.cap(lang, source)
        n = len(keys)
        rows = target_rows(n, w, cap)
        if n and rows == 0 and needs_train(cfg, lang, source):
            problems.append(
                f"mix: {lang}/{source}: weight {w} of {n} train rows rounds to 0 rows; "
                f"raise mix.weights.{source} or add data"
            )
        full, extra = divmod(rows, n) if n else (0, 0)
        for i, key in enumerate(seeded_order(keys, cfg.seed, f"weight:{lang}:{source}", name)):
            copies[key] = full + (1 if i < extra else 0)
        plans.append(BucketPlan(lang, source, n, w, cap, rows))
    if problems:
        raise SplitError("; ".join(problems))
    return copies, plans


def group_train_keys(rows: list[dict], split: list[str | None], key=None) -> dict[Bucket, list]:
    """Train rows per bucket: key(row) for each, or the row's index when `key` is None."""
    out: dict[Bucket, list] = defaultdict(list)
    for i, (r, s) in enumerate(zip(rows, split, strict=True)):
        if s == "train":
            out[(r["lang"], r["source"])].append(i if key is None else key(r))
    return dict(out)
