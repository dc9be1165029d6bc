"""Mix stage: crawl/know + translate (+ crawl/pool images) -> mix/{train,val,test}."""
from __future__ import annotations

import logging
from collections import Counter

import pyarrow as pa

from mella_ray import records
from mella_ray.config import JobConfig
from mella_ray.mix.logic import assign_splits, conversations
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)
SHARD_ROWS = 2000


def _read(folder: str, table: str, columns: list[str]) -> pa.Table:
    out = ShardedOutput(folder)
    paths = out.shard_paths()
    if not paths:
        raise FileNotFoundError(f"mix: no finished shards in {folder}; run the stage that writes {table} first")
    records.require_columns(table, storage.parquet_schema(paths[0]).names, columns)
    return out.read_all(columns)


def load_sources(cfg: JobConfig) -> list[dict]:
    """D_know (native alt) and D_ling (ok translations with their pool image) as one list."""
    langs = set(cfg.languages)
    know = _read(cfg.path("crawl", "know"), "crawl/know", ["img_id", "image", "lang", "alt", "category"])
    rows = [
        {"img_id": r["img_id"], "image": r["image"], "lang": r["lang"], "source": records.SOURCE_KNOW,
         "answer": r["alt"], "category": r["category"]}
        for r in know.to_pylist() if r["lang"] in langs and r["alt"]
    ]
    trans = _read(cfg.path("translate"), "translate", ["img_id", "lang", "text", "category", "status"])
    ok = [r for r in trans.to_pylist() if r["status"] == records.STATUS_OK and r["lang"] in langs]
    pool = _read(cfg.path("crawl", "pool"), "crawl/pool", ["img_id", "image"])
    images = dict(zip(pool.column("img_id").to_pylist(), pool.column("image").to_pylist()))
    for r in ok:
        if r["img_id"] in images:
            rows.append({"img_id": r["img_id"], "image": images[r["img_id"]], "lang": r["lang"],
                         "source": records.SOURCE_LING, "answer": r["text"], "category": r["category"]})
    return rows


def run_mix(cfg: JobConfig) -> dict:
    out_root = cfg.path("mix")
    if all(ShardedOutput(storage.join(out_root, s)).is_complete() for s in records.SPLITS):
        log.info("mix: %s is complete; skipping (delete it to rebuild)", out_root)
        return {**storage.read_json(storage.join(out_root, "stats.json")), "skipped": True}
    for split in records.SPLITS:  # a half-written mix is rebuilt whole: it is cheap and deterministic
        storage.remove(storage.join(out_root, split))
    rows = load_sources(cfg)
    if not rows:
        raise ValueError("mix: no usable rows in crawl/know or translate for the configured languages")
    split_of = assign_splits(rows, cfg.mix)
    convs = conversations(rows, split_of, cfg.mix)
    stats = StageStats("mix")
    by = Counter((c["split"], c["lang"], c["source"]) for c in convs)
    for split in records.SPLITS:
        part = [c for c in convs if c["split"] == split]
        part.sort(key=lambda c: c["sample_id"])  # deterministic files for a deterministic mix
        out = ShardedOutput(storage.join(out_root, split))
        for k in range(0, max(len(part), 1), SHARD_ROWS):
            out.write(f"part-{k // SHARD_ROWS:05d}", records.to_table(part[k : k + SHARD_ROWS], records.CONVERSATIONS))
        out.mark_complete()
        stats.keep(split, len(part))
    stats.extra["samples"] = {f"{s}/{l}/{src}": n for (s, l, src), n in sorted(by.items())}
    stats.extra["images"] = len(split_of)
    storage.write_text(storage.join(out_root, "card.md"), _card(by))
    return stats.write(out_root)


def _card(by: Counter) -> str:
    lines = ["# mella-ray mix", "", "| split | lang | source | samples |", "|---|---|---|---|"]
    lines += [f"| {s} | {l} | {src} | {n} |" for (s, l, src), n in sorted(by.items())]
    return "\n".join(lines) + "\n"
