"""Counts of what a stage kept and dropped, and why; written as stats.json beside its output.

Drops are counted by reason code (failures.py for failed rows; the mix's own drop reasons), never
by free text: stats of many runs and shards sum."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from mella_ray.runtime import storage


class StageStats:
    def __init__(self, stage: str):
        self.stage = stage
        self.started = time.time()
        self.kept: Counter[str] = Counter()  # per group (e.g. language)
        self.dropped: Counter[str] = Counter()  # per reason code
        self.extra: dict[str, Any] = {}

    def keep(self, group: str = "all", n: int = 1) -> None:
        self.kept[group] += n

    def drop(self, reason: str, n: int = 1) -> None:
        self.dropped[reason] += n

    def as_dict(self) -> dict[str, Any]:
        elapsed = time.time() - self.started
        total = sum(self.kept.values())
        return {
            "stage": self.stage,
            "kept": dict(sorted(self.kept.items())),
            "dropped": dict(sorted(self.dropped.items())),
            "kept_total": total,
            "dropped_total": sum(self.dropped.values()),
            "elapsed_s": round(elapsed, 3),
            "rows_per_s": round(total / elapsed, 3) if elapsed > 0 else None,
            **self.extra,
        }

    def write(self, folder: str) -> dict[str, Any]:
        d = self.as_dict()
        storage.write_json(storage.join(folder, "stats.json"), d)
        return d
