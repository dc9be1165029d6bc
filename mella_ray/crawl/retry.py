"""`mella crawl CONFIG --retry-failed timeout,http_5xx`: refetch the failures with those reasons.

A retry is a short continuation of a finished crawl, run by the stage (stage.py) with the
same plan, actors and checkpoints, so every refetch goes through robots.txt, the host gate,
the network guard and the image and text checks as in the crawl. Its steps, each safe to
kill and rerun (a rerun, with or without the flag, finishes the retry that is on storage):

1. `plan_retry`: select the rows of crawl/failures whose reason is retried (retry_reasons.py;
   only pages and images: other kinds are refused by reason; each shard read by a Ray task,
   the driver holds only the selected rows, the retry's work list), route each
   to the actor that owns its host, write crawl/_state/retry.json, and take the crawl's
   complete markers off (later stages must not read a crawl that is changing);
2. the actors reload their checkpoints and queue the items (retry_jobs.py) once; new rows
   go to new shards of crawl/know, pool and failures; an item that fails again gets a new
   failure row, once;
3. `drop_retried` rewrites the failure shards that existed before the retry without the
   retried rows, so a failure that now succeeded is gone and one that failed again is there
   once (its new row); a shard is written under a new name before the old one goes;
4. the stage finalizes again (dedup across old and new rows, near duplicates, stats.json),
   removes retry.json and marks the outputs complete: later stages see new input shards
   and redo their work (runtime/done.py).
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
from collections import Counter, defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.crawl.checkpoint import IMAGE_OUTPUTS, OUTPUTS, output_folder, state_dir
from mella_ray.crawl.finalize_reads import thread_map
from mella_ray.crawl.mailbox import Router
from mella_ray.crawl.retry_reasons import NOT_RETRYABLE_KINDS
from mella_ray.runtime import storage
from mella_ray.runtime.shards import SUCCESS, ShardedOutput

log = logging.getLogger(__name__)

RETRY_FILE = "retry.json"
CONTEXT = ("page_url", "alt", "figcaption", "page_title", "depth")  # what a retry needs beyond the key
RETRIED_KINDS = ("page", "image")
_REWRITTEN = re.compile(r"-x[0-9a-f]{8}$")


class RetryError(ValueError):
    """A retry that cannot start (no finished crawl, failure tables too old, another retry pending)."""


def _path(crawl_dir: str) -> str:
    return storage.join(state_dir(crawl_dir), RETRY_FILE)


def load_retry(crawl_dir: str) -> dict | None:
    """The retry under way in `crawl_dir`, if any."""
    path = _path(crawl_dir)
    return storage.read_json(path) if storage.exists(path) else None


def clear_retry(crawl_dir: str) -> None:
    storage.remove(_path(crawl_dir))


def _reason_mask(table: pa.Table, reasons: list[str]) -> pa.ChunkedArray:
    """Rows whose reason is retried (retry_reasons.selected, on Arrow arrays)."""
    reason = table.column("reason")
    mask = pc.is_in(reason, value_set=pa.array([r for r in reasons if r != "http_5xx"], pa.string()))
    if "http_5xx" in reasons:
        mask = pc.or_(mask, pc.match_substring_regex(reason, r"^http_5\d\d$"))
    return pc.fill_null(mask, False)


def _select_in(item: tuple[str, list[str]]) -> dict:
    """One failure shard's rows to retry (kept whole per row: they are the retry's work list),
    the kinds left out, and the image rows without a page. Runs where the mapper runs."""
    path, reasons = item
    present = storage.parquet_schema(path).names
    table = storage.read_parquet(path, [c for c in records.CRAWL_FAILURES.names if c in present])
    table = table.filter(_reason_mask(table, reasons))
    retried = pc.is_in(table.column("kind"), value_set=pa.array(RETRIED_KINDS, pa.string()))
    out = {"rows": [], "other_kinds": Counter(table.filter(pc.invert(retried)).column("kind").to_pylist())}
    out["no_page"], out["old_layout"] = 0, False
    table = table.filter(retried)
    if "page_url" not in present and "image" in table.column("kind").to_pylist():
        out["old_layout"] = True
        return out
    for row in table.to_pylist():
        row = {**dict.fromkeys(CONTEXT), **row}
        if row["kind"] == "image" and not row["page_url"]:
            out["no_page"] += 1  # failed before any page named it (e.g. a bare image URL): nothing to keep it as
        else:
            out["rows"].append(row)
    return out


def select_failures(
    crawl_dir: str, reasons: list[str], mapper=thread_map
) -> tuple[list[dict], dict[str, list[list[str]]], int]:
    """(rows to retry, {failure shard: keys [url, kind, reason] of its rows retried}, image rows
    left out for want of a page). Each shard is read where `mapper` runs (Ray tasks in the stage)."""
    failures = ShardedOutput(output_folder(crawl_dir, "failures"))
    paths = sorted(failures.shard_paths())
    rows: dict[tuple[str, str], dict] = {}
    shards: dict[str, list[list[str]]] = {}
    no_page, other_kinds = 0, Counter()
    for path, found in zip(paths, mapper(_select_in, [(p, reasons) for p in paths]), strict=True):
        if found["old_layout"]:
            raise RetryError(
                f"crawl: {path} was written by an older mella-ray whose failure rows do not keep an image's "
                f"page and alt-text (columns {', '.join(CONTEXT)}), so its failed images cannot become D_know "
                f"rows. Crawl again to retry them: remove {crawl_dir} and run `mella crawl CONFIG`"
            )
        name = path.rsplit("/", 1)[-1].removesuffix(".parquet")
        if found["rows"]:  # only the shards a retry rewrites: retry.json stays the size of the work
            shards[name] = [[r["url"], r["kind"], r["reason"]] for r in found["rows"]]
        no_page += found["no_page"]
        other_kinds.update(found["other_kinds"])
        for row in found["rows"]:
            rows.setdefault((row["url"], row["kind"]), row)
    for kind, n in sorted(other_kinds.items()):
        why = NOT_RETRYABLE_KINDS.get(kind, "not a page or an image")
        log.info("crawl: %d %s failure(s) with these reasons are not retried: %s", n, kind, why)
    return list(rows.values()), shards, no_page


def plan_retry(crawl_dir: str, reasons: list[str], plan: dict | None, mapper=thread_map) -> dict | None:
    """Step 1 (module docstring). Returns the retry (the pending one when it is the same), or None
    when no failure has those reasons (then nothing on storage changes)."""
    pending = load_retry(crawl_dir)
    if pending is not None:
        if pending["reasons"] != reasons:
            raise RetryError(
                f"crawl: a retry of {','.join(pending['reasons'])} is unfinished in {crawl_dir}; finish it first "
                f"(rerun with --retry-failed {','.join(pending['reasons'])}, or without the flag)"
            )
        return pending
    if not ShardedOutput(output_folder(crawl_dir, "know")).is_complete() or plan is None:
        raise RetryError(f"crawl: --retry-failed needs a finished crawl in {crawl_dir}; run `mella crawl CONFIG` first")
    rows, shards, no_page = select_failures(crawl_dir, reasons, mapper)
    if no_page:
        log.warning("crawl: %d failed image(s) have no page recorded and are not retried", no_page)
    if not rows:
        return None
    router = Router(0, plan["num_actors"], plan["site_owners"])
    items: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        items[str(router.owner(row["url"]))].append(row)
    stats_path = storage.join(crawl_dir, "stats.json")
    before = storage.read_json(stats_path) if storage.exists(stats_path) else {}
    retry = {
        "id": secrets.token_hex(4),
        "reasons": reasons,
        "shards": shards,
        "items": dict(items),
        "selected": len(rows),
        "no_page": no_page,
        "before": {k: before.get(k, 0) for k in ("know_total", "pool_total", "dropped_total")},
    }
    for name in OUTPUTS:  # no later stage may take the crawl for finished while it changes
        storage.remove(storage.join(output_folder(crawl_dir, name), SUCCESS))
    storage.write_json(_path(crawl_dir), retry)
    storage.remove(storage.join(state_dir(crawl_dir), "CRAWLED"))  # the actors run again
    log.info("crawl: retrying %d failure(s) with reason(s) %s", len(rows), ",".join(reasons))
    return retry


def _drop_in(item: tuple[str, str, list[list[str]]]) -> int:
    """One failure shard without its retried rows (new name before the old one goes); rows dropped."""
    folder, name, retried = item
    failures = ShardedOutput(folder)
    table = storage.read_parquet(storage.join(folder, f"{name}.parquet"))
    keys = {tuple(k) for k in retried}
    cols = [table.column(c).to_pylist() for c in ("url", "kind", "reason")]
    stay = [i for i, key in enumerate(zip(*cols)) if key not in keys]
    if len(stay) == table.num_rows:
        return 0
    if stay:  # new name from the rows kept: a rerun writes the same file again
        part = table.take(stay)
        digest = hashlib.sha1(repr(part.column("url").to_pylist()).encode()).hexdigest()[:8]
        failures.write(f"{_REWRITTEN.sub('', name)}-x{digest}", part)
    failures.remove(name)
    return table.num_rows - len(stay)


def drop_retried(crawl_dir: str, retry: dict, mapper=thread_map) -> int:
    """Step 3: the failure shards of before the retry, without the retried rows; returns rows
    dropped. Only the shards that held retried rows are read, each where `mapper` runs."""
    folder = output_folder(crawl_dir, "failures")
    done = ShardedOutput(folder).done_names()  # a shard rewritten already (a rerun after a kill) is skipped
    items = [(folder, name, keys) for name, keys in sorted(retry["shards"].items()) if keys and name in done]
    return sum(mapper(_drop_in, items))


def count_in(item: tuple[str, str, list[str], bool]) -> int:
    """Rows of one shard whose `column` is one of `values` (and, for failure shards, whose kind is
    page or image: an alt row names its image's URL too); key columns only, counted in Arrow."""
    path, column, values, retried_kinds = item
    table = storage.read_parquet(path, [column, "kind"] if retried_kinds else [column])
    mask = pc.is_in(table.column(column), value_set=pa.array(values, pa.string()))
    if retried_kinds:
        mask = pc.and_(mask, pc.is_in(table.column("kind"), value_set=pa.array(RETRIED_KINDS, pa.string())))
    return int(pc.sum(mask).as_py() or 0)


def summarize(crawl_dir: str, retry: dict, dropped: int, mapper=thread_map) -> dict:
    """What the retry did, for stats.json: failures retried, kept now, failed again. Shards are
    counted one by one (`mapper`: the stage runs them on its actors), never read whole."""
    keys = {(r["url"], r["kind"]) for part in retry["items"].values() for r in part}
    image_urls = sorted({url for url, kind in keys if kind == "image"})

    def count(name: str, column: str, values: list[str]) -> int:
        paths = ShardedOutput(output_folder(crawl_dir, name)).shard_paths()
        items = [(p, column, values, name == "failures") for p in paths]
        return sum(mapper(count_in, items)) if values and paths else 0

    # a retried URL has at most one page or image failure row now (drop_retried)
    again = count("failures", "url", sorted({url for url, _ in keys}))
    kept = {name: count(name, "image_url", image_urls) for name in IMAGE_OUTPUTS}
    return {
        "reasons": retry["reasons"],
        "retried": retry["selected"],
        "retried_pages": sum(k == "page" for _, k in keys),
        "retried_images": len(image_urls),
        "images_kept_know": kept["know"],
        "images_kept_pool": kept["pool"],
        "failed_again": again,
        "failure_rows_replaced": dropped,
        "images_without_page": retry["no_page"],
        "before": retry["before"],
    }
