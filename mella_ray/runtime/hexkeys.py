"""Hex keys as numbers, in numpy: 64-bit perceptual hashes, and the first 64 bits of sha256 ids.

Millions of keys are compared without a Python string or set entry per row: the column's bytes
are parsed into uint64s, and only the rows that share a value are looked at in Python.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

_HEX = np.zeros(256, np.uint64)
for _i, _c in enumerate("0123456789abcdef"):
    _HEX[ord(_c)] = _HEX[ord(_c.upper())] = _i
_SHIFTS = np.arange(60, -4, -4, dtype=np.uint64)
_BLOCK = 16384  # rows parsed at once: the nibble matrix costs 128 bytes a row


def hex_to_uint64(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """(values, valid) of a column of 16-hex-digit strings; null or malformed strings are not
    valid (their value is 0)."""
    arr = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    arr = arr.cast(pa.string())
    valid = pc.fill_null(pc.match_substring_regex(arr, r"^[0-9a-fA-F]{16}$"), False)
    good = pc.filter(arr, valid)
    values = np.zeros(len(arr), np.uint64)
    if len(good):
        offsets = np.frombuffer(good.buffers()[1], np.int32)[good.offset : good.offset + len(good) + 1]
        chars = np.frombuffer(good.buffers()[2], np.uint8)[offsets[0] : offsets[-1]].reshape(-1, 16)
        parsed = np.empty(len(chars), np.uint64)
        for lo in range(0, len(chars), _BLOCK):
            parsed[lo : lo + _BLOCK] = (_HEX[chars[lo : lo + _BLOCK]] << _SHIFTS).sum(axis=1)  # disjoint: sum is OR
        values[valid.to_numpy(zero_copy_only=False)] = parsed
    return values, valid.to_numpy(zero_copy_only=False)


def maybe_repeated(ids: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Indices of the rows whose id may occur more than once: those sharing the first 16 hex
    digits with another row, and those whose id is not hex. Callers compare just these in full."""
    values, valid = hex_to_uint64(pc.utf8_slice_codeunits(ids, 0, 16))
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    return np.nonzero((counts[inverse.reshape(-1)] > 1) | ~valid)[0]
