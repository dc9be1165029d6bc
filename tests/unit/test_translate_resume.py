"""Resume inside an unfinished shard (runtime/batch_stage.ShardParts), with translation rows:
several output rows per caption, saved batch by batch before a crash."""
from __future__ import annotations

from collections import Counter

from mella_ray import records
from mella_ray.runtime.batch_stage import RunStats, ShardParts, failure_reason
from mella_ray.runtime.shards import ShardedOutput

LANGS = ["cs", "ru", "sr"]


def _rows(img: str, langs=LANGS) -> list[dict]:
    return [{"img_id": img, "lang": lang, "text": f"{img}-{lang}", "model": "m", "status": "ok"} for lang in langs]


def _parts(tmp_path) -> ShardParts:
    return ShardParts(ShardedOutput(str(tmp_path / "translate")), records.TRANSLATIONS, "img_id", ("img_id", "lang"), 3)


def test_saved_rows_come_back_without_duplicates_or_half_done_captions(tmp_path):
    parts = _parts(tmp_path)
    parts.add("part-00000", records.to_table(_rows("a") + _rows("b", ["cs"]), records.TRANSLATIONS))
    parts.add("part-00000", records.to_table(_rows("a", ["ru"]) + _rows("c"), records.TRANSLATIONS))  # a repeat
    folder = tmp_path / "translate" / "_parts" / "part-00000"
    (folder / "torn.parquet").write_bytes(b"PAR1 cut off by the crash")
    got = parts.load("part-00000").to_pylist()
    keys = Counter((r["img_id"], r["lang"]) for r in got)
    assert set(keys) == {(i, lang) for i in "ac" for lang in LANGS} and max(keys.values()) == 1
    # b had one of its three rows: it is redone whole, not topped up
    assert parts.load("part-00001").num_rows == 0
    parts.clear("part-00000")
    assert not folder.exists()


def test_failure_reasons_and_run_numbers():
    assert failure_reason("undecodable_image: UnidentifiedImageError: cannot identify") == "undecodable_image"
    assert failure_reason("copy_of_source") == "copy_of_source" and failure_reason(None) == "failed"
    st = RunStats(rows=10, output_tokens=500, seconds=2.0, failures=Counter({"length_ratio": 2}))
    d = st.as_dict()
    assert d["rows_per_s"] == 5.0 and d["output_tokens_per_s"] == 250.0 and d["failed_this_run"] == {"length_ratio": 2}
    assert RunStats().as_dict()["rows_per_s"] == 0.0  # a run that skipped everything
