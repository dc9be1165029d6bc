"""fsspec paths, so output_dir can be a local folder or s3://bucket/prefix alike."""

from __future__ import annotations

import json
from typing import Any

import fsspec
import pyarrow as pa
import pyarrow.parquet as pq


def fs_and_path(path: str) -> tuple[fsspec.AbstractFileSystem, str]:
    fs, _, paths = fsspec.get_fs_token_paths(path)
    return fs, paths[0]


def join(*parts: str) -> str:
    return "/".join(p.strip("/") if i else p.rstrip("/") for i, p in enumerate(parts))


def exists(path: str) -> bool:
    fs, p = fs_and_path(path)
    return fs.exists(p)


def remove(path: str) -> None:
    """Delete a file or folder tree if it exists."""
    fs, p = fs_and_path(path)
    if fs.exists(p):
        fs.rm(p, recursive=True)


def identity(path: str) -> str:
    """ "size:stamp" of a file, the stamp being its ETag or modification time: a rewrite of the
    file changes it, so work derived from the old contents can tell it is stale."""
    fs, p = fs_and_path(path)
    return identity_of(fs.info(p))


def identity_of(info: dict) -> str:
    """identity() from a listing's entry (fsspec's info dict)."""
    keys = ("ETag", "etag", "md5Hash", "mtime", "LastModified", "last_modified", "created")
    return f"{info.get('size')}:{next((info[k] for k in keys if k in info), '')}"


def identities(folder: str, suffix: str = ".parquet") -> dict[str, str]:
    """identity() of every file directly under `folder`, from one listing (not a request per file)."""
    fs, p = fs_and_path(folder)
    if not fs.exists(p):
        return {}
    proto = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return {
        (n if proto == "file" else f"{proto}://{n}"): identity_of(info)
        for info in fs.ls(p, detail=True)
        if (n := info["name"]).endswith(suffix)
    }


def makedirs(path: str) -> None:
    fs, p = fs_and_path(path)
    fs.makedirs(p, exist_ok=True)


def write_bytes(path: str, data: bytes) -> None:
    fs, p = fs_and_path(path)
    parent = p.rsplit("/", 1)[0]
    fs.makedirs(parent, exist_ok=True)
    with fs.open(p, "wb") as f:
        f.write(data)


def read_bytes(path: str) -> bytes:
    fs, p = fs_and_path(path)
    with fs.open(p, "rb") as f:
        return f.read()


def write_text(path: str, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def read_text(path: str) -> str:
    return read_bytes(path).decode("utf-8")


def write_json(path: str, obj: Any) -> None:
    write_text(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def read_json(path: str) -> Any:
    return json.loads(read_text(path))


def list_files(folder: str, suffix: str = ".parquet") -> list[str]:
    """Files directly under `folder` ending with `suffix`, sorted, as full URLs/paths."""
    fs, p = fs_and_path(folder)
    if not fs.exists(p):
        return []
    names = sorted(x for x in fs.ls(p, detail=False) if x.endswith(suffix))
    proto = fs.protocol if isinstance(fs.protocol, str) else fs.protocol[0]
    return [n if proto == "file" else f"{proto}://{n}" for n in names]


def write_parquet(path: str, table: pa.Table, row_group_size: int | None = None) -> int:
    """Write `table` as one zstd Parquet file (row groups of `row_group_size` rows; None: pyarrow's
    default); returns its size in bytes."""
    fs, p = fs_and_path(path)
    fs.makedirs(p.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(p, "wb") as f:
        pq.write_table(table, f, compression="zstd", row_group_size=row_group_size)
        return f.tell()


def read_parquet(path: str, columns: list[str] | None = None) -> pa.Table:
    fs, p = fs_and_path(path)
    with fs.open(p, "rb") as f:
        return pq.read_table(f, columns=columns)


def read_parquet_head(path: str, n: int, columns: list[str] | None = None) -> pa.Table:
    """The first `n` rows, reading no more of the file than their row group."""
    fs, p = fs_and_path(path)
    with fs.open(p, "rb") as f:
        return pa.Table.from_batches([next(pq.ParquetFile(f).iter_batches(batch_size=n, columns=columns))])


def parquet_schema(path: str) -> pa.Schema:
    fs, p = fs_and_path(path)
    with fs.open(p, "rb") as f:
        return pq.read_schema(f)


def parquet_rows(path: str) -> int:
    fs, p = fs_and_path(path)
    with fs.open(p, "rb") as f:
        return pq.ParquetFile(f).metadata.num_rows
