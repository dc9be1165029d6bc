"""`mella seeds` on small Parquet files in Common Crawl's own schemas (the columnar URL index
with its hive partitions, and the host index), written by the test, counted by Ray tasks on a
local Ray cluster (a host's pages are split over two files and meet in one partition)."""

from __future__ import annotations

import json
from datetime import datetime

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mella_ray.cli import main
from mella_ray.config import parse_config
from mella_ray.crawl.cc_seeds import choose_seeds
from mella_ray.crawl.seeds import load_seeds

CRAWL = "CC-MAIN-2025-18"
# The columnar URL index's schema (cc-index-table), in its column order.
URL_INDEX = pa.schema(
    [
        ("url_surtkey", pa.string()),
        ("url", pa.string()),
        ("url_host_name", pa.string()),
        ("url_host_tld", pa.string()),
        ("url_host_2nd_last_part", pa.string()),
        ("url_host_3rd_last_part", pa.string()),
        ("url_host_4th_last_part", pa.string()),
        ("url_host_5th_last_part", pa.string()),
        ("url_host_registry_suffix", pa.string()),
        ("url_host_registered_domain", pa.string()),
        ("url_host_private_suffix", pa.string()),
        ("url_host_private_domain", pa.string()),
        ("url_host_name_reversed", pa.string()),
        ("url_protocol", pa.string()),
        ("url_port", pa.int32()),
        ("url_path", pa.string()),
        ("url_query", pa.string()),
        ("fetch_time", pa.timestamp("us", tz="UTC")),
        ("fetch_status", pa.int16()),
        ("fetch_redirect", pa.string()),
        ("content_digest", pa.string()),
        ("content_mime_type", pa.string()),
        ("content_mime_detected", pa.string()),
        ("content_charset", pa.string()),
        ("content_languages", pa.string()),
        ("content_truncated", pa.string()),
        ("warc_filename", pa.string()),
        ("warc_record_offset", pa.int32()),
        ("warc_record_length", pa.int32()),
        ("warc_segment", pa.string()),
    ]
)
HOST_INDEX = pa.schema(
    [
        ("surt_host_name", pa.string()),
        ("url_host_tld", pa.string()),
        ("url_host_registered_domain", pa.string()),
        ("fetch_200", pa.int64()),
        ("fetch_200_lote", pa.int64()),
        ("fetch_200_lote_pct", pa.int8()),
        ("fetch_4xx", pa.int64()),
        ("robots_5xx", pa.int64()),
        ("hcrank", pa.float64()),
        ("prank", pa.float64()),
        ("hcrank10", pa.float64()),
        ("prank10", pa.float64()),
    ]
)


def _url_rows(host: str, n: int, langs: str | None, status: int = 200, protocol: str = "https") -> list[dict]:
    parts = host.split(".")
    rows = []
    for i in range(n):
        rows.append(
            {
                "url_surtkey": ",".join(reversed(parts)) + f")/p{i}",
                "url": f"{protocol}://{host}/p{i}",
                "url_host_name": host,
                "url_host_tld": parts[-1],
                "url_host_2nd_last_part": parts[-2],
                "url_host_registered_domain": ".".join(parts[-2:]),
                "url_host_name_reversed": ".".join(reversed(parts)),
                "url_protocol": protocol,
                "url_path": f"/p{i}",
                "fetch_time": datetime(2025, 4, 20),
                "fetch_status": status,
                "content_mime_type": "text/html",
                "content_mime_detected": "text/html",
                "content_charset": "UTF-8",
                "content_languages": langs,
                "warc_filename": "crawl-data/x.warc.gz",
                "warc_record_offset": 1000 * i,
                "warc_record_length": 900,
                "warc_segment": "1745000000000.00",
            }
        )
    return rows


def _host_row(host: str, fetched: int, hcrank: float) -> dict:
    parts = host.split(".")
    return {
        "surt_host_name": ",".join(reversed(parts)),
        "url_host_tld": parts[-1],
        "url_host_registered_domain": ".".join(parts[-2:]),
        "fetch_200": fetched,
        "hcrank": hcrank,
    }


@pytest.fixture
def cc_index(tmp_path):
    rows = (
        _url_rows("www.idnes.cz", 30, "ces")
        + _url_rows("www.idnes.cz", 2, "ces,eng")
        + _url_rows("small.cz", 3, "ces")
        + _url_rows("portal.cz", 10, "ces")
        + _url_rows("portal.cz", 30, "eng")
        + _url_rows("spam.cz", 50, "ces")
        + _url_rows("shop.spam.cz", 9, "ces")
        + _url_rows("notinhost.cz", 20, "ces")
        + _url_rows("vnexpress.net", 40, "vie")
        + _url_rows("tuoitre.vn", 20, "vie", protocol="http")
        + _url_rows("dantri.com.vn", 25, "vie,eng")
        + _url_rows("a.kr", 12, "kor")
        + _url_rows("b.kr", 14, "kor")
        + _url_rows("c.kr", 16, "kor")
        + _url_rows("nolang.cz", 40, None)
    )
    warc = tmp_path / "cc-index/table/cc-main/warc" / f"crawl={CRAWL}"
    (warc / "subset=warc").mkdir(parents=True)
    (warc / "subset=crawldiagnostics").mkdir()
    pq.write_table(pa.Table.from_pylist(rows[: len(rows) // 2], URL_INDEX), warc / "subset=warc/part-00000.parquet")
    pq.write_table(pa.Table.from_pylist(rows[len(rows) // 2 :], URL_INDEX), warc / "subset=warc/part-00001.parquet")
    # Not pages: 404s of a host that is otherwise absent must not count (filtered by status and by subset).
    pq.write_table(
        pa.Table.from_pylist(_url_rows("gone.cz", 99, "ces", status=404), URL_INDEX),
        warc / "subset=crawldiagnostics/part-00000.parquet",
    )
    hosts = tmp_path / "host-index" / f"crawl={CRAWL}"
    hosts.mkdir(parents=True)
    known = [
        _host_row(h, n, r)
        for h, n, r in [
            ("www.idnes.cz", 500, 9.1),
            ("small.cz", 3, 1.0),
            ("portal.cz", 40, 5.0),
            ("spam.cz", 50, 2.0),
            ("shop.spam.cz", 9, 1.0),
            ("vnexpress.net", 40, 8.0),
            ("tuoitre.vn", 20, 7.0),
            ("dantri.com.vn", 25, 6.5),
            ("a.kr", 12, 3.0),
            ("b.kr", 14, 3.0),
            ("c.kr", 16, 3.0),
        ]
    ]
    pq.write_table(pa.Table.from_pylist(known, HOST_INDEX), hosts / "part-0.parquet")
    return {"url_index": str(warc), "host_index": str(hosts / "*.parquet")}


def _cfg(tmp_path, index: dict, **seed_index):
    return parse_config(
        {
            "output_dir": str(tmp_path / "out"),
            "languages": ["cs", "vi", "ko"],
            "crawl": {
                "seeds_file": str(tmp_path / "seeds.jsonl"),
                "seed_index": {**index, "max_hosts_per_language": 2, "exclude": ["spam.cz"], **seed_index},
            },
        }
    )


def test_seeds_from_the_index_by_language_cctld_and_page_count(tmp_path, cc_index, ray_local):
    seeds, report = choose_seeds(_cfg(tmp_path, cc_index))
    assert [(s["url"], s["lang"], s["pages"]) for s in seeds] == [
        ("https://www.idnes.cz/", "cs", 32),  # "ces,eng": Czech first, so a Czech page
        ("https://dantri.com.vn/", "vi", 25),
        ("http://tuoitre.vn/", "vi", 20),  # protocol as the index saw it
        ("https://c.kr/", "ko", 16),
        ("https://b.kr/", "ko", 14),
    ]
    assert report["cs"] == {
        "seeds": 1,
        "too_few_pages": 1,
        "language_share_too_low": 1,
        "excluded": 2,
        "not_in_host_index": 1,
    }
    assert report["ko"]["over_cap"] == 1 and "vnexpress.net" not in json.dumps(seeds)  # not a .vn host


def test_the_seeds_do_not_depend_on_how_hosts_are_partitioned(tmp_path, cc_index, ray_local):
    cfg = _cfg(tmp_path, cc_index, cctld_only=False, max_hosts_per_language=3)
    one = choose_seeds(cfg, partitions=1)
    assert one[0] and all(choose_seeds(cfg, partitions=n) == one for n in (3, 7))
    assert not (tmp_path / "out" / "crawl" / "_seed_counts").exists()  # the partitions are removed after


def test_every_tld_allowed_ranks_cctld_hosts_first(tmp_path, cc_index, ray_local):
    seeds, _ = choose_seeds(_cfg(tmp_path, cc_index, cctld_only=False, max_hosts_per_language=5))
    assert [s["url"] for s in seeds if s["lang"] == "vi"] == [
        "https://dantri.com.vn/",
        "http://tuoitre.vn/",
        "https://vnexpress.net/",
    ]  # 40 pages, but not .vn


def test_mella_seeds_writes_a_seeds_file_the_crawl_reads(tmp_path, cc_index, capsys, ray_local):
    cfg = _cfg(tmp_path, cc_index)
    (tmp_path / "job.json").write_text(cfg.model_dump_json(exclude_defaults=True))
    assert main(["seeds", str(tmp_path / "job.json")]) == 0
    assert json.loads(capsys.readouterr().out)["seeds"] == 5
    assert {s["url"] for s in load_seeds(cfg)} == {
        "https://www.idnes.cz/",
        "https://dantri.com.vn/",
        "http://tuoitre.vn/",
        "https://c.kr/",
        "https://b.kr/",
    }


def test_bad_index_paths_and_languages_say_what_is_wrong(tmp_path, cc_index):
    with pytest.raises(ValueError, match="does not exist"):
        choose_seeds(_cfg(tmp_path, {"url_index": str(tmp_path / "nowhere")}))
    with pytest.raises(ValueError, match="lacks column"):
        choose_seeds(_cfg(tmp_path, {"url_index": cc_index["host_index"]}))
    cfg = parse_config(
        {
            "output_dir": str(tmp_path),
            "languages": ["cs"],
            "crawl": {"seed_index": {"url_index": cc_index["url_index"]}},
        }
    )
    cfg.languages.append("xx")
    with pytest.raises(ValueError, match="language_codes"):
        choose_seeds(cfg)
