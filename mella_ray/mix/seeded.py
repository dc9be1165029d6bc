"""Seeded, platform-independent choices: every random decision of the mix is a hash of the
seed and a stable key, so a rerun with the same inputs and seed writes the same mix."""

from __future__ import annotations

import hashlib
import math
from fractions import Fraction


def stable_hash(*parts: object) -> int:
    return int.from_bytes(hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()[:8], "big")


def seeded_order(keys, seed: int, salt: str, name=None) -> list:
    """`keys` in a seeded pseudo-random order of name(key) (default: the key itself); ties,
    impossible in practice, by key. `name` lets a caller order row indices by what the rows
    are without holding a string per row."""
    if name is None:
        return sorted(keys, key=lambda k: (stable_hash(salt, seed, k), str(k)))
    return sorted(keys, key=lambda k: (stable_hash(salt, seed, name(k)), k))


def round_half_up(x: Fraction) -> int:
    """Exact rounding of an exact number: 2.5 -> 3, 1.5 -> 2 (Python's round() would give 2, 2)."""
    return math.floor(x + Fraction(1, 2))


def exact(value: float) -> Fraction:
    """A config float as the decimal the user wrote: 0.1 is 1/10, not 0.1000000000000000055..."""
    return Fraction(repr(value))
