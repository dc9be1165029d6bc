"""Evaluate stage: mix/test -> eval/predictions/{base,tuned,<endpoint>}.parquet -> eval/report.{json,md}, plots.

The only evaluate module that touches Ray. Generation runs as a Ray Data map_batches over the
test shards (one engine per actor, resources from the engine config; contenders behind
OpenAI-compatible endpoints through endpoints.EndpointGenerator); scoring is cheap and runs
on the driver with the pure functions of metrics.py and report.py.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import defaultdict
from urllib.parse import urlsplit

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import EngineConfig, JobConfig
from mella_ray.config.serve import is_loopback
from mella_ray.evaluate.endpoints import EndpointGenerator
from mella_ray.evaluate.metrics import guard_references
from mella_ray.evaluate.models import ModelLoadError, fingerprint, models_to_evaluate
from mella_ray.evaluate.report import build_report, pick_samples, write_report
from mella_ray.failures import failure
from mella_ray.infer import GenRequest, failed, load_engine
from mella_ray.langs import language
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stage import engine_resources
from mella_ray.runtime.log import Progress
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats

log = logging.getLogger(__name__)

META_COLS = ["sample_id", "lang", "source", "answer", "keywords"]
GEN_COLS = META_COLS + ["image"]
SOURCES = (records.SOURCE_KNOW, records.SOURCE_LING)


def select_rows(rows: list[dict], languages: list[str], max_per_lang: int) -> tuple[list[dict], list[str]]:
    """At most max_per_lang rows per (language, source), the first by sample_id (the mix stage
    already drew the test split at random, so this is a stable, unbiased subset); also the
    configured languages that have no rows at all."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    seen: set[str] = set()
    for r in sorted(rows, key=lambda r: r["sample_id"]):
        if r["lang"] in languages and r["source"] in SOURCES and r["sample_id"] not in seen:
            seen.add(r["sample_id"])
            groups[(r["lang"], r["source"])].append(r)
    selected = [r for key in sorted(groups) for r in groups[key][:max_per_lang]]
    missing = [lang for lang in languages if not any(k[0] == lang for k in groups)]
    return selected, missing


class Generator:
    """Ray Data callable: one engine per actor; test rows in, PREDICTIONS rows out (failures as data)."""

    def __init__(self, engine_cfg: dict, models_dir: str, model: str, model_name: str):
        self.model_name, self.model = model_name, model
        try:
            self.engine = load_engine(EngineConfig.model_validate(engine_cfg), models_dir, model=model)
        except Exception as e:  # the driver shows this text; name the model, not just the cause
            raise ModelLoadError(
                f"evaluate: cannot load the {model_name} model from {model!r}: {type(e).__name__}: {e}"
            ) from e

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        prompts = [language(r["lang"]).eval_prompt for r in rows]
        try:
            results = self.engine.generate([GenRequest(p, [r["image"]]) for p, r in zip(prompts, rows)])
        except Exception as e:  # a backend that raises for a whole batch: every row records it
            results = [failed("engine_error", e)] * len(rows)
        out = []
        for r, prompt, res in zip(rows, prompts, results):
            fail = None if res.ok else failure("evaluate", res.reason, res.error)
            out.append(
                {
                    "sample_id": r["sample_id"],
                    "lang": r["lang"],
                    "source": r["source"],
                    "model_name": self.model_name,
                    "model": self.model,
                    "prompt": prompt,
                    "prediction": None if fail else (res.text or ""),
                    "reference": r["answer"],
                    "keywords": r["keywords"],
                    "status": records.STATUS_FAILED if fail else records.STATUS_OK,
                    "reason": fail.reason if fail else None,
                    "error": fail.error if fail else None,
                    "retries": 0,
                }
            )
        return pa.Table.from_pylist(out, schema=records.PREDICTIONS)


def count_predictions(stats: StageStats, name: str, rows: list[dict]) -> None:
    """ok rows per model/language, failed rows per model:reason code, and the model's retries."""
    retries = 0
    for r in rows:
        if r["status"] == records.STATUS_OK:
            stats.keep(f"{name}/{r['lang']}")
        else:
            stats.drop(f"{name}:{r['reason'] or 'failed'}")
        retries += r.get("retries") or 0
    stats.extra.setdefault("retries", {})[name] = retries


def _keep_ids(ids: list[str]):
    value_set = pa.array(ids, pa.string())

    def keep(batch: pa.Table) -> pa.Table:
        return batch.filter(pc.is_in(batch.column("sample_id"), value_set=value_set))

    return keep


def generate(cfg: JobConfig, inputs: list[str], ids: list[str], name: str, model: str) -> pa.Table:
    """Predictions of one model (or endpoint: `name` in evaluate.endpoints) on the selected test rows."""
    import ray

    engine = cfg.evaluate.engine
    endpoint = next((e for e in cfg.evaluate.endpoints if e.name == name), None)
    # reading needs little CPU, and a whole one could be the one CPU left while Serve holds the rest
    # (evaluate.score_served evaluates the build's own endpoint on the same machine)
    ds = ray.data.read_parquet(inputs, num_cpus=0.25).select_columns(GEN_COLS)
    ds = ds.map_batches(_keep_ids(ids), batch_format="pyarrow", num_cpus=0.25)
    if endpoint is None:
        ds = ds.map_batches(
            Generator,
            fn_constructor_kwargs={
                "engine_cfg": engine.model_dump(),
                "models_dir": cfg.models_path,
                "model": model,
                "model_name": name,
            },
            batch_size=engine.batch_size,
            batch_format="pyarrow",
            **engine_resources(engine),
        )
    else:  # HTTP only: little CPU; a batch is a round of concurrent requests
        ds = ds.map_batches(
            EndpointGenerator,
            fn_constructor_kwargs={"endpoint": endpoint.model_dump(), "max_tokens": engine.max_new_tokens},
            batch_size=max(endpoint.max_concurrency * 2, 8),
            batch_format="pyarrow",
            num_cpus=0.25,
            concurrency=1,
            **_near_loopback(endpoint.base_url),
        )
    parts, progress = [], Progress(f"evaluate {name}", total=len(ids))
    try:
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            parts.append(batch.select(records.PREDICTIONS.names).cast(records.PREDICTIONS))
            progress.update(batch.num_rows)
    except Exception as e:  # Ray wraps the actor's error in a traceback: lift out its message
        msg = _root_message(e)
        if not msg.startswith("evaluate: cannot load"):
            msg = f"evaluate: generation with the {name} model {model!r} failed: {msg}"
        raise ModelLoadError(msg) from e
    progress.close()
    table = pa.concat_tables(parts) if parts else records.PREDICTIONS.empty_table()
    if table.num_rows != len(ids):
        raise RuntimeError(f"evaluate: {name} produced {table.num_rows} predictions for {len(ids)} rows")
    order = pc.sort_indices(table, [("lang", "ascending"), ("source", "ascending"), ("sample_id", "ascending")])
    return table.take(order)


def _near_loopback(base_url: str) -> dict:
    """A loopback endpoint (the build's own Serve app) answers only on this node: run its requests here
    (Ray labels every node with its id)."""
    import ray

    if not is_loopback(urlsplit(base_url).hostname or ""):
        return {}
    return {"label_selector": {"ray.io/node-id": ray.get_runtime_context().get_node_id()}}


def _root_message(e: BaseException) -> str:
    """The innermost message of an error that Ray wrapped (its text ends with the remote traceback)."""
    text = str(e)
    found = re.findall(r"ModelLoadError: (evaluate: cannot load .*)", text)
    if found:
        return found[-1].strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    return lines[-1] if lines else type(e).__name__


def _read_images(inputs: list[str], ids: set[str]) -> dict[str, bytes]:
    """Image bytes of a few samples (for the report), shard by shard to bound memory."""
    out: dict[str, bytes] = {}
    value_set = pa.array(sorted(ids), pa.string())
    for p in inputs:
        t = storage.read_parquet(p, ["sample_id", "image"])
        t = t.filter(pc.is_in(t.column("sample_id"), value_set=value_set))
        out.update({r["sample_id"]: r["image"] for r in t.to_pylist()})
    return out


def run_evaluate(cfg: JobConfig) -> dict:
    """Generate with base (and tuned) on mix/test, score, write eval/; returns the report dict."""
    from mella_ray.runtime.cluster import init_ray

    test = ShardedOutput(cfg.path("mix", "test"))
    inputs = test.shard_paths()
    if not inputs:
        raise FileNotFoundError(
            f"evaluate: no finished shards in {test.folder}; run the mix stage first (it writes the test split)"
        )
    records.require_columns("mix/test", storage.parquet_schema(inputs[0]).names, GEN_COLS)
    stats = StageStats("evaluate")
    all_rows = [r for p in inputs for r in storage.read_parquet(p, META_COLS).to_pylist()]
    rows, missing = select_rows(all_rows, cfg.languages, cfg.evaluate.max_per_lang)
    for lang in missing:
        log.warning("evaluate: no test rows for language %s in %s; it is reported as missing", lang, test.folder)
    if not rows:
        raise ValueError(
            f"evaluate: {test.folder} has no know/ling rows for the configured languages "
            f"({', '.join(cfg.languages)}); found languages: "
            f"{', '.join(sorted({r['lang'] for r in all_rows})) or 'none'}"
        )
    # Refuse mislabelled references before spending any compute on generation.
    if cfg.evaluate.check_reference_language:
        guard_references([{"sample_id": r["sample_id"], "lang": r["lang"], "reference": r["answer"]} for r in rows])
    else:
        log.warning("evaluate: evaluate.check_reference_language is off; references are not checked")
    ids = [r["sample_id"] for r in rows]
    models, skipped = models_to_evaluate(cfg)
    init_ray(cfg.ray)

    pred_dir = cfg.path("eval", "predictions")
    predictions: dict[str, list[dict]] = {}
    contenders = {e.name: f"{e.model} @ {e.base_url}" for e in cfg.evaluate.endpoints}
    # an endpoint checked against the model it serves is asked anew: the same URL may serve another model now
    live = {e.name for e in cfg.evaluate.endpoints if e.same_as}
    for name, model in {**models, **contenders}.items():
        path, marker = storage.join(pred_dir, f"{name}.parquet"), storage.join(pred_dir, "_done", f"{name}.json")
        fp = fingerprint(cfg, name if name in contenders else model, rows)
        if name not in live and storage.exists(path) and storage.exists(marker) and storage.read_json(marker) == fp:
            log.info("evaluate: reusing %s (same model files, engine settings and rows)", path)
            table = storage.read_parquet(path)
            stats.extra[f"{name}_reused"] = True
        else:
            t0 = time.time()
            table = generate(cfg, inputs, ids, name, model)
            stats.extra[f"{name}_generate_s"] = round(time.time() - t0, 3)
            storage.remove(marker)  # first: a run killed mid-write must not pass for the old one
            storage.write_parquet(path, table)
            storage.write_json(marker, fp)  # written last: a torn run regenerates
        predictions[name] = table.to_pylist()
        count_predictions(stats, name, predictions[name])

    ev = cfg.evaluate
    report = build_report(
        predictions,
        {**models, **contenders},
        cfg.languages,
        skipped,
        mode=ev.matching,
        bootstrap_samples=ev.bootstrap_samples,
        bootstrap_seed=ev.bootstrap_seed,
        same_as={e.name: e.same_as for e in ev.endpoints if e.same_as},
    )
    images = _read_images(inputs, {s["sample_id"] for s in pick_samples(predictions)})
    paths = write_report(report, cfg.path("eval"), predictions, images)
    stats.extra.update(
        models=models,
        skipped_models=skipped,
        missing_languages=missing,
        rows_in_split=len(all_rows),
        rows_evaluated=len(rows),
        outputs=paths,
        means=report["means"],
    )
    stats.write(cfg.path("eval"))
    log.info("evaluate: report at %s; means %s", paths["md"], json.dumps(report["means"], ensure_ascii=False))
    return report
