"""Reading the mix's inputs: D_know from crawl/know, D_ling from translate + crawl/pool.

Only metadata is read here (no image bytes), and everything is checked before the stage
writes anything: a missing or empty table, or a language with no rows for a source the mix
needs, fails with one message that names the table, language and source and why.
"""
from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

IMAGE_META = ["img_id", "lang", "width", "height", "format", "dup_group"]
KNOW_COLS = IMAGE_META + ["alt", "category"]
TRANSLATE_COLS = ["img_id", "lang", "text", "category", "status", "error"]
_WHAT = {"crawl/know": "crawl", "crawl/pool": "crawl", "translate": "translate"}


class MixInputError(ValueError):
    """The mix's inputs cannot make the configured mix; the message says which and why."""


@dataclass
class Sources:
    rows: list[dict]  # img_id, lang, source, answer, category, dup_group
    images: dict[str, dict]  # img_id -> {width, height, format}
    dropped: Counter = field(default_factory=Counter)  # reason -> rows
    shards: dict[str, list[str]] = field(default_factory=dict)  # table -> shard paths (for image bytes)


def read_table(folder: str, table: str, columns: list[str]) -> tuple[pa.Table, list[str]]:
    paths = ShardedOutput(folder).shard_paths()
    if not paths:
        raise MixInputError(f"mix: {table}: no finished shards in {folder}; run the {_WHAT[table]} stage first")
    for p in paths:  # every shard: a stale shard from an older stage version fails here, named
        records.require_columns(table, storage.parquet_schema(p).names, columns)
    t = pa.concat_tables([storage.read_parquet(p, columns) for p in paths])
    if t.num_rows == 0:
        raise MixInputError(f"mix: {table}: the table in {folder} has no rows; rerun the {_WHAT[table]} stage")
    return t, paths


def _meta(r: dict) -> dict:
    return {"width": r["width"], "height": r["height"], "format": r["format"]}


def load_sources(cfg, needed: set[tuple[str, str]]) -> Sources:
    """All usable rows of the configured languages; `needed` (lang, source) must have rows."""
    langs = set(cfg.languages)
    know, know_paths = read_table(cfg.path("crawl", "know"), "crawl/know", KNOW_COLS)
    src = Sources([], {}, shards={"crawl/know": know_paths})
    seen: set[tuple[str, str, str]] = set()

    def add(r: dict, source: str, answer: str | None, dup_group: str | None, reason_prefix: str) -> None:
        key = (r["img_id"], r["lang"], source)
        if r["lang"] not in langs:
            src.dropped[f"{reason_prefix}:language_not_configured"] += 1
        elif not (answer or "").strip():
            src.dropped[f"{reason_prefix}:empty_text"] += 1
        elif key in seen:
            src.dropped[f"{reason_prefix}:duplicate_row"] += 1
        else:
            seen.add(key)
            src.rows.append({"img_id": r["img_id"], "lang": r["lang"], "source": source, "answer": answer.strip(),
                             "category": r.get("category"), "dup_group": dup_group})

    for r in know.to_pylist():
        add(r, records.SOURCE_KNOW, r["alt"], r["dup_group"], "know")
        src.images[r["img_id"]] = _meta(r)
    ling_needed = any(s == records.SOURCE_LING for _, s in needed)
    trans_stats: Counter = Counter()
    if ling_needed:
        trans, _ = read_table(cfg.path("translate"), "translate", TRANSLATE_COLS)
        pool, pool_paths = read_table(cfg.path("crawl", "pool"), "crawl/pool", IMAGE_META)
        src.shards["crawl/pool"] = pool_paths
        pool_meta = {r["img_id"]: r for r in pool.to_pylist()}
        for r in trans.to_pylist():
            trans_stats[(r["lang"], r["status"] if r["status"] == records.STATUS_OK else (r["error"] or "failed"))] += 1
            if r["status"] != records.STATUS_OK:
                src.dropped["ling:translation_failed"] += 1
            elif r["img_id"] not in pool_meta:
                src.dropped["ling:image_not_in_pool"] += 1
                trans_stats[(r["lang"], "image_not_in_pool")] += 1
            else:
                p = pool_meta[r["img_id"]]
                add(r, records.SOURCE_LING, r["text"], p["dup_group"], "ling")
                src.images[r["img_id"]] = _meta(p)
    have = Counter((r["lang"], r["source"]) for r in src.rows)
    missing = sorted(b for b in needed if not have[b])
    if missing:
        raise MixInputError("; ".join(_why_missing(lang, s, know, trans_stats) for lang, s in missing))
    for reason, n in sorted(src.dropped.items()):
        log.info("mix: dropped %d input rows: %s", n, reason)
    return src


def _why_missing(lang: str, source: str, know: pa.Table, trans_stats: Counter) -> str:
    head = f"mix: language {lang!r} has no D_{source} rows"
    if source == records.SOURCE_KNOW:
        n = know.filter(pc.equal(know.column("lang"), lang)).num_rows
        detail = (f"crawl/know has {n} rows for {lang} but none with alt-text" if n else
                  f"crawl/know has no rows for {lang}: add a crawl seed for {lang} or remove it from languages")
    else:
        mine = {k[1]: n for k, n in trans_stats.items() if k[0] == lang}
        detail = (f"translate rows for {lang}: " + ", ".join(f"{why} {n}" for why, n in sorted(mine.items())) if mine else
                  f"translate has no rows for {lang}: check translate.targets and the caption stage")
    return f"{head} ({detail}); the mix needs it for mix.test_per_lang or a positive mix.weights.{source}"
