"""Run a Ray Data pipeline over Parquet shards with exact resume: by shard, and by img_id inside
a shard. The driver plans and counts; the workers read, compute and write.

Each input shard maps to one output shard of the same name. Only shards without a done marker
are read. Rows stream through the stage's pipeline (`build`: e.g. a CPU preprocessing map, then
the engine's actor pool); its last step, on the workers, saves every batch as a part file
(`_parts/<shard>/`) and sends the driver only counts. Once a shard has all its rows, a task
writes it with its marker and deletes its parts (shard_parts.py). A rerun after a crash skips
finished shards, and inside an unfinished shard skips the img_ids its parts already hold, so
nothing is computed or written twice. The driver's storage requests do not grow with the
number of shards: listings, and what tasks on the cluster counted.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import EngineConfig
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stats import RunStats
from mella_ray.runtime.log import Progress
from mella_ray.runtime.resources import ACCELERATOR_PREFIX, engine_request
from mella_ray.runtime.shard_parts import ShardParts, finish_shard
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.tasks import chunks, map_tasks

log = logging.getLogger(__name__)

SHARD_COL = "_shard"  # which input shard a row came from
OUT_TOKENS_COL = "_out_tokens"  # optional per-row counters for stats (dropped before writing)
IN_TOKENS_COL = "_in_tokens"


def shard_name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".parquet")


def engine_resources(engine: EngineConfig) -> dict[str, Any]:
    """map_batches resources of an engine's actor pool, from the same request the early check
    tests (runtime/resources.engine_request): CPUs or GPUs, and an accelerator type."""
    from ray.data import ActorPoolStrategy

    res: dict[str, Any] = {"compute": ActorPoolStrategy(size=engine.concurrency)}
    for name, amount in engine_request(engine).actor.items():
        if name.startswith(ACCELERATOR_PREFIX):
            res["accelerator_type"] = name.removeprefix(ACCELERATOR_PREFIX)
        else:
            res[{"CPU": "num_cpus", "GPU": "num_gpus"}[name]] = amount
    return res


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


def save_parts(
    batch: pa.Table,
    *,
    folder: str,
    schema: pa.Schema,
    key: str,
    row_key: tuple[str, ...],
    per_input: int,
    sources: dict[str, str],
) -> pa.Table:
    """The pipeline's last step, on the workers: each shard's rows of the batch saved as a part
    file; returns only counts (shard, rows, tokens, failures by reason code) for the driver."""
    parts = ShardParts(ShardedOutput(folder), schema, key, row_key, per_input, sources)
    out: dict[str, list] = defaultdict(list)
    for name in pc.unique(batch.column(SHARD_COL)).to_pylist():
        mine = batch.filter(pc.equal(batch.column(SHARD_COL), name))
        parts.add(name, mine.select(schema.names).cast(schema))  # saved before it counts
        fails = Counter(
            r or "failed"
            for s, r in zip(mine.column("status").to_pylist(), mine.column("reason").to_pylist())
            if s != records.STATUS_OK
        )
        out["shard"].append(name)
        out["rows"].append(mine.num_rows)
        for col in (OUT_TOKENS_COL, IN_TOKENS_COL):
            out[col].append(int(pc.sum(mine.column(col)).as_py() or 0) if col in mine.column_names else 0)
        out["failures"].append(json.dumps(fails))
    return pa.table({k: out[k] for k in ("shard", "rows", OUT_TOKENS_COL, IN_TOKENS_COL, "failures")}, schema=_COUNTS)


_COUNTS = pa.schema(
    [
        ("shard", pa.string()),
        ("rows", pa.int64()),
        (OUT_TOKENS_COL, pa.int64()),
        (IN_TOKENS_COL, pa.int64()),
        ("failures", pa.string()),
    ]
)


def _count_rows(item: tuple[list[str], list[str], Callable | None]) -> list[int]:
    paths, columns, keep = item
    out = []
    for p in paths:
        t = storage.read_parquet(p, columns)
        out.append((keep(t) if keep else t).num_rows)
    return out


def rows_per_shard(
    paths: list[str], columns: list[str], keep: Callable[[pa.Table], pa.Table] | None = None
) -> dict[str, int]:
    """Rows per input shard (after `keep`), counted by tasks on the cluster: the driver gets one
    number per shard back, and makes no request per shard."""
    counts = [n for part in map_tasks(_count_rows, [(c, columns, keep) for c in chunks(paths, 64)]) for n in part]
    return {shard_name(p): n for p, n in zip(paths, counts, strict=True)}


def map_shards(
    *,
    inputs: list[str],
    out: ShardedOutput,
    schema: pa.Schema,
    columns: list[str],
    build: Callable[[Any], Any],
    what: str,
    count_columns: list[str],
    count_keep: Callable[[pa.Table], pa.Table] | None = None,
    key: str = "img_id",
    row_key: tuple[str, ...] = ("img_id",),
    per_input: int = 1,
    settings: str = "",
    wave_shards: int | None = None,
) -> RunStats:
    """Process pending input shards through `build(dataset)`; returns this run's numbers.

    `build` gets rows of `columns` plus SHARD_COL and must return rows of `schema` plus
    SHARD_COL (and optionally the token columns). Each input row (by `key`) that `count_keep`
    keeps yields `per_input` output rows, identified by `row_key`. Workers save the rows
    (save_parts) and finish each shard once it has them all (finish_shard); the driver only
    counts. `settings` names the configuration that decides which output rows a shard has (e.g.
    the target languages): a shard done under other settings, or from other contents of its
    input, is done again; one whose input is gone is deleted. `wave_shards`: run the pending
    shards in waves of this many, one dataset each (for a `build` with a group-by, which holds
    its rows until its input ends); None runs them all in one streaming dataset.
    """
    import ray

    t0, st = time.monotonic(), RunStats()
    folder = inputs[0].rsplit("/", 1)[0] if inputs else ""
    stamps = storage.identities(folder) if inputs else {}  # one listing, not a request per shard
    sources = {shard_name(p): shard_source(p, settings, stamps[p]) for p in inputs}
    parts = ShardParts(out, schema, key, row_key, per_input, sources)
    done = _reconcile(out, parts, sources, what)
    pending = [p for p in inputs if shard_name(p) not in done]
    log.info(
        "%s: %d input shard(s), %d already done, %d to do", what, len(inputs), len(inputs) - len(pending), len(pending)
    )
    expected = {n: k * per_input for n, k in rows_per_shard(pending, count_columns, count_keep).items()}
    finish = ray.remote(num_cpus=0.1, max_retries=2)(finish_shard)  # idempotent: safe to retry
    args = (out.folder, schema, key, row_key, per_input)
    counts, skip, finishing = {}, {}, {}
    with_parts = parts.names()
    for p in pending:  # only shards a crash left parts for are read here: those in flight then
        name = shard_name(p)
        have = parts.load(name) if name in with_parts else schema.empty_table()
        counts[name] = have.num_rows
        if have.num_rows >= expected[name]:  # nothing left to compute
            finishing[name] = finish.remote(*args, name, sources[name], expected[name])
        elif have.num_rows:
            skip[name] = set(have.column(key).to_pylist())
            st.resumed_rows += have.num_rows
    if skip:
        log.info("%s: resuming %d shard(s) mid-way; %d rows already done there", what, len(skip), st.resumed_rows)
    todo = [p for p in pending if shard_name(p) not in finishing]
    live = Progress(
        what,
        sum(expected[shard_name(p)] - counts[shard_name(p)] for p in todo),
        logger=log,
        detail=lambda s: f"{st.output_tokens / s:.1f} output tokens/s, {sum(st.failures.values())} failed",
    )
    for wave in chunks(todo, wave_shards) if wave_shards else [todo] if todo else []:
        ds = ray.data.read_parquet(wave, include_paths=True).select_columns([*columns, "path"])
        ds = build(ds.map_batches(_tag_and_skip(skip), batch_format="pyarrow", batch_size=None, num_cpus=0.1))
        ds = ds.map_batches(
            save_parts,
            fn_kwargs={
                "folder": out.folder,
                "schema": schema,
                "key": key,
                "row_key": row_key,
                "per_input": per_input,
                "sources": {shard_name(p): sources[shard_name(p)] for p in wave},
            },
            batch_format="pyarrow",
            batch_size=None,
            num_cpus=0.1,
        )
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            for r in batch.to_pylist():
                st.rows += r["rows"]
                live.done += r["rows"]
                st.output_tokens += r[OUT_TOKENS_COL]
                st.prompt_tokens += r[IN_TOKENS_COL]
                st.failures.update(json.loads(r["failures"]))
                name = r["shard"]
                counts[name] += r["rows"]
                if counts[name] >= expected[name] and name not in finishing:
                    finishing[name] = finish.remote(*args, name, sources[name], expected[name])
            live.update(0)
    if todo:
        live.close()
    found = dict(zip(finishing, ray.get(list(finishing.values())), strict=True))
    # a batch delivered twice (a retried task) counts twice and can start a shard's finish before
    # its last rows are saved; by now they are: finish those shards again
    again = [n for n in finishing if found[n] != expected[n] and counts[n] >= expected[n]]
    found.update(zip(again, ray.get([finish.remote(*args, n, sources[n], expected[n]) for n in again]), strict=True))
    unfinished = sorted(n for n in counts if found.get(n) != expected[n])
    st.shards_written = len(finishing) - sum(1 for n in finishing if n in unfinished)
    st.seconds = time.monotonic() - t0
    if not unfinished and not parts.names():
        storage.remove(parts.folder)  # nothing left to resume: leave a clean output folder
    if unfinished:  # rows went missing on the way (their parts are kept: a rerun redoes only the rest)
        raise RuntimeError(f"{what}: shards {unfinished} ended incomplete; rerun to finish them")
    return st


def shard_source(path: str, settings: str = "", identity: str | None = None) -> str:
    """What an output shard is made from: its input's identity (looked up unless given, e.g. from
    a listing) and the settings."""
    return f"{identity if identity is not None else storage.identity(path)}|{settings}"


def _read_markers(paths: list[str]) -> list[str]:
    return [storage.read_text(p) for p in paths]


def _marker_sources(out: ShardedOutput) -> dict[str, str | None]:
    """name -> recorded source of every finished shard; the markers are read by tasks on the
    cluster (one listing here, not a read per shard)."""
    names = sorted(out.done_names())
    paths = [storage.join(out.folder, "_done", n) for n in names]
    texts = [t for part in map_tasks(_read_markers, chunks(paths, 256)) for t in part]
    return {n: (lines[1] if len(lines := t.splitlines()) > 1 else None) for n, t in zip(names, texts, strict=True)}


def _reconcile(out: ShardedOutput, parts: ShardParts, sources: dict[str, str], what: str) -> set[str]:
    """Make the output match the inputs before work starts: shards whose input is gone are
    deleted (a recrawl renames shards); shards made from other contents or settings are
    undone; parts left by a shard that did finish, or whose input is gone, are cleared.
    Returns the names of the shards that stay done."""
    marked, done = _marker_sources(out), set()
    for name, source in sorted(marked.items()):
        if name not in sources:
            log.info("%s: deleting shard %s: its input is gone", what, name)
            out.remove(name)
        elif source != sources[name]:
            log.info("%s: redoing shard %s: its input or the settings changed since it was made", what, name)
            out.remove(name)
        else:
            done.add(name)
    for p in storage.list_files(out.folder):  # torn writes of shards that no input makes any more
        name = p.rsplit("/", 1)[-1][: -len(".parquet")]
        if name not in sources and name not in marked:
            storage.remove(p)
    for name in parts.names():
        if name not in sources or name in done:
            parts.clear(name)
    return done
