"""The mix plan: what each worker writes, decided on the driver from key columns only.

One plan row per source row that is in a split: its img_id, language, source, split, how many
train copies it gets, its gold keywords (D_know test rows) and the shard that holds its text.
Rows are grouped into tasks by the shard that holds their image: a worker reads one image
shard, the text shards its rows name, and its slice of the plan (the plan is sorted by task,
so a filtered read touches only that task's row groups).
"""

from __future__ import annotations

import json
from collections import defaultdict

import pyarrow as pa
import pyarrow.parquet as pq

from mella_ray import records
from mella_ray.mix.conversations import row_key
from mella_ray.mix.sources import Sources
from mella_ray.runtime import storage

PLAN = pa.schema(
    [
        pa.field("task", pa.int32(), nullable=False),  # index of the image shard in Sources.shards
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("split", pa.string(), nullable=False),
        pa.field("copies", pa.int32(), nullable=False),  # 1 for val and test
        pa.field("txt_shard", pa.int32(), nullable=False),  # index of the shard that holds the answer
        pa.field("keywords", pa.list_(pa.string())),
    ]
)
ROW_GROUP = 16384


def build_plan(
    src: Sources, split: list[str | None], copies: dict[int, int], keywords: dict[str, list[str]]
) -> pa.Table:
    """The plan table, sorted by task and then img_id (deterministic for the same inputs);
    `copies`: train copies by row index (absent: 0)."""
    cols: dict[str, list] = defaultdict(list)
    for i, (r, s) in enumerate(zip(src.rows, split, strict=True)):
        if s is None:
            continue
        n = copies.get(i, 0) if s == "train" else 1
        if n == 0:
            continue
        kw = keywords.get(row_key(r)) if s == "test" and r["source"] == records.SOURCE_KNOW else None
        for name, value in (
            ("task", r["img_shard"]),
            ("img_id", r["img_id"]),
            ("lang", r["lang"]),
            ("source", r["source"]),
            ("split", s),
            ("copies", n),
            ("txt_shard", r["txt_shard"]),
            ("keywords", kw),
        ):
            cols[name].append(value)
    table = pa.table({f.name: pa.array(cols[f.name], f.type) for f in PLAN}, schema=PLAN)
    return table.sort_by(
        [("task", "ascending"), ("img_id", "ascending"), ("lang", "ascending"), ("source", "ascending")]
    )


def write_plan(path: str, plan: pa.Table) -> None:
    fs, p = storage.fs_and_path(path)
    fs.makedirs(p.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(p, "wb") as f:
        pq.write_table(plan, f, compression="zstd", row_group_size=ROW_GROUP)


def read_task(path: str, task: int) -> pa.Table:
    """This task's plan rows (row groups of other tasks are skipped by their statistics)."""
    fs, p = storage.fs_and_path(path)
    return pq.read_table(p, filesystem=fs, filters=[("task", "=", task)], schema=PLAN)


def tasks(src: Sources, plan: pa.Table) -> list[dict]:
    """One work item per image shard that the plan uses: its name, image shard and text shards."""
    # one group-by over the plan (a filter per task would read the whole plan once per task)
    per_task = plan.group_by("task").aggregate([("txt_shard", "distinct")]).to_pylist()
    items = [
        {
            "task": r["task"],
            "name": f"part-{r['task']:06d}",
            "image_path": src.shards[r["task"]],
            "text_paths": json.dumps({str(i): src.shards[i] for i in sorted(r["txt_shard_distinct"])}),
        }
        for r in per_task
    ]
    return sorted(items, key=lambda x: x["task"])
