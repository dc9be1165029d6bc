"""One mix task, on a worker: one crawl image shard in, its conversations out, in every format.

The worker reads its slice of the plan, the image shard (only the rows the plan uses) and the
answer texts its rows name, builds the conversation rows (conversations.build), and writes
mix/{split}/{name}-{k}.parquet with the images (each with its marker, as every table), the JSONL parts and the image
files of the
exports. A marker mix/_done/{name}, written last, holds the plan's digest and the task's
counts: a rerun of the same plan returns those counts without redoing the task; a marker of
another plan is ignored (the stage clears the whole mix when the plan changes).
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.mix import conversations, export
from mella_ray.mix.card import partial_stats
from mella_ray.mix.plan import read_task
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

PART_ROWS = 2000
# Row groups are the unit of the train stage's shuffled reading order (train/rows.py): this task's rows
# (one image shard's, often one site's languages) are spread over a training pass in runs of this many.
ROW_GROUP_ROWS = 64
PART_BYTES = 256 * 1024 * 1024  # Arrow binary columns address 2 GiB per chunk: stay far below
IMAGE_COLS = ["img_id", "image", "width", "height", "format"]
_NO_IMAGE = pa.schema([f for f in records.CONVERSATIONS if f.name != "image"])
_IMAGE_AT = records.CONVERSATIONS.get_field_index("image")


def marker_path(root: str, name: str) -> str:
    return storage.join(root, "_done", name)


def _first(ids: list[str]) -> dict[str, int]:
    """Row index of the first occurrence of each img_id (a shard may repeat a row after a crash)."""
    index: dict[str, int] = {}
    for i, img_id in enumerate(ids):
        index.setdefault(img_id, i)
    return index


def _texts(paths: dict[str, str], plan: pa.Table) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(img_id, lang) -> (text, category) of the D_ling rows, from the shard each row names."""
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    ling = plan.filter(pc.equal(plan.column("source"), records.SOURCE_LING))
    for shard, path in paths.items():
        mine = ling.filter(pc.equal(ling.column("txt_shard"), int(shard)))
        if not mine.num_rows:
            continue
        t = storage.read_parquet(path, ["img_id", "lang", "text", "category", "status"])
        t = t.filter(
            pc.and_(
                pc.is_in(t.column("img_id"), value_set=pc.unique(mine.column("img_id"))),
                pc.equal(t.column("status"), records.STATUS_OK),
            )
        )
        for img_id, lang, text, cat in zip(*(t.column(c).to_pylist() for c in ("img_id", "lang", "text", "category"))):
            out.setdefault((img_id, lang), (text, cat))
    return out


def _parts(convs: list[dict], size: dict[str, int]):
    part, nbytes = [], 0
    for c in convs:
        if part and (len(part) >= PART_ROWS or nbytes + size[c["img_id"]] > PART_BYTES):
            yield part
            part, nbytes = [], 0
        part.append(c)
        nbytes += size[c["img_id"]]
    if part:  # an empty split gets no file: datasets cannot read a Parquet file of 0 rows
        yield part


def _write_split(
    root: str, split: str, name: str, convs: list[dict], images: pa.Table, index: dict, size: dict[str, int]
) -> int:
    """Parquet parts of one split with the image bytes; returns the bytes written."""
    written, column, out = 0, images.column("image"), ShardedOutput(storage.join(root, split))
    for k, part in enumerate(_parts(convs, size)):
        t = pa.Table.from_pylist(part, schema=_NO_IMAGE)
        img = column.take(pa.array([index[c["img_id"]] for c in part], pa.int64()))
        table = t.add_column(_IMAGE_AT, records.CONVERSATIONS.field("image"), img)
        written += out.write(f"{name}-{k:03d}", table, row_group_size=ROW_GROUP_ROWS)
    return written


def write_task(
    item: dict, *, plan_path: str, root: str, digest: str, seed: int, instruction_pool: str, exports: list[str]
) -> dict:
    """Do one task (or find it done under this plan); returns its name and its marker as JSON."""
    name, marker = item["name"], marker_path(root, item["name"])
    if storage.exists(marker):
        done = storage.read_json(marker)
        if done.get("plan") == digest:
            return {"name": name, "resumed": True, "done": json.dumps(done)}
    plan = read_task(plan_path, item["task"])
    know = plan.filter(pc.equal(plan.column("source"), records.SOURCE_KNOW))
    cols = IMAGE_COLS + (["alt", "category"] if know.num_rows else [])
    images = storage.read_parquet(item["image_path"], cols)
    images = images.filter(pc.is_in(images.column("img_id"), value_set=pc.unique(plan.column("img_id"))))
    ids = images.column("img_id").to_pylist()
    index = _first(ids)
    alts, cats = (images.column(c).to_pylist() for c in ("alt", "category")) if know.num_rows else ([], [])
    texts = _texts(json.loads(item["text_paths"]), plan)
    rows, split, copies, keywords = [], [], {}, {}
    for p in plan.to_pylist():
        at = index.get(p["img_id"])
        if p["source"] == records.SOURCE_KNOW:
            answer, category = (alts[at], cats[at]) if at is not None else (None, None)
        else:
            answer, category = texts.get((p["img_id"], p["lang"]), (None, None))
        if at is None or not (answer or "").strip():  # the inputs changed under the plan: refuse, named
            raise RuntimeError(
                f"mix: {p['img_id']} ({p['lang']}/{p['source']}) vanished from {item['image_path']} "
                "or its text shard while mixing; rerun the mix"
            )
        r = {**p, "answer": answer.strip(), "category": category}
        rows.append(r)
        split.append(p["split"])
        copies[conversations.row_key(r)] = p["copies"]
        if p["keywords"] is not None:
            keywords[conversations.row_key(r)] = p["keywords"]
    convs = conversations.build(rows, split, copies, keywords, seed, instruction_pool)
    size = dict(zip(ids, pc.binary_length(images.column("image")).to_pylist()))
    meta = {
        i: {"width": w, "height": h, "format": f}
        for i, w, h, f in zip(ids, *(images.column(c).to_pylist() for c in ("width", "height", "format")))
    }
    parquet_bytes, jsonl = 0, {}
    for s in records.SPLITS:
        part = [c for c in convs if c["split"] == s]
        if part:
            parquet_bytes += _write_split(root, s, name, part, images, index, size)
            jsonl[s] = export.write_part(root, s, name, part, meta, exports)
    if exports:
        used = pa.array(sorted({c["img_id"] for c in convs}), pa.string())
        first = pa.array(sorted(index.values()), pa.int64())  # one row per img_id
        unique = images.select(["img_id", "image"]).take(first)
        export.write_image_files(root, unique.filter(pc.is_in(unique.column("img_id"), value_set=used)), meta)
    done = {"plan": digest, "jsonl": jsonl, "stats": partial_stats(convs, size, parquet_bytes)}
    storage.write_json(marker, done)
    return {"name": name, "resumed": False, "done": json.dumps(done)}
