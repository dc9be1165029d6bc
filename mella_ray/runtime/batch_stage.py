"""Run a Ray Data pipeline over Parquet shards with exact resume: by shard, and by img_id inside
a shard.

Each input shard maps to one output shard of the same name. Only shards without a done marker
are read. Rows stream through the stage's pipeline (`build`: e.g. a CPU preprocessing map, then
the engine's actor pool) and the driver collects them by shard. Every batch that arrives is
first saved as a part file (`_parts/<shard>/`), then counted; once a shard has all its rows it is
written with its marker and its parts are deleted. A rerun after a crash skips finished shards,
and inside an unfinished shard skips the img_ids its parts already hold, so nothing is computed
or written twice.
"""
from __future__ import annotations

import hashlib
import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import EngineConfig
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)

SHARD_COL = "_shard"  # which input shard a row came from
OUT_TOKENS_COL = "_out_tokens"  # optional per-row counters for stats (dropped before writing)
IN_TOKENS_COL = "_in_tokens"


def shard_name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".parquet")


def engine_resources(engine: EngineConfig) -> dict[str, Any]:
    """map_batches resources: GPUs (and an accelerator type for the autoscaler), or CPUs."""
    from ray.data import ActorPoolStrategy

    res: dict[str, Any] = {"compute": ActorPoolStrategy(size=engine.concurrency)}
    if engine.backend == "vllm" and engine.tensor_parallel_size > 1:
        # vLLM's Ray executor reserves the tensor-parallel GPUs itself (a placement group);
        # an actor that also held one would deadlock a node with exactly that many GPUs.
        res["num_cpus"] = 1
        if engine.accelerator_type:
            res["accelerator_type"] = engine.accelerator_type
    elif engine.num_gpus > 0:
        res["num_gpus"] = engine.num_gpus
        if engine.accelerator_type:
            res["accelerator_type"] = engine.accelerator_type
    else:
        res["num_cpus"] = engine.num_cpus
    return res


def failure_reason(error: str | None) -> str:
    """The short reason of an error ("undecodable_image: ..." -> "undecodable_image")."""
    return (error or "failed").split(":", 1)[0].strip()[:80] or "failed"


class ShardParts:
    """Rows of unfinished shards saved batch by batch, so a crash loses no finished row. They
    sit under `_parts/<shard>/<digest of its source>/`: parts made from other contents of the
    input, or under other settings, are never mixed in."""

    def __init__(self, out: ShardedOutput, schema: pa.Schema, key: str, row_key: tuple[str, ...], per_input: int,
                 sources: dict[str, str]):
        self.folder = storage.join(out.folder, "_parts")
        self.schema, self.key, self.row_key, self.per_input = schema, key, row_key, per_input
        self.sources = sources

    def _dir(self, name: str) -> str:
        return storage.join(self.folder, name, hashlib.sha1(self.sources[name].encode()).hexdigest()[:16])

    def add(self, name: str, table: pa.Table) -> None:
        if table.num_rows:
            storage.write_parquet(storage.join(self._dir(name), f"{uuid.uuid4().hex}.parquet"), table)

    def load(self, name: str) -> pa.Table:
        """Saved rows of `name`: unreadable (torn) files ignored, duplicates dropped, and inputs
        with only some of their rows dropped (they are simply redone). Parts of another source
        are deleted."""
        current = self._dir(name)
        for d in storage.list_files(storage.join(self.folder, name), suffix=""):
            if d.rstrip("/").rsplit("/", 1)[-1] != current.rsplit("/", 1)[-1]:
                storage.remove(d)
        tables = []
        for p in storage.list_files(current):
            try:
                tables.append(storage.read_parquet(p).select(self.schema.names).cast(self.schema))
            except Exception as e:  # a file torn by the crash: its rows are redone
                log.warning("ignoring unreadable part %s (%s)", p, type(e).__name__)
        if not tables:
            return self.schema.empty_table()
        rows, seen, per_key = [], set(), Counter()
        for r in pa.concat_tables(tables).to_pylist():
            k = tuple(r[c] for c in self.row_key)
            if k not in seen:
                seen.add(k)
                rows.append(r)
                per_key[r[self.key]] += 1
        rows = [r for r in rows if per_key[r[self.key]] >= self.per_input]
        return pa.Table.from_pylist(rows, schema=self.schema)

    def clear(self, name: str) -> None:
        storage.remove(storage.join(self.folder, name))


@dataclass
class RunStats:
    """What this run did (not what earlier runs left): for rows/s and tokens/s in stats.json."""

    shards_written: int = 0
    rows: int = 0
    resumed_rows: int = 0  # rows found in parts of unfinished shards and not redone
    output_tokens: int = 0
    prompt_tokens: int = 0
    seconds: float = 0.0
    failures: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        s = max(self.seconds, 1e-9)
        return {"shards_written": self.shards_written, "rows_this_run": self.rows, "resumed_rows": self.resumed_rows,
                "run_seconds": round(self.seconds, 3), "rows_per_s": round(self.rows / s, 3) if self.rows else 0.0,
                "output_tokens": self.output_tokens, "prompt_tokens": self.prompt_tokens,
                "output_tokens_per_s": round(self.output_tokens / s, 1) if self.rows else 0.0,
                "failed_this_run": dict(sorted(self.failures.items()))}


class _Live:
    """Progress lines while the stage runs: rows, rows/s, output tokens/s, failures."""

    def __init__(self, what: str, total: int, every_s: float = 5.0):
        self.what, self.total, self.every_s = what, total, every_s
        self.start = self._last = time.monotonic()

    def update(self, st: RunStats, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.every_s:
            self._last, el = now, max(now - self.start, 1e-9)
            log.info("%s: %d/%d rows (%.2f rows/s, %.1f output tokens/s), %d failed", self.what, st.rows,
                     self.total, st.rows / el, st.output_tokens / el, sum(st.failures.values()))


def _tag_and_skip(skip: dict[str, set]) -> Callable[[pa.Table], pa.Table]:
    """Adds the shard column (from read_parquet's path) and drops inputs already done."""

    def fn(batch: pa.Table) -> pa.Table:
        names = pa.array([shard_name(p) for p in batch.column("path").to_pylist()], pa.string())
        batch = batch.drop_columns(["path"]).append_column(SHARD_COL, names)
        if skip:
            keep = [k not in skip.get(s, ()) for s, k in zip(names.to_pylist(), batch.column("img_id").to_pylist())]
            batch = batch.filter(pa.array(keep, pa.bool_()))
        return batch

    return fn


def map_shards(*, inputs: list[str], expected_rows: dict[str, int], out: ShardedOutput, schema: pa.Schema,
               columns: list[str], build: Callable[[Any], Any], what: str, key: str = "img_id",
               row_key: tuple[str, ...] = ("img_id",), per_input: int = 1, settings: str = "",
               on_shard: Callable[[pa.Table], None] | None = None) -> RunStats:
    """Process pending input shards through `build(dataset)`; returns this run's numbers.

    `build` gets rows of `columns` plus SHARD_COL and must return rows of `schema` plus
    SHARD_COL (and optionally the token columns). Each input row (by `key`) yields `per_input`
    output rows, identified by `row_key`; `expected_rows` counts output rows per shard.
    `settings` names the configuration that decides which output rows a shard has (e.g. the
    target languages): a shard done under other settings, or from other contents of its
    input, is done again; one whose input is gone is deleted.
    """
    import ray

    t0, st = time.monotonic(), RunStats()
    sources = {shard_name(p): shard_source(p, settings) for p in inputs}
    parts = ShardParts(out, schema, key, row_key, per_input, sources)
    done = _reconcile(out, parts, sources, what)

    def finish(name: str, table: pa.Table) -> None:
        if table.num_rows != expected_rows.get(name, 0):
            raise RuntimeError(f"{what}: shard {name} has {table.num_rows} rows, expected {expected_rows.get(name, 0)}")
        out.write(name, table, source=sources[name])
        parts.clear(name)
        st.shards_written += 1
        if on_shard:
            on_shard(table)

    pending = [p for p in inputs if shard_name(p) not in done]
    log.info("%s: %d input shard(s), %d already done, %d to do", what, len(inputs), len(inputs) - len(pending), len(pending))
    todo, have, skip = [], {}, {}
    for p in pending:
        name = shard_name(p)
        have[name] = parts.load(name)
        if have[name].num_rows >= expected_rows.get(name, 0):  # nothing left to compute
            finish(name, have[name])
            continue
        todo.append(p)
        if have[name].num_rows:
            skip[name] = set(have[name].column(key).to_pylist())
            st.resumed_rows += have[name].num_rows
    if skip:
        log.info("%s: resuming %d shard(s) mid-way; %d rows already done there", what, len(skip), st.resumed_rows)
    if not todo:
        st.seconds = time.monotonic() - t0
        return st
    ds = ray.data.read_parquet(todo, columns=columns, include_paths=True)
    ds = build(ds.map_batches(_tag_and_skip(skip), batch_format="pyarrow", batch_size=None, num_cpus=0.1))
    buffers: dict[str, list[pa.Table]] = defaultdict(list)
    counts = {shard_name(p): have[shard_name(p)].num_rows for p in todo}
    held = {n: set(zip(*(have[n].column(c).to_pylist() for c in row_key))) for n in counts}  # row keys so far
    unfinished = set(counts)
    live = _Live(what, sum(expected_rows[n] - counts[n] for n in counts))
    for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
        for col, attr in ((OUT_TOKENS_COL, "output_tokens"), (IN_TOKENS_COL, "prompt_tokens")):
            if col in batch.column_names:
                setattr(st, attr, getattr(st, attr) + int(pc.sum(batch.column(col)).as_py() or 0))
        for r in batch.select(["status", "error"]).to_pylist():
            if r["status"] != records.STATUS_OK:
                st.failures[failure_reason(r["error"])] += 1
        st.rows += batch.num_rows
        for name in pc.unique(batch.column(SHARD_COL)).to_pylist():
            part = batch.filter(pc.equal(batch.column(SHARD_COL), name)).select(schema.names).cast(schema)
            part = _new_rows(part, held.get(name), row_key)  # a row delivered twice counts once
            if part is None:
                log.warning("%s: rows for shard %s arrived after it was finished; ignored", what, name)
                continue
            parts.add(name, part)  # saved before it counts: a crash after this point keeps the rows
            buffers[name].append(part)
            counts[name] += part.num_rows
            if counts[name] >= expected_rows[name]:
                finish(name, pa.concat_tables([have.pop(name), *buffers.pop(name)]))
                unfinished.discard(name)
                del held[name]
        live.update(st)
    live.update(st, force=True)
    st.seconds = time.monotonic() - t0
    if not unfinished and not storage.list_files(parts.folder, suffix=""):
        storage.remove(parts.folder)  # nothing left to resume: leave a clean output folder
    if unfinished:  # rows went missing on the way (their parts are kept: a rerun redoes only the rest)
        raise RuntimeError(f"{what}: shards {sorted(unfinished)} ended incomplete; rerun to finish them")
    return st


def shard_source(path: str, settings: str = "") -> str:
    """What an output shard is made from: its input's identity and the settings."""
    return f"{storage.identity(path)}|{settings}"


def _new_rows(part: pa.Table, held: set | None, row_key: tuple[str, ...]) -> pa.Table | None:
    """The rows of `part` whose keys are not yet held (and holds them); None if the shard is done."""
    if held is None:
        return None
    keep = []
    for k in zip(*(part.column(c).to_pylist() for c in row_key)):
        keep.append(k not in held)
        held.add(k)
    return part if all(keep) else part.filter(pa.array(keep, pa.bool_()))


def _reconcile(out: ShardedOutput, parts: ShardParts, sources: dict[str, str], what: str) -> set[str]:
    """Make the output match the inputs before work starts: shards whose input is gone are
    deleted (a recrawl renames shards); shards made from other contents or settings are
    undone; parts left by a shard that did finish, or whose input is gone, are cleared.
    Returns the names of the shards that stay done."""
    marked, done = out.done_names(), set()
    for name in sorted(marked):
        if name not in sources:
            log.info("%s: deleting shard %s: its input is gone", what, name)
            out.remove(name)
        elif out.source(name) != sources[name]:
            log.info("%s: redoing shard %s: its input or the settings changed since it was made", what, name)
            out.remove(name)
        else:
            done.add(name)
    for p in storage.list_files(out.folder):  # torn writes of shards that no input makes any more
        name = p.rsplit("/", 1)[-1][: -len(".parquet")]
        if name not in sources and name not in marked:
            storage.remove(p)
    for d in storage.list_files(parts.folder, suffix=""):
        name = d.rstrip("/").rsplit("/", 1)[-1]
        if name not in sources or name in done:
            storage.remove(d)
    return done


def write_stage_stats(out: ShardedOutput, stage: str, run: RunStats, **extra) -> dict:
    """stats.json over the whole output (ok per language, failures by reason) plus this run's
    rates; marks the output complete."""
    stats = StageStats(stage)
    stats.started -= run.seconds  # elapsed_s: this run's work, not just the bookkeeping
    table = out.read_all(columns=["lang", "status", "error"])
    reasons: Counter = Counter()
    for r in (table.to_pylist() if table is not None else []):
        if r["status"] == records.STATUS_OK:
            stats.keep(r["lang"])
        else:
            reasons[failure_reason(r["error"])] += 1
    for reason, n in reasons.items():
        stats.drop(reason, n)
    run_d = run.as_dict()
    stats.extra.update(run_d, skipped=run.shards_written == 0, failures_by_reason=dict(sorted(reasons.items())), **extra)
    out.mark_complete()
    log.info("%s: %d ok, %d failed %s; this run %d rows, %.2f rows/s, %.1f output tokens/s", stage,
             sum(stats.kept.values()), sum(reasons.values()), dict(reasons), run.rows, run_d["rows_per_s"],
             run_d["output_tokens_per_s"])
    return stats.write(out.folder)
