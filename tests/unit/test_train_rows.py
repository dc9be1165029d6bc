"""Each worker reads its own equal, contiguous slice of the split's files, endlessly and always in
the same order; a resumed run starts at its row by row group, reading nothing before it."""

from __future__ import annotations

from itertools import islice

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mella_ray.train.rows import WorkerRows

GROUP = 5


@pytest.fixture
def files(tmp_path) -> list[str]:
    """Rows 0..36 in three files of 12, 13 and 12 rows, row groups of 5 rows."""
    paths, start = [], 0
    for i, n in enumerate((12, 13, 12)):
        path = tmp_path / f"part-{i:05d}.parquet"
        pq.write_table(
            pa.table({"id": list(range(start, start + n)), "image": [b"x" * 10] * n}), path, row_group_size=GROUP
        )
        paths.append(str(path))
        start += n
    return paths


def _ids(rows, n: int) -> list[int]:
    return [r["id"] for r in islice(rows, n)]


@pytest.mark.parametrize("world", [1, 2, 3])
def test_workers_share_the_rows_equally_and_each_cycles_its_own_slice(files, world):
    per = 37 // world
    slices = [_ids(WorkerRows(files, r, world, ["id"]).rows_from(0), 2 * per) for r in range(world)]
    for r, got in enumerate(slices):
        assert got[:per] == list(range(r * per, (r + 1) * per))  # one epoch: its contiguous slice
        assert got[per:] == got[:per]  # and the next epoch repeats it
    assert sorted(i for s in slices for i in s[:per]) == list(range(per * world))  # no row twice


@pytest.mark.parametrize("skip", [0, 1, 4, 5, 11, 17, 18, 30, 41])
def test_a_resume_gives_the_rows_after_the_skip_and_reads_no_row_group_before_it(files, skip, monkeypatch):
    rank, world = 1, 2  # slice 18..35
    whole = _ids(WorkerRows(files, rank, world, ["id"]).rows_from(0), 80)
    reads: list[tuple[int, int]] = []
    rows = WorkerRows(files, rank, world, ["id", "image"])
    real = rows._read
    monkeypatch.setattr(rows, "_read", lambda unit: reads.append(rows.units[unit]) or real(unit))
    resumed = _ids(rows.rows_from(skip), 80 - skip)
    assert resumed == whole[skip:]
    target = 18 + skip % 18
    file_of = 0 if target < 12 else 1 if target < 25 else 2
    first_group = (target - (0, 12, 25)[file_of]) // GROUP
    assert reads[0] == (file_of, first_group)  # the first read is the row group holding the target row


def test_more_workers_than_rows_fails_with_the_fix(files):
    with pytest.raises(ValueError, match="37 rows for 40 workers.*use fewer workers"):
        WorkerRows(files, 0, 40, ["id"])


@pytest.mark.parametrize("world", [1, 2, 3])
def test_a_seed_draws_each_pass_a_row_group_order_that_workers_share(files, world):
    """Row groups (not files) in a seeded order drawn anew per pass: a language that one image shard
    holds is spread over the pass, not read last; workers still split every pass without overlap."""
    per = 37 // world
    passes = 4
    slices = [
        _ids(WorkerRows(files, r, world, ["id"], shuffle_seed=7).rows_from(0), passes * per) for r in range(world)
    ]
    for p in range(passes):
        rows = [i for s in slices for i in s[p * per : (p + 1) * per]]
        assert len(rows) == len(set(rows)) == per * world  # no row twice in a pass
        assert set(rows) <= set(range(37))
    orders = {tuple(slices[0][p * per : (p + 1) * per]) for p in range(passes)}
    assert len(orders) > 1 and tuple(range(per)) not in orders  # shuffled, and differently per pass
    for s in slices:  # whole row groups: consecutive ids inside a group stay together
        assert sum(b == a + 1 for a, b in zip(s, s[1:])) >= len(s) // 2
    again = _ids(WorkerRows(files, 0, world, ["id"], shuffle_seed=7).rows_from(0), passes * per)
    assert again == slices[0]  # same seed, same order: a rerun is identical
    other = _ids(WorkerRows(files, 0, world, ["id"], shuffle_seed=8).rows_from(0), passes * per)
    assert other != slices[0]


@pytest.mark.parametrize("skip", [0, 3, 17, 18, 19, 40, 55])
def test_a_resume_in_any_pass_of_a_shuffled_order_gives_the_same_rows(files, skip):
    whole = _ids(WorkerRows(files, 1, 2, ["id"], shuffle_seed=3).rows_from(0), 90)
    assert _ids(WorkerRows(files, 1, 2, ["id"], shuffle_seed=3).rows_from(skip), 90 - skip) == whole[skip:]
