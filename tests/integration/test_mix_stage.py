"""The mix stage on real tables and a local Ray cluster (workers write): leak-free splits, exact ratios, exports that
load,
a card whose numbers are the tables', and bad input that fails by name and writes nothing."""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PIL import Image

from mella_ray import records
from mella_ray.config import parse_config
from mella_ray.mix.seeded import round_half_up
from mella_ray.mix.stage import run_mix
from mella_ray.runtime.shards import ShardedOutput

SPLITS = ("train", "val", "test")
ALTS = {
    "cs": [
        "Karlův most v Praze",
        "Slovácký kroj v Olomouci",
        "Trdelník na Staroměstském náměstí",
        "Vánoční kapr na jižní Moravě",
    ],
    "th": ["ตลาดน้ำดำเนินสะดวก ราชบุรี", "ช้างไทยที่เชียงใหม่", "หัวโขนที่สุโขทัย", "ผัดไทยที่วัดอรุณ"],
}


def _image(seed: int, fmt: str) -> tuple[bytes, int, int]:
    w, h = 40 + seed % 7, 30 + seed % 5
    buf = io.BytesIO()
    Image.new("RGB", (w, h), ((seed * 37) % 256, (seed * 91) % 256, (seed * 13) % 256)).save(buf, format=fmt)
    return buf.getvalue(), w, h


def _crawl_row(seed: int, lang: str, alt: str | None, fmt: str = "PNG", dup_group: str | None = None) -> dict:
    data, w, h = _image(seed, fmt)
    return {
        "img_id": hashlib.sha256(data).hexdigest(),
        "image": data,
        "image_url": f"http://x/{seed}",
        "page_url": "http://x/",
        "lang": lang,
        "alt": alt,
        "width": w,
        "height": h,
        "format": fmt,
        "category": "culture/food" if seed % 3 == 0 and alt else None,
        "dup_group": dup_group,
    }


def build_inputs(out: Path, langs=("cs", "th"), n_know=14, n_pool=12) -> dict:
    """crawl/know, crawl/pool and translate as the upstream stages write them, with near
    duplicates: know 0 and 1 of each language form a group, and know 2 joins pool image 0's group."""
    pool = [_crawl_row(1000 + i, langs[i % len(langs)], None, "JPEG") for i in range(n_pool)]
    know = []
    for li, lang in enumerate(langs):
        for i in range(n_know):
            row = _crawl_row(100 * li + i, lang, f"{ALTS[lang][i % 4]} {i}", ("PNG", "JPEG", "WEBP")[i % 3])
            know.append(row)
        first = know[-n_know]["img_id"]
        know[-n_know]["dup_group"] = know[-n_know + 1]["dup_group"] = first
        know[-n_know + 2]["dup_group"] = pool[0]["img_id"]
    pool[0]["dup_group"] = pool[0]["img_id"]
    trans = [
        {
            "img_id": p["img_id"],
            "lang": lang,
            "text": f"Podrobný popis obrázku {k} v jazyce {lang}. " * 3,
            "category": "scene/city",
            "model": "m",
            "status": "ok",
        }
        for k, p in enumerate(pool)
        for lang in langs
    ]
    trans[1].update(status="failed", text=None, reason="wrong_script", error="Latin letters in a Cyrillic target")
    trans.append({"img_id": "0" * 64, "lang": langs[0], "text": "sirotek", "model": "m", "status": "ok"})
    ShardedOutput(str(out / "crawl/know")).write("part-0", records.to_table(know, records.CRAWL_IMAGES))
    ShardedOutput(str(out / "crawl/pool")).write("part-0", records.to_table(pool, records.CRAWL_IMAGES))
    ShardedOutput(str(out / "translate")).write("part-0", records.to_table(trans, records.TRANSLATIONS))
    return {"know": know, "pool": pool, "trans": trans}


def _cfg(out: Path, langs=("cs", "th"), **mix):
    mix = {"test_per_lang": 3, "val_fraction": 0.2, **mix}
    return parse_config(
        {"output_dir": str(out), "languages": list(langs), "models_dir": str(out.parent / "models"), "mix": mix}
    )


def _tables(mix: Path) -> dict[str, list[dict]]:
    return {s: pq.read_table(sorted((mix / s).glob("*.parquet"))).to_pylist() for s in SPLITS}


@pytest.fixture(scope="module", autouse=True)
def _ray(ray_local):
    return ray_local


def _jsonl(folder: Path) -> list[dict]:
    return [
        json.loads(line) for p in sorted(folder.glob("*.jsonl")) for line in p.read_text(encoding="utf-8").splitlines()
    ]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("mix") / "out"
    inputs = build_inputs(out)
    result = run_mix(_cfg(out))
    return out, inputs, result, _tables(out / "mix")


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
    result = run_mix(_cfg(out, val_fraction=0.0))
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
    assert run_mix(_cfg(out))["skipped"] is True
    assert {p: p.stat().st_mtime_ns for p in (out / "mix").rglob("*") if p.is_file()} == before


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
        run_mix(_cfg(out, langs, **mix))
    assert expected in str(e.value)
    if "ko" in langs:
        assert "language 'ko' has no D_ling rows" in str(e.value)
    assert _nothing_written(out)


def test_a_mix_killed_after_some_tasks_redoes_only_the_rest(built, tmp_path):
    """The kill: the plan and one task's output were written, then the driver died. The rerun
    finds that task done under the same plan, writes the others, and equals a clean run."""
    from mella_ray.mix import plan as mix_plan
    from mella_ray.mix.shard_writer import write_task
    from mella_ray.mix.stage import input_digest, prepare
    from mella_ray.runtime.done import StageMarker

    out = tmp_path / "out"
    build_inputs(out)
    cfg = _cfg(out)
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
    assert _tables(out / "mix") == clean_tables
    assert not (out / "mix/_plan").exists() and not (out / "mix/_done").exists()


def test_a_changed_input_rebuilds_the_mix_and_a_setting_that_defines_no_row_does_not(tmp_path):
    out = tmp_path / "out"
    inputs = build_inputs(out)
    first = run_mix(_cfg(out, exports=[]))
    assert run_mix(_cfg(out, exports=[], task_cpus=0.5))["skipped"] is True
    trans = [dict(t, text=(t["text"] or "") + " Nová věta.") if t["status"] == "ok" else t for t in inputs["trans"]]
    ShardedOutput(str(out / "translate")).write("part-0", records.to_table(trans, records.TRANSLATIONS))
    again = run_mix(_cfg(out, exports=[]))
    assert "skipped" not in again and again["samples_per_split"] == first["samples_per_split"]
    assert again["redone"] == "its inputs or settings changed since it was made"
    ling = [r for s in SPLITS for r in _tables(out / "mix")[s] if r["source"] == "ling"]
    assert ling and all(r["answer"].endswith("Nová věta.") for r in ling)


def test_llm_keywords_through_the_stage_with_the_tiny_lm(tmp_path):
    out = tmp_path / "out"
    build_inputs(out, langs=("cs",), n_know=8, n_pool=4)
    engine = {"model": "tiny:lm", "max_new_tokens": 8, "batch_size": 4}
    result = run_mix(_cfg(out, ("cs",), test_per_lang=2, keywords={"method": "llm", "engine": engine}))
    assert result["keywords"]["rows"] == 2 and result["keywords"]["llm"] + result["keywords"]["fallback"] == 2
    test = pq.read_table(sorted((out / "mix/test").glob("*.parquet"))).to_pylist()
    assert all(r["keywords"] and all(k in r["answer"] for k in r["keywords"]) for r in test if r["source"] == "know")
