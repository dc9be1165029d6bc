"""Each worker's training rows, read straight from the mix's Parquet files by row group, so that a
resumed run starts where it stopped without reading the rows before (images included).

The rows of a split are the concatenation of its row groups, in file order or, with a seed, in an
order drawn anew for every pass (a seeded permutation of the row groups: the mix writes one image
shard's rows together, and a crawl's image shards cluster by site and so by language, so in file
order a whole language can come only at the end of a pass, where the learning rate is smallest
and nothing after it keeps it from being forgotten). The concatenation is cut into `world` equal,
contiguous slices (the remainder, fewer than `world` rows, is left out as an equal split leaves
it); worker r reads slice r of each pass, endlessly, one pass per epoch. `rows_from(skip)` finds the row group
holding the skip-th row of the cycle from the files' footers alone (row counts per row group),
reads from that row group on, and drops the rows before the target inside it: a resume re-reads
at most one row group, never the files and row groups before it. The same skip always gives the
same rows, which is what data.MicroBatches' exact resume rests on.

Footers are read once per worker, on a few threads (one small read per file).
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import pyarrow.parquet as pq

from mella_ray.runtime import storage

FOOTER_THREADS = 16


def _row_groups(path: str) -> list[int]:
    fs, p = storage.fs_and_path(path)
    with fs.open(p, "rb") as f:
        meta = pq.ParquetFile(f).metadata
    return [meta.row_group(i).num_rows for i in range(meta.num_row_groups)]


class WorkerRows:
    """Rows [rank·per, (rank+1)·per) of the files' concatenation, per = total // world."""

    def __init__(
        self,
        paths: list[str],
        rank: int,
        world: int,
        columns: list[str],
        name: str = "train",
        shuffle_seed: int | None = None,
    ):
        self.paths, self.columns, self.name, self.shuffle_seed = paths, columns, name, shuffle_seed
        with ThreadPoolExecutor(min(FOOTER_THREADS, max(len(paths), 1))) as pool:
            groups = list(pool.map(_row_groups, paths))
        # one entry per row group: (file index, row group index), and where it starts in the concatenation
        self.units = [(f, g) for f, sizes in enumerate(groups) for g in range(len(sizes))]
        self.sizes = [n for per_file in groups for n in per_file]
        total = sum(self.sizes)
        self.per = total // world
        if self.per == 0:
            raise ValueError(
                f"dataset {name!r} has {total} rows for {world} workers: every worker needs "
                "at least one; use fewer workers or more data"
            )
        self.first = rank * self.per

    @lru_cache(maxsize=2)  # noqa: B019 - the pass being read and the next: a few ints per row group
    def order(self, epoch: int) -> tuple[list[int], list[int]]:
        """(row-group units in the order of this pass, where each starts in it): the same for every
        worker and every run with the same seed, so slices do not overlap and a resume finds its row."""
        units = list(range(len(self.units)))
        if self.shuffle_seed is not None:
            random.Random(f"{self.shuffle_seed}:{epoch}").shuffle(units)
        starts = [0]
        for u in units:
            starts.append(starts[-1] + self.sizes[u])
        return units, starts

    def locate(self, skip: int) -> tuple[int, int, int]:
        """(pass, position of the row group in that pass's order, rows to drop inside it) of the
        skip-th row of this worker's cycle."""
        epoch, row = skip // self.per, self.first + skip % self.per
        _, starts = self.order(epoch)
        at = bisect.bisect_right(starts, row) - 1
        return epoch, at, row - starts[at]

    def _read(self, unit: int) -> list[dict]:
        f, g = self.units[unit]
        fs, p = storage.fs_and_path(self.paths[f])
        with fs.open(p, "rb") as fh:
            return pq.ParquetFile(fh).read_row_group(g, columns=self.columns).to_pylist()

    def rows_from(self, skip: int = 0) -> Iterator[dict]:
        """Endless rows of this worker's slice, starting at the skip-th (a new pass per epoch)."""
        epoch, at, drop = self.locate(skip)
        left = self.per - skip % self.per  # rows before the slice ends and the cycle restarts
        while True:
            units, _ = self.order(epoch)
            while left > 0:
                rows = self._read(units[at])[drop : drop + left]
                yield from rows
                left -= len(rows)
                at, drop = at + 1, 0
            epoch, at, drop = self.locate((epoch + 1) * self.per)
            left = self.per
