"""A batch stage's numbers: what one run did (RunStats, for rows/s and tokens/s) and stats.json
over the whole output, counted by tasks on the cluster (batch_stage.py runs the stage)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from mella_ray import records
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats
from mella_ray.runtime.tasks import chunks, map_tasks

log = logging.getLogger(__name__)


@dataclass
class RunStats:
    """What this run did (not what earlier runs left): for rows/s and tokens/s in stats.json."""

    shards_written: int = 0
    rows: int = 0
    resumed_rows: int = 0  # rows found in parts of unfinished shards and not redone
    output_tokens: int = 0
    prompt_tokens: int = 0
    seconds: float = 0.0
    failures: Counter = field(default_factory=Counter)  # reason code (failures.py) -> rows

    def as_dict(self) -> dict[str, Any]:
        s = max(self.seconds, 1e-9)
        return {
            "shards_written": self.shards_written,
            "rows_this_run": self.rows,
            "resumed_rows": self.resumed_rows,
            "run_seconds": round(self.seconds, 3),
            "rows_per_s": round(self.rows / s, 3) if self.rows else 0.0,
            "output_tokens": self.output_tokens,
            "prompt_tokens": self.prompt_tokens,
            "output_tokens_per_s": round(self.output_tokens / s, 1) if self.rows else 0.0,
            "failed_this_run": dict(sorted(self.failures.items())),
        }


OUTCOME_COLS = ["lang", "status", "reason"]


def _count_outcomes(item: tuple[str, list[str]]) -> Counter:
    """ok rows per language and failed rows per reason code, of some output shards of `table`."""
    table, paths = item
    c: Counter = Counter()
    for p in paths:
        records.require_columns(table, storage.parquet_schema(p).names, OUTCOME_COLS)
        t = storage.read_parquet(p, OUTCOME_COLS)
        c.update(
            f"ok:{lang}" if s == records.STATUS_OK else f"failed:{r or 'failed'}"
            for lang, s, r in zip(*(t.column(k).to_pylist() for k in OUTCOME_COLS))
        )
    return c


def write_stage_stats(out: ShardedOutput, stage: str, run: RunStats, **extra) -> dict:
    """stats.json over the whole output (ok per language, failures by reason code), counted by
    tasks on the cluster, plus this run's rates; marks the output complete. `stage` names the
    output's table in records.TABLES (caption, translate)."""
    stats = StageStats(stage)
    stats.started -= run.seconds  # elapsed_s: this run's work, not just the bookkeeping
    reasons: Counter = Counter()
    paths = out.shard_paths()
    if paths:  # an output of an older layout: say so here, on the driver, not from a task
        records.require_columns(stage, storage.parquet_schema(paths[0]).names, OUTCOME_COLS)
    for part in map_tasks(_count_outcomes, [(stage, c) for c in chunks(paths, 64)]):
        for key, n in part.items():
            kind, what = key.split(":", 1)
            if kind == "ok":
                stats.keep(what, n)
            else:
                reasons[what] += n
    for reason, n in reasons.items():
        stats.drop(reason, n)
    run_d = run.as_dict()
    stats.extra.update(
        run_d, skipped=run.shards_written == 0, failures_by_reason=dict(sorted(reasons.items())), **extra
    )
    out.mark_complete()
    log.info(
        "%s: %d ok, %d failed %s; this run %d rows, %.2f rows/s, %.1f output tokens/s",
        stage,
        sum(stats.kept.values()),
        sum(reasons.values()),
        dict(reasons),
        run.rows,
        run_d["rows_per_s"],
        run_d["output_tokens_per_s"],
    )
    return stats.write(out.folder)
