"""Caption stage: crawl/pool -> caption/*.parquet (one row per pool image, ok or failed)."""
from __future__ import annotations

import logging

import pyarrow as pa

from mella_ray import records
from mella_ray.caption.parsing import degenerate_reason, split_category
from mella_ray.config import CaptionConfig, JobConfig
from mella_ray.infer import GenRequest, load_engine
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stage import SHARD_COL, engine_resources, map_shards, shard_name
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)


class Captioner:
    """Ray Data callable: one engine per actor, a pyarrow batch of pool rows in, captions out."""

    def __init__(self, caption_cfg: dict, models_dir: str):
        self.cfg = CaptionConfig.model_validate(caption_cfg)
        self.engine = load_engine(self.cfg.engine, models_dir)

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        results = self.engine.generate([GenRequest(self.cfg.prompt, [r["image"]]) for r in rows])
        out = []
        for r, res in zip(rows, results):
            row = {"img_id": r["img_id"], "lang": r["lang"], "pivot_lang": self.cfg.pivot_lang,
                   "model": self.engine.model, SHARD_COL: shard_name(r["path"])}
            reason = res.error or degenerate_reason(res.text)
            if reason:
                row.update(caption=None, category=None, status=records.STATUS_FAILED, error=reason)
            else:
                caption, category = split_category(res.text, self.cfg.categories, self.cfg.default_category)
                row.update(caption=caption, category=category, status=records.STATUS_OK, error=None)
            out.append(row)
        return pa.Table.from_pylist(out, schema=records.CAPTIONS.append(pa.field(SHARD_COL, pa.string())))


def run_caption(cfg: JobConfig) -> dict:
    pool = ShardedOutput(cfg.path("crawl", "pool"))
    inputs = pool.shard_paths()
    if not inputs:
        raise FileNotFoundError(f"caption: no finished shards in {pool.folder}; run the crawl stage first")
    records.require_columns("crawl/pool", storage.parquet_schema(inputs[0]).names, ["img_id", "image", "lang"])
    out = ShardedOutput(cfg.path("caption"))
    stats = StageStats("caption")
    expected = {shard_name(p): storage.parquet_rows(p) for p in inputs}
    written = map_shards(
        inputs=inputs, expected_rows=expected, out=out, schema=records.CAPTIONS, fn=Captioner,
        fn_kwargs={"caption_cfg": cfg.caption.model_dump(), "models_dir": cfg.models_path},
        columns=["img_id", "image", "lang"], batch_size=cfg.caption.engine.batch_size,
        resources=engine_resources(cfg.caption.engine), what="caption",
    )
    stats.count_status(out.read_all(columns=["lang", "status", "error"]))
    stats.extra.update(shards_written=written, shards_total=len(inputs), skipped=written == 0, model=cfg.caption.engine.model)
    out.mark_complete()
    return stats.write(out.folder)
