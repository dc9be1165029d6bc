"""Caption stage: crawl/pool -> caption/*.parquet (one row per pool image, ok or failed).

The model is checked on the driver before any image is read. Then, per pending shard:
read -> CPU preprocessing (caption/preprocess.py, its own map stage) -> the engine:
- hf / tiny: an actor pool of engines (map_batches; concurrency, num_gpus, batch_size from
  YAML) that only runs the model;
- vllm: a ray.data.llm processor (continuous batching across batches, tensor parallelism).
map_shards saves rows by shard on the workers, with exact resume; the driver only counts.
"""

from __future__ import annotations

import logging

import pyarrow as pa

from mella_ray import records
from mella_ray.caption.parsing import caption_fields
from mella_ray.caption.preprocess import PREP_ERROR_COL, PREP_REASON_COL, PREPARED_COL, prepare_batch
from mella_ray.config import CaptionConfig, JobConfig
from mella_ray.infer import GenRequest, GenResult, check_model, failed, load_engine
from mella_ray.infer.images import PreparedImage
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stage import (
    IN_TOKENS_COL,
    OUT_TOKENS_COL,
    SHARD_COL,
    engine_resources,
    map_shards,
)
from mella_ray.runtime.batch_stats import write_stage_stats
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

OUT_SCHEMA = (
    records.CAPTIONS.append(pa.field(SHARD_COL, pa.string()))
    .append(pa.field(OUT_TOKENS_COL, pa.int64()))
    .append(pa.field(IN_TOKENS_COL, pa.int64()))
)
INPUT_COLS = ["img_id", "image", "lang"]


def caption_row(r: dict, res: GenResult, cfg: CaptionConfig, model: str) -> dict:
    return {
        "img_id": r["img_id"],
        "lang": r["lang"],
        "pivot_lang": cfg.pivot_lang,
        "model": model,
        **caption_fields(res.text, res.reason, res.error, cfg.categories, cfg.default_category),
        SHARD_COL: r[SHARD_COL],
        OUT_TOKENS_COL: res.completion_tokens,
        IN_TOKENS_COL: res.prompt_tokens,
    }


def prep_failed(row: dict) -> GenResult:
    """The result of a row whose image preprocessing refused (no engine saw it)."""
    return GenResult(None, error=row[PREP_ERROR_COL], finish_reason="error", reason=row[PREP_REASON_COL])


class CaptionActor:
    """Ray Data callable on the accelerator: prepared images in, caption rows out."""

    def __init__(self, caption_cfg: dict, models_dir: str, model: str):
        self.cfg = CaptionConfig.model_validate(caption_cfg)
        self.engine = load_engine(self.cfg.engine, models_dir, model=model, role="vision")

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.drop_columns([PREPARED_COL]).to_pylist()
        # Prepared images are megabytes each: view them in the batch's buffers instead of copying.
        images = [s.as_buffer() if s.is_valid else None for s in batch.column(PREPARED_COL)]
        todo = [(r, im) for r, im in zip(rows, images) if not r[PREP_REASON_COL]]
        try:
            results = self.engine.generate(
                [GenRequest(self.cfg.prompt, [PreparedImage.from_bytes(im)]) for _, im in todo]
            )
        except Exception as e:  # an engine that raises for a whole batch: every row records it
            log.warning("caption: engine failed on a batch of %d", len(todo), exc_info=True)
            results = [failed("engine_error", e)] * len(todo)
        by_id = {id(r): res for (r, _), res in zip(todo, results)}
        out = [caption_row(r, by_id.get(id(r)) or prep_failed(r), self.cfg, self.engine.model) for r in rows]
        return pa.Table.from_pylist(out, schema=OUT_SCHEMA)


def _hf_build(cfg: JobConfig, model: str):
    cc = cfg.caption

    def build(ds):
        ds = ds.map_batches(
            prepare_batch,
            fn_kwargs={"model": model, "max_pixels": cc.engine.max_pixels, "features": cc.preprocess_features},
            batch_size=cc.engine.batch_size,
            batch_format="pyarrow",
            num_cpus=cc.preprocess_num_cpus,
        )
        return ds.map_batches(
            CaptionActor,
            fn_constructor_kwargs={"caption_cfg": cc.model_dump(), "models_dir": cfg.models_path, "model": model},
            batch_size=cc.engine.batch_size,
            batch_format="pyarrow",
            **engine_resources(cc.engine),
        )

    return build


def _vllm_build(cfg: JobConfig, model: str):
    from mella_ray.infer.datauri import to_data_url
    from mella_ray.infer.models import read_model_config
    from mella_ray.infer.vllm_backend import build_llm_processor, chat_messages, result_from_row

    cc = cfg.caption

    def to_messages(row: dict) -> list[dict]:
        if row[PREP_REASON_COL]:  # nothing to look at: a 1-token text request keeps the row flowing
            return [{"role": "user", "content": "."}]
        return chat_messages(GenRequest(cc.prompt), [to_data_url(row[PREPARED_COL])])

    processor = build_llm_processor(
        cc.engine,
        model,
        read_model_config(model),
        to_messages,
        max_tokens=lambda row: 1 if row[PREP_REASON_COL] else None,
        drop=(PREPARED_COL,),
    )

    def finish(row: dict) -> dict:
        res = prep_failed(row) if row[PREP_REASON_COL] else result_from_row(row)
        return caption_row(row, res, cc, model)

    def build(ds):
        ds = ds.map_batches(
            prepare_batch,
            fn_kwargs={"model": model, "max_pixels": cc.engine.max_pixels, "features": False, "png": True},
            batch_size=cc.engine.batch_size,
            batch_format="pyarrow",
            num_cpus=cc.preprocess_num_cpus,
        )
        return processor(ds).map(finish, num_cpus=0.1)

    return build


def run_caption(cfg: JobConfig) -> dict:
    cc = cfg.caption
    model = check_model(cc.engine, cfg.models_path, role="vision", key="caption.engine")  # before any data
    pool = ShardedOutput(cfg.path("crawl", "pool"))
    inputs = pool.shard_paths()
    if inputs and not pool.is_complete():  # shards the upstream rewrites later are redone then
        log.warning("caption: crawl/pool is not marked complete; its shards may still change")
    if not inputs:
        raise FileNotFoundError(f"caption: no finished shards in {pool.folder}; run the crawl stage first")
    records.require_columns("crawl/pool", storage.parquet_schema(inputs[0]).names, INPUT_COLS)
    out = ShardedOutput(cfg.path("caption"))
    build = _vllm_build(cfg, model) if cc.engine.backend == "vllm" else _hf_build(cfg, model)
    run = map_shards(
        inputs=inputs,
        out=out,
        schema=records.CAPTIONS,
        columns=INPUT_COLS,
        build=build,
        what="caption",
        count_columns=["img_id"],
    )
    return write_stage_stats(out, "caption", run, model=model, backend=cc.engine.backend)
