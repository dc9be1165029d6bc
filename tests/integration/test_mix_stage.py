"""The mix stage on real tables and a local Ray cluster (workers write): leak-free splits, exact
ratios, exports that load, a card whose numbers are the tables', a rerun that skips, and a killed
mix that redoes only the rest (test_mix_stage_inputs.py: bad and changed inputs)."""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from mella_ray import records
from mella_ray.mix.seeded import round_half_up
from mella_ray.mix.stage import run_mix

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from mix_inputs import SPLITS, build_inputs, mix_config, split_tables  # noqa: E402

pytestmark = pytest.mark.usefixtures("ray_local")  # one local Ray cluster for the module


def _jsonl(folder: Path) -> list[dict]:
    return [
        json.loads(line) for p in sorted(folder.glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mix") / "out"
    inputs = build_inputs(out)
    result = run_mix(mix_config(out))
    return out, inputs, result, split_tables(out / "mix")


def _group_of(inputs: dict) -> dict[str, str]:
    """img_id -> cluster, joining images through their near-duplicate group."""
    rows = inputs["know"] + inputs["pool"]
    parent = {r["img_id"]: r["dup_group"] or r["img_id"] for r in rows}

    def root(i: str) -> str:
        return i if parent.get(i, i) == i else root(parent[i])

    return {r["img_id"]: root(r["img_id"]) for r in rows}


def test_no_image_and_no_near_duplicate_group_in_two_splits(built):
    _, inputs, result, tables = built
    group = _group_of(inputs)
    by_img, by_group = {}, {}
    for split, rows in tables.items():
        for r in rows:
            assert r["split"] == split
            by_img.setdefault(r["img_id"], set()).add(split)
            by_group.setdefault(group[r["img_id"]], set()).add(split)
    assert all(len(s) == 1 for s in by_img.values()) and all(len(s) == 1 for s in by_group.values())
    assert result["splits"]["multi_image_clusters"] == 3  # {cs 0, 1}, {th 0, 1}, {cs 2, th 2, pool 0}


def test_test_holds_n_per_language_and_source_and_ratios_hold_exactly(built):
    _, inputs, result, tables = built
    test = Counter((r["lang"], r["source"]) for r in tables["test"])
    assert test == {(lang, s): 3 for lang in ("cs", "th") for s in ("know", "ling")}
    assert all(r["keywords"] for r in tables["test"] if r["source"] == "know")
    group = _group_of(inputs)
    held = {group[r["img_id"]] for s in ("val", "test") for r in tables[s]}
    ok = [t for t in inputs["trans"] if t["status"] == "ok" and t["img_id"] in group]
    for lang in ("cs", "th"):
        avail = {
            "know": sum(1 for k in inputs["know"] if k["lang"] == lang and group[k["img_id"]] not in held),
            "ling": sum(1 for t in ok if t["lang"] == lang and group[t["img_id"]] not in held),
        }
        train = Counter(r["source"] for r in tables["train"] if r["lang"] == lang)
        for src, w in (("know", Fraction(1)), ("ling", Fraction(1, 2))):
            assert train[src] == round_half_up(w * avail[src]), (lang, src)
            assert result["weights"][f"{lang}/{src}"]["distinct"] == avail[src]


def test_both_jsonl_exports_parse_and_point_at_the_images(built):
    out, _, _, tables = built
    exp = out / "mix/export"
    for split, rows in tables.items():
        by_id = {r["sample_id"]: r for r in rows}
        llava, intern = _jsonl(exp / "llava" / split), _jsonl(exp / "internvl" / split)
        assert len(llava) == len(intern) == len(rows) and {x["id"] for x in llava} == set(by_id)
        for a, b in zip(llava, intern, strict=True):
            r = by_id[a["id"]]
            assert [m["role"] for m in a["messages"]] == ["user", "assistant"]
            assert (
                a["messages"][0]["content"] == "<image>" + r["instruction"]
                and a["messages"][1]["content"] == r["answer"]
            )
            data = (exp / a["images"][0]).read_bytes()
            assert (
                hashlib.sha256(data).hexdigest() == r["img_id"] == hashlib.sha256(by_id[b["id"]]["image"]).hexdigest()
            )
            assert [c["from"] for c in b["conversations"]] == ["human", "gpt"]
            assert b["conversations"][0]["value"].startswith("<image>\n") and b["image"].startswith("images/")
            assert Image.open(exp / b["image"]).size == (b["width"], b["height"])
    assert len(list((exp / "images").iterdir())) == len({r["img_id"] for rows in tables.values() for r in rows})
    meta = json.loads((exp / "internvl_meta.json").read_text())
    train = [m for k, m in meta.items() if k.startswith("mella_train_")]
    assert sum(m["length"] for m in train) == len(tables["train"]) and all(Path(m["root"]) == exp for m in train)
    assert sum(len(_jsonl(Path(m["annotation"]).parent)) for m in train[:1]) == len(tables["train"])
    info = json.loads((exp / "dataset_info.json").read_text())
    assert info["mella_test"]["formatting"] == "sharegpt" and (exp / info["mella_test"]["file_name"]).is_dir()


def test_parquet_loads_with_hugging_face_datasets(built, tmp_path):
    datasets = pytest.importorskip("datasets")
    out, _, _, tables = built
    files = {("validation" if s == "val" else s): str(out / "mix" / s / "*.parquet") for s in SPLITS}
    ds = datasets.load_dataset("parquet", data_files=files, cache_dir=str(tmp_path / "hf"))
    assert {s: ds[s].num_rows for s in ds} == {("validation" if s == "val" else s): len(r) for s, r in tables.items()}
    test = ds["test"].cast_column("image", datasets.Image())
    assert test[0]["image"].size[0] > 0 and set(test.column_names) == set(records.CONVERSATIONS.names)


def test_an_empty_split_writes_no_file_and_the_rest_still_loads(tmp_path):
    datasets = pytest.importorskip("datasets")
    out = tmp_path / "out"
    build_inputs(out)
    result = run_mix(mix_config(out, val_fraction=0.0))
    assert result["samples_per_split"]["val"] == 0 and not list((out / "mix/val").glob("*.parquet"))
    assert not (out / "mix/export/llava/val").exists()
    assert "mella_val" not in json.loads((out / "mix/export/dataset_info.json").read_text())
    card = (out / "mix/card.md").read_text(encoding="utf-8")
    assert "mix/val/*.parquet" not in card and "mix/test/*.parquet" in card
    files = {s: str(out / "mix" / s / "*.parquet") for s in ("train", "test")}
    ds = datasets.load_dataset("parquet", data_files=files, cache_dir=str(tmp_path / "hf"))
    assert ds["test"].num_rows == 12


def test_card_and_stats_equal_counts_recomputed_from_the_tables(built):
    out, _, result, tables = built
    mix = out / "mix"
    stats = json.loads((mix / "stats.json").read_text())
    assert stats == {k: v for k, v in result.items()}
    rows = [r for s in SPLITS for r in tables[s]]
    samples = Counter((r["split"], r["lang"], r["source"]) for r in rows)
    assert {
        (s, lang, src): n for s, per in stats["samples"].items() for lang, d in per.items() for src, n in d.items() if n
    } == dict(samples)
    pairs = {(r["img_id"], r["lang"], r["source"]): r for r in rows}
    assert {(lang, src): n for lang, d in stats["pairs"].items() for src, n in d.items() if n} == dict(
        Counter((lang, src) for _, lang, src in pairs)
    )
    for (lang, src), n in Counter((lang, src) for _, lang, src in pairs).items():
        chars = sum(len(r["answer"]) for k, r in pairs.items() if k[1:] == (lang, src))
        assert stats["avg_chars"][lang][src] == round(chars / n, 1)
    for src in ("know", "ling"):
        assert stats["categories"][src] == dict(
            Counter(r["category"] or "unlabelled" for k, r in pairs.items() if k[2] == src)
        )
    images = {r["img_id"]: len(r["image"]) for r in rows}
    assert stats["totals"] == {
        "samples": len(rows),
        "pairs": len(pairs),
        "images": len(images),
        "image_bytes": sum(images.values()),
        "parquet_bytes": sum(p.stat().st_size for s in SPLITS for p in (mix / s).glob("*.parquet")),
    }
    card = (mix / "card.md").read_text(encoding="utf-8")
    table = {
        (c[0], c[2]): [int(x) for x in c[3:8]]
        for c in (
            [x.strip() for x in line.strip("|").split("|")] for line in card.splitlines() if line.startswith("| ")
        )
        if len(c) == 8 and c[2] in ("know", "ling")
    }
    for (lang, src), (train, val, test, total, distinct) in table.items():
        assert [train, val, test] == [samples[(s, lang, src)] for s in SPLITS]
        assert total == train + val + test and distinct == stats["pairs"][lang][src]
    assert (
        len(table) == 4
        and f"| samples | {len(tables['train'])} | {len(tables['val'])} | {len(tables['test'])} |" in card
    )
    assert f"({stats['totals']['image_bytes']} bytes)" in card
    for name in ("samples", "lengths", "categories"):
        assert (mix / "plots" / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and f"plots/{name}.png" in card


def test_rerun_skips_a_complete_mix(built):
    out, _, _, _ = built
    before = {p: p.stat().st_mtime_ns for p in (out / "mix").rglob("*") if p.is_file()}
    assert run_mix(mix_config(out))["skipped"] is True
    assert {p: p.stat().st_mtime_ns for p in (out / "mix").rglob("*") if p.is_file()} == before


def test_a_mix_killed_after_some_tasks_redoes_only_the_rest(built, tmp_path):
    """The kill: the plan and one task's output were written, then the driver died. The rerun
    finds that task done under the same plan, writes the others, and equals a clean run."""
    from mella_ray.mix import plan as mix_plan
    from mella_ray.mix.shard_writer import write_task
    from mella_ray.mix.stage import input_digest, prepare
    from mella_ray.runtime.done import StageMarker

    out = tmp_path / "out"
    build_inputs(out)
    cfg = mix_config(out)
    prep, digest, root = prepare(cfg), input_digest(cfg), str(out / "mix")
    plan_path = f"{root}/_plan/{digest}.parquet"
    StageMarker(root).begin(digest)
    mix_plan.write_plan(plan_path, prep.plan)
    first = mix_plan.tasks(prep.sources, prep.plan)[0]
    write_task(
        first,
        plan_path=plan_path,
        root=root,
        digest=digest,
        seed=0,
        instruction_pool="by_source",
        exports=["llava", "internvl"],
    )
    result = run_mix(cfg)
    assert result["tasks"] == 2 and result["tasks_resumed"] == 1
    clean_out, _, clean_result, clean_tables = built
    assert {k: v for k, v in result.items() if k not in ("elapsed_s", "rows_per_s", "tasks_resumed")} == {
        k: v for k, v in clean_result.items() if k not in ("elapsed_s", "rows_per_s", "tasks_resumed")
    }
    assert split_tables(out / "mix") == clean_tables
    assert not (out / "mix/_plan").exists() and not (out / "mix/_done").exists()
