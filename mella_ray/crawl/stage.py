"""The crawl stage: seeds in, crawl/{know,pool,failures}/*.parquet and crawl/stats.json out.

The only crawl module that touches Ray. Seeds are grouped by site and partitioned over
`CrawlActor`s by a stable hash of the site, so one site is crawled by exactly one actor
and its politeness limits hold cluster-wide. Actors ask for half a CPU each: they mostly
wait on the network, and on a 2-core machine full-CPU actors would starve other work.

A crawl is not resumable mid-way (its order depends on the network), so a rerun after an
interrupted crawl starts over: it first removes the incomplete output, which is then
rewritten under the same shard names. A complete crawl (crawl/know/_SUCCESS) is skipped.
"""
from __future__ import annotations

import csv
import io
import json
import logging
import time
import zlib
from collections import Counter

import ray

from mella_ray.config import JobConfig
from mella_ray.crawl.actor import CrawlActor, DedupRegistry
from mella_ray.crawl.urls import canonicalize, site_key
from mella_ray.runtime import storage
from mella_ray.runtime.cluster import init_ray
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)

ACTOR_CPUS = 0.5
OUTPUT_DIRS = ("know", "pool", "failures")


class _RemoteClaims:
    """The actors' claim interface over the DedupRegistry actor (picklable: holds a handle)."""

    def __init__(self, handle):
        self.handle = handle

    async def claim(self, kind: str, keys: list[str]) -> list[bool]:
        return await self.handle.claim.remote(kind, keys)


def load_seeds(cfg: JobConfig, demo_site_url: str | None = None) -> list[dict]:
    """Seeds from cfg.crawl.seeds and cfg.crawl.seeds_file, `{demo_site}` substituted.

    Seeds in languages outside cfg.languages are skipped (a seed file may cover more
    languages than a job); malformed rows fail with the file and line.
    """
    raw = [(f"crawl.seeds.{i}", s.url, s.lang) for i, s in enumerate(cfg.crawl.seeds)]
    if cfg.crawl.seeds_file:
        raw += _read_seeds_file(cfg.crawl.seeds_file)
    seeds, skipped, seen = [], Counter(), set()
    for where, url, lang in raw:
        if "{demo_site}" in url:
            if not demo_site_url:
                raise ValueError(f"{where}: {url!r} uses {{demo_site}} but no demo site URL was given")
            url = url.replace("{demo_site}", demo_site_url.rstrip("/"))
        canon = canonicalize(url)
        if canon is None:
            raise ValueError(f"{where}: {url!r} is not an http(s) URL")
        if lang not in cfg.languages:
            skipped[lang] += 1
            continue
        if canon not in seen:
            seen.add(canon)
            seeds.append({"url": canon, "lang": lang})
    if skipped:
        log.info("crawl: skipped seeds in languages not in this job: %s", dict(skipped))
    return seeds


def _read_seeds_file(path: str) -> list[tuple[str, str, str]]:
    text = storage.read_text(path)
    out = []
    if path.endswith((".jsonl", ".json")) or text.lstrip().startswith("{"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append((f"{path}:{n}", str(row["url"]), str(row["lang"])))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: expected a JSON object with url and lang ({e})") from None
        return out
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"url", "lang"} <= {f.strip() for f in reader.fieldnames}:
        raise ValueError(f"{path}: a CSV seeds file needs a header with url and lang columns")
    for n, row in enumerate(reader, 2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not row.get("url") or not row.get("lang"):
            raise ValueError(f"{path}:{n}: url and lang must not be empty")
        out.append((f"{path}:{n}", row["url"], row["lang"]))
    return out


def partition(seeds: list[dict], num_actors: int) -> list[list[dict]]:
    """Seeds per actor: every seed of a site goes to the same actor, sites spread evenly.

    Sites are ordered by a stable hash (crc32: Python's hash() varies by process) and dealt
    round-robin. Like `hash % num_actors` this gives each site exactly one owner, but it
    cannot leave an actor idle when a handful of sites collide (2 sites on 2 actors would
    share one actor half of the time).
    """
    sites = sorted({site_key(s["url"]) for s in seeds}, key=lambda h: (zlib.crc32(h.encode()), h))
    owner = {site: i % num_actors for i, site in enumerate(sites)}
    parts: list[list[dict]] = [[] for _ in range(num_actors)]
    for seed in seeds:
        parts[owner[site_key(seed["url"])]].append(seed)
    return parts


def page_budgets(parts: list[list[dict]], max_pages: int) -> list[int]:
    """cfg.max_pages shared by actors in proportion to their sites (largest remainder), each ≥ 1."""
    sites = [len({site_key(s["url"]) for s in p}) for p in parts]
    total = sum(sites) or 1
    exact = [max_pages * n / total for n in sites]
    budgets = [int(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: exact[i] - budgets[i], reverse=True)[: max_pages - sum(budgets)]:
        budgets[i] += 1
    return [max(b, 1) if sites[i] else 0 for i, b in enumerate(budgets)]


def _remove(path: str) -> None:
    fs, p = storage.fs_and_path(path)
    if fs.exists(p):
        fs.rm(p, recursive=True)


def run_crawl(cfg: JobConfig, demo_site_url: str | None = None) -> dict:
    """Crawl the seeds; returns the stats dict (also written to crawl/stats.json)."""
    crawl_dir = cfg.path("crawl")
    know = ShardedOutput(storage.join(crawl_dir, "know"))
    stats_path = storage.join(crawl_dir, "stats.json")
    if know.is_complete():
        log.info("crawl: %s is complete, skipping (remove it to crawl again)", know.folder)
        stats = storage.read_json(stats_path) if storage.exists(stats_path) else {"stage": "crawl"}
        return {**stats, "skipped": True}
    seeds = load_seeds(cfg, demo_site_url)
    if not seeds:
        raise ValueError("crawl: no seeds for this job's languages; set crawl.seeds or crawl.seeds_file")
    for name in OUTPUT_DIRS:  # leftovers of an interrupted crawl would mix with this one
        folder = storage.join(crawl_dir, name)
        if storage.exists(folder):
            log.warning("crawl: removing incomplete output %s from an interrupted crawl", folder)
            _remove(folder)

    started = time.time()
    init_ray(cfg.ray)
    sites = {site_key(s["url"]) for s in seeds}
    cpus = max(1, int(ray.available_resources().get("CPU", 1)))
    num_actors = cfg.crawl.num_actors or min(len(sites), cpus)
    parts = partition(seeds, num_actors)
    budgets = page_budgets(parts, cfg.crawl.max_pages)
    registry = ray.remote(num_cpus=0)(DedupRegistry).remote() if num_actors > 1 else None
    claims = _RemoteClaims(registry) if registry is not None else None
    actor_cls = ray.remote(num_cpus=ACTOR_CPUS)(CrawlActor)
    actors, calls = [], []
    for i, (part, budget) in enumerate(zip(parts, budgets)):
        if not part:
            continue  # more actors than sites (crawl.num_actors set high)
        actor = actor_cls.remote(i, cfg.crawl, crawl_dir, part, budget, claims)
        actors.append(actor)
        calls.append(actor.run.remote())
    log.info("crawl: %d seed(s) on %d site(s) over %d actor(s)", len(seeds), len(sites), len(actors))
    grace = cfg.crawl.total_timeout_s * (cfg.crawl.max_retries + 1) + 120
    try:
        results = ray.get(calls, timeout=cfg.crawl.max_run_s + grace)
    finally:
        for handle in [*actors, *([registry] if registry is not None else [])]:
            ray.kill(handle)

    stats = _merge(results, started)
    stats.update(seeds=len(seeds), sites=len(sites), num_actors=len(actors))
    storage.write_json(stats_path, stats)
    summary = json.dumps({"know": stats["know_total"], "pool": stats["pool_total"]})
    for name in OUTPUT_DIRS:
        ShardedOutput(storage.join(crawl_dir, name)).mark_complete(summary)
    log.info(
        "crawl: kept %d in D_know and %d in the pool, dropped %d, %d page(s) fetched, %.1f images/s",
        stats["know_total"], stats["pool_total"], stats["dropped_total"], stats["pages_fetched"], stats["images_per_s"],
    )
    return stats


def _merge(results: list[dict], started: float) -> dict:
    total = StageStats("crawl")
    total.started = started
    counts, pool_reasons, refused = Counter(), Counter(), Counter()
    for r in results:
        total.merge(r)
        counts.update(r.get("counts", {}))
        pool_reasons.update(r.get("pool_reasons", {}))
        refused.update(r.get("links_refused", {}))
    elapsed = max(time.time() - started, 1e-9)
    kept_total = sum(total.kept.values())
    total.extra.update(
        know_total=sum(n for k, n in total.kept.items() if k.startswith("know/")),
        pool_total=sum(n for k, n in total.kept.items() if k.startswith("pool/")),
        pages_fetched=counts.get("pages_fetched", 0),
        pages_failed=counts.get("pages_failed", 0),
        images_found=counts.get("images_found", 0),
        images_downloaded=counts.get("images_downloaded", 0),
        duplicate_image_urls=counts.get("duplicate_image_urls", 0),
        pages_other_html_lang=counts.get("pages_other_html_lang", 0),
        requests=sum(r.get("requests", 0) for r in results),
        bytes_downloaded=sum(r.get("bytes_downloaded", 0) for r in results),
        pool_reasons=dict(sorted(pool_reasons.items())),
        links_refused=dict(sorted(refused.items())),
        stopped_by_deadline=any(r.get("stopped_by_deadline") for r in results),
        images_per_s=round(kept_total / elapsed, 3),
    )
    return total.as_dict()
