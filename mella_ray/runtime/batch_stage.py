"""Run a callable class over Parquet shards with Ray Data, with exact, shard-level resume.

Each input shard maps to one output shard of the same name. Only shards without a done
marker are read; rows stream through `map_batches` (the engine is created once per actor)
and the driver collects them by shard, writing a shard and its marker once every expected
row has arrived. A killed run loses at most the shards in flight, and a rerun redoes only
those: nothing is written twice.
"""
from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray.config import EngineConfig
from mella_ray.runtime.log import Progress
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

SHARD_COL = "_shard"


def shard_name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".parquet")


def engine_resources(engine: EngineConfig) -> dict[str, Any]:
    """map_batches resources: GPUs (and an accelerator type for the autoscaler), or CPUs."""
    from ray.data import ActorPoolStrategy

    res: dict[str, Any] = {"compute": ActorPoolStrategy(size=engine.concurrency)}
    if engine.num_gpus > 0:
        res["num_gpus"] = engine.num_gpus
        if engine.accelerator_type:
            res["accelerator_type"] = engine.accelerator_type
    else:
        res["num_cpus"] = engine.num_cpus
    return res


def map_shards(
    *,
    inputs: list[str],
    expected_rows: dict[str, int],
    out: ShardedOutput,
    schema: pa.Schema,
    fn: type,
    fn_kwargs: dict[str, Any],
    columns: list[str],
    batch_size: int,
    resources: dict[str, Any],
    what: str,
    on_shard: Callable[[pa.Table], None] | None = None,
) -> int:
    """Process pending input shards; returns the number of shards written."""
    import ray

    pending = [p for p in inputs if not out.is_done(shard_name(p))]
    log.info("%s: %d input shard(s), %d already done, %d to do", what, len(inputs), len(inputs) - len(pending), len(pending))
    written = 0
    for p in pending:  # shards that produce nothing are finished at once
        if expected_rows.get(shard_name(p), 0) == 0:
            table = schema.empty_table()
            out.write(shard_name(p), table)
            written += 1
    pending = [p for p in pending if expected_rows.get(shard_name(p), 0) > 0]
    if not pending:
        return written
    ds = ray.data.read_parquet(pending, columns=columns, include_paths=True)
    ds = ds.map_batches(fn, fn_constructor_kwargs=fn_kwargs, batch_size=batch_size, batch_format="pyarrow", **resources)
    buffers: dict[str, list[pa.Table]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    progress = Progress(what, total=sum(expected_rows[shard_name(p)] for p in pending))
    for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
        for name in set(batch.column(SHARD_COL).to_pylist()):
            part = batch.filter(pc.equal(batch.column(SHARD_COL), name)).drop_columns([SHARD_COL])
            buffers[name].append(part.select(schema.names).cast(schema))
            counts[name] += part.num_rows
            progress.update(part.num_rows)
            if counts[name] >= expected_rows[name]:
                table = pa.concat_tables(buffers.pop(name))
                if counts[name] != expected_rows[name]:
                    raise RuntimeError(f"{what}: shard {name} produced {counts[name]} rows, expected {expected_rows[name]}")
                out.write(name, table)
                if on_shard:
                    on_shard(table)
                written += 1
    progress.close()
    if buffers:
        raise RuntimeError(f"{what}: shards {sorted(buffers)} ended incomplete; rerun to redo them")
    return written
