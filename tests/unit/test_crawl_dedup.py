"""The best-alt rule and the near-duplicate search (perceptual hashes within a distance,
checked against every pair compared)."""

from __future__ import annotations

import random
import zlib

import numpy as np
import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl.dedup import (
    NearDuplicateSearchTooLarge,
    Sighting,
    choose,
    close_pairs,
    comparisons,
    judge,
    near_duplicate_groups,
)


def test_best_alt_rule():
    cfg = CrawlConfig()
    seen = [
        Sighting("http://x/i.jpg", "http://x/b", "cs", ["Praha"], caption="Karlův most za svítání v zimě"),
        Sighting("http://x/i.jpg", "http://x/c", "cs", ["Karlův most v zimě"]),
        Sighting("http://x/i.jpg", "http://x/a", "cs", ["Karlův most v létě"]),
        Sighting("http://x/i.jpg", "http://x/d", "cs", ["image"]),
    ]
    candidates = [c for s in seen for c in judge(s, s.url, cfg)]
    best = choose(candidates)
    # usable > alt attribute over figcaption > longer > a fixed order (crc32) between equals
    tie = min(("http://x/c", "http://x/a"), key=lambda page: zlib.crc32(f"{page} http://x/i.jpg".encode()))
    assert (
        best.page_url == tie
        and best.text == {"http://x/c": "Karlův most v zimě", "http://x/a": "Karlův most v létě"}[tie]
    )
    assert choose(list(reversed(candidates))) == best  # whatever order the pages were seen in
    assert choose(judge(seen[3], seen[3].url, cfg)).reason == "alt_generic"
    assert choose(judge(Sighting("u", "p", "cs", []), "u", cfg)).reason == "alt_missing"


def test_near_duplicate_groups_chain_within_the_distance():
    hashes = {
        "a": "ffffffffffffffff",
        "b": "fffffffffffffff0",
        "c": "ffffffffffffff00",
        "d": "0000000000000000",
        "e": "000000000000000f",
        "f": None,
        "g": "ffffffffffffffff",
    }
    # b is within 4 bits of white, so it is a flat image and joins a and g; c is 8 bits from white
    assert near_duplicate_groups(hashes, 4) == [["a", "b", "g"], ["d", "e"]]
    assert near_duplicate_groups(hashes, 0) == [["a", "g"]]
    odd = {"a": "0" * 16, "b": "1" + "0" * 16, "c": "-1", "d": "zz", "e": "0" * 15 + "1"}  # too wide, negative, not hex
    assert near_duplicate_groups(odd, 4) == [["a", "e"]]


def _brute_force_groups(hashes: dict[str, str], distance: int) -> list[list[str]]:
    keys = sorted(hashes)
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if (int(hashes[a], 16) ^ int(hashes[b], 16)).bit_count() <= distance:
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


@pytest.mark.parametrize("distance", [0, 3, 6, 10])
def test_near_duplicate_groups_equal_every_pair_compared(distance):
    rng = random.Random(distance)
    hashes = {}
    for i in range(150):  # clusters of hashes a few bits apart, so that chains form and break
        base = rng.getrandbits(64)
        hashes[f"k{i}"] = f"{base:016x}"
        for j in range(3):
            v = base
            for _ in range(rng.randint(0, 8)):
                v ^= 1 << rng.randrange(64)
            hashes[f"k{i}-{j}"] = f"{v:016x}"
    assert near_duplicate_groups(hashes, distance) == _brute_force_groups(hashes, distance)


def test_blank_images_are_one_group_and_a_search_past_its_limit_fails_loudly():
    rng = random.Random(7)
    blank = {
        "zero": "0" * 16,
        "one-bit": f"{1 << 40:016x}",
        "white": "f" * 16,
        "white-ish": f"{(1 << 64) - 1 - 8:016x}",
    }
    real = {f"r{i}": f"{rng.getrandbits(64) | (1 << 63) | 0xFF:016x}" for i in range(20)}
    groups = near_duplicate_groups({**blank, **real}, 4)
    assert ["one-bit", "zero"] in groups and ["white", "white-ish"] in groups
    assert all(not set(g) & set(real) for g in groups)
    values = np.arange(1, 51, dtype=np.uint64) << np.uint64(8)  # one bucket for the high bands
    planned = comparisons(values, 6)
    found = []
    assert close_pairs(values, 6, lambda a, b: found.extend(zip(a.tolist(), b.tolist()))) == planned
    assert (0, 1) in found or (1, 0) in found
    with pytest.raises(NearDuplicateSearchTooLarge, match="near_duplicate_distance"):
        close_pairs(values, 6, lambda a, b: None, limit=planned - 1)
