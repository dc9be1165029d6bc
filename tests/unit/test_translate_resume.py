"""Resume inside an unfinished shard (runtime/shard_parts.py), with translation rows: several
output rows per caption, saved batch by batch before a crash."""

from __future__ import annotations

import json
from collections import Counter

import pyarrow as pa

from mella_ray import records
from mella_ray.runtime.batch_stage import SHARD_COL, save_parts
from mella_ray.runtime.batch_stats import RunStats
from mella_ray.runtime.shard_parts import ShardParts, finish_shard
from mella_ray.runtime.shards import ShardedOutput

LANGS = ["cs", "ru", "sr"]


def _rows(img: str, langs=LANGS) -> list[dict]:
    return [{"img_id": img, "lang": lang, "text": f"{img}-{lang}", "model": "m", "status": "ok"} for lang in langs]


SOURCES = {"part-00000": "1234:1.5|targets=cs,ru,sr", "part-00001": "99:2.5|targets=cs,ru,sr"}


def _parts(tmp_path, sources=SOURCES) -> ShardParts:
    return ShardParts(
        ShardedOutput(str(tmp_path / "translate")), records.TRANSLATIONS, "img_id", ("img_id", "lang"), 3, sources
    )


def test_saved_rows_come_back_without_duplicates_or_half_done_captions(tmp_path):
    parts = _parts(tmp_path)
    parts.add("part-00000", records.to_table(_rows("a") + _rows("b", ["cs"]), records.TRANSLATIONS))
    parts.add("part-00000", records.to_table(_rows("a", ["ru"]) + _rows("c"), records.TRANSLATIONS))  # a repeat
    folder = tmp_path / "translate" / "_parts" / "part-00000"
    (next(folder.iterdir()) / "torn.parquet").write_bytes(b"PAR1 cut off by the crash")
    got = parts.load("part-00000").to_pylist()
    keys = Counter((r["img_id"], r["lang"]) for r in got)
    assert set(keys) == {(i, lang) for i in "ac" for lang in LANGS} and max(keys.values()) == 1
    # b had one of its three rows: it is redone whole, not topped up
    assert parts.load("part-00001").num_rows == 0
    parts.clear("part-00000")
    assert not folder.exists()


def test_parts_made_from_other_input_contents_or_settings_are_not_mixed_in(tmp_path):
    _parts(tmp_path).add("part-00000", records.to_table(_rows("a"), records.TRANSLATIONS))
    assert _parts(tmp_path).load("part-00000").num_rows == 3
    fewer = {**SOURCES, "part-00000": "1234:1.5|targets=cs,ru"}  # a target language dropped
    assert _parts(tmp_path, fewer).load("part-00000").num_rows == 0
    assert _parts(tmp_path).load("part-00000").num_rows == 0  # the other source's parts were deleted


def test_saved_batches_count_failures_by_reason_code_not_by_text(tmp_path):
    rows = _rows("a", ["cs"]) + [
        {**r, "status": "failed", "text": None, "reason": "length_ratio", "error": f"detail {k}"}
        for k, r in enumerate(_rows("b") + _rows("c", ["cs"]))
    ]
    batch = records.to_table(rows, records.TRANSLATIONS)
    batch = batch.append_column(SHARD_COL, pa.array(["part-00000"] * batch.num_rows))
    counts = save_parts(
        batch,
        folder=str(tmp_path / "translate"),
        schema=records.TRANSLATIONS,
        key="img_id",
        row_key=("img_id", "lang"),
        per_input=3,
        sources=SOURCES,
    ).to_pylist()
    assert [(c["shard"], c["rows"], json.loads(c["failures"])) for c in counts] == [
        ("part-00000", 5, {"length_ratio": 4})
    ]


def test_run_numbers():
    st = RunStats(rows=10, output_tokens=500, seconds=2.0, failures=Counter({"length_ratio": 2}))
    d = st.as_dict()
    assert d["rows_per_s"] == 5.0 and d["output_tokens_per_s"] == 250.0 and d["failed_this_run"] == {"length_ratio": 2}
    assert RunStats().as_dict()["rows_per_s"] == 0.0  # a run that skipped everything


def test_a_shard_is_written_once_its_parts_hold_every_row_and_a_row_delivered_twice_counts_once(tmp_path):
    out = ShardedOutput(str(tmp_path / "translate"))
    parts = _parts(tmp_path)
    args = (out.folder, records.TRANSLATIONS, "img_id", ("img_id", "lang"), 3, "part-00000", SOURCES["part-00000"])
    parts.add("part-00000", records.to_table(_rows("a"), records.TRANSLATIONS))
    parts.add("part-00000", records.to_table(_rows("a", ["cs"]), records.TRANSLATIONS))  # a retried task's repeat
    assert finish_shard(*args, 6) == 3 and not out.is_done("part-00000")  # b is missing: not finished
    parts.add("part-00000", records.to_table(_rows("b"), records.TRANSLATIONS))
    assert finish_shard(*args, 6) == 6 and out.source("part-00000") == SOURCES["part-00000"]
    rows = out.read_all().to_pylist()
    assert sorted((r["img_id"], r["lang"]) for r in rows) == sorted((i, lang) for i in "ab" for lang in LANGS)
    assert not (tmp_path / "translate" / "_parts" / "part-00000").exists()
