"""The row contract: every table that stages exchange, as pyarrow schemas.

Stages never import each other; they meet only through these tables on storage.
A stage checks its input with `require_columns` on entry, so a wrong or stale
input fails with the names of the missing columns instead of a KeyError deep
inside a Ray task.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa

STATUS_OK = "ok"
STATUS_FAILED = "failed"  # with a `reason` code from the stage's list in failures.py

SOURCE_KNOW = "know"  # native alt-text: culture (D_know)
SOURCE_LING = "ling"  # caption translated into the language: language (D_ling)
SPLITS = ("train", "val", "test")

# crawl/know/*.parquet and crawl/pool/*.parquet (pool rows have alt = null).
CRAWL_IMAGES = pa.schema(
    [
        pa.field("img_id", pa.string(), nullable=False),  # sha256 hex of the image bytes
        pa.field("image", pa.binary(), nullable=False),  # original bytes, as served
        pa.field("image_url", pa.string(), nullable=False),
        pa.field("page_url", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),  # language of the seed site
        pa.field("alt", pa.string()),
        pa.field("width", pa.int32(), nullable=False),
        pa.field("height", pa.int32(), nullable=False),
        pa.field("format", pa.string(), nullable=False),  # PIL format name: JPEG, PNG, WEBP...
        pa.field("category", pa.string()),
        # Page hints, kept for later use (captioning context, categories).
        pa.field("page_title", pa.string()),
        pa.field("figcaption", pa.string()),
        # Near-duplicate detection: perceptual hash (hex) and the group it belongs to
        # (the img_id of the group's first member; null when the image has no near duplicate).
        pa.field("phash", pa.string()),
        pa.field("dup_group", pa.string()),
    ]
)

# crawl/annotations/*.parquet: the near-duplicate group of each image that has one (written by
# crawl finalize; the mix joins it). Image shards are not rewritten to record a group.
CRAWL_ANNOTATIONS = pa.schema(
    [
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("dup_group", pa.string(), nullable=False),  # the img_id of the group's representative
    ]
)

# crawl/failures/*.parquet: what the crawler tried and could not keep, and why.
CRAWL_FAILURES = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("kind", pa.string(), nullable=False),  # page | image | robots | alt | sitemap
        pa.field("lang", pa.string()),
        pa.field("reason", pa.string(), nullable=False),  # short machine-readable reason
        pa.field("error", pa.string()),
        # What `mella crawl --retry-failed` needs to redo the row (crawl/retry.py): for an image,
        # the page that showed it and the texts that page gave it (so a refetched image can become
        # a D_know row); for a page, its depth from the seed (the frontier's depth limit).
        pa.field("page_url", pa.string()),
        pa.field("alt", pa.string()),  # the longest alt attribute of the kept sighting
        pa.field("figcaption", pa.string()),
        pa.field("page_title", pa.string()),
        pa.field("depth", pa.int32()),
    ]
)

# caption/*.parquet
CAPTIONS = pa.schema(
    [
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),  # the image's language (from the pool)
        pa.field("caption", pa.string()),  # in the pivot language; null when failed
        pa.field("pivot_lang", pa.string(), nullable=False),
        pa.field("category", pa.string()),  # two-level label "top/sub"
        pa.field("model", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),  # failures.py code of the stage; null when ok
        pa.field("error", pa.string()),  # free-text detail of the failure
    ]
)

# translate/*.parquet
TRANSLATIONS = pa.schema(
    [
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),  # target language
        pa.field("text", pa.string()),
        pa.field("category", pa.string()),
        pa.field("source_chars", pa.int32()),
        pa.field("text_chars", pa.int32()),
        pa.field("length_ratio", pa.float32()),
        pa.field("detected_lang", pa.string()),  # language ID of the output (quality gate)
        pa.field("backtranslation_chrf", pa.float32()),  # chrF of text->pivot against the caption; optional
        pa.field("model", pa.string(), nullable=False),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),  # failures.py code of the stage; null when ok
        pa.field("error", pa.string()),  # free-text detail of the failure
    ]
)

# mix/{train,val,test}/*.parquet: one single-turn conversation per row.
CONVERSATIONS = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("img_id", pa.string(), nullable=False),
        pa.field("image", pa.binary(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),  # know | ling
        pa.field("split", pa.string(), nullable=False),
        pa.field("instruction", pa.string(), nullable=False),
        pa.field("answer", pa.string(), nullable=False),
        pa.field("category", pa.string()),
        pa.field("keywords", pa.list_(pa.string())),  # gold culture keywords (know rows)
    ]
)

# eval/predictions/*.parquet
PREDICTIONS = pa.schema(
    [
        pa.field("sample_id", pa.string(), nullable=False),
        pa.field("lang", pa.string(), nullable=False),
        pa.field("source", pa.string(), nullable=False),
        pa.field("model_name", pa.string(), nullable=False),  # "base" | "tuned"
        pa.field("model", pa.string(), nullable=False),  # path or hub id
        pa.field("prompt", pa.string(), nullable=False),
        pa.field("prediction", pa.string()),
        pa.field("reference", pa.string(), nullable=False),
        pa.field("keywords", pa.list_(pa.string())),
        pa.field("status", pa.string(), nullable=False),
        pa.field("reason", pa.string()),  # failures.py code of the stage; null when ok
        pa.field("error", pa.string()),  # free-text detail of the failure
        pa.field("retries", pa.int32()),  # requests retried before the answer (endpoints; 0 for engines)
    ]
)

TABLES: dict[str, pa.Schema] = {
    "crawl/know": CRAWL_IMAGES,
    "crawl/pool": CRAWL_IMAGES,
    "crawl/failures": CRAWL_FAILURES,
    "caption": CAPTIONS,
    "translate": TRANSLATIONS,
    "mix/train": CONVERSATIONS,
    "mix/val": CONVERSATIONS,
    "mix/test": CONVERSATIONS,
    "eval/predictions": PREDICTIONS,
}


class MissingColumnsError(ValueError):
    """An input table lacks columns that the reading stage needs."""


def require_columns(table: str, present: Iterable[str], needed: Iterable[str] | None = None) -> None:
    """Fail with the table name and the missing columns if `present` lacks any needed one.

    `needed` defaults to every column of the table's schema in TABLES.
    """
    needed = list(needed) if needed is not None else TABLES[table].names
    have = set(present)
    missing = [c for c in needed if c not in have]
    if missing:
        raise MissingColumnsError(
            f"{table}: missing column(s) {', '.join(missing)}; found {', '.join(sorted(have)) or 'none'}. "
            f"Was it written by an older or different stage? Rerun the stage that produces {table}."
        )


def empty_table(schema: pa.Schema) -> pa.Table:
    return schema.empty_table()


def to_table(rows: list[dict], schema: pa.Schema) -> pa.Table:
    """Rows (dicts) to a table of exactly `schema`; extra keys are an error, absent ones are null."""
    extra = {k for r in rows for k in r} - set(schema.names)
    if extra:
        raise ValueError(f"rows carry columns not in the schema: {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)
