"""The mix stage and its inputs on a local Ray cluster: bad input fails naming the language and
source and writes nothing, a changed input rebuilds the mix (a setting that defines no row does
not), and LLM keywords come from the tiny LM through the stage."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mella_ray import records
from mella_ray.mix.stage import run_mix
from mella_ray.runtime.shards import ShardedOutput

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from mix_inputs import SPLITS, build_inputs, mix_config, split_tables  # noqa: E402

pytestmark = pytest.mark.usefixtures("ray_local")  # one local Ray cluster for the module


def _nothing_written(out: Path) -> bool:
    return not (out / "mix").exists() or not any(p.is_file() for p in (out / "mix").rglob("*"))


@pytest.mark.parametrize(
    "case, langs, mix, expected",
    [
        ("no_translate", ("cs", "th"), {}, "mix: translate: no finished shards"),
        ("empty_know", ("cs", "th"), {}, "mix: crawl/know: the table in"),
        ("stale_pool", ("cs", "th"), {}, "crawl/pool: missing column(s) dup_group"),
        ("ok", ("cs", "th", "ko"), {}, "language 'ko' has no D_know rows (crawl/know has no rows for ko"),
        ("ok", ("cs", "th"), {"test_per_lang": 20}, "mix: cs/know: only 13 of mix.test_per_lang=20 test rows"),
        ("ok", ("cs", "th"), {"weights": {"know": 1.0, "ling": 0.05}}, "cs/ling: weight 0.05 of"),
        ("ok", ("cs", "th"), {"weights": {"know": 0, "ling": 0}}, "the train split would be empty"),
    ],
)
def test_bad_input_fails_naming_language_and_source_and_writes_nothing(tmp_path, case, langs, mix, expected):
    out = tmp_path / "out"
    build_inputs(out)
    if case == "no_translate":
        import shutil

        shutil.rmtree(out / "translate")
    elif case == "empty_know":
        ShardedOutput(str(out / "crawl/know")).write("part-0", records.empty_table(records.CRAWL_IMAGES))
    elif case == "stale_pool":
        t = pq.read_table(out / "crawl/pool/part-0.parquet").drop_columns(["dup_group"])
        ShardedOutput(str(out / "crawl/pool")).write("part-0", t)
    with pytest.raises(ValueError) as e:
        run_mix(mix_config(out, langs, **mix))
    assert expected in str(e.value)
    if "ko" in langs:
        assert "language 'ko' has no D_ling rows" in str(e.value)
    assert _nothing_written(out)


def test_a_changed_input_rebuilds_the_mix_and_a_setting_that_defines_no_row_does_not(tmp_path):
    out = tmp_path / "out"
    inputs = build_inputs(out)
    first = run_mix(mix_config(out, exports=[]))
    assert run_mix(mix_config(out, exports=[], task_cpus=0.5))["skipped"] is True
    trans = [dict(t, text=(t["text"] or "") + " Nová věta.") if t["status"] == "ok" else t for t in inputs["trans"]]
    ShardedOutput(str(out / "translate")).write("part-0", records.to_table(trans, records.TRANSLATIONS))
    again = run_mix(mix_config(out, exports=[]))
    assert "skipped" not in again and again["samples_per_split"] == first["samples_per_split"]
    assert again["redone"] == "its inputs or settings changed since it was made"
    ling = [r for s in SPLITS for r in split_tables(out / "mix")[s] if r["source"] == "ling"]
    assert ling and all(r["answer"].endswith("Nová věta.") for r in ling)


def test_llm_keywords_through_the_stage_with_the_tiny_lm(tmp_path):
    out = tmp_path / "out"
    build_inputs(out, langs=("cs",), n_know=8, n_pool=4)
    engine = {"model": "tiny:lm", "max_new_tokens": 8, "batch_size": 4}
    result = run_mix(mix_config(out, ("cs",), test_per_lang=2, keywords={"method": "llm", "engine": engine}))
    assert result["keywords"]["rows"] == 2 and result["keywords"]["llm"] + result["keywords"]["fallback"] == 2
    test = pq.read_table(sorted((out / "mix/test").glob("*.parquet"))).to_pylist()
    assert all(r["keywords"] and all(k in r["answer"] for k in r["keywords"]) for r in test if r["source"] == "know")
