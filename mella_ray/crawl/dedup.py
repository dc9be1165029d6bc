"""Which row survives: the best text of an image, and near-duplicate images.

Where one image has several texts, which one is kept: the best-alt rule.

An image (one sha256) can be seen many times: the same URL on several pages, the same
bytes under several URLs, an alt attribute beside a <figcaption>, on several sites. Each
sighting yields candidate texts; every candidate is judged by alt_filter. The kept text is
the first by this rule (documented in the README):

  1. a usable text beats an unusable one (an image without any goes to the pool);
  2. an alt attribute beats a figcaption: the alt was written to describe the picture, a
     caption often tells the story around it (who, when) or carries the credit (and a
     figcaption is a candidate at all only with `crawl.figcaption_as_alt: true`);
  3. the longer text (in user-perceived characters) wins: with boilerplate and keyword
     stuffing already refused, length means detail;
  4. ties go to the lowest crc32 of "page_url image_url": an arbitrary but fixed order, so
     the choice does not depend on the order in which a distributed crawl saw the pages
     (and the key stays four small numbers, which the actors keep per image).

The crawler applies the rule online (to the sightings it knows when it writes a row) and
finalize.py applies it again crawl-wide, to the rows' own texts and every better text logged
after a row was written.

Near-duplicate images by perceptual hash, crawl-wide, without comparing every pair: two
64-bit pHashes within Hamming distance d agree exactly on at least one of d + 1 disjoint bit
bands (pigeonhole), so images are bucketed by each band and only images that share a bucket
are compared. Identical hashes are merged first, so a site that serves the same blank
placeholder ten thousand times costs one comparison, not fifty million, and blank or
one-colour images (degenerate hashes) are one group by rule. Groups are the connected
components of "within d" (union-find); the search is complete at any size.
"""

from __future__ import annotations

import logging
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from mella_ray.crawl.alt_filter import alt_verdict, clean_title, normalize_alt, visible_length
from mella_ray.crawl.alt_page import chrome_image, page_title_alt
from mella_ray.crawl.alt_rules import strip_trailing_credit
from mella_ray.runtime.hexkeys import hex_to_uint64

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
        return dict(vars(self))  # not asdict: its deep copy was a tenth of a crawl's CPU at checkpoints

    @classmethod
    def from_dict(cls, d: dict) -> Sighting:
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


def row_source(alt: str, figcaption: str | None) -> str:
    """Where a D_know row's text came from: its figcaption when the alt is that caption cleaned (the
    row's alt is normalised, its credit cut; its figcaption column is stored raw), else its alt."""
    if figcaption is not None and (alt == figcaption or alt == strip_trailing_credit(normalize_alt(figcaption))):
        return SOURCE_FIGCAPTION
    return SOURCE_ALT


def candidate_key(c: Candidate) -> tuple:
    return rank_key(c.usable, c.source, c.text, c.page_url, c.image_url)


def judge(sighting: Sighting, image_url: str, cfg) -> list[Candidate]:
    """Every candidate text of a sighting (at least one: 'alt_missing' when there is none)."""
    out = []
    texts = [(a, SOURCE_ALT) for a in sighting.alts]
    if sighting.caption and cfg.figcaption_as_alt:  # otherwise a hint column only: D_know is native alt-text
        texts.append((sighting.caption, SOURCE_FIGCAPTION))
    title = clean_title(sighting.title, sighting.lang)  # None when it would read as garbled
    for raw, source in texts:
        text, reason = alt_verdict(
            raw, sighting.lang, cfg.min_alt_chars, cfg.check_alt_language, cfg.max_alt_chars, cfg.min_alt_words
        )
        # a site's logo: its alt names the site ("iDNES.cz – zprávy"), not a picture; an author's photo a byline
        if text is not None and chrome_image(image_url, text):
            text, reason = None, "alt_chrome_image"
        elif text is not None and page_title_alt(text, sighting.title, sighting.page_url):  # the site's name
            text, reason = None, "alt_page_title"
        out.append(
            Candidate(text, reason, raw, source, sighting.page_url, image_url, sighting.lang, title, sighting.caption)
        )
    if not out:
        out.append(
            Candidate(
                None,
                "alt_missing",
                None,
                SOURCE_ALT,
                sighting.page_url,
                image_url,
                sighting.lang,
                title,
                sighting.caption,
            )
        )
    return out


def choose(candidates: list[Candidate]) -> Candidate:
    """The best candidate by the rule (usable or not: an unusable best says why the pool)."""
    return min(candidates, key=candidate_key)


# ---- near duplicates -----------------------------------------------------------------
HASH_BITS = 64
# The search is complete: it never stops early. Uniform hashes need about 3.7e-4·N² pair
# comparisons at distance 4 (1.7e10 for 6.8M images: minutes, vectorized). Only a pathological
# input (millions of distinct hashes sharing band bits) could exceed this, and then the crawl
# fails with a message saying so, rather than leaving near duplicates unfound.
MAX_COMPARISONS = 200_000_000_000


class NearDuplicateSearchTooLarge(RuntimeError):
    """The banded search would compare more pairs than MAX_COMPARISONS."""


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


def comparisons(values: np.ndarray, distance: int) -> int:
    """Pairs the banded search will compare: the sum over bands of m·(m-1)/2 per bucket of m."""
    total = 0
    for shift, mask in bands(distance):
        _, sizes = np.unique((values >> np.uint64(shift)) & np.uint64(mask), return_counts=True)
        total += int((sizes.astype(np.int64) * (sizes - 1) // 2).sum())
    return total


def close_pairs(
    values: np.ndarray, distance: int, on_pairs: Callable[[np.ndarray, np.ndarray], None], limit: int = MAX_COMPARISONS
) -> int:
    """Call on_pairs(a, b) with index arrays of `values` (distinct uint64) within `distance` bits;
    returns the comparisons made. Every pair within the distance is found.

    Two hashes within d bits agree on at least one of d + 1 disjoint bands (pigeonhole). Per
    band the values are sorted by their band bits, so a bucket is a run; step k compares each
    value with the one k places on, all runs at once. Only positions still inside their run
    stay active, so the work is the comparisons made. The count is known before the search
    (`comparisons`): past `limit` it raises instead of searching for hours or stopping short.
    """
    planned = comparisons(values, distance)
    if planned > limit:
        raise NearDuplicateSearchTooLarge(
            f"near duplicates: the search would compare {planned:,} pairs (limit {limit:,}): many distinct hashes "
            "share their band bits; lower crawl.near_duplicate_distance or set crawl.near_duplicates: off"
        )
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
            hit = active[np.bitwise_count(ranked[active] ^ ranked[active + k]) <= distance]
            if hit.size:
                on_pairs(order[hit], order[hit + k])
    return planned


def canonical(values: np.ndarray, distance: int) -> np.ndarray:
    """Hashes within `distance` bits of all-zeros or all-ones become that value. The DCT of a
    blank or one-colour image has no structure, so its hash says nothing about what the image
    shows: such images are one group on purpose (dark-flat, light-flat), and they enter the
    banded search as one value each, not as a million near-blank hashes that share every band
    and would cost a million squared comparisons."""
    ones = np.bitwise_count(values)
    return np.where(
        ones <= distance, np.uint64(0), np.where(HASH_BITS - ones <= distance, np.uint64((1 << HASH_BITS) - 1), values)
    )


def group_labels(values: np.ndarray, valid: np.ndarray, distance: int, limit: int = MAX_COMPARISONS) -> np.ndarray:
    """Per row: a label shared by the rows whose hashes chain within `distance` bits, or -1 for a
    row with no near duplicate (or no valid hash). Only rows in groups ever become Python."""
    labels = np.full(len(values), -1, np.int64)
    rows = np.nonzero(valid)[0]
    if not rows.size:
        return labels
    uniq, inverse = np.unique(canonical(values[rows], distance), return_inverse=True)
    uf = _UnionFind()

    def union(a: np.ndarray, b: np.ndarray) -> None:
        for x, y in zip(a.tolist(), b.tolist()):
            uf.union(x, y)

    close_pairs(uniq, distance, union, limit)
    roots = np.arange(len(uniq))
    for k in list(uf.parent):
        roots[k] = uf.find(k)
    row_root = roots[inverse.reshape(-1)]
    grouped = np.bincount(row_root, minlength=len(uniq))[row_root] > 1
    labels[rows[grouped]] = row_root[grouped]
    return labels


def near_duplicate_groups(
    hashes: dict[str, str | None], distance: int, limit: int = MAX_COMPARISONS
) -> list[list[str]]:
    """Groups of two or more keys whose hex hashes chain within `distance` bits.

    `hashes` maps a key (an img_id) to its 16-hex-digit pHash; None or malformed hashes
    are left out. Blank and one-colour images are grouped by `canonical`. Groups and their
    members are sorted, so the output is deterministic.
    """
    keys = list(hashes)
    values, valid = hex_to_uint64(pa.array([hashes[k] for k in keys], pa.string()))
    groups: dict[int, list[str]] = defaultdict(list)
    labels = group_labels(values, valid, distance, limit)
    for i in np.nonzero(labels >= 0)[0].tolist():
        groups[int(labels[i])].append(keys[i])
    return sorted(sorted(g) for g in groups.values())
