"""Reading the mix's inputs as key columns: which rows exist, where their bytes and texts are.

The driver reads no image bytes and keeps no answer text: per usable row it keeps the img_id,
language, source, near-duplicate group and two small integers, the shard that holds its image
and the shard that holds its text. The workers fetch bytes and texts from those shards
(shard_writer.py). Everything is checked before the stage writes anything: a missing or empty
table, or a language with no rows for a source the mix needs, fails with one message that
names the table, language and source and why.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.runtime import storage
from mella_ray.runtime.hexkeys import maybe_repeated
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

KNOW_KEYS = ["img_id", "lang", "alt", "dup_group"]
POOL_KEYS = ["img_id", "lang", "dup_group"]
TRANSLATE_KEYS = ["img_id", "lang", "text", "status", "reason"]
ANNOTATIONS = "crawl/annotations"  # img_id -> dup_group, written by crawl finalize
_WHAT = {"crawl/know": "crawl", "crawl/pool": "crawl", "translate": "translate"}


class MixInputError(ValueError):
    """The mix's inputs cannot make the configured mix; the message says which and why."""


class Row:
    """One usable source row, as the driver holds it: key columns only, in slots (a dict per row
    costs ~300 bytes more, at millions of rows). Read like a dict: row["img_id"], row.get(...)."""

    __slots__ = ("img_id", "lang", "source", "dup_group", "img_shard", "txt_shard")

    def __init__(self, img_id: str, lang: str, source: str, dup_group: str | None, img_shard: int, txt_shard: int):
        self.img_id, self.lang, self.source, self.dup_group = img_id, lang, source, dup_group
        self.img_shard, self.txt_shard = img_shard, txt_shard

    def __getitem__(self, key: str):
        return getattr(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default)


@dataclass
class Sources:
    rows: list[Row]
    shards: list[str] = field(default_factory=list)  # the shard paths that img_shard/txt_shard index
    dropped: Counter = field(default_factory=Counter)  # reason -> rows


def finished_shards(folder: str, table: str, columns: list[str]) -> list[str]:
    """The finished shards of a table; the first one's columns are checked by name (a stale
    table from an older stage version fails here, not deep inside a worker)."""
    paths = ShardedOutput(folder).shard_paths()
    if not paths:
        raise MixInputError(f"mix: {table}: no finished shards in {folder}; run the {_WHAT[table]} stage first")
    records.require_columns(table, storage.parquet_schema(paths[0]).names, columns)
    return paths


Scan = Callable[[list[str], list[str], tuple[str, ...]], Iterable[pa.Table]]
"""scan(paths, columns, texts): the key columns of `paths`, shard by shard, with the source file
in a `path` column, each text column in `texts` replaced by has_<name> (a bool), so no text
reaches the driver. The stage supplies it (workers read)."""


Fetch = Callable[[list[str], list[str], list[str]], Iterable[pa.Table]]
"""fetch(paths, columns, img_ids): the rows of `paths` with those img_ids (workers read)."""


def know_alts(src: Sources, rows: list[int], fetch: Fetch) -> list[str]:
    """The alt-text of the given D_know rows (the gold keywords of the test split: a few hundred
    rows, from just the shards that hold them)."""
    paths = sorted({src.shards[src.rows[i]["img_shard"]] for i in rows})
    found: dict[str, str] = {}
    for t in fetch(paths, ["img_id", "alt"], [src.rows[i]["img_id"] for i in rows]):
        for img_id, alt in zip(t.column("img_id").to_pylist(), t.column("alt").to_pylist(), strict=True):
            found.setdefault(img_id, alt)
    return [found[src.rows[i]["img_id"]].strip() for i in rows]


def has_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """True where a text column holds more than whitespace (computed in Arrow, not Python)."""
    return pc.fill_null(pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(column)), 0), False)


def _dup_groups(cfg) -> dict[str, str]:
    """The near-duplicate groups crawl finalize recorded (small: only images that have one)."""
    out = ShardedOutput(cfg.path(*ANNOTATIONS.split("/"))).read_all(records.CRAWL_ANNOTATIONS.names)
    if out is None:
        return {}
    out = out.filter(pc.is_valid(out.column("dup_group")))
    return dict(zip(out.column("img_id").to_pylist(), out.column("dup_group").to_pylist(), strict=True))


def load_sources(cfg, needed: set[tuple[str, str]], scan: Scan) -> Sources:
    """Every usable row of the configured languages; `needed` (lang, source) must have rows."""
    langs = set(cfg.languages)
    src = Sources([])
    groups = _dup_groups(cfg)
    lang_of = {lang: lang for lang in langs}  # one string per language, not one per row
    know_langs: Counter = Counter()  # rows per language, with and without text (for the error)

    def shard_index(paths: list[str]) -> dict[str, int]:
        """Each path's index in src.shards."""
        start = len(src.shards)
        src.shards.extend(paths)
        return {p: start + k for k, p in enumerate(paths)}

    def add(img_id: str, lang: str, source: str, usable: bool, dup_group: str | None, img: int, txt: int) -> None:
        if lang not in langs:
            src.dropped[f"{source}:language_not_configured"] += 1
        elif not usable:
            src.dropped[f"{source}:empty_text"] += 1
        else:
            src.rows.append(Row(img_id, lang_of[lang], source, groups.get(img_id, dup_group), img, txt))

    know = shard_index(finished_shards(cfg.path("crawl", "know"), "crawl/know", KNOW_KEYS))
    for t in scan([src.shards[i] for i in know.values()], KNOW_KEYS, ("alt",)):
        if not t.num_rows:
            continue
        i = know[_path_of(t)]
        for img_id, lang, usable, dup in _columns(t, ["img_id", "lang", "has_alt", "dup_group"]):
            know_langs[(lang, usable)] += 1
            add(img_id, lang, records.SOURCE_KNOW, usable, dup, i, i)
    if not know_langs:
        raise MixInputError(
            f"mix: crawl/know: the table in {cfg.path('crawl', 'know')} has no rows; rerun the crawl stage"
        )
    trans_stats: Counter = Counter()
    if any(s == records.SOURCE_LING for _, s in needed):
        trans = shard_index(finished_shards(cfg.path("translate"), "translate", TRANSLATE_KEYS))
        pools = shard_index(finished_shards(cfg.path("crawl", "pool"), "crawl/pool", POOL_KEYS))
        pool = _pool_keys(scan([src.shards[i] for i in pools.values()], POOL_KEYS), pools)
        parts, n_trans = [], 0
        for t in scan([src.shards[i] for i in trans.values()], TRANSLATE_KEYS, ("text",)):
            if t.num_rows:
                shard = pa.array(np.full(t.num_rows, trans[_path_of(t)], np.int32))
                parts.append(
                    t.drop_columns(["path"])
                    .append_column("txt_shard", shard)
                    .append_column("order", pa.array(np.arange(n_trans, n_trans + t.num_rows)))
                )
                n_trans += t.num_rows
        if n_trans:
            # the pool shard and group of each row's image: one Arrow join (not a dict per pool
            # image, nor a hash table built per shard), back in input order
            table = pa.concat_tables(parts).join(pool, "img_id", join_type="left outer", use_threads=False)
            del parts, pool
            for img_id, lang, status, reason, usable, img, dup, txt in _columns(
                table.sort_by("order"),
                ["img_id", "lang", "status", "reason", "has_text", "pool_shard", "pool_group", "txt_shard"],
            ):
                ok = status == records.STATUS_OK
                trans_stats[(lang, status if ok else (reason or "failed"))] += 1
                if not ok:
                    src.dropped["ling:translation_failed"] += 1
                elif img is None:
                    src.dropped["ling:image_not_in_pool"] += 1
                    trans_stats[(lang, "image_not_in_pool")] += 1
                else:
                    add(img_id, lang, records.SOURCE_LING, usable, dup, img, txt)
        if not n_trans:
            raise MixInputError(
                f"mix: translate: the table in {cfg.path('translate')} has no rows; rerun the translate stage"
            )
    _drop_repeats(src)
    have = Counter((r["lang"], r["source"]) for r in src.rows)
    missing = sorted(b for b in needed if not have[b])
    if missing:
        raise MixInputError("; ".join(_why_missing(lang, s, know_langs, trans_stats) for lang, s in missing))
    for reason, n in sorted(src.dropped.items()):
        log.info("mix: dropped %d input rows: %s", n, reason)
    return src


def _path_of(t: pa.Table) -> str:
    """The shard a key table came from (one per table: scan reads one shard per task)."""
    return t.column("path")[0].as_py()


def _columns(t: pa.Table, columns: list[str]) -> Iterable[tuple]:
    """The rows of a key table as tuples (no dict per row: millions of short-lived objects
    fragment the driver's heap)."""
    return zip(*(t.column(c).to_pylist() for c in columns), strict=True)


def _drop_repeats(src: Sources) -> None:
    """Keep the first row of each (img_id, lang, source). Candidates are found in numpy by the
    img_id's first 64 bits (a sha256: random bits) and only they are compared in full, so no
    set of every row's key is held."""
    if not src.rows:
        return
    seen: set[tuple[str, str, str]] = set()
    repeats = set()
    for i in maybe_repeated(pa.array([r.img_id for r in src.rows], pa.string())).tolist():
        r = src.rows[i]
        key = (r.img_id, r.lang, r.source)
        if key in seen:
            repeats.add(i)
            src.dropped[f"{r.source}:duplicate_row"] += 1
        seen.add(key)
    if repeats:
        src.rows = [r for i, r in enumerate(src.rows) if i not in repeats]


def _pool_keys(batches: Iterable[pa.Table], index: dict[str, int]) -> pa.Table:
    """img_id -> pool_shard, pool_group of the pool's images (an image in two shards: the first)."""
    parts = []
    for t in batches:
        shard = pa.array([index[p] for p in t.column("path").to_pylist()], pa.int32())
        parts.append(pa.table({"img_id": t.column("img_id"), "pool_shard": shard, "pool_group": t.column("dup_group")}))
    if not parts:
        return pa.table(
            {
                "img_id": pa.array([], pa.string()),
                "pool_shard": pa.array([], pa.int32()),
                "pool_group": pa.array([], pa.string()),
            }
        )
    pool = pa.concat_tables(parts).sort_by([("img_id", "ascending"), ("pool_shard", "ascending")])
    ids = pool.column("img_id").combine_chunks()
    first = pc.invert(pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1)))  # differs from the row before
    keep = pa.concat_arrays([pa.array([True]), first]) if len(ids) else pa.array([], pa.bool_())
    return pool.filter(keep)


def _why_missing(lang: str, source: str, know_langs: Counter, trans_stats: Counter) -> str:
    head = f"mix: language {lang!r} has no D_{source} rows"
    if source == records.SOURCE_KNOW:
        n = know_langs[(lang, True)] + know_langs[(lang, False)]
        detail = (
            f"crawl/know has {n} rows for {lang} but none with alt-text"
            if n
            else f"crawl/know has no rows for {lang}: add a crawl seed for {lang} or remove it from languages"
        )
    else:
        mine = {k[1]: n for k, n in trans_stats.items() if k[0] == lang}
        detail = (
            f"translate rows for {lang}: " + ", ".join(f"{why} {n}" for why, n in sorted(mine.items()))
            if mine
            else f"translate has no rows for {lang}: check translate.targets and the caption stage"
        )
    return f"{head} ({detail}); the mix needs it for mix.test_per_lang or a positive mix.weights.{source}"
