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


SOURCES = {"part-00000": "1234:1.5|targets=cs,ru,sr", "part-00001": "99:2.5|targets=cs,ru,sr"}


def _parts(tmp_path, sources=SOURCES) -> ShardParts:
    return ShardParts(ShardedOutput(str(tmp_path / "translate")), records.TRANSLATIONS, "img_id", ("img_id", "lang"), 3,
                      sources)


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


def test_failure_reasons_and_run_numbers():
    assert failure_reason("undecodable_image: UnidentifiedImageError: cannot identify") == "undecodable_image"
    assert failure_reason("copy_of_source") == "copy_of_source" and failure_reason(None) == "failed"
    st = RunStats(rows=10, output_tokens=500, seconds=2.0, failures=Counter({"length_ratio": 2}))
    d = st.as_dict()
    assert d["rows_per_s"] == 5.0 and d["output_tokens_per_s"] == 250.0 and d["failed_this_run"] == {"length_ratio": 2}
    assert RunStats().as_dict()["rows_per_s"] == 0.0  # a run that skipped everything


def test_a_row_delivered_twice_counts_once_and_rows_for_a_finished_shard_are_refused():
    from mella_ray.runtime.batch_stage import _new_rows

    held = {("a", "cs")}
    part = records.to_table(_rows("a") + _rows("b", ["cs", "cs"]), records.TRANSLATIONS)
    fresh = _new_rows(part, held, ("img_id", "lang"))
    assert [(r["img_id"], r["lang"]) for r in fresh.to_pylist()] == [("a", "ru"), ("a", "sr"), ("b", "cs")]
    assert _new_rows(part, held, ("img_id", "lang")).num_rows == 0  # all held now
    assert _new_rows(part, None, ("img_id", "lang")) is None
