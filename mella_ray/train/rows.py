"""Each worker's training rows, read straight from the mix's Parquet files by row group, so that a
resumed run starts where it stopped without reading the rows before (images included).

The rows of a split, in file order and row order within each file, are cut into `world` equal,
contiguous slices (the remainder, fewer than `world` rows, is left out as an equal split leaves
it); worker r reads slice r, endlessly, one pass per epoch. `rows_from(skip)` finds the row group
holding the skip-th row of the cycle from the files' footers alone (row counts per row group),
reads from that row group on, and drops the rows before the target inside it: a resume re-reads
at most one row group, never the files and row groups before it. The same skip always gives the
same rows, which is what data.MicroBatches' exact resume rests on.

Footers are read once per worker, on a few threads (one small read per file).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

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

    def __init__(self, paths: list[str], rank: int, world: int, columns: list[str], name: str = "train"):
        self.paths, self.columns, self.name = paths, columns, name
        with ThreadPoolExecutor(min(FOOTER_THREADS, max(len(paths), 1))) as pool:
            groups = list(pool.map(_row_groups, paths))
        # one entry per row group: (file index, row group index), and where it starts in the concatenation
        self.units = [(f, g) for f, sizes in enumerate(groups) for g in range(len(sizes))]
        sizes = [n for per_file in groups for n in per_file]
        self.starts = [0]
        for n in sizes:
            self.starts.append(self.starts[-1] + n)
        self.per = self.starts[-1] // world
        if self.per == 0:
            raise ValueError(
                f"dataset {name!r} has {self.starts[-1]} rows for {world} workers: every worker needs "
                "at least one; use fewer workers or more data"
            )
        self.first = rank * self.per

    def locate(self, skip: int) -> tuple[int, int]:
        """(row-group unit, rows to drop inside it) of the skip-th row of this worker's cycle."""
        row = self.first + skip % self.per
        unit = bisect.bisect_right(self.starts, row) - 1
        return unit, row - self.starts[unit]

    def _read(self, unit: int) -> list[dict]:
        f, g = self.units[unit]
        fs, p = storage.fs_and_path(self.paths[f])
        with fs.open(p, "rb") as fh:
            return pq.ParquetFile(fh).read_row_group(g, columns=self.columns).to_pylist()

    def rows_from(self, skip: int = 0) -> Iterator[dict]:
        """Endless rows of this worker's slice, starting at the skip-th (a new pass per epoch)."""
        unit, drop = self.locate(skip)
        left = self.per - skip % self.per  # rows before the slice ends and the cycle restarts
        while True:
            while left > 0:
                rows = self._read(unit)[drop : drop + left]
                yield from rows
                left -= len(rows)
                unit, drop = unit + 1, 0
            unit, drop = self.locate(0)
            left = self.per
