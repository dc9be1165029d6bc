"""JSONL exports for the trainers researchers already use, with the images as files.

Layout under mix/export/ (image paths in every JSONL are relative to mix/export/):
  images/{img_id}.{ext}     each image of the mix once, as crawled (ext from the crawl's format)
  llava/{split}/*.jsonl     LLaVA / ShareGPT "messages" style, as LLaMA-Factory's sharegpt format
                            reads it: {"id", "messages": [{"role": "user", "content": "<image>..."},
                            {"role": "assistant", ...}], "images": ["images/..."], "lang", "source"}
  internvl/{split}/*.jsonl  InternVL chat style: {"id", "image", "width", "height",
                            "conversations": [{"from": "human", "value": "<image>\\n..."}, {"from": "gpt", ...}]}
  dataset_info.json         LLaMA-Factory entries mella_{split} (use mix/export as dataset_dir;
                            each entry names the folder of its split's JSONL parts)
  internvl_meta.json        InternVL meta entries mella_{split}_{part} (root = mix/export)
Every file is written by the worker that holds the rows' images (one part per crawl shard).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyarrow as pa

from mella_ray.runtime import storage

IMAGE_TOKEN = "<image>"
IMAGE_BATCH = 64  # image files per concurrent PUT batch
EXT = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "BMP": "bmp", "TIFF": "tif", "MPO": "jpg"}


def image_rel(img_id: str, fmt: str | None) -> str:
    fmt = (fmt or "").upper()
    return f"images/{img_id}.{EXT.get(fmt, fmt.lower() or 'bin')}"


def llava_record(c: dict, image: str) -> dict:
    return {
        "id": c["sample_id"],
        "lang": c["lang"],
        "source": c["source"],
        "messages": [
            {"role": "user", "content": IMAGE_TOKEN + c["instruction"]},
            {"role": "assistant", "content": c["answer"]},
        ],
        "images": [image],
    }


def internvl_record(c: dict, image: str, width: int, height: int) -> dict:
    return {
        "id": c["sample_id"],
        "image": image,
        "width": width,
        "height": height,
        "conversations": [
            {"from": "human", "value": f"{IMAGE_TOKEN}\n{c['instruction']}"},
            {"from": "gpt", "value": c["answer"]},
        ],
    }


def _lines(items: Iterable[dict]) -> bytes:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items).encode("utf-8")


def write_part(
    root: str, split: str, name: str, convs: list[dict], images: dict[str, dict], formats: list[str]
) -> dict[str, int]:
    """One worker's rows of one split in both JSONL styles, as export/{style}/{split}/{name}.jsonl;
    `images`: img_id -> width, height, format. Returns rows written per style."""
    out, files = {}, {}
    rel = {c["img_id"]: image_rel(c["img_id"], images[c["img_id"]]["format"]) for c in convs}
    if "llava" in formats:
        files["llava"] = _lines(llava_record(c, rel[c["img_id"]]) for c in convs)
    if "internvl" in formats:
        files["internvl"] = _lines(
            internvl_record(c, rel[c["img_id"]], images[c["img_id"]]["width"], images[c["img_id"]]["height"])
            for c in convs
        )
    for style, data in files.items():
        storage.write_bytes(storage.join(root, "export", style, split, f"{name}.jsonl"), data)
        out[style] = len(convs)
    return out


def write_image_files(root: str, table: pa.Table, images: dict[str, dict]) -> int:
    """Each image of `table` (img_id, image) as a file, IMAGE_BATCH at a time: an object store
    takes each batch as concurrent PUTs (fsspec's pipe), a local disk as plain writes."""
    fs, base = storage.fs_and_path(storage.join(root, "export"))
    n = 0
    for batch in table.to_batches(max_chunksize=IMAGE_BATCH):
        ids, data = batch.column(0).to_pylist(), batch.column(1)
        files = {f"{base}/{image_rel(i, images[i]['format'])}": data[k].as_py() for k, i in enumerate(ids)}
        fs.makedirs(f"{base}/images", exist_ok=True)
        fs.pipe(files)
        n += len(files)
    return n


def write_meta(root: str, parts: dict[str, dict[str, dict[str, int]]], formats: list[str]) -> None:
    """Loader entries for LLaMA-Factory and InternVL; `parts`: split -> part name -> rows per style.
    LLaMA-Factory reads a folder of JSONL files as one dataset; InternVL gets an entry per part."""
    export = storage.join(root, "export")
    if "llava" in formats:
        info = {
            f"mella_{s}": {
                "file_name": f"llava/{s}",
                "formatting": "sharegpt",
                "columns": {"messages": "messages", "images": "images"},
                "tags": {
                    "role_tag": "role",
                    "content_tag": "content",
                    "user_tag": "user",
                    "assistant_tag": "assistant",
                },
            }
            for s in parts
        }
        storage.write_json(storage.join(export, "dataset_info.json"), info)
    if "internvl" in formats:
        meta = {
            f"mella_{s}_{name}": {
                "root": export,
                "annotation": storage.join(export, "internvl", s, f"{name}.jsonl"),
                "data_augment": False,
                "repeat_time": 1,
                "length": n["internvl"],
            }
            for s, by_part in parts.items()
            for name, n in sorted(by_part.items())
            if n.get("internvl")
        }
        storage.write_json(storage.join(export, "internvl_meta.json"), meta)
