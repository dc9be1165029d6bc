"""--retry-failed without Ray: the reason list, the plan it writes, and the failure rows it drops."""

from __future__ import annotations

import pyarrow as pa
import pytest

from mella_ray import records
from mella_ray.crawl.checkpoint import output_folder
from mella_ray.crawl.retry import RetryError, drop_retried, load_retry, plan_retry
from mella_ray.crawl.retry_reasons import RetryReasonError, parse_reasons, selected
from mella_ray.runtime.shards import ShardedOutput

A, B = "http://a.test", "http://b.test"
PLAN = {"num_actors": 2, "site_owners": {"a.test": 0, "b.test": 1}}


def test_reasons_are_checked_and_explained():
    assert parse_reasons(" timeout,http_5xx ,timeout") == ["http_5xx", "timeout"]
    assert parse_reasons(["http_503", "http_429"]) == ["http_429", "http_503"]
    with pytest.raises(RetryReasonError, match=r"unknown reason 'tiemout'.*Retryable reasons: timeout"):
        parse_reasons("tiemout")
    for reason, why in [
        ("robots_disallowed", "robots.txt"),
        ("http_404", "would fail again"),
        ("alt_generic", "alt-text rule"),
        ("optout_noai", "opted out"),
        ("too_small", "image checks"),
    ]:
        with pytest.raises(RetryReasonError, match=f"'{reason}' is not retryable: .*{why}"):
            parse_reasons(reason)
    with pytest.raises(RetryReasonError, match="at least one reason"):
        parse_reasons(" , ")
    assert selected("http_502", ["http_5xx"]) and selected("timeout", ["timeout"])
    assert not selected("http_404", ["http_5xx"]) and not selected("robots_http_503", ["http_5xx"])


def _finished_crawl(crawl_dir: str, rows: list[dict], old_rows: list[dict] = ()) -> None:
    failures = ShardedOutput(output_folder(crawl_dir, "failures"))
    failures.write("a0-000001", records.to_table(rows, records.CRAWL_FAILURES))
    if old_rows:  # a shard of an older mella-ray: no page_url, alt, ... columns
        old = pa.schema([records.CRAWL_FAILURES.field(c) for c in ("url", "kind", "lang", "reason", "error")])
        failures.write("a1-000002", pa.Table.from_pylist(list(old_rows), schema=old))
    for name in ("know", "pool", "failures", "alt_candidates"):
        ShardedOutput(output_folder(crawl_dir, name)).mark_complete()


ROWS = [
    {"url": f"{A}/1.jpg", "kind": "image", "lang": "ru", "reason": "http_503", "page_url": f"{A}/", "alt": "x y"},
    {"url": f"{B}/2.jpg", "kind": "image", "lang": "ru", "reason": "timeout", "page_url": f"{B}/", "alt": "z w"},
    {"url": f"{A}/p.html", "kind": "page", "lang": "ru", "reason": "http_500", "depth": 2},
    {"url": f"{A}/3.jpg", "kind": "image", "lang": "ru", "reason": "http_404", "page_url": f"{A}/"},
    {"url": f"{A}/4.jpg", "kind": "alt", "lang": "ru", "reason": "timeout"},  # not a fetch: never retried
    {"url": f"{A}/5.jpg", "kind": "image", "lang": "ru", "reason": "timeout"},  # no page known: cannot be kept
]


def test_plan_routes_the_selected_rows_to_their_hosts_owners_and_unmarks_the_crawl(tmp_path):
    crawl_dir = str(tmp_path / "crawl")
    _finished_crawl(crawl_dir, ROWS)
    retry = plan_retry(crawl_dir, ["http_5xx", "timeout"], PLAN)
    assert {k: sorted(r["url"] for r in v) for k, v in retry["items"].items()} == {
        "0": [f"{A}/1.jpg", f"{A}/p.html"],
        "1": [f"{B}/2.jpg"],
    }
    page = next(r for r in retry["items"]["0"] if r["kind"] == "page")
    assert page["depth"] == 2 and retry["selected"] == 3 and retry["no_page"] == 1
    assert load_retry(crawl_dir) == retry
    assert not ShardedOutput(output_folder(crawl_dir, "know")).is_complete()
    # the same reasons again: the pending retry; other reasons: refused until it is finished
    assert plan_retry(crawl_dir, ["http_5xx", "timeout"], PLAN)["id"] == retry["id"]
    with pytest.raises(RetryError, match="a retry of http_5xx,timeout is unfinished"):
        plan_retry(crawl_dir, ["http_429"], PLAN)


def test_nothing_to_retry_changes_nothing_and_an_unfinished_crawl_is_refused(tmp_path):
    crawl_dir = str(tmp_path / "crawl")
    _finished_crawl(crawl_dir, ROWS)
    assert plan_retry(crawl_dir, ["http_429"], PLAN) is None
    assert ShardedOutput(output_folder(crawl_dir, "know")).is_complete() and load_retry(crawl_dir) is None
    with pytest.raises(RetryError, match="needs a finished crawl"):
        plan_retry(str(tmp_path / "other"), ["timeout"], PLAN)


def test_old_failure_tables_without_the_page_columns_fail_clearly(tmp_path):
    crawl_dir = str(tmp_path / "crawl")
    old = [{"url": f"{A}/9.jpg", "kind": "image", "lang": "ru", "reason": "timeout"}]
    _finished_crawl(crawl_dir, ROWS[:1], old)
    with pytest.raises(RetryError, match=r"older mella-ray.*page_url, alt.*Crawl again"):
        plan_retry(crawl_dir, ["timeout"], PLAN)
    assert ShardedOutput(output_folder(crawl_dir, "know")).is_complete()  # refused before any change
    # pages of an old table need no page: they are retried (at max_depth)
    _finished_crawl(crawl_dir, ROWS[:1], [{"url": f"{A}/q.html", "kind": "page", "lang": "ru", "reason": "timeout"}])
    assert plan_retry(crawl_dir, ["timeout"], PLAN)["items"]["0"][0]["depth"] is None


def test_drop_retried_keeps_the_others_once_and_is_idempotent(tmp_path):
    crawl_dir = str(tmp_path / "crawl")
    _finished_crawl(crawl_dir, ROWS)
    retry = plan_retry(crawl_dir, ["http_5xx", "timeout"], PLAN)
    failures = ShardedOutput(output_folder(crawl_dir, "failures"))
    failures.write("a0-000009", records.to_table([ROWS[1]], records.CRAWL_FAILURES))  # failed again in the retry
    assert drop_retried(crawl_dir, retry) == 3
    assert drop_retried(crawl_dir, retry) == 0  # a rerun after a kill: nothing twice
    left = sorted((r["url"], r["reason"]) for r in failures.read_all().to_pylist())
    assert left == sorted(
        [(f"{A}/3.jpg", "http_404"), (f"{A}/4.jpg", "timeout"), (f"{A}/5.jpg", "timeout"), (f"{B}/2.jpg", "timeout")]
    )


def test_the_flag_is_checked_by_the_cli_before_the_config_is_read(tmp_path, capsys):
    from mella_ray.cli import main, stage_main

    missing = str(tmp_path / "no-such.yaml")  # never opened: the reasons fail first
    for run in (
        lambda: main(["crawl", missing, "--retry-failed", "timeout,bogus"]),
        lambda: stage_main("crawl", ["--config", missing, "--retry-failed", "robots_disallowed"]),
    ):
        with pytest.raises(SystemExit) as e:
            run()
        assert e.value.code == 2
    err = capsys.readouterr().err
    assert "unknown reason 'bogus'" in err and "'robots_disallowed' is not retryable" in err
    with pytest.raises(SystemExit):  # a crawl flag: the other stages do not take it
        main(["caption", missing, "--retry-failed", "timeout"])


def test_every_crawl_reason_is_either_retryable_or_refused_with_why():
    import re

    from mella_ray.crawl.retry_reasons import NOT_RETRYABLE, RETRYABLE
    from mella_ray.failures import CRAWL

    for code in CRAWL:
        concrete = code.replace("<status>", "503").replace("<reason>", "timeout")
        retryable = concrete in RETRYABLE or re.fullmatch(r"http_5\d\d", concrete)
        refused = any(re.fullmatch(pattern, concrete) for pattern, _ in NOT_RETRYABLE)
        assert retryable or refused, f"{code}: add it to retry_reasons.RETRYABLE or NOT_RETRYABLE"
