"""JSONL exports for the trainers researchers already use, with the images as files.

Layout under mix/export/ (image paths in every JSONL are relative to mix/export/):
  images/{img_id}.{ext}     each image of the mix once, as crawled (ext from the crawl's format)
  llava/{split}.jsonl       LLaVA / ShareGPT "messages" style, as LLaMA-Factory's sharegpt format
                            reads it: {"id", "messages": [{"role": "user", "content": "<image>..."},
                            {"role": "assistant", ...}], "images": ["images/..."], "lang", "source"}
  internvl/{split}.jsonl    InternVL chat style: {"id", "image", "width", "height",
                            "conversations": [{"from": "human", "value": "<image>\\n..."}, {"from": "gpt", ...}]}
  dataset_info.json         LLaMA-Factory entries mella_{split} (use mix/export as dataset_dir)
  internvl_meta.json        InternVL meta entries mella_{split} (root = mix/export)
"""
from __future__ import annotations

import json
from collections.abc import Iterable

import pyarrow as pa

from mella_ray.runtime import storage

IMAGE_TOKEN = "<image>"
EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "BMP": "bmp", "TIFF": "tif", "MPO": "jpg"}


def image_rel(img_id: str, fmt: str | None) -> str:
    fmt = (fmt or "").upper()
    return f"images/{img_id}.{EXT.get(fmt, fmt.lower() or 'bin')}"


def llava_record(c: dict, image: str) -> dict:
    return {"id": c["sample_id"], "lang": c["lang"], "source": c["source"],
            "messages": [{"role": "user", "content": IMAGE_TOKEN + c["instruction"]},
                         {"role": "assistant", "content": c["answer"]}],
            "images": [image]}


def internvl_record(c: dict, image: str, width: int, height: int) -> dict:
    return {"id": c["sample_id"], "image": image, "width": width, "height": height,
            "conversations": [{"from": "human", "value": f"{IMAGE_TOKEN}\n{c['instruction']}"},
                              {"from": "gpt", "value": c["answer"]}]}


def _write_lines(path: str, items: Iterable[dict]) -> int:
    """Stream JSON lines to `path` (local or remote); returns the number written."""
    fs, p = storage.fs_and_path(path)
    fs.makedirs(p.rsplit("/", 1)[0], exist_ok=True)
    n = 0
    with fs.open(p, "w", encoding="utf-8") as f:
        for item in items:
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_jsonl(root: str, split: str, convs: list[dict], images: dict[str, dict], formats: list[str]) -> dict[str, int]:
    """Both JSONL styles of one split under root/export; `images`: img_id -> width, height, format."""
    out = {}
    rel = {i: image_rel(i, m["format"]) for i, m in images.items()}
    if "llava" in formats:
        out["llava"] = _write_lines(storage.join(root, "export", "llava", f"{split}.jsonl"),
                                    (llava_record(c, rel[c["img_id"]]) for c in convs))
    if "internvl" in formats:
        out["internvl"] = _write_lines(storage.join(root, "export", "internvl", f"{split}.jsonl"),
                                       (internvl_record(c, rel[c["img_id"]], images[c["img_id"]]["width"],
                                                        images[c["img_id"]]["height"]) for c in convs))
    return out


def write_image_files(root: str, table: pa.Table, images: dict[str, dict]) -> int:
    """Each image of `table` (img_id, image) as a file, one at a time (no second copy in memory)."""
    n = 0
    for batch in table.to_batches(max_chunksize=256):
        ids, data = batch.column(0), batch.column(1)
        for k in range(batch.num_rows):
            img_id = ids[k].as_py()
            storage.write_bytes(storage.join(root, "export", image_rel(img_id, images[img_id]["format"])), data[k].as_py())
            n += 1
    return n


def write_meta(root: str, final_root: str, counts: dict[str, dict[str, int]], formats: list[str]) -> None:
    """Loader entries for LLaMA-Factory and InternVL; paths point at the final mix location."""
    export = storage.join(final_root, "export")
    if "llava" in formats:
        info = {f"mella_{s}": {"file_name": f"llava/{s}.jsonl", "formatting": "sharegpt",
                               "columns": {"messages": "messages", "images": "images"},
                               "tags": {"role_tag": "role", "content_tag": "content", "user_tag": "user",
                                        "assistant_tag": "assistant"}} for s in counts}
        storage.write_json(storage.join(root, "export", "dataset_info.json"), info)
    if "internvl" in formats:
        meta = {f"mella_{s}": {"root": export, "annotation": storage.join(export, "internvl", f"{s}.jsonl"),
                               "data_augment": False, "repeat_time": 1, "length": n.get("internvl", 0)}
                for s, n in counts.items()}
        storage.write_json(storage.join(root, "export", "internvl_meta.json"), meta)
