"""The cluster's part of `mella seeds`: counting Common Crawl's index files and choosing per partition.

A crawl's columnar URL index is hundreds of files and billions of rows, its hosts tens of
millions: no process may hold them all. Two rounds of Ray tasks do the work, the driver
only lists files and merges a few candidates (cc_seeds.py):

1. `count_url_file` reads one URL index file (six columns; `fetch_status == 200` and the TLD
   filter pushed down to the Parquet reader), counts pages per (host, primary language,
   protocol) and writes the counts as one small Parquet part per hash partition of the host
   name. `host_index_file` does the same for a host index file (host, fetch_200, hcrank).
   A host's rows from every file thus meet in one partition.
2. `choose_in_partition` reads one partition's parts, sums each host's pages, applies the
   rules (enough pages in the language, a large enough share of the host's pages, not
   excluded, a ccTLD host, known to the host index) and returns the best
   `max_hosts_per_language` candidates of each language with the counts of what was dropped
   and why. The global best are among the partitions' best, so the merge is exact.
"""

from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass, field

import fsspec
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from mella_ray.runtime import storage

URL_COLUMNS = [
    "url_host_name",
    "url_host_tld",
    "url_host_registered_domain",
    "url_protocol",
    "fetch_status",
    "content_languages",
]
HOST_COLUMNS = ["url_host_registered_domain", "surt_host_name", "fetch_200", "hcrank"]
BATCH_ROWS = 65_536


@dataclass(frozen=True)
class SeedRules:
    """What every task needs to know, sent once with the task function."""

    work: str  # folder of the partitioned counts (on the job's storage: every node reads it)
    partitions: int
    codes: dict[str, str]  # ISO 639-3 -> the job's language
    tlds: dict[str, list[str]]  # the job's language -> its ccTLDs
    cctld_only: bool
    min_pages: int
    min_language_share: float
    max_hosts: int
    exclude: frozenset[str] = field(default_factory=frozenset)
    with_host_index: bool = False

    def tld_filter(self) -> list[str]:
        return sorted({t for tlds in self.tlds.values() for t in tlds})


def partition_of(hosts: list[str], partitions: int) -> pa.Array:
    # crc32, not hash(): the same host must land in the same partition in every worker process.
    return pa.array([zlib.crc32(h.encode()) % partitions for h in hosts], pa.int32())


def _write_partitions(table: pa.Table, rules: SeedRules, kind: str, name: str) -> None:
    parts = partition_of(table["host"].to_pylist(), rules.partitions)
    table = table.append_column("part", parts).sort_by("part")
    bounds = pc.value_counts(table["part"])  # sorted by first appearance, which the sort made ascending
    start = 0
    for entry in bounds.to_pylist():
        n = entry["counts"]
        chunk = table.slice(start, n).drop_columns(["part"])
        storage.write_parquet(storage.join(rules.work, kind, f"p{entry['values']:05d}", f"{name}.parquet"), chunk)
        start += n


def _open(path: str) -> ds.Dataset:
    fs, root = fsspec.core.url_to_fs(path)
    return ds.dataset(root, format="parquet", filesystem=fs)


def count_url_file(rules: SeedRules, item: tuple[int, str]) -> int:
    """Pages per (host, primary language, protocol) of one URL index file; returns rows counted."""
    number, path = item
    wanted = pc.field("fetch_status") == 200
    if rules.cctld_only:
        wanted &= pc.field("url_host_tld").isin(rules.tld_filter())
    pieces, rows = [], 0
    for batch in _open(path).to_batches(columns=URL_COLUMNS, filter=wanted, batch_size=BATCH_ROWS):
        table = pa.Table.from_batches([batch])
        rows += table.num_rows
        primary = pc.list_element(pc.split_pattern(pc.fill_null(table["content_languages"], ""), ","), 0)
        table = pa.table({"host": table["url_host_name"], "code": primary, "protocol": table["url_protocol"]})
        pieces.append(table.group_by(["host", "code", "protocol"]).aggregate([([], "count_all")]))
    if pieces:
        counts = pa.concat_tables(pieces).group_by(["host", "code", "protocol"]).aggregate([("count_all", "sum")])
        _write_partitions(counts.rename_columns(["host", "code", "protocol", "pages"]), rules, "url", f"f{number:06d}")
    return rows


def host_index_file(rules: SeedRules, item: tuple[int, str]) -> int:
    """(host, fetch_200, hcrank) of one host index file, partitioned like the URL counts."""
    number, path = item
    wanted = pc.field("url_host_tld").isin(rules.tld_filter()) if rules.cctld_only else None
    hosts, fetched, ranks = [], [], []
    data = _open(path)
    if wanted is not None and "url_host_tld" not in data.schema.names:
        wanted = None  # an older host index without the column: every host, filtered in the join
    for batch in data.to_batches(columns=["surt_host_name", "fetch_200", "hcrank"], filter=wanted):
        for surt, n, rank in zip(*(batch.column(i).to_pylist() for i in range(3))):
            hosts.append(".".join(reversed(surt.split(","))))  # "cz,seznam,www" -> www.seznam.cz
            fetched.append(n or 0)
            ranks.append(rank or 0.0)
    if hosts:
        table = pa.table({"host": hosts, "fetch_200": pa.array(fetched, pa.int64()), "hcrank": ranks})
        _write_partitions(table, rules, "hosts", f"f{number:06d}")
    return len(hosts)


def _excluded(host: str, exclude: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in exclude for i in range(len(parts)))


def _read_partition(rules: SeedRules, kind: str, part: int) -> pa.Table | None:
    files = storage.list_files(storage.join(rules.work, kind, f"p{part:05d}"))
    return pa.concat_tables([storage.read_parquet(f) for f in files]) if files else None


def choose_in_partition(rules: SeedRules, part: int) -> dict:
    """{lang: {"candidates": [(sort key..., host, pages, protocol)], "why": {reason: n}}} of one partition."""
    counts = _read_partition(rules, "url", part)
    if counts is None:
        return {}
    by_host = counts.group_by("host").aggregate([("pages", "sum")])
    totals = dict(zip(by_host["host"].to_pylist(), by_host["pages_sum"].to_pylist()))
    by_proto = (
        counts.group_by(["host", "protocol"])
        .aggregate([("pages", "sum")])
        .sort_by([("host", "ascending"), ("pages_sum", "descending"), ("protocol", "ascending")])
    )
    protocol: dict[str, str] = {}
    for host, proto in zip(by_proto["host"].to_pylist(), by_proto["protocol"].to_pylist()):
        protocol.setdefault(host, proto or "https")
    ranks = None
    if rules.with_host_index:
        known = _read_partition(rules, "hosts", part)
        columns = [] if known is None else [known[c].to_pylist() for c in ("host", "fetch_200", "hcrank")]
        ranks = {host: (n, rank) for host, n, rank in zip(*columns)}
    mine = counts.filter(pc.field("code").isin(list(rules.codes)))
    by_lang = mine.group_by(["host", "code"]).aggregate([("pages", "sum")])
    out: dict[str, dict] = {}
    for host, code, pages in zip(*(by_lang[c].to_pylist() for c in ("host", "code", "pages_sum"))):
        lang = rules.codes[code]
        entry = out.setdefault(lang, {"candidates": [], "why": Counter()})
        tlds = set(rules.tlds.get(lang, []))
        cctld = host.rsplit(".", 1)[-1] in tlds
        if pages < rules.min_pages:
            entry["why"]["too_few_pages"] += 1
        elif pages / totals[host] < rules.min_language_share:
            entry["why"]["language_share_too_low"] += 1
        elif _excluded(host, rules.exclude):
            entry["why"]["excluded"] += 1
        elif rules.cctld_only and not cctld:
            entry["why"]["not_cctld"] += 1
        elif ranks is not None and ranks.get(host, (0, 0.0))[0] < rules.min_pages:
            entry["why"]["not_in_host_index"] += 1
        else:
            rank = ranks.get(host, (0, 0.0))[1] if ranks else 0.0
            # ccTLD hosts first, then by pages in the language, then by the host index's rank.
            entry["candidates"].append((not cctld, -pages, -rank, host, pages, protocol[host]))
    for entry in out.values():
        entry["candidates"].sort()
        entry["total"] = len(entry["candidates"])
        entry["candidates"] = entry["candidates"][: rules.max_hosts]
    return out
