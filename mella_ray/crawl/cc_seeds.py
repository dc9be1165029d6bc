"""`mella seeds`: seed hosts per language from Common Crawl's indexes, written as crawl.seeds_file.

Reads the columnar URL index (Parquet, one row per fetched URL) through pyarrow.dataset
(local or s3:// via fsspec), projecting six columns and pushing `fetch_status == 200` and,
with cctld_only, the TLD filter down to the Parquet reader. Per host it counts the pages
whose primary detected language (the first code of `content_languages`, ISO 639-3) is each
configured language, batch by batch, so memory follows the number of hosts, not of URLs.
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

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from mella_ray.runtime import storage

log = logging.getLogger(__name__)

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
URL_COLUMNS = [
    "url_host_name",
    "url_host_tld",
    "url_host_registered_domain",
    "url_protocol",
    "fetch_status",
    "content_languages",
]
HOST_COLUMNS = ["url_host_registered_domain", "surt_host_name", "fetch_200", "hcrank"]


def _dataset(path: str) -> ds.Dataset:
    fs, root = fsspec.core.url_to_fs(path)
    if any(c in root for c in "*?["):
        files = sorted(fs.glob(root))
        if not files:
            raise ValueError(f"crawl.seed_index: no file matches {path!r}")
        return ds.dataset(files, format="parquet", filesystem=fs, partitioning="hive")
    if not fs.exists(root):
        raise ValueError(f"crawl.seed_index: {path!r} does not exist; give a Parquet file, folder or glob")
    return ds.dataset(root, format="parquet", filesystem=fs, partitioning="hive")


def _check_columns(data: ds.Dataset, needed: list[str], path: str) -> None:
    missing = [c for c in needed if c not in data.schema.names]
    if missing:
        raise ValueError(
            f"crawl.seed_index: {path!r} lacks column(s) {missing}; is it Common Crawl's "
            f"{'URL' if 'fetch_status' in needed else 'host'} index?"
        )


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


def count_pages(cfg) -> tuple[dict[str, Counter], Counter, dict[str, Counter]]:
    """(lang -> host -> pages in it, host -> all pages, host -> protocols) from the URL index."""
    index = cfg.crawl.seed_index
    data = _dataset(index.url_index)
    _check_columns(data, URL_COLUMNS, index.url_index)
    codes = _codes(cfg)
    wanted = pc.field("fetch_status") == 200
    if "subset" in data.schema.names:  # the index's hive partition: robots and crawldiagnostics rows are not pages
        wanted &= pc.field("subset") == "warc"
    if index.cctld_only:
        tlds = sorted({t for lang in cfg.languages for t in index.tlds.get(lang, [])})
        wanted &= pc.field("url_host_tld").isin(tlds)
    by_lang: dict[str, Counter] = defaultdict(Counter)
    totals: Counter = Counter()
    protocols: dict[str, Counter] = defaultdict(Counter)
    for batch in data.to_batches(columns=URL_COLUMNS, filter=wanted, batch_size=65_536):
        table = pa.Table.from_batches([batch])
        primary = pc.list_element(pc.split_pattern(pc.fill_null(table["content_languages"], ""), ","), 0)
        table = table.append_column("primary", primary)
        grouped = table.group_by(["url_host_name", "primary", "url_protocol"]).aggregate([([], "count_all")])
        for host, code, protocol, n in zip(
            *(grouped[c].to_pylist() for c in ("url_host_name", "primary", "url_protocol", "count_all"))
        ):
            totals[host] += n
            protocols[host][protocol or "https"] += n
            if code in codes:
                by_lang[codes[code]][host] += n
    return by_lang, totals, protocols


def host_ranks(cfg) -> dict[str, tuple[int, float]] | None:
    """host -> (fetch_200, hcrank) from the host index, or None without one."""
    path = cfg.crawl.seed_index.host_index
    if not path:
        return None
    data = _dataset(path)
    _check_columns(data, HOST_COLUMNS, path)
    out = {}
    for batch in data.to_batches(columns=["surt_host_name", "fetch_200", "hcrank"], batch_size=65_536):
        for surt, fetched, rank in zip(*(batch.column(i).to_pylist() for i in range(3))):
            out[".".join(reversed(surt.split(",")))] = (fetched or 0, rank or 0.0)  # "cz,seznam,www" -> www.seznam.cz
    return out


def _excluded(host: str, exclude: set[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in exclude for i in range(len(parts)))


def choose_seeds(cfg) -> tuple[list[dict], dict]:
    """The seeds (url, lang, pages) and per-language counts of what was kept and why not."""
    index = cfg.crawl.seed_index
    by_lang, totals, protocols = count_pages(cfg)
    ranks = host_ranks(cfg)
    exclude = {e.lower().strip(".") for e in index.exclude}
    seeds, report = [], {}
    for lang in cfg.languages:
        tlds = set(index.tlds.get(lang, []))
        why: Counter = Counter()
        candidates = []
        for host, pages in by_lang.get(lang, {}).items():
            if pages < index.min_pages:
                why["too_few_pages"] += 1
            elif pages / totals[host] < index.min_language_share:
                why["language_share_too_low"] += 1
            elif _excluded(host, exclude):
                why["excluded"] += 1
            elif index.cctld_only and host.rsplit(".", 1)[-1] not in tlds:
                why["not_cctld"] += 1
            elif ranks is not None and ranks.get(host, (0, 0.0))[0] < index.min_pages:
                why["not_in_host_index"] += 1
            else:
                rank = ranks.get(host, (0, 0.0))[1] if ranks else 0.0
                candidates.append((host.rsplit(".", 1)[-1] not in tlds, -pages, -rank, host, pages))
        candidates.sort()
        kept = candidates[: index.max_hosts_per_language]
        why["over_cap"] = len(candidates) - len(kept)
        for *_, host, pages in kept:
            protocol = protocols[host].most_common(1)[0][0]
            seeds.append({"url": f"{protocol}://{host}/", "lang": lang, "pages": pages})
        report[lang] = {"seeds": len(kept), **{k: v for k, v in why.items() if v}}
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
