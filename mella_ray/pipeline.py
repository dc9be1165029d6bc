"""Runs stages in order with a summary: what ran, what was skipped, where outputs are.

Stages never import each other; this module is the one place that knows them all, and
imports each lazily so that `mella crawl` does not load torch.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from mella_ray.config import STAGES, JobConfig
from mella_ray.runtime import storage
from mella_ray.runtime.cluster import init_ray
from mella_ray.runtime.resources import alive_nodes, check_resources, stage_needs

log = logging.getLogger(__name__)

_ENTRY = {
    "crawl": "mella_ray.crawl.stage:run_crawl",
    "caption": "mella_ray.caption.stage:run_caption",
    "translate": "mella_ray.translate.stage:run_translate",
    "mix": "mella_ray.mix.stage:run_mix",
    "train": "mella_ray.train.stage:run_train",
    "evaluate": "mella_ray.evaluate.stage:run_evaluate",
    "serve": "mella_ray.serve.stage:run_serve",
}
OUTPUTS = {
    "crawl": ("crawl/know", "crawl/pool", "crawl/stats.json"),
    "caption": ("caption",),
    "translate": ("translate",),
    "mix": ("mix/train", "mix/val", "mix/test", "mix/card.md"),
    "train": ("train/final", "train/checkpoints"),
    "evaluate": ("eval/report.md", "eval/report.json"),
    "serve": ("serve/endpoint.json", "serve/smoke.json"),
}


@dataclass
class StageResult:
    stage: str
    seconds: float
    result: dict = field(default_factory=dict)
    error: str | None = None


def _entry(stage: str):
    module, fn = _ENTRY[stage].split(":")
    return getattr(importlib.import_module(module), fn)


def _import_ahead(stage: str) -> None:
    """Import `stage`'s module in a thread while Ray starts: ray.init spends about half of its
    seconds waiting on the processes it spawns, and the crawl's modules take most of a second to
    import. The import lock makes the stage's own import wait for this one or find it done."""

    def load() -> None:
        with contextlib.suppress(Exception):  # the stage's own import raises it again, where it is reported
            importlib.import_module(_ENTRY[stage].split(":")[0])

    threading.Thread(target=load, name=f"import-{stage}", daemon=True).start()


@contextlib.contextmanager
def demo_site(cfg: JobConfig) -> Iterator[str | None]:
    """Build and serve the demo website on 127.0.0.1 while the crawl runs, when configured."""
    if cfg.demo_site is None:
        yield None
        return
    from mella_ray.demo_site import build_site, serve_site

    # The site is served from disk: with a remote output_dir (s3://...) it is built in a local
    # temporary folder, removed when the crawl is over.
    remote = "://" in cfg.output_dir
    root = tempfile.mkdtemp(prefix="mella-demo-site-") if remote else cfg.path("demo_site")
    try:
        build_site(root, images_per_lang=cfg.demo_site.images_per_lang, seed=cfg.demo_site.seed, langs=cfg.languages)
        site = serve_site(root)
        log.info("demo site serving at %s", site.base_url)
        try:
            yield site.base_url
        finally:
            site.stop()
    finally:
        if remote:
            shutil.rmtree(root, ignore_errors=True)


def run_stage(
    stage: str,
    cfg: JobConfig,
    *,
    in_build: bool = False,
    evaluated: bool = False,
    retry_failed: list[str] | None = None,
) -> dict:
    """One stage; inside a build the serve stage answers a smoke request (and, after this build's
    evaluate with evaluate.score_served, the test rows) and frees its port. `retry_failed`: the
    crawl refetches only its failures with these reasons (crawl/retry.py)."""
    if stage == "crawl":
        with demo_site(cfg) as url:
            return _entry("crawl")(cfg, demo_site_url=url, retry_failed=retry_failed)
    if stage == "serve":
        blocking = cfg.serve.blocking if cfg.serve.blocking is not None else not in_build
        result = _entry("serve")(cfg, blocking=blocking)
        if not blocking:  # inside a build: prove the endpoint answers, then free the port
            try:
                result["smoke_answer"] = smoke_request(cfg, result["url"], result["model_name"])
                storage.write_json(
                    cfg.path("serve", "smoke.json"), {"url": result["url"], "answer": result["smoke_answer"]}
                )
                if evaluated and cfg.evaluate.score_served:
                    result["served"] = score_served(cfg, result["url"], result["model_name"])
            finally:
                importlib.import_module("mella_ray.serve.stage").stop_serve()
        return result
    return _entry(stage)(cfg)


def smoke_request(cfg: JobConfig, url: str, model_name: str) -> str:
    """One chat completion with a test image, as a user would send it; returns the answer."""
    import httpx

    from mella_ray.infer.datauri import to_data_url
    from mella_ray.langs import language
    from mella_ray.runtime.shards import ShardedOutput

    first = ShardedOutput(cfg.path("mix", "test")).shard_paths()[0]
    row = storage.read_parquet_head(first, 1, ["image", "lang"]).to_pylist()[0]  # one row, not the split
    body = {
        "model": model_name,
        "max_tokens": 32,
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": to_data_url(row["image"])}},
                    {"type": "text", "text": language(row["lang"]).eval_prompt},
                ],
            }
        ],
    }
    key = os.environ.get(cfg.serve.api_key_env or "", "")  # the endpoint refuses a request without it
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    resp = httpx.post(f"{url}/v1/chat/completions", json=body, headers=headers, timeout=120)
    resp.raise_for_status()
    answer = resp.json()["choices"][0]["message"]["content"]
    log.info("serve: %s answered %r", url, answer[:120])
    return answer


# Ray Data lists the test files with a task of 1 CPU, and the HTTP worker takes 0.25: with less free
# beside Serve's replicas the pass would wait for CPUs forever.
SERVED_PASS_CPUS = 1.25
FREE_CPU_WAIT_S = 30.0


def _wait_for_cpus(needed: float, cfg: JobConfig) -> None:
    """Wait (bounded) until `needed` CPUs are free: the last stage's workers may still be exiting."""
    import ray

    deadline = time.monotonic() + FREE_CPU_WAIT_S
    while (free := ray.available_resources().get("CPU", 0.0)) < needed:
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"evaluate.score_served: scoring the endpoint needs {needed:g} free CPUs beside Serve, and "
                f"{free:g} of the cluster's {ray.cluster_resources().get('CPU', 0):g} are free; lower "
                f"serve.num_cpus (now {cfg.serve.num_cpus:g}), give Ray more CPUs, or turn score_served off"
            )
        time.sleep(0.5)


def score_served(cfg: JobConfig, url: str, model_name: str) -> dict:
    """Evaluate again with the running endpoint as the contender `served` (same_as tuned): base's and
    tuned's predictions are reused, so this costs one pass over the test rows through HTTP. Returns
    the report's agreement of served with tuned."""
    from mella_ray.config.evaluate import SERVED, EndpointConfig

    _wait_for_cpus(SERVED_PASS_CPUS, cfg)
    served = EndpointConfig(
        name=SERVED,
        base_url=f"{url}/v1",
        model=model_name,
        api_key_env=cfg.serve.api_key_env,
        # enough requests in flight to fill the replica's batches; retries as for any endpoint
        max_concurrency=min(256, max(4, cfg.serve.max_batch_size * cfg.serve.max_replicas)),
        same_as="tuned",
    )
    ev = cfg.evaluate.model_copy(update={"endpoints": [*cfg.evaluate.endpoints, served]})
    report = _entry("evaluate")(cfg.model_copy(update={"evaluate": ev}))
    agreement = report.get("agreement", {}).get(SERVED)
    if agreement:
        log.info(
            "serve: scored beside base and tuned; answers as tuned on %d of %d rows%s",
            agreement["identical"],
            agreement["rows"],
            "" if agreement["same"] else " (the report says where not)",
        )
    return agreement or {}


def run_stages(
    cfg: JobConfig, stages: list[str] | None = None, retry_failed: list[str] | None = None
) -> list[StageResult]:
    """Run `stages` (default cfg.stages) in pipeline order; stop at the first failure.
    `retry_failed`: the crawl refetches only its failures with these reasons (crawl/retry.py)."""
    wanted = stages or cfg.stages
    order = [s for s in STAGES if s in wanted]
    if order:
        _import_ahead(order[0])
    init_ray(cfg.ray)
    check_resources(stage_needs(cfg, order), alive_nodes(), cfg.ray.autoscaling)  # fail before any work
    results: list[StageResult] = []
    for stage in order:
        t0 = time.time()
        log.info("=== stage %s ===", stage)
        try:
            out = run_stage(
                stage, cfg, in_build=len(order) > 1, evaluated="evaluate" in order, retry_failed=retry_failed
            )
            results.append(StageResult(stage, time.time() - t0, out or {}))
        except Exception as e:
            log.exception("stage %s failed", stage)
            results.append(StageResult(stage, time.time() - t0, error=f"{type(e).__name__}: {e}"))
            break
    return results


def summary(cfg: JobConfig, results: list[StageResult]) -> str:
    lines = []
    for r in results:
        state = (
            "FAILED"
            if r.error
            else "skipped (complete)"
            if r.result.get("skipped")
            else "redone"
            if r.result.get("redone")
            else "done"
        )
        where = ", ".join(cfg.path(o) for o in OUTPUTS[r.stage])
        lines.append(f"{r.stage:<9} {state:<18} {r.seconds:7.1f}s  {r.error or where}")
        if r.result.get("redone") and not r.error:
            lines.append(f"{'':<9} {'':<18} {'':>8}  redone: {r.result['redone']}")
    return "\n".join(lines)
