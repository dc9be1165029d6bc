"""The crawl stage: seeds in, crawl/{know,pool,failures}/*.parquet and crawl/stats.json out.

The only crawl module that touches Ray. A plan splits seed sites over `CrawlActor`s (every
host has one owner cluster-wide: per-host limits need no per-request coordination) and is
saved under crawl/_state, so a rerun after a kill resumes the same plan: each actor reloads
its last checkpoint and carries on (a rerun with other seeds starts over). The driver polls
the actors for a live progress line and for global termination (every actor idle and every
message delivered, seen twice in a row), then finishes them, finalizes (crawl-wide dedup,
best texts, near duplicates) on the same actors, kills them and marks the outputs complete.
The number of actors follows the work (sizing.py); with `ray.autoscaling` the CPUs for them
are requested before planning; they are spread over the nodes. A complete crawl
(crawl/know/_SUCCESS) is skipped.
"""

from __future__ import annotations

import json
import logging
import math
import secrets
import time
from contextlib import contextmanager

import ray
from ray.autoscaler.sdk import request_resources

from mella_ray.config import JobConfig
from mella_ray.crawl.actor import CrawlActor
from mella_ray.crawl.checkpoint import (
    OUTPUTS,
    STATE_DIR,
    crawled,
    load_plan,
    mark_crawled,
    output_folder,
    save_plan,
)
from mella_ray.crawl.finalize import finalize
from mella_ray.crawl.report import build_stats, progress_line
from mella_ray.crawl.retry import clear_retry, drop_retried, load_retry, plan_retry, summarize
from mella_ray.crawl.retry_reasons import parse_reasons
from mella_ray.crawl.seeds import load_seeds, page_budgets, partition, site_owners
from mella_ray.crawl.sizing import ACTOR_CPUS, plan_actor_count, planned_cpus
from mella_ray.crawl.urls import site_key
from mella_ray.runtime import storage
from mella_ray.runtime.cluster import init_ray
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.tasks import ActorMap, kill_actors, map_tasks

log = logging.getLogger(__name__)

ACTOR_RESTARTS = 3  # an actor that dies is restarted by Ray and resumes from its checkpoint
POLL_S = 0.1
RESTART_WAIT_S = 60.0


def run_crawl(cfg: JobConfig, demo_site_url: str | None = None, retry_failed: list[str] | str | None = None) -> dict:
    """Crawl the seeds (or resume an interrupted crawl); returns stats (also crawl/stats.json).

    `retry_failed` (reasons, e.g. ["timeout", "http_5xx"]): refetch only the failures of a
    finished crawl with those reasons (retry.py); a retry left unfinished is finished first."""
    crawl_dir = cfg.path("crawl")
    stats_path = storage.join(crawl_dir, "stats.json")
    if retry_failed:
        reasons = parse_reasons(retry_failed)  # before any work: an unknown reason is an error
        init_ray(cfg.ray)  # the failure shards are read by Ray tasks
        retry = plan_retry(crawl_dir, reasons, load_plan(crawl_dir), mapper=_ray_map)
        if retry is None:
            log.info("crawl: no failure in %s has reason(s) %s: nothing to retry", crawl_dir, ",".join(reasons))
            stats = storage.read_json(stats_path) if storage.exists(stats_path) else {"stage": "crawl"}
            return {**stats, "skipped": True, "retry": {"reasons": reasons, "retried": 0}}
    retry = load_retry(crawl_dir)
    if retry is not None:
        return _retry(cfg, crawl_dir, retry)
    if ShardedOutput(output_folder(crawl_dir, "know")).is_complete():
        log.info("crawl: %s is complete, skipping (remove it to crawl again)", crawl_dir)
        stats = storage.read_json(stats_path) if storage.exists(stats_path) else {"stage": "crawl"}
        return {**stats, "skipped": True}
    seeds = load_seeds(cfg, demo_site_url)
    if not seeds and not cfg.crawl.warc_inputs:
        raise ValueError(
            "crawl: no seeds for this job's languages; set crawl.seeds, crawl.seeds_file or crawl.warc_inputs"
        )
    init_ray(cfg.ray)
    plan = load_plan(crawl_dir)
    if plan is not None and sorted((s["url"], s["lang"]) for p in plan["seeds"] for s in p) != sorted(
        (s["url"], s["lang"]) for s in seeds
    ):
        # Another crawl (or the demo site on another port): its state cannot continue this one.
        log.warning("crawl: the seeds changed since the interrupted crawl in %s began; starting over", crawl_dir)
        plan = None
    resumed = plan is not None
    if plan is None:
        plan = _new_plan(cfg, crawl_dir, seeds)
    else:
        log.info("crawl: resuming the interrupted crawl in %s (%d actor(s))", crawl_dir, plan["num_actors"])
    return _crawl_and_finish(cfg, crawl_dir, plan, resumed)


def _retry(cfg: JobConfig, crawl_dir: str, retry: dict) -> dict:
    """Steps 2-4 of a retry (retry.py): the actors refetch, old failure rows go, finalize again."""
    init_ray(cfg.ray)
    return _crawl_and_finish(cfg, crawl_dir, load_plan(crawl_dir), True, retry)


def _crawl_and_finish(cfg: JobConfig, crawl_dir: str, plan: dict, resumed: bool, retry: dict | None = None) -> dict:
    done = crawled(crawl_dir)
    if done:  # crawled in a run that was killed before its end: no actors, the work goes to Ray tasks
        return _finish(cfg, crawl_dir, plan, done["results"], resumed, _ray_map, retry)
    with _actors(cfg, crawl_dir, plan, retry) as actors:
        results = _crawl(cfg, actors)
        mark_crawled(crawl_dir, {"results": results})
        # The rest runs on the actors: warm processes, where each Ray task would first start a
        # worker and import (finalize of 20,000 images on 2 cores: 0.9 s, as cold tasks 1.65 s).
        return _finish(cfg, crawl_dir, plan, results, resumed, ActorMap(list(actors.values()), _ray_map), retry)


def _finish(cfg: JobConfig, crawl_dir: str, plan: dict, results: list[dict], resumed: bool, mapper, retry=None) -> dict:
    """Finalize, stats.json, complete markers: the end of a crawl, and of a retry (whose old
    failure rows go first). `mapper` runs the reads and rewrites on the cluster."""
    stats_path = storage.join(crawl_dir, "stats.json")
    dropped = drop_retried(crawl_dir, retry, mapper=mapper) if retry is not None else 0
    log.info("crawl: every actor finished; finalizing (crawl-wide dedup, best texts, near duplicates)")
    fin = finalize(
        crawl_dir,
        cfg.crawl.near_duplicates,
        cfg.crawl.near_duplicate_distance,
        mapper=mapper,
        max_images_per_alt=cfg.crawl.max_images_per_alt,
        template_alt_share=cfg.crawl.template_alt_share,
    )
    stats = build_stats(results, fin, plan, seeds=sum(len(p) for p in plan["seeds"]), resumed=resumed)
    if retry is not None:
        stats["retry"] = summarize(crawl_dir, retry, dropped, mapper=mapper)
        log.info("crawl: retry of %s: %s", ",".join(retry["reasons"]), stats["retry"])
    storage.write_json(stats_path, stats)
    if retry is not None:  # after stats, before the markers: a kill in between finalizes again
        clear_retry(crawl_dir)
    summary = json.dumps({"know": stats["know_total"], "pool": stats["pool_total"]})
    for name in OUTPUTS:
        ShardedOutput(output_folder(crawl_dir, name)).mark_complete(summary)
    log.info(
        "crawl: kept %d in D_know and %d in the pool, dropped %d, %d page(s) fetched, %.1f images/s",
        stats["know_total"],
        stats["pool_total"],
        stats["dropped_total"],
        stats["pages_fetched"],
        stats["images_per_s"],
    )
    return stats


def _ray_map(fn, items: list) -> list:
    """finalize's reads and shard rewrites as Ray tasks, where the crawl's actors are gone (the
    crawl ended in an earlier run, or they died): image bytes move between workers and storage
    only (a rewrite is idempotent: safe to retry). One CPU a task: each task starts a worker
    process, and half-CPU tasks start twice as many (on 2 cores, finalize of 20,000 images took
    5.0 s with 0.5, 2.5 s with 1)."""
    return list(map_tasks(fn, items, num_cpus=1))


def _new_plan(cfg: JobConfig, crawl_dir: str, seeds: list[dict]) -> dict:
    for name in (*OUTPUTS, STATE_DIR):  # rows of an older crawl that cannot resume would mix with ours
        folder = output_folder(crawl_dir, name)
        if storage.exists(folder):
            log.warning("crawl: removing %s, left by an earlier crawl that cannot be resumed", folder)
            storage.remove(folder)
    sites = {site_key(s["url"]) for s in seeds}
    # WARC inputs are read by every actor, a share each: as many actors as the cluster allows
    work = max(len(sites), cfg.crawl.max_actors) if cfg.crawl.warc_inputs else len(sites)
    if cfg.ray.autoscaling:  # ask for the actors' CPUs first, so that the nodes come while we plan
        request_resources(num_cpus=math.ceil(planned_cpus(work, cfg.crawl)))
        cpus = None
    else:
        cpus = ray.cluster_resources().get("CPU", 1)
    num_actors, why = plan_actor_count(work, cfg.crawl, cpus)
    log.info("crawl: %d actor(s) for %d site(s) (bounded by %s)", num_actors, len(sites), why)
    parts = partition(seeds, num_actors)
    if not cfg.crawl.num_actors and not cfg.crawl.warc_inputs:  # more CPUs than sites: no idle actors (a configured
        parts = [p for p in parts if p]  # count is kept: actors without seeds still own the hosts that hash to them)
    plan = {
        "id": secrets.token_hex(4),
        "num_actors": len(parts),
        "seeds": parts,
        "budgets": page_budgets(parts, cfg.crawl.max_pages),
        "site_owners": site_owners(parts),
    }
    save_plan(crawl_dir, plan)
    return plan


@contextmanager
def _actors(cfg: JobConfig, crawl_dir: str, plan: dict, retry: dict | None):
    """The crawl's actors {index: handle}, killed on the way out, whatever happened."""
    n = plan["num_actors"]
    # SPREAD: actors on as many nodes as possible (bandwidth and CPUs of every crawl node; a lost node
    # takes few hosts with it).
    actor_cls = ray.remote(num_cpus=ACTOR_CPUS, max_restarts=ACTOR_RESTARTS, scheduling_strategy="SPREAD")(CrawlActor)
    actors = {  # named, so that an operator (or a test) can find and kill one: it comes back
        i: actor_cls.options(name=f"mella-crawl-{plan['id']}-{i}").remote(
            i,
            cfg.crawl,
            crawl_dir,
            plan["seeds"][i],
            plan["budgets"][i],
            n,
            plan["site_owners"],
            None if retry is None else {"id": retry["id"], "items": retry["items"].get(str(i), [])},
        )
        for i in range(n)
    }
    log.info("crawl: %d seed(s) over %d actor(s)", sum(len(p) for p in plan["seeds"]), n)
    try:
        yield actors
    finally:
        kill_actors(actors.values())


def _crawl(cfg: JobConfig, actors: dict) -> list[dict]:
    """Run the actors' crawl to its end; their results (counters) in actor order."""
    ray.get([a.set_peers.remote(actors) for a in actors.values()])
    ray.get([a.restore.remote() for a in actors.values()])
    ray.get([a.begin.remote() for a in actors.values()])
    deadline_hit = _wait_until_done(cfg, actors)
    return ray.get([a.finish.remote(deadline_hit) for a in actors.values()], timeout=cfg.crawl.max_run_s + 300)


def _status(i: int, actor, actors: dict) -> dict:
    """An actor's status; an actor that Ray restarted after a crash is resumed first."""
    deadline = time.monotonic() + RESTART_WAIT_S
    while True:
        try:
            status = ray.get(actor.status.remote(), timeout=RESTART_WAIT_S)
            if not status.get("began"):  # a fresh instance: the crashed one's checkpoint resumes here
                log.warning("crawl: actor %d was restarted; resuming it from its checkpoint", i)
                ray.get(actor.set_peers.remote(actors))
                ray.get(actor.restore.remote())
                ray.get(actor.begin.remote())
                continue
            return status
        except (ray.exceptions.RayActorError, ray.exceptions.GetTimeoutError):
            # Dying or restarting (Ray restarts it up to ACTOR_RESTARTS times): ask again. An actor
            # that is gone for good keeps failing until RESTART_WAIT_S, and the crawl fails.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def _wait_until_done(cfg: JobConfig, actors: dict) -> bool:
    """Poll until the whole crawl is idle (True when the deadline came first)."""
    start = time.monotonic()
    deadline = start + cfg.crawl.max_run_s
    last_line, last_progress, previous = start, None, None
    while True:
        time.sleep(POLL_S)
        statuses = [_status(i, a, actors) for i, a in actors.items()]
        errors = [s["error"] for s in statuses if s.get("error")]
        if errors:
            raise RuntimeError(f"crawl: an actor failed: {errors[0]}")
        now = time.monotonic()
        if now - last_line >= cfg.crawl.progress_every_s:
            progress = [s["progress"] for s in statuses]
            log.info(progress_line(progress, last_progress, now - last_line))
            last_line, last_progress = now, progress
        # Done when every actor is idle (no queued or running job, no undelivered message) in two
        # polls in a row with no message received in between: a message delivered while the
        # polls ran shows up as activity, and an actor that got work is not idle.
        activity = sum(s["activity"] for s in statuses)
        idle = all(s["idle"] for s in statuses)
        if idle and previous == activity:
            return False
        previous = activity if idle else None
        if now > deadline:
            log.warning("crawl: max_run_s (%.0fs) reached; stopping with work left", cfg.crawl.max_run_s)
            return True
