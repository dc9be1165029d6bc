"""What a crawl writes as it goes, and how a killed crawl finds its way back.

Rows go to Parquet shards, buffered per output and written with done markers. Shard names
are `a{actor}-{seq}`, one sequence per actor across all outputs. A checkpoint records the
next seq; every shard at or beyond it was written after the checkpoint, by work the
checkpoint still has queued, so a resume deletes those shards (`prune_after`) and the redone
work writes its rows once. Readers only see shards with a done marker (ShardedOutput), so a
shard torn by a crash is invisible until then.

crawl/alt_candidates is the crawl's own working table (not a stage interface): every usable
text that beat an image's best known text after its row was written, so that finalize.py can
apply the best-alt rule crawl-wide (a row's own text is in the row: it is not logged again).

Shards close when full (`shard_rows`, or MAX_SHARD_BYTES of images), not at every
checkpoint: a long crawl leaves shard_rows-sized files, not one per actor per checkpoint.
The rows of a shard still open are *staged* at each checkpoint: the rows added since the
one before go to a small Parquet part under crawl/_state/staged/, which the checkpoint
names; a resume reads them back into the buffers. When the shard closes, its parts are
deleted one checkpoint later (the checkpoint before may still be the fallback).

State lives under crawl/_state/:
- `plan.json`: how hosts were split over actors. A resume keeps it, so every actor finds its
  own hosts, frontier and shards again even if the cluster now has another CPU count.
- the actors' checkpoints: a base and append-only deltas each (state_log.py).
- `staged/`: rows of shards still open (see above).
- `CRAWLED`: every actor finished; a rerun goes straight to finalize.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections import Counter

import pyarrow as pa

from mella_ray import records
from mella_ray.crawl.state_log import STATE_DIR
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

ALT_CANDIDATES = pa.schema(
    [
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("alt", pa.string(), nullable=False),  # cleaned, usable
        pa.field("source", pa.string(), nullable=False),  # alt | figcaption
        pa.field("page_url", pa.string(), nullable=False),
        pa.field("image_url", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("page_title", pa.string()),
        pa.field("figcaption", pa.string()),
    ]
)
OUTPUTS = {
    "know": records.CRAWL_IMAGES,
    "pool": records.CRAWL_IMAGES,
    "failures": records.CRAWL_FAILURES,
    "alt_candidates": ALT_CANDIDATES,
}
IMAGE_OUTPUTS = ("know", "pool")
MAX_SHARD_BYTES = 64 * 1024 * 1024  # flush a shard early when its images pass this size
_SHARD = re.compile(r"^a(\d+)-(\d+)")


def shard_name(index: int, seq: int) -> str:
    return f"a{index}-{seq:06d}"


def parse_shard(name: str) -> tuple[int, int] | None:
    """(actor, seq) of a shard name written by an actor (rewritten names keep the prefix)."""
    m = _SHARD.match(name)
    return (int(m.group(1)), int(m.group(2))) if m else None


def output_folder(crawl_dir: str, name: str) -> str:
    return storage.join(crawl_dir, name)


class ShardBuffers:
    def __init__(self, crawl_dir: str, index: int, shard_rows: int):
        self.crawl_dir = crawl_dir
        self.index = index
        self.shard_rows = shard_rows
        self.outputs = {name: ShardedOutput(output_folder(crawl_dir, name)) for name in OUTPUTS}
        self.rows: dict[str, list[dict]] = {name: [] for name in OUTPUTS}
        self.nbytes: Counter[str] = Counter()
        self.next_seq = 0
        self.shards_written: Counter[str] = Counter()
        self.staged_rows: Counter[str] = Counter()  # rows of each open shard already in staged parts
        self.parts: dict[str, list[str]] = {name: [] for name in OUTPUTS}  # staged parts of each open shard
        self.next_part = 0
        self.closed_parts: list[str] = []  # parts of shards closed since the last checkpoint
        self.deletable_parts: list[str] = []  # parts no checkpoint on storage names any more

    def add(self, name: str, row: dict, nbytes: int = 0) -> None:
        self.rows[name].append(row)
        self.nbytes[name] += nbytes

    def take(self, full_only: bool = False) -> list[tuple[str, str, list[dict]]]:
        """Buffers to write as (output, shard name, rows); numbered now, synchronously, so that
        a checkpoint taken in the same step knows exactly which shards hold which rows."""
        out = []
        for name, rows in self.rows.items():
            if not rows:
                continue
            if full_only and len(rows) < self.shard_rows and self.nbytes[name] < MAX_SHARD_BYTES:
                continue
            out.append((name, shard_name(self.index, self.next_seq), rows))
            self.next_seq += 1
            self.rows[name], self.nbytes[name], self.staged_rows[name] = [], 0, 0
            self.closed_parts += self.parts[name]
            self.parts[name] = []
        return out

    def stage(self) -> list[tuple[str, str, list[dict]]]:
        """Rows of open shards added since the last checkpoint, as (output, part path, rows) to write."""
        out = []
        for name, rows in self.rows.items():
            new = rows[self.staged_rows[name] :]
            if not new:
                continue
            part = f"a{self.index}-p{self.next_part:06d}.parquet"
            path = storage.join(state_dir(self.crawl_dir), "staged", name, part)
            self.next_part += 1
            out.append((name, path, new))
            self.parts[name].append(path)
            self.staged_rows[name] = len(rows)
        return out

    def staged_state(self) -> dict:
        """The staged parts the checkpoint being taken names; parts closed before the previous
        checkpoint are named by neither it nor this one, and can go once this one is saved."""
        self.deletable_parts, self.closed_parts = self.closed_parts, []
        return {"parts": {k: list(v) for k, v in self.parts.items()}, "next_part": self.next_part}

    def write_staged(self, staged: list[tuple[str, str, list[dict]]]) -> None:
        for name, path, rows in staged:
            storage.write_parquet(path, records.to_table(rows, OUTPUTS[name]))

    def remove_deletable_parts(self) -> None:
        for path in self.deletable_parts:
            if storage.exists(path):
                storage.remove(path)
        self.deletable_parts = []

    def load_staged(self, state: dict) -> int:
        """Rows of the open shards back into the buffers from their staged parts; returns how many."""
        self.next_part = state.get("next_part", 0)
        n = 0
        for name, paths in state.get("parts", {}).items():
            for path in paths:
                table = storage.read_parquet(path)
                self.rows[name] += table.to_pylist()
                if name in IMAGE_OUTPUTS:
                    self.nbytes[name] += sum(len(b or b"") for b in table.column("image").to_pylist())
                n += table.num_rows
            self.parts[name] = list(paths)
            self.staged_rows[name] = len(self.rows[name])
        for name in OUTPUTS:  # parts staged after that checkpoint (a crash before the next one): orphans
            named = {p.rsplit("/", 1)[-1] for p in self.parts[name]}
            for path in storage.list_files(storage.join(state_dir(self.crawl_dir), "staged", name)):
                base = path.rsplit("/", 1)[-1]
                if base.startswith(f"a{self.index}-p") and base not in named:
                    storage.remove(path)
        return n

    async def write(self, batches: list[tuple[str, str, list[dict]]]) -> None:
        for name, shard, rows in batches:
            await asyncio.to_thread(self._write_one, name, shard, rows)  # Arrow conversion too: off the loop
            self.shards_written[name] += 1

    def _write_one(self, name: str, shard: str, rows: list[dict]) -> None:
        self.outputs[name].write(shard, records.to_table(rows, OUTPUTS[name]))

    def prune_after(self, next_seq: int) -> int:
        """Delete this actor's shards numbered `next_seq` or later (marker first); returns how many."""
        removed = 0
        for out in self.outputs.values():
            done = out.done_names()
            files = {p.rsplit("/", 1)[-1].removesuffix(".parquet"): p for p in storage.list_files(out.folder)}
            for shard in sorted(set(done) | set(files)):
                parsed = parse_shard(shard)
                if parsed is None or parsed[0] != self.index or parsed[1] < next_seq:
                    continue
                if shard in done:
                    storage.remove(storage.join(out.folder, "_done", shard))
                if shard in files:
                    storage.remove(files[shard])
                removed += 1
        if removed:
            log.info("crawl actor %d: removed %d shard(s) written after the last checkpoint", self.index, removed)
        self.next_seq = next_seq
        return removed


def state_dir(crawl_dir: str) -> str:
    return storage.join(crawl_dir, STATE_DIR)


def save_plan(crawl_dir: str, plan: dict) -> None:
    storage.write_json(storage.join(state_dir(crawl_dir), "plan.json"), plan)


def load_plan(crawl_dir: str) -> dict | None:
    path = storage.join(state_dir(crawl_dir), "plan.json")
    return storage.read_json(path) if storage.exists(path) else None


def mark_crawled(crawl_dir: str, summary: dict) -> None:
    storage.write_json(storage.join(state_dir(crawl_dir), "CRAWLED"), summary)


def crawled(crawl_dir: str) -> dict | None:
    path = storage.join(state_dir(crawl_dir), "CRAWLED")
    return storage.read_json(path) if storage.exists(path) else None
