"""Translate on vLLM: the same ray.data.llm processor as captioning, with the chunking before it
and the quality gates after it, each on CPU.

    captions -> split (CPU: one row per chunk and target) -> processor (GPU: continuous batching
    across every chunk in flight) -> regroup by (img_id, target) and gate (CPU) -> rows
    [-> split the accepted texts -> processor -> regroup and score the back-translations]

A caption's chunks leave the processor in any order and in any batch, so they are brought
together again by a group-by on (img_id, target). A group-by waits for all of its input, so
map_shards runs the stage in waves of shards (`translate.wave_shards`): each wave's rows are
saved before the next starts, and a killed run loses at most one wave. What to ask and what the
answers make is assembly.py, the same code the in-actor engines run.

A row that needs no generation (a caption over `max_source_chars`, a rejected translation in
the back pass) still goes through the processor, as a one-token request, so that every group
reaches the end and every row is accounted for.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pyarrow as pa

from mella_ray import records
from mella_ray.config import TranslateConfig
from mella_ray.translate.assembly import (
    Job,
    Translated,
    back_job,
    chunk_prompt,
    combine,
    forward_job,
    forward_jobs,
    plan,
    score_backtranslation,
    too_long,
    translation_row,
)

KEY = ["img_id", "target"]
CHUNKS = pa.schema(
    [
        ("img_id", pa.string()),
        ("target", pa.string()),
        ("_chunk", pa.int32()),
        ("_chunks", pa.int32()),
        ("_text", pa.string()),
        ("_sep", pa.string()),
        ("_src", pa.string()),
        ("_tgt", pa.string()),
        ("_skip", pa.bool_()),
        ("_carry", pa.string()),
    ]
)  # JSON of what the regrouped rows need (caption, row)

# (to_messages, max_tokens) -> a function from a Dataset to the processed Dataset
ProcessorFactory = Callable[[Callable[[dict], list[dict]], Callable[[dict], int | None]], Callable[[Any], Any]]


def _chunk_rows(img_id: str, target: str, job: Job | None, carry: dict, cfg: TranslateConfig) -> list[dict]:
    """One row per chunk of `job`; one skip row when there is nothing to generate."""
    base = {"img_id": img_id, "target": target, "_carry": json.dumps(carry, ensure_ascii=False)}
    chunks = plan(job, cfg) if job is not None else []
    if not chunks:
        return [{**base, "_chunk": 0, "_chunks": 0, "_text": "", "_sep": "", "_src": "", "_tgt": target, "_skip": True}]
    return [
        {
            **base,
            "_chunk": j,
            "_chunks": len(chunks),
            "_text": c,
            "_sep": s,
            "_src": job.src,
            "_tgt": job.tgt,
            "_skip": False,
        }
        for j, (c, s) in enumerate(chunks)
    ]


def split_captions(batch: pa.Table, *, cfg: dict, languages: list[str]) -> pa.Table:
    """Caption rows -> chunk rows, one per chunk of each (ok caption, target language)."""
    tc = TranslateConfig.model_validate(cfg)
    rows = []
    for caption, lang in forward_jobs(batch.to_pylist(), tc, languages):
        job = None if too_long(caption, tc) else forward_job(caption, lang)
        rows += _chunk_rows(caption["img_id"], lang, job, {"caption": caption}, tc)
    return pa.Table.from_pylist(rows, schema=CHUNKS)


def messages_for(cfg: TranslateConfig, back: bool) -> Callable[[dict], list[dict]]:
    def to_messages(row: dict) -> list[dict]:
        text = (
            "." if row["_skip"] else chunk_prompt(row["_text"], Job(row["_text"], row["_src"], row["_tgt"]), cfg, back)
        )
        return [{"role": "user", "content": text}]

    return to_messages


def max_tokens(row: dict) -> int | None:
    return 1 if row["_skip"] else None  # a skip row only has to flow through


def finish_group(group: pa.Table, *, cfg: dict, model: str, back: bool, schema: pa.Schema) -> pa.Table:
    """One (img_id, target)'s chunk rows, back from the processor: the translation row, or in
    the forward pass of a run with back-translation, the back-translation's chunk rows."""
    from mella_ray.infer.vllm_backend import result_from_row

    tc = TranslateConfig.model_validate(cfg)
    rows = sorted(group.to_pylist(), key=lambda r: r["_chunk"])
    first = rows[0]
    carry, lang = json.loads(first["_carry"]), first["target"]
    if first["_skip"]:
        t = (
            Translated(None, None, 0)
            if not back and too_long(carry["caption"], tc)
            else combine([], [], lang, tc, back)
        )
    else:
        t = combine(
            [(r["_text"], r["_sep"]) for r in rows], [result_from_row(r) for r in rows], first["_tgt"], tc, back
        )
    if back:
        row = carry["row"]
        if not first["_skip"]:
            score_backtranslation(row, carry["caption"], t, tc)
        return pa.Table.from_pylist([row], schema=schema)
    row = translation_row(carry["caption"], lang, t, tc, model)
    if not tc.backtranslation:
        return pa.Table.from_pylist([row], schema=schema)
    job = back_job(row, t.text, carry["caption"]) if row["status"] == records.STATUS_OK else None
    return pa.Table.from_pylist(
        _chunk_rows(row["img_id"], lang, job, {"caption": carry["caption"], "row": row}, tc), schema=CHUNKS
    )


_NEEDED = [*CHUNKS.names, "generated_text", "num_generated_tokens", "num_input_tokens", "__inference_error__"]


def _only_needed(batch: pa.Table) -> pa.Table:
    """What the group step reads: the processor's own columns (prompts, token ids) stay behind
    instead of going through the shuffle."""
    return batch.select([c for c in _NEEDED if c in batch.column_names])


def processor_build(
    cfg: TranslateConfig, languages: list[str], model: str, schema: pa.Schema, make_processor: ProcessorFactory
) -> Callable[[Any], Any]:
    """map_shards' `build` for the vllm backend: caption rows in, rows of `schema` out."""
    passes = [False, True] if cfg.backtranslation else [False]
    processors = {back: make_processor(messages_for(cfg, back), max_tokens) for back in passes}

    def build(ds):
        ds = ds.map_batches(
            split_captions,
            fn_kwargs={"cfg": cfg.model_dump(), "languages": languages},
            batch_format="pyarrow",
            batch_size=None,
            num_cpus=0.1,
        )
        for back in passes:
            ds = processors[back](ds).map_batches(_only_needed, batch_format="pyarrow", batch_size=None, num_cpus=0.1)
            # one partition per shard of a wave: groups stay small, and the aggregator count is bounded
            ds = ds.groupby(KEY, num_partitions=cfg.wave_shards).map_groups(
                finish_group,
                fn_kwargs={"cfg": cfg.model_dump(), "model": model, "back": back, "schema": schema},
                batch_format="pyarrow",
                num_cpus=0.1,
            )
        return ds

    return build
