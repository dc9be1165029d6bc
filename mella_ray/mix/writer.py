"""Writing a prepared mix: Parquet with the images, JSONL exports, image files, then the swap.

Everything goes to mix/_staging first and is moved into place only when all of it is
written; mix/_SUCCESS, written last, says the mix is complete. A failure leaves no half mix.
Images are read from the crawl tables once into Arrow (only those the mix uses) and taken
part by part, so Python never holds a second copy of every image.
"""
from __future__ import annotations

import logging

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.runtime import storage
from mella_ray.runtime.shards import SUCCESS, ShardedOutput

log = logging.getLogger(__name__)

PART_ROWS = 2000
PART_BYTES = 256 * 1024 * 1024  # Arrow binary columns address 2 GiB per chunk: stay far below
STAGING = "_staging"
ITEMS = ("train", "val", "test", "export", "plots", "card.md", "stats.json")
_NO_IMAGE = pa.schema([f for f in records.CONVERSATIONS if f.name != "image"])
_IMAGE_AT = records.CONVERSATIONS.get_field_index("image")


def is_complete(root: str) -> bool:
    return storage.exists(storage.join(root, SUCCESS)) and all(
        ShardedOutput(storage.join(root, s)).is_complete() for s in records.SPLITS)


def clean(root: str) -> None:
    """Remove what an interrupted run may have left (only the mix's own items)."""
    for name in (*ITEMS, STAGING, SUCCESS):
        storage.remove(storage.join(root, name))


def load_images(shards: dict[str, list[str]], used: set[str]) -> pa.Table:
    """(img_id, image) of the used images, one shard at a time, each image once."""
    wanted = pa.array(sorted(used), pa.string())
    parts, seen = [], set()
    for paths in shards.values():
        for p in paths:
            t = storage.read_parquet(p, ["img_id", "image"])
            t = t.filter(pc.is_in(t.column("img_id"), value_set=wanted))
            if seen:
                t = t.filter(pc.invert(pc.is_in(t.column("img_id"), value_set=pa.array(sorted(seen), pa.string()))))
            seen.update(t.column("img_id").to_pylist())
            parts.append(t)
    table = pa.concat_tables(parts) if parts else pa.table({"img_id": pa.array([], pa.string()),
                                                              "image": pa.array([], pa.binary())})
    missing = used - seen
    if missing:  # the tables changed under us: refuse rather than write rows without images
        raise RuntimeError(f"mix: {len(missing)} images vanished from the crawl tables while mixing, e.g. {min(missing)}")
    return table


def _parts(rows: list[dict], size: dict[str, int]):
    part, nbytes = [], 0
    for c in rows:
        if part and (len(part) >= PART_ROWS or nbytes + size[c["img_id"]] > PART_BYTES):
            yield part
            part, nbytes = [], 0
        part.append(c)
        nbytes += size[c["img_id"]]
    if part:  # an empty split gets no shard: datasets cannot read a Parquet file of 0 rows
        yield part


def write_split(folder: str, rows: list[dict], images: pa.Table, index: dict[str, int], size: dict[str, int]) -> int:
    """One split as Parquet parts with the image bytes; returns the bytes written."""
    out = ShardedOutput(folder)
    column = images.column("image")
    for k, part in enumerate(_parts(rows, size)):
        t = pa.Table.from_pylist(part, schema=_NO_IMAGE)
        img = column.take(pa.array([index[c["img_id"]] for c in part], pa.int64()))
        out.write(f"part-{k:05d}", t.add_column(_IMAGE_AT, records.CONVERSATIONS.field("image"), img))
    out.mark_complete()
    fs, _ = storage.fs_and_path(folder)
    return sum(fs.size(storage.fs_and_path(p)[1]) for p in storage.list_files(folder))


def image_sizes(images: pa.Table) -> tuple[dict[str, int], dict[str, int]]:
    """(img_id -> row in `images`, img_id -> bytes)."""
    ids = images.column("img_id").to_pylist()
    lengths = pc.binary_length(images.column("image")).to_pylist()
    return {i: k for k, i in enumerate(ids)}, dict(zip(ids, lengths, strict=True))


def swap(staging: str, root: str) -> None:
    """Move the staged items into place, then mark the mix complete."""
    fs, root_path = storage.fs_and_path(root)
    _, staging_path = storage.fs_and_path(staging)
    for name in ITEMS:
        storage.remove(storage.join(root, name))
    try:
        for name in ITEMS:
            if fs.exists(f"{staging_path}/{name}"):
                fs.mv(f"{staging_path}/{name}", f"{root_path}/{name}", recursive=True)
    except BaseException:  # half moved: take back what moved, so no reader sees part of a mix
        for name in ITEMS:
            storage.remove(storage.join(root, name))
        raise
    storage.remove(staging)
    storage.write_text(storage.join(root, SUCCESS), "mix complete\n")
