"""Rows of unfinished output shards, saved by the workers batch by batch, and the step that
turns a shard's parts into the shard.

A worker saves every batch it produced as a part file under
`_parts/<shard>/<digest of the shard's source>/` before the batch is counted, so a crash loses no
finished row. Parts made from other contents of the input, or under other settings, are never
mixed in. When a shard has all its rows, `finish_shard` (a task on the cluster) reads its
parts, drops rows delivered twice, writes the shard with its marker and clears the parts.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections import Counter

import pyarrow as pa

from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)


class ShardParts:
    def __init__(
        self,
        out: ShardedOutput,
        schema: pa.Schema,
        key: str,
        row_key: tuple[str, ...],
        per_input: int,
        sources: dict[str, str],
    ):
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

    def names(self) -> set[str]:
        """Shards that have parts (one listing)."""
        return {d.rstrip("/").rsplit("/", 1)[-1] for d in storage.list_files(self.folder, suffix="")}


def finish_shard(
    folder: str,
    schema: pa.Schema,
    key: str,
    row_key: tuple[str, ...],
    per_input: int,
    name: str,
    source: str,
    expected: int,
) -> int:
    """Write shard `name` from its parts when they hold exactly `expected` distinct rows; returns
    the rows found (the shard stays unfinished, its parts kept, when that is not `expected`)."""
    out = ShardedOutput(folder)
    parts = ShardParts(out, schema, key, row_key, per_input, {name: source})
    table = parts.load(name)
    if table.num_rows == expected:
        out.write(name, table, source=source)
        parts.clear(name)
    return table.num_rows
