"""What crawl finalize reads: key columns of every image row, and full rows of the few images
that need a decision. Every read runs where `mapper` runs (in the crawl stage: on the crawl's
actors, kept for finalize, or as Ray tasks when the crawl ended in an earlier run), so the
driver makes no request per shard and receives no image bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.crawl.checkpoint import IMAGE_OUTPUTS, output_folder
from mella_ray.crawl.repeated_alts import alt_keys
from mella_ray.runtime import storage
from mella_ray.runtime.hexkeys import maybe_repeated
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.tasks import Mapper

META = [
    "img_id",
    "alt",
    "page_url",
    "image_url",
    "lang",
    "page_title",
    "figcaption",
    "width",
    "height",
    "phash",
    "dup_group",
]
# per image row on the driver: ~120 bytes with the (site, alt) and site hashes (repeated_alts.py), output, shard, row
KEYS = ["img_id", "lang", "phash"]
REWRITE_THREADS = 4


def thread_map(fn: Callable, items: list) -> list:
    """The default mapper: a few shards at a time in this process (Parquet I/O releases the GIL)."""
    with ThreadPoolExecutor(REWRITE_THREADS) as pool:
        return list(pool.map(fn, items))


@dataclass
class Occurrence:
    output: str  # know | pool
    shard: str  # shard name
    row: int  # index in the shard
    fields: dict


def _shard_paths(crawl_dir: str) -> list[tuple[str, str]]:
    return [
        (output, path)
        for output in IMAGE_OUTPUTS
        for path in ShardedOutput(output_folder(crawl_dir, output)).shard_paths()
    ]


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".parquet")


def _constant(value: str, n: int) -> pa.DictionaryArray:
    """A column holding one string n times, dictionary-encoded (4 bytes a row, not the string)."""
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([value], pa.string()))


def _keys_of(item: tuple[str, str]) -> pa.Table:
    output, path = item
    t = storage.read_parquet(path, [*KEYS, "page_url", "alt"])
    site_alt, site = alt_keys(t.column("page_url").to_pylist(), t.column("alt").to_pylist())  # texts stay here
    return (
        t.select(KEYS)
        .append_column("alt_key", site_alt)
        .append_column("site_key", site)
        .append_column("output", _constant(output, t.num_rows))
        .append_column("shard", _constant(_name(path), t.num_rows))
        .append_column("row", pa.array(np.arange(t.num_rows, dtype=np.int32)))
    )


def read_keys(crawl_dir: str, mapper: Mapper) -> pa.Table:
    """KEYS and the (site, alt) hash of every image row, with where it sits: output, shard and
    row (no bytes, no texts);
    the shards are read where `mapper` runs (the crawl's actors or Ray tasks in the stage)."""
    parts = mapper(_keys_of, _shard_paths(crawl_dir))
    text = pa.dictionary(pa.int32(), pa.string())
    schema = pa.schema(
        [
            *(records.CRAWL_IMAGES.field(k) for k in KEYS),
            ("alt_key", pa.uint64()),
            ("site_key", pa.uint64()),
            ("output", text),
            ("shard", text),
            ("row", pa.int32()),
        ]
    )
    return pa.concat_tables(parts) if parts else schema.empty_table()


def _rows_of(item: tuple[str, pa.Array]) -> list[tuple[int, dict]]:
    path, ids = item
    t = storage.read_parquet(path, META)
    t = t.append_column("_row", pa.array(range(t.num_rows), pa.int32()))
    t = t.filter(pc.is_in(t.column("img_id"), value_set=ids))
    return [(r.pop("_row"), r) for r in t.to_pylist()]


def read_metadata(keys: pa.Table, ids: pa.Array, crawl_dir: str, mapper: Mapper) -> dict[str, list[Occurrence]]:
    """img_id -> its rows in know and pool, for the given ids only (image bytes are not read),
    read from just the shards that hold them."""
    occ: dict[str, list[Occurrence]] = defaultdict(list)
    if not len(ids):
        return occ
    where = keys.filter(pc.is_in(keys.column("img_id"), value_set=ids)).select(["output", "shard", "img_id"])
    mine: dict[tuple[str, str], list[str]] = defaultdict(list)  # each shard gets only its own ids
    for output, shard, img_id in zip(*(where.column(c).to_pylist() for c in ("output", "shard", "img_id"))):
        mine[(output, shard)].append(img_id)
    shards = sorted(mine)
    items = [
        (storage.join(output_folder(crawl_dir, output), f"{shard}.parquet"), pa.array(mine[(output, shard)]))
        for output, shard in shards
    ]
    for (output, shard), rows in zip(shards, mapper(_rows_of, items), strict=True):
        for i, row in rows:
            occ[row["img_id"]].append(Occurrence(output, shard, i, row))
    return occ


def read_candidates(crawl_dir: str, mapper: Mapper) -> dict[str, list[dict]]:
    """Texts logged for images after their row was written (late, better sightings: few)."""
    paths = ShardedOutput(output_folder(crawl_dir, "alt_candidates")).shard_paths()
    cands: dict[str, list[dict]] = defaultdict(list)
    for rows in mapper(lambda p: storage.read_parquet(p).to_pylist(), paths):
        for row in rows:
            cands[row["img_id"]].append(row)
    return cands


def seen_more_than_once(img_ids: pa.ChunkedArray) -> set[str]:
    """The img_ids that occur in more than one row (only the candidates become Python)."""
    seen: set[str] = set()
    again: set[str] = set()
    for img_id in img_ids.take(pa.array(maybe_repeated(img_ids))).to_pylist():
        (again if img_id in seen else seen).add(img_id)
    return again
