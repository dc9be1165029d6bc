"""Parquet shards with done markers: a rerun skips finished shards and writes nothing twice.

A shard is written as `<dir>/<name>.parquet`, then `<dir>/_done/<name>` is created. Readers
list only shards with a marker, so a shard torn by a crash is invisible and simply redone;
a rewrite replaces the same file name, never adds a second copy. A marker holds the row count
and, for derived shards, the identity of what the shard was made from (its `source`).
"""

from __future__ import annotations

import pyarrow as pa

from mella_ray.runtime import storage

SUCCESS = "_SUCCESS"  # written when a whole stage output is complete


class ShardedOutput:
    def __init__(self, folder: str):
        self.folder = folder.rstrip("/")
        self._markers = storage.join(self.folder, "_done")

    def is_done(self, name: str) -> bool:
        return storage.exists(storage.join(self._markers, name))

    def done_names(self) -> set[str]:
        return {p.rsplit("/", 1)[-1] for p in storage.list_files(self._markers, suffix="")}

    def write(self, name: str, table: pa.Table, source: str | None = None, row_group_size: int | None = None) -> int:
        """Write one shard, then its marker; returns the shard's size in bytes."""
        if "/" in name or name.startswith("_"):
            raise ValueError(f"shard name {name!r} must not contain '/' or start with '_'")
        path = storage.join(self.folder, f"{name}.parquet")
        size = storage.write_parquet(path, table, row_group_size)
        storage.write_text(storage.join(self._markers, name), f"{table.num_rows}\n" + (f"{source}\n" if source else ""))
        return size

    def source(self, name: str) -> str | None:
        """What a finished shard was made from, as `write` recorded it (None: not recorded)."""
        lines = storage.read_text(storage.join(self._markers, name)).splitlines()
        return lines[1] if len(lines) > 1 else None

    def remove(self, name: str) -> None:
        """Unfinish and delete a shard: its marker first, so no reader sees a half-deleted one."""
        storage.remove(storage.join(self._markers, name))
        storage.remove(storage.join(self.folder, f"{name}.parquet"))

    def shard_paths(self) -> list[str]:
        """Finished shards only."""
        done = self.done_names()
        return [p for p in storage.list_files(self.folder) if p.rsplit("/", 1)[-1][: -len(".parquet")] in done]

    def read_all(self, columns: list[str] | None = None) -> pa.Table | None:
        paths = self.shard_paths()
        if not paths:
            return None
        return pa.concat_tables([storage.read_parquet(p, columns) for p in paths], promote_options="default")

    def mark_complete(self, summary: str = "") -> None:
        storage.write_text(storage.join(self.folder, SUCCESS), summary + "\n")

    def is_complete(self) -> bool:
        return storage.exists(storage.join(self.folder, SUCCESS))
