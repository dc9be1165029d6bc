"""Mix stage: crawl/know + translate (+ crawl/pool images) -> mix/{train,val,test}, exports, card.

It runs on the driver with pyarrow (no Ray): the mix is metadata work plus one pass over the
image bytes. Every check on the inputs and the config runs in `prepare`, before anything is
written; `run_mix` then writes to a staging folder and swaps it in (writer.py).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from mella_ray import records
from mella_ray.config import JobConfig
from mella_ray.mix import conversations, export, writer
from mella_ray.mix.card import SOURCES, dataset_stats, render_card
from mella_ray.mix.keywords_llm import keywords_for
from mella_ray.mix.plots import PLOTS
from mella_ray.mix.sources import Sources, load_sources
from mella_ray.mix.splits import SplitError, Splits, assign_splits
from mella_ray.mix.weights import BucketPlan, group_train_keys, needs_train, plan_copies
from mella_ray.runtime import storage
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)


@dataclass
class Prepared:
    sources: Sources
    splits: Splits
    plans: list[BucketPlan]
    convs: list[dict]
    keyword_counts: dict[str, int]


def prepare(cfg: JobConfig) -> Prepared:
    """Read and check the inputs, split, weight, find keywords, build conversations. No writes."""
    mc = cfg.mix
    for key in mc.caps:
        if key != "*" and key not in cfg.languages:
            log.warning("mix: mix.caps names %r, which is not in languages; it has no effect", key)
    needed = {(lang, s) for lang in cfg.languages for s in SOURCES if mc.test_per_lang > 0 or needs_train(mc, lang, s)}
    if not needed:
        raise SplitError("mix: nothing to mix: mix.test_per_lang is 0 and every weight or cap is 0")
    src = load_sources(cfg, needed)
    rows = src.rows
    splits = assign_splits(rows, mc.test_per_lang, mc.val_fraction, mc.seed,
                           {b for b in needed if needs_train(mc, *b)})
    copies, plans = plan_copies(group_train_keys(rows, splits.split, conversations.row_key), mc)
    if not any(copies.values()):
        raise SplitError("mix: the train split would be empty: every train bucket has weight 0 or cap 0 "
                         "(mix.weights, mix.caps)")
    test_know = [r for r, s in zip(rows, splits.split, strict=True) if s == "test" and r["source"] == records.SOURCE_KNOW]
    kws, counts = keywords_for([(r["answer"], r["lang"]) for r in test_know], mc.keywords, cfg.models_path)
    keywords = {conversations.row_key(r): k for r, k in zip(test_know, kws, strict=True)}
    convs = conversations.build(rows, splits.split, copies, keywords, mc.seed, mc.instruction_pool)
    return Prepared(src, splits, plans, convs, counts)


def run_mix(cfg: JobConfig) -> dict:
    root = cfg.path("mix")
    if writer.is_complete(root):
        log.info("mix: %s is complete; skipping (delete it to rebuild)", root)
        return {**storage.read_json(storage.join(root, "stats.json")), "skipped": True}
    writer.clean(root)  # a half-written mix is rebuilt whole: it is cheap and deterministic
    prep = prepare(cfg)
    staging = storage.join(root, writer.STAGING)
    try:
        stats = _write(cfg, prep, staging, root)
        writer.swap(staging, root)
    except BaseException:
        storage.remove(staging)
        raise
    log.info("mix: %s", ", ".join(f"{s} {n}" for s, n in stats["samples_per_split"].items()))
    return stats


def _write(cfg: JobConfig, prep: Prepared, staging: str, root: str) -> dict:
    mc, convs, meta = cfg.mix, prep.convs, prep.sources.images
    images = writer.load_images(prep.sources.shards, {c["img_id"] for c in convs})
    index, size = writer.image_sizes(images)
    parquet_bytes, jsonl = 0, {}
    for split in records.SPLITS:
        part = [c for c in convs if c["split"] == split]
        parquet_bytes += writer.write_split(storage.join(staging, split), part, images, index, size)
        jsonl[split] = export.write_jsonl(staging, split, part, meta, mc.exports)
    if mc.exports:
        export.write_image_files(staging, images, meta)
        export.write_meta(staging, root, jsonl, mc.exports)
    del images  # the bytes are written; free them before plotting
    stats = dataset_stats(convs, cfg.languages, size, parquet_bytes)
    for name, fn in PLOTS.items():
        storage.write_bytes(storage.join(staging, "plots", f"{name}.png"), fn(stats))
    test_know = [c for c in convs if c["split"] == "test" and c["source"] == records.SOURCE_KNOW]
    with_kw = [c for c in test_know if c["keywords"]]
    info = {
        "weights": {f"{p.lang}/{p.source}": p.as_dict() for p in prep.plans},
        "weights_doc": "rows = min(round_half_up(weight × n), cap) for the n available distinct train rows; each gets rows // n "
                       "copies and a seeded choice of rows % n of them one more. Val and test are not weighted.",
        "splits": {"clusters": prep.splits.clusters, "multi_image_clusters": prep.splits.multi_image_clusters,
                   "test_surplus": prep.splits.surplus, "test_per_lang": mc.test_per_lang,
                   "val_fraction": mc.val_fraction, "seed": mc.seed},
        "keywords": {"method": mc.keywords.method, "rows": len(test_know), "with_keywords": len(with_kw),
                     "mean_per_row": round(sum(len(c["keywords"]) for c in with_kw) / max(len(test_know), 1), 2),
                     **prep.keyword_counts},
        "samples_per_split": stats["samples_per_split"], "instruction_pool": mc.instruction_pool,
        "exports": list(mc.exports), "jsonl_rows": jsonl,
        "plots": list(PLOTS),
    }
    storage.write_text(storage.join(staging, "card.md"), render_card(stats, info, root))
    st = StageStats("mix")
    for split, n in stats["samples_per_split"].items():
        st.keep(split, n)
    for reason, n in prep.sources.dropped.items():
        st.drop(reason, n)
    if prep.splits.surplus:
        st.drop("test_surplus", prep.splits.surplus)
    st.extra.update(stats)
    st.extra.update({k: v for k, v in info.items() if k not in ("plots", "weights_doc", "samples_per_split")})
    return st.write(staging)
