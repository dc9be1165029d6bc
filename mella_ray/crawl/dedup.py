"""Which row survives: the best text of an image, and near-duplicate images.

Where one image has several texts, which one is kept: the best-alt rule.

An image (one sha256) can be seen many times: the same URL on several pages, the same
bytes under several URLs, an alt attribute beside a <figcaption>, on several sites. Each
sighting yields candidate texts; every candidate is judged by alt_filter. The kept text is
the first by this rule (documented in the README):

  1. a usable text beats an unusable one (an image without any goes to the pool);
  2. an alt attribute beats a figcaption: the alt was written to describe the picture, a
     caption often tells the story around it (who, when) or carries the credit;
  3. the longer text (in user-perceived characters) wins: with boilerplate and keyword
     stuffing already refused, length means detail;
  4. ties go to the lowest crc32 of "page_url image_url": an arbitrary but fixed order, so
     the choice does not depend on the order in which a distributed crawl saw the pages
     (and the key stays four small numbers, which the actors keep per image).

The crawler applies the rule online (to the sightings it knows when it writes a row) and
finalize.py applies it again to every candidate ever logged, crawl-wide.

Near-duplicate images by perceptual hash, crawl-wide, without comparing every pair: two
64-bit pHashes within Hamming distance d agree exactly on at least one of d + 1 disjoint bit
bands (pigeonhole), so images are bucketed by each band and only images that share a bucket
are compared. Identical hashes are merged first, so a site that serves the same blank
placeholder ten thousand times costs one comparison, not fifty million. Groups are the
connected components of "within d" (union-find).
"""
from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

from mella_ray.crawl.alt_filter import alt_verdict, visible_length

log = logging.getLogger(__name__)

SOURCE_ALT = "alt"
SOURCE_FIGCAPTION = "figcaption"


@dataclass
class Sighting:
    """One reference to an image URL on one page, with the texts the page gives it."""

    url: str
    page_url: str
    lang: str
    alts: list[str]  # distinct non-empty alt attributes (empty: no alt, or alt="")
    caption: str | None = None  # the enclosing <figure>'s <figcaption>
    title: str | None = None  # the page's <title>
    hops: int = 0  # redirects already followed by other actors (a forwarded redirect target)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "Sighting":
        return cls(**d)


@dataclass
class Candidate:
    """One text of one sighting, judged."""

    text: str | None  # the cleaned text when usable, else None
    reason: str  # "ok" or why the text is refused
    raw: str | None  # as written
    source: str  # "alt" or "figcaption"
    page_url: str
    image_url: str
    lang: str
    title: str | None
    caption: str | None

    @property
    def usable(self) -> bool:
        return self.text is not None


def rank_key(usable: bool, source: str, text: str | None, page_url: str, image_url: str) -> tuple:
    """Sort key of the rule above: the smallest key is the best candidate."""
    length = visible_length(text) if text else 0
    return (not usable, source != SOURCE_ALT, -length, zlib.crc32(f"{page_url} {image_url}".encode()))


def candidate_key(c: Candidate) -> tuple:
    return rank_key(c.usable, c.source, c.text, c.page_url, c.image_url)


def judge(sighting: Sighting, image_url: str, cfg) -> list[Candidate]:
    """Every candidate text of a sighting (at least one: 'alt_missing' when there is none)."""
    out = []
    texts = [(a, SOURCE_ALT) for a in sighting.alts]
    if sighting.caption:
        texts.append((sighting.caption, SOURCE_FIGCAPTION))
    for raw, source in texts:
        text, reason = alt_verdict(raw, sighting.lang, cfg.min_alt_chars, cfg.check_alt_language, cfg.max_alt_chars)
        out.append(Candidate(text, reason, raw, source, sighting.page_url, image_url, sighting.lang,
                             sighting.title, sighting.caption))
    if not out:
        out.append(Candidate(None, "alt_missing", None, SOURCE_ALT, sighting.page_url, image_url, sighting.lang,
                             sighting.title, sighting.caption))
    return out


def choose(candidates: list[Candidate]) -> Candidate:
    """The best candidate by the rule (usable or not: an unusable best says why the pool)."""
    return min(candidates, key=candidate_key)


# ---- near duplicates -----------------------------------------------------------------
HASH_BITS = 64
# Pairs compared at most, all bands together. Uniform hashes need about 3.7e-4·N² at distance
# 4 (4e9 for 3.4M images, a minute or two vectorized); past the budget the search stops, says
# so in stats.json (finalize), and the groups found so far stand.
MAX_COMPARISONS = 10_000_000_000


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def bands(distance: int) -> list[tuple[int, int]]:
    """(shift, mask) of the distance + 1 bit bands that cover the 64 bits."""
    count = min(distance + 1, HASH_BITS)
    edges = [round(i * HASH_BITS / count) for i in range(count + 1)]
    return [(lo, (1 << (hi - lo)) - 1) for lo, hi in zip(edges, edges[1:])]


def close_pairs(values: np.ndarray, distance: int, on_pairs: Callable[[np.ndarray, np.ndarray], None],
                budget: int = MAX_COMPARISONS) -> bool:
    """Call on_pairs(a, b) with index arrays of `values` (distinct uint64) within `distance` bits.

    Per band the values are sorted by their band bits, so a bucket is a run; step k compares
    each value with the one k places on, all runs at once. Only positions still inside their
    run stay active (sorted keys: a value whose k-th neighbour left its run has lost every
    further one too), so the work is the comparisons made. A pair that shares several buckets
    is reported once per band. Returns False when the budget ran out first.
    """
    n = len(values)
    for shift, mask in bands(distance):
        keys = (values >> np.uint64(shift)) & np.uint64(mask)
        order = np.argsort(keys, kind="stable")
        keys, ranked = keys[order], values[order]
        active, k = np.arange(n), 0
        while active.size:
            k += 1
            active = active[active + k < n]
            active = active[keys[active + k] == keys[active]]
            budget -= active.size
            if budget < 0:
                return False
            hit = active[np.bitwise_count(ranked[active] ^ ranked[active + k]) <= distance]
            if hit.size:
                on_pairs(order[hit], order[hit + k])
    return True


def near_duplicate_groups(hashes: dict[str, str | None], distance: int,
                          budget: int = MAX_COMPARISONS) -> tuple[list[list[str]], bool]:
    """(groups of two or more keys whose hex hashes chain within `distance` bits, complete).

    `hashes` maps a key (an img_id) to its 16-hex-digit pHash; None or malformed hashes
    are left out. Groups and their members are sorted, so the output is deterministic.
    `complete` is False when the comparison budget ran out (some groups may be missing).
    """
    by_value: dict[int, list[str]] = defaultdict(list)
    for key, value in hashes.items():
        try:
            number = int(value, 16) if value else -1
        except ValueError:
            continue
        if 0 <= number < 1 << HASH_BITS:
            by_value[number].append(key)
    values = sorted(by_value)
    uf = _UnionFind()

    def union(a: np.ndarray, b: np.ndarray) -> None:
        for x, y in zip(a.tolist(), b.tolist()):
            uf.union(x, y)

    complete = close_pairs(np.array(values, dtype=np.uint64), distance, union, budget)
    if not complete:
        log.warning("near duplicates: more than %d comparisons; groups beyond them were not searched", budget)
    groups: dict[int, list[str]] = defaultdict(list)
    for i, v in enumerate(values):
        groups[uf.find(i)].extend(by_value[v])
    return sorted(sorted(g) for g in groups.values() if len(g) > 1), complete
