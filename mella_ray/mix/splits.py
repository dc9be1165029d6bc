"""Leak-free train/val/test splits.

The unit that moves between splits is a cluster: an image together with every image of its
near-duplicate group (crawl's `dup_group`), and with all rows made from them (a D_ling image
translated into 8 languages is 8 rows of one cluster). So no img_id and no near-duplicate
group is ever in two splits.

Test holds exactly `test_per_lang` rows per language and source. Clusters are visited in a
seeded order and taken when they fit what every bucket (language, source) still needs. If
that leaves a bucket short (clusters that span several buckets fill them unevenly), a second
pass takes clusters that help a short bucket, those that overfill the fewest rows first, and
drops their rows that would overfill another: a dropped row is in no split (never moved to train, which would leak);
stats.json
counts them as `test_surplus`. Val then takes round(val_fraction * clusters left) clusters;
the rest is train. Neither pass takes the last cluster a weighted bucket has left for train.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from mella_ray.mix.conversations import row_key
from mella_ray.mix.seeded import exact, round_half_up, seeded_order, stable_hash

Bucket = tuple[str, str]  # (lang, source)


class SplitError(ValueError):
    """The data cannot give the configured splits; the message names the language and source."""


@dataclass
class Splits:
    split: list[str | None]  # per row: train | val | test | None (a test cluster's surplus row)
    clusters: int
    multi_image_clusters: int  # clusters joined by a near-duplicate group

    @property
    def surplus(self) -> int:
        return sum(1 for s in self.split if s is None)


def clusters(rows: list[dict]) -> list[list[int]]:
    """Row indices per cluster (union of img_id and dup_group), each keyed by its smallest img_id."""
    parent: dict[str, str] = {}  # only ids joined by a group: most images are clusters of their own

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for r in rows:
        a = find(r["img_id"])
        if r.get("dup_group"):
            b = find(r["dup_group"])
            parent[max(a, b)] = min(a, b)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[find(r["img_id"])].append(i)
    return list(groups.values())


def assign_splits(
    rows: list[dict], test_per_lang: int, val_fraction: float, seed: int, needs_train: set[Bucket]
) -> Splits:
    """Split every row; `needs_train`: buckets that must keep at least one train row."""
    groups = {min(rows[i]["img_id"] for i in idx): idx for idx in clusters(rows)}
    order = seeded_order(groups, seed, "cluster")
    shared: dict[Bucket, dict[Bucket, int]] = {}  # a one-row cluster's counts: one read-only dict per bucket

    def counts(idx: list[int]) -> dict[Bucket, int]:
        if len(idx) == 1:
            b = (rows[idx[0]]["lang"], rows[idx[0]]["source"])
            return shared.setdefault(b, {b: 1})
        return Counter((rows[i]["lang"], rows[i]["source"]) for i in idx)

    contrib = {c: counts(groups[c]) for c in order}
    buckets = sorted({b for c in contrib.values() for b in c})
    left = Counter(b for c in order for b in contrib[c])  # clusters per bucket not yet in test/val
    need = {b: test_per_lang for b in buckets}
    chosen: dict[str, str] = {}

    def last_train(c: str) -> bool:
        return any(left[b] <= 1 for b in contrib[c] if b in needs_train)

    def take(c: str, split: str) -> None:
        chosen[c] = split
        for b in contrib[c]:
            left[b] -= 1

    def surplus(c: str) -> int:
        return sum(max(n - max(need[b], 0), 0) for b, n in contrib[c].items())

    for fits_only in (True, False):  # pass 1: exact fits; pass 2: may drop surplus rows, least first
        for c in order if fits_only else sorted(order, key=surplus):  # sorted() is stable: seeded ties
            if c in chosen or all(need[b] <= 0 for b in contrib[c]) or last_train(c):
                continue
            if fits_only and any(n > need[b] for b, n in contrib[c].items()):
                continue
            take(c, "test")
            for b, n in contrib[c].items():
                need[b] -= n
    short = {b: test_per_lang - max(n, 0) for b, n in need.items() if n > 0}
    if short:
        raise SplitError(
            "; ".join(
                f"mix: {lang}/{src}: only {got} of mix.test_per_lang={test_per_lang} test rows could be drawn "
                f"({sum(1 for c in order if (lang, src) in contrib[c])} images or near-duplicate groups"
                f"{', one kept for train' if (lang, src) in needs_train else ''}); lower mix.test_per_lang or add data"
                for (lang, src), got in sorted(short.items())
            )
        )

    rest = [c for c in order if c not in chosen]
    n_val = round_half_up(exact(val_fraction) * len(rest))
    for c in rest:
        if n_val <= 0:
            break
        if not last_train(c):
            take(c, "val")
            n_val -= 1
    split: list[str | None] = [None] * len(rows)
    quota = {b: test_per_lang for b in buckets}
    for c in order:
        s = chosen.get(c, "train")
        # rows in a seeded order of what they are, not of where they sit in the input (which
        # moves when shards list differently or unrelated rows are added)
        for i in sorted(groups[c], key=lambda i: (stable_hash("row", seed, row_key(rows[i])), i)):
            b = (rows[i]["lang"], rows[i]["source"])
            if s == "test":
                if quota[b] <= 0:
                    continue  # surplus of a test cluster: in no split
                quota[b] -= 1
            split[i] = s
    in_train = {(rows[i]["lang"], rows[i]["source"]) for i, s in enumerate(split) if s == "train"}
    empty = sorted(needs_train - in_train)
    if empty:
        raise SplitError(
            "; ".join(
                f"mix: {lang}/{src}: no row is left for train after test (mix.test_per_lang={test_per_lang}) "
                f"and val (mix.val_fraction={val_fraction}); lower them, set the {src} weight to 0, or add data"
                for lang, src in empty
            )
        )
    return Splits(split, len(order), sum(1 for idx in groups.values() if len({rows[i]["img_id"] for i in idx}) > 1))
