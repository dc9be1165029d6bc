"""`mella seeds`: seed hosts per language from Common Crawl's indexes, written as crawl.seeds_file.

Reads the columnar URL index (Parquet, one row per fetched URL; local or s3:// via fsspec)
and optionally the host index, on the cluster: one Ray task per index file counts pages per
host and primary detected language (the first code of `content_languages`, ISO 639-3), one
task per hash partition of the host names applies the rules (cc_seed_counts.py). The driver
lists files and merges each partition's best hosts, so no process holds the index's hosts.
A host is a seed of a language when it has min_pages such pages, they are at least
min_language_share of its pages, it is not excluded, and (if the host index is given) the
host index knows it with at least min_pages fetch_200. Hosts are ranked by those page
counts (ccTLD hosts first when every TLD is allowed; host-index hcrank breaks ties) and cut
at max_hosts_per_language. One seed per host: its home page, with the protocol the index
saw most.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from functools import partial

import fsspec
import pyarrow.compute as pc
import pyarrow.dataset as ds

from mella_ray.crawl.cc_seed_counts import (
    HOST_COLUMNS,
    URL_COLUMNS,
    SeedRules,
    choose_in_partition,
    count_url_file,
    host_index_file,
)
from mella_ray.runtime import storage
from mella_ray.runtime.tasks import map_tasks

log = logging.getLogger(__name__)
# Hash partitions of the host names: each is one task's choosing. 64 keeps a partition of a
# whole crawl's ccTLD hosts (tens of millions) to a few hundred thousand hosts.
MAX_PARTITIONS = 64

ISO639_3 = {
    "ar": "ara",
    "cs": "ces",
    "hu": "hun",
    "ko": "kor",
    "ru": "rus",
    "sr": "srp",
    "th": "tha",
    "vi": "vie",
    "en": "eng",
    "de": "deu",
    "fr": "fra",
    "es": "spa",
    "pl": "pol",
    "uk": "ukr",
    "tr": "tur",
    "fa": "fas",
    "id": "ind",
    "ja": "jpn",
    "zh": "zho",
    "sk": "slk",
    "bg": "bul",
    "ro": "ron",
    "hr": "hrv",
    "el": "ell",
}


def index_files(path: str, needed: list[str]) -> list[str]:
    """The Parquet files of an index (a file, folder or glob; local or s3://), checked for `needed`.

    Only the listing happens here: hive partitions other than subset=warc (robots.txt and
    crawl-diagnostics rows are not pages) are pruned by path, without reading a row."""
    fs, root = fsspec.core.url_to_fs(path)
    if any(c in root for c in "*?["):
        files = sorted(fs.glob(root))
        if not files:
            raise ValueError(f"crawl.seed_index: no file matches {path!r}")
        data = ds.dataset(files, format="parquet", filesystem=fs, partitioning="hive")
    elif not fs.exists(root):
        raise ValueError(f"crawl.seed_index: {path!r} does not exist; give a Parquet file, folder or glob")
    else:
        data = ds.dataset(root, format="parquet", filesystem=fs, partitioning="hive")
    missing = [c for c in needed if c not in data.schema.names]
    if missing:
        raise ValueError(
            f"crawl.seed_index: {path!r} lacks column(s) {missing}; is it Common Crawl's "
            f"{'URL' if 'fetch_status' in needed else 'host'} index?"
        )
    pages_only = pc.field("subset") == "warc" if "subset" in data.schema.names else None
    return [fs.unstrip_protocol(f.path) for f in data.get_fragments(filter=pages_only)]


def _codes(cfg) -> dict[str, str]:
    """ISO 639-3 -> the job's language, for every configured language."""
    index = cfg.crawl.seed_index
    table = {**ISO639_3, **index.language_codes}
    missing = [lang for lang in cfg.languages if lang not in table]
    if missing:
        raise ValueError(
            f"crawl.seed_index.language_codes: no ISO 639-3 code for {missing}; add e.g. {{{missing[0]!r}: 'xxx'}}"
        )
    return {table[lang]: lang for lang in cfg.languages}


def seed_rules(cfg, work: str, partitions: int) -> SeedRules:
    index = cfg.crawl.seed_index
    return SeedRules(
        work=work,
        partitions=partitions,
        codes=_codes(cfg),
        tlds={lang: list(index.tlds.get(lang, [])) for lang in cfg.languages},
        cctld_only=index.cctld_only,
        min_pages=index.min_pages,
        min_language_share=index.min_language_share,
        max_hosts=index.max_hosts_per_language,
        exclude=frozenset(e.lower().strip(".") for e in index.exclude),
        with_host_index=bool(index.host_index),
    )


def choose_seeds(cfg, partitions: int | None = None) -> tuple[list[dict], dict]:
    """The seeds (url, lang, pages) and per-language counts of what was kept and why not.

    The driver lists the index files and merges each partition's best candidates; Ray tasks
    count the files and choose within partitions (cc_seed_counts.py)."""
    index = cfg.crawl.seed_index
    _codes(cfg)  # a language without a code fails before any file is listed
    url_files = index_files(index.url_index, URL_COLUMNS)
    host_files = index_files(index.host_index, HOST_COLUMNS) if index.host_index else []
    partitions = partitions or max(1, min(MAX_PARTITIONS, len(url_files)))
    work = storage.join(cfg.output_dir, "crawl", "_seed_counts")
    storage.remove(work)  # counts of an earlier run are not this run's
    rules = seed_rules(cfg, work, partitions)
    rows = sum(map_tasks(partial(count_url_file, rules), enumerate(url_files), num_cpus=1))
    rows_known = sum(map_tasks(partial(host_index_file, rules), enumerate(host_files), num_cpus=1))
    log.info("seeds: %d page rows in %d URL index file(s), %d host index rows", rows, len(url_files), rows_known)
    merged: dict[str, list] = defaultdict(list)
    why: dict[str, Counter] = defaultdict(Counter)
    for chosen in map_tasks(partial(choose_in_partition, rules), range(partitions), num_cpus=1):
        for lang, entry in chosen.items():
            merged[lang] += entry["candidates"]
            why[lang].update(entry["why"])
            why[lang]["over_cap"] += entry["total"]  # minus the kept ones, below
    storage.remove(work)
    seeds, report = [], {}
    for lang in cfg.languages:
        kept = sorted(merged.get(lang, []))[: index.max_hosts_per_language]
        why[lang]["over_cap"] -= len(kept)
        for *_, host, pages, protocol in kept:
            seeds.append({"url": f"{protocol}://{host}/", "lang": lang, "pages": pages})
        report[lang] = {"seeds": len(kept), **{k: v for k, v in why[lang].items() if v}}
    return seeds, report


def write_seeds(cfg) -> dict:
    """Write crawl.seeds_file (JSONL: url, lang, pages) for the configured languages; returns a report."""
    if cfg.crawl.seed_index is None:
        raise ValueError("crawl.seed_index is not set: name the Common Crawl URL index to read (url_index)")
    if not cfg.crawl.seeds_file:
        raise ValueError("crawl.seeds_file is not set: name the file `mella seeds` should write")
    seeds, report = choose_seeds(cfg)
    storage.write_text(cfg.crawl.seeds_file, "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in seeds))
    log.info("seeds: wrote %d seed(s) to %s: %s", len(seeds), cfg.crawl.seeds_file, report)
    return {"seeds_file": cfg.crawl.seeds_file, "seeds": len(seeds), "per_language": report}
