"""What a crawl writes as it goes, and how a killed crawl finds its way back.

Rows go to Parquet shards, buffered per output and written with done markers. Shard names
are `a{actor}-{seq}`, one sequence per actor across all outputs. A checkpoint records the
next seq; every shard at or beyond it was written after the checkpoint, by work the
checkpoint still has queued, so a resume deletes those shards (`prune_after`) and the redone
work writes its rows once. Readers only see shards with a done marker (ShardedOutput), so a
shard torn by a crash is invisible until then.

crawl/alt_candidates is the crawl's own working table (not a stage interface): every usable
text seen for an image, so that finalize.py can apply the best-alt rule crawl-wide.

State lives under crawl/_state/:
- `plan.json`: how hosts were split over actors. A resume keeps it, so every actor finds its
  own hosts, frontier and shards again even if the cluster now has another CPU count.
- `a{actor}-g{generation}.json.gz`: one actor's checkpoint (frontier, seen sets, image
  queue, outbox/inbox, counters, next shard number). A new generation is written beside
  the old one, then the old ones are deleted, so a crash mid-write leaves the previous
  checkpoint readable (local disks and object stores alike; no rename needed).
- `CRAWLED`: every actor finished; a rerun goes straight to finalize.
JSON, not pickle: a shared output folder must not be able to run code in the crawler.
"""
from __future__ import annotations

import asyncio
import gzip
import json
import logging
import re
from collections import Counter

import pyarrow as pa

from mella_ray import records
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
            self.rows[name], self.nbytes[name] = [], 0
        return out

    async def write(self, batches: list[tuple[str, str, list[dict]]]) -> None:
        for name, shard, rows in batches:
            await asyncio.to_thread(self._write_one, name, shard, rows)  # Arrow conversion too: off the loop
            self.shards_written[name] += 1

    def _write_one(self, name: str, shard: str, rows: list[dict]) -> None:
        self.outputs[name].write(shard, records.to_table(rows, OUTPUTS[name]))

    def prune_after(self, next_seq: int) -> int:
        """Delete this actor's shards numbered `next_seq` or later (marker first); returns how many."""
        removed = 0
        for name, out in self.outputs.items():
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


# ---- state files ---------------------------------------------------------------------
STATE_DIR = "_state"
KEEP_GENERATIONS = 2
_GEN = re.compile(r"^a(\d+)-g(\d+)\.json\.gz$")


def state_dir(crawl_dir: str) -> str:
    return storage.join(crawl_dir, STATE_DIR)


def _generations(crawl_dir: str, index: int) -> list[tuple[int, str]]:
    out = []
    for path in storage.list_files(state_dir(crawl_dir), suffix=".json.gz"):
        m = _GEN.match(path.rsplit("/", 1)[-1])
        if m and int(m.group(1)) == index:
            out.append((int(m.group(2)), path))
    return sorted(out)


def save_state(crawl_dir: str, index: int, state: dict) -> int:
    """Write a new generation of an actor's state; returns the generation number."""
    gens = _generations(crawl_dir, index)
    gen = (gens[-1][0] + 1) if gens else 1
    data = gzip.compress(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)
    storage.write_bytes(storage.join(state_dir(crawl_dir), f"a{index}-g{gen:08d}.json.gz"), data)
    for _, old in gens[: max(0, len(gens) + 1 - KEEP_GENERATIONS)]:
        storage.remove(old)
    return gen


def load_state(crawl_dir: str, index: int) -> dict | None:
    """The newest readable state of an actor, or None (a fresh start)."""
    for gen, path in reversed(_generations(crawl_dir, index)):
        try:
            return json.loads(gzip.decompress(storage.read_bytes(path)).decode("utf-8"))
        except (OSError, EOFError, ValueError) as e:  # torn by a crash: fall back to the one before
            log.warning("crawl: checkpoint %s is unreadable (%s); trying an older one", path, e)
    return None


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
