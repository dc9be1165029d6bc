"""Mix stage: crawl/know + translate (+ crawl/pool images) -> mix/{train,val,test}, exports, card.

The driver plans; the workers write. `prepare` reads key columns (Ray tasks read the
shards), checks the inputs and the config, splits, weights and picks the test keywords: no
image bytes and no answer texts are held on the driver. The plan is written once; then one
Ray task per crawl image shard writes that shard's conversations, in every format
(shard_writer.py), and returns its counts. The card, plots and stats are made from the counts,
and mix/_SUCCESS, written last, records the digest of the inputs and settings
(runtime/done.py): a rerun with the same digest skips, a rerun after a crashed mix redoes only
the unfinished tasks, and a changed input (a recrawl, a new translation) or setting rebuilds it.
"""

from __future__ import annotations

import functools
import json
import logging
from collections import defaultdict
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import JobConfig
from mella_ray.mix import conversations, export, plan
from mella_ray.mix.card import SOURCES, merge_stats, render_card
from mella_ray.mix.keywords_llm import keywords_for
from mella_ray.mix.plots import PLOTS
from mella_ray.mix.shard_writer import write_task
from mella_ray.mix.sources import ANNOTATIONS, Sources, has_text, know_alts, load_sources
from mella_ray.mix.splits import SplitError, Splits, assign_splits
from mella_ray.mix.weights import BucketPlan, group_train_keys, needs_train, plan_copies
from mella_ray.runtime import storage
from mella_ray.runtime.done import ATTEMPT, SUCCESS, StageMarker, digest
from mella_ray.runtime.stats import StageStats
from mella_ray.runtime.tasks import map_tasks

log = logging.getLogger(__name__)

ITEMS = ("train", "val", "test", "export", "plots", "card.md", "stats.json", "_plan", "_done")
INPUTS = ("crawl/know", "crawl/pool", "translate", ANNOTATIONS)


@dataclass
class Prepared:
    sources: Sources
    splits: Splits
    plans: list[BucketPlan]
    plan: pa.Table
    keyword_counts: dict[str, int]
    test_know: int  # D_know rows in test (the keyword denominator)


def _keys_of(item: tuple[str, list[str], tuple[str, ...]]) -> pa.Table:
    """On a worker: key columns of one shard, each text column in `texts` replaced by has_<name>."""
    path, columns, texts = item
    t = storage.read_parquet(path, columns)
    for name in texts:
        t = t.append_column(f"has_{name}", has_text(t.column(name))).drop_columns([name])
    return t.append_column("path", pa.array([path] * t.num_rows, pa.string()))


def _scan(paths: list[str], columns: list[str], texts: tuple[str, ...] = ()):
    return map_tasks(_keys_of, [(p, columns, texts) for p in paths])


def _rows_with_ids(item: tuple[str, list[str], pa.Array]) -> pa.Table:
    path, columns, ids = item
    t = storage.read_parquet(path, columns)
    return t.filter(pc.is_in(t.column("img_id"), value_set=ids))


def _fetch(paths: list[str], columns: list[str], ids: list[str]):
    wanted = pa.array(sorted(set(ids)), pa.string())
    return map_tasks(_rows_with_ids, [(p, columns, wanted) for p in paths])


def input_digest(cfg: JobConfig) -> str:
    """What defines the mix's rows: every input file (one listing per table) and the settings."""
    files = {t: storage.identities(cfg.path(*t.split("/"))) for t in INPUTS}
    return digest(files, cfg.languages, cfg.mix.model_dump(mode="json", exclude={"task_cpus"}))


def prepare(cfg: JobConfig) -> Prepared:
    """Read and check the inputs, split, weight, find keywords, plan. No writes."""
    mc = cfg.mix
    for key in mc.caps:
        if key != "*" and key not in cfg.languages:
            log.warning("mix: mix.caps names %r, which is not in languages; it has no effect", key)
    needed = {(lang, s) for lang in cfg.languages for s in SOURCES if mc.test_per_lang > 0 or needs_train(mc, lang, s)}
    if not needed:
        raise SplitError("mix: nothing to mix: mix.test_per_lang is 0 and every weight or cap is 0")
    src = load_sources(cfg, needed, _scan)
    rows = src.rows
    splits = assign_splits(rows, mc.test_per_lang, mc.val_fraction, mc.seed, {b for b in needed if needs_train(mc, *b)})
    # copies by row index: no row-key string per train row is held (the seeded choice still
    # hashes each row's key, one at a time)
    copies, plans = plan_copies(group_train_keys(rows, splits.split), mc, lambda i: conversations.row_key(rows[i]))
    if not any(copies.values()):
        raise SplitError(
            "mix: the train split would be empty: every train bucket has weight 0 or cap 0 (mix.weights, mix.caps)"
        )
    test_know = [
        i
        for i, (r, s) in enumerate(zip(rows, splits.split, strict=True))
        if s == "test" and r["source"] == records.SOURCE_KNOW
    ]
    alts = know_alts(src, test_know, _fetch)
    kws, counts = keywords_for(
        [(a, rows[i]["lang"]) for a, i in zip(alts, test_know, strict=True)], mc.keywords, cfg.models_path
    )
    keywords = {conversations.row_key(rows[i]): k for i, k in zip(test_know, kws, strict=True)}
    return Prepared(src, splits, plans, plan.build_plan(src, splits.split, copies, keywords), counts, len(test_know))


def clean(root: str) -> None:
    """Remove what an earlier or interrupted mix left (only the mix's own items)."""
    for name in (*ITEMS, SUCCESS, ATTEMPT):
        storage.remove(storage.join(root, name))


def run_mix(cfg: JobConfig) -> dict:
    root, marker = cfg.path("mix"), StageMarker(cfg.path("mix"))
    d = input_digest(cfg)
    if marker.is_complete(d):
        log.info("mix: %s is complete for these inputs and settings; skipping (delete it to rebuild)", root)
        return {**storage.read_json(storage.join(root, "stats.json")), "skipped": True}
    why = marker.why_redo(d)
    prep = prepare(cfg)  # every check runs before anything is written
    if why:
        log.info("mix: redoing %s: %s", root, why)
        clean(root)
    marker.begin(d)
    plan_path = storage.join(root, "_plan", f"{d}.parquet")
    if not storage.exists(plan_path):
        plan.write_plan(plan_path, prep.plan)
    results = _run_tasks(cfg, plan.tasks(prep.sources, prep.plan), plan_path, root, d)
    stats = _finish(cfg, prep, results, root)
    storage.remove(storage.join(root, "_plan"))
    storage.remove(storage.join(root, "_done"))
    marker.complete(d)  # last: the mix is complete
    log.info("mix: %s", ", ".join(f"{s} {n}" for s, n in stats["samples_per_split"].items()))
    return {**stats, "redone": why} if why else stats


def _run_tasks(cfg: JobConfig, items: list[dict], plan_path: str, root: str, d: str) -> list[dict]:
    """One Ray task per image shard; the driver gets back only each task's counts."""
    mc = cfg.mix
    write = functools.partial(
        write_task,
        plan_path=plan_path,
        root=root,
        digest=d,
        seed=mc.seed,
        instruction_pool=mc.instruction_pool,
        exports=list(mc.exports),
    )
    out = list(map_tasks(write, items, num_cpus=mc.task_cpus))
    resumed = sum(1 for r in out if r["resumed"])
    log.info("mix: %d task(s) written, %d found done by an earlier run", len(out) - resumed, resumed)
    return [json.loads(r["done"]) | {"name": r["name"], "resumed": r["resumed"]} for r in out]


def _finish(cfg: JobConfig, prep: Prepared, results: list[dict], root: str) -> dict:
    """Card, plots, export metadata and stats.json, from the tasks' counts."""
    mc = cfg.mix
    stats = merge_stats([r["stats"] for r in results], cfg.languages)
    parts: dict[str, dict[str, dict[str, int]]] = defaultdict(dict)
    jsonl: dict[str, dict[str, int]] = {s: {} for s in records.SPLITS}
    for r in results:
        for split, counts in r["jsonl"].items():
            parts[split][r["name"]] = counts
            for style, n in counts.items():
                jsonl[split][style] = jsonl[split].get(style, 0) + n
    if mc.exports:
        export.write_meta(root, dict(parts), mc.exports)
    for name, fn in PLOTS.items():
        storage.write_bytes(storage.join(root, "plots", f"{name}.png"), fn(stats))
    kw = prep.plan.filter(pc.is_valid(prep.plan.column("keywords")))
    lens = pc.list_value_length(kw.column("keywords"))
    with_kw = int(pc.sum(pc.greater(lens, 0)).as_py() or 0)
    info = {
        "weights": {f"{p.lang}/{p.source}": p.as_dict() for p in prep.plans},
        "weights_doc": "rows = min(round_half_up(weight × n), cap) for the n available distinct train rows; "
        "each gets rows // n "
        "copies and a seeded choice of rows % n of them one more. Val and test are not weighted.",
        "splits": {
            "clusters": prep.splits.clusters,
            "multi_image_clusters": prep.splits.multi_image_clusters,
            "test_surplus": prep.splits.surplus,
            "test_per_lang": mc.test_per_lang,
            "val_fraction": mc.val_fraction,
            "seed": mc.seed,
        },
        "keywords": {
            "method": mc.keywords.method,
            "rows": prep.test_know,
            "with_keywords": with_kw,
            "mean_per_row": round(int(pc.sum(lens).as_py() or 0) / max(prep.test_know, 1), 2),
            **prep.keyword_counts,
        },
        "samples_per_split": stats["samples_per_split"],
        "instruction_pool": mc.instruction_pool,
        "exports": list(mc.exports),
        "jsonl_rows": jsonl,
        "tasks": len(results),
        "tasks_resumed": sum(1 for r in results if r["resumed"]),
        "plots": list(PLOTS),
    }
    storage.write_text(storage.join(root, "card.md"), render_card(stats, info, root))
    st = StageStats("mix")
    for split, n in stats["samples_per_split"].items():
        st.keep(split, n)
    for reason, n in prep.sources.dropped.items():
        st.drop(reason, n)
    if prep.splits.surplus:
        st.drop("test_surplus", prep.splits.surplus)
    st.extra.update(stats)
    st.extra.update({k: v for k, v in info.items() if k not in ("plots", "weights_doc", "samples_per_split")})
    return st.write(root)
