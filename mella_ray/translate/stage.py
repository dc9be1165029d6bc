"""Translate stage: caption/*.parquet -> translate/*.parquet (one row per caption and target).

The model is checked on the driver before any caption is read. Then:
- hf / tiny / MT: ok captions stream through one engine actor pool (Ray Data map_batches, with
  concurrency, num_gpus and batch_size from YAML; translator.py);
- vllm: chunks through the same ray.data.llm processor as captioning, gates on CPU after it
  (processor.py), in waves of shards.
map_shards saves rows by shard on the workers, with exact resume; the driver only counts.
"""

from __future__ import annotations

import logging

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import JobConfig, TranslateConfig
from mella_ray.infer import check_model, load_engine
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stage import OUT_TOKENS_COL, SHARD_COL, engine_resources, map_shards
from mella_ray.runtime.batch_stats import write_stage_stats
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.translate.processor import processor_build
from mella_ray.translate.translator import Translator

log = logging.getLogger(__name__)

OUT_SCHEMA = records.TRANSLATIONS.append(pa.field(SHARD_COL, pa.string())).append(pa.field(OUT_TOKENS_COL, pa.int64()))
INPUT_COLS = ["img_id", "lang", "caption", "category", "status", "pivot_lang"]


class TranslateActor:
    """Ray Data callable: one engine per actor; a batch of caption rows in, translation rows out."""

    def __init__(self, translate_cfg: dict, languages: list[str], models_dir: str, model: str):
        cfg = TranslateConfig.model_validate(translate_cfg)
        self.translator = Translator(cfg, languages, load_engine(cfg.engine, models_dir, model=model, role="text"))

    def __call__(self, batch: pa.Table) -> pa.Table:
        return pa.Table.from_pylist(self.translator.rows(batch.to_pylist()), schema=OUT_SCHEMA)


def _only_ok(batch: pa.Table) -> pa.Table:
    return batch.filter(pc.equal(batch.column("status"), records.STATUS_OK))


def _actor_build(cfg: JobConfig, model: str):
    tc = cfg.translate

    def build(ds):
        ds = ds.map_batches(_only_ok, batch_format="pyarrow", batch_size=None, num_cpus=0.1)
        return ds.map_batches(
            TranslateActor,
            fn_constructor_kwargs={
                "translate_cfg": tc.model_dump(),
                "languages": cfg.languages,
                "models_dir": cfg.models_path,
                "model": model,
            },
            batch_size=tc.engine.batch_size,
            batch_format="pyarrow",
            **engine_resources(tc.engine),
        )

    return build


def _vllm_build(cfg: JobConfig, model: str):
    from mella_ray.infer.models import read_model_config
    from mella_ray.infer.vllm_backend import build_llm_processor

    engine, model_config = cfg.translate.engine, read_model_config(model)
    return processor_build(
        cfg.translate,
        cfg.languages,
        model,
        OUT_SCHEMA,
        lambda to_messages, max_tokens: build_llm_processor(engine, model, model_config, to_messages, max_tokens),
    )


def run_translate(cfg: JobConfig) -> dict:
    tc = cfg.translate
    model = check_model(tc.engine, cfg.models_path, role="text", key="translate.engine")  # before any data
    captions = ShardedOutput(cfg.path("caption"))
    inputs = captions.shard_paths()
    if inputs and not captions.is_complete():  # shards the upstream rewrites later are redone then
        log.warning("translate: caption is not marked complete; its shards may still change")
    if not inputs:
        raise FileNotFoundError(f"translate: no finished shards in {captions.folder}; run the caption stage first")
    records.require_columns("caption", storage.parquet_schema(inputs[0]).names, INPUT_COLS)
    per_caption = 1 if tc.targets == "image_lang" else len(cfg.languages)
    out = ShardedOutput(cfg.path("translate"))
    vllm = tc.engine.backend == "vllm"
    run = map_shards(
        inputs=inputs,
        out=out,
        schema=records.TRANSLATIONS,
        columns=INPUT_COLS,
        build=_vllm_build(cfg, model) if vllm else _actor_build(cfg, model),
        wave_shards=tc.wave_shards if vllm else None,
        what="translate",
        count_columns=["img_id", "status"],
        count_keep=_only_ok,
        row_key=("img_id", "lang"),
        per_input=per_caption,
        settings=f"targets={','.join(sorted(cfg.languages)) if tc.targets == 'all' else tc.targets}",
    )
    return write_stage_stats(
        out, "translate", run, model=model, backend=tc.engine.backend, backtranslation=tc.backtranslation
    )
