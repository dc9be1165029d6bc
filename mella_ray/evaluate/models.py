"""Which models the evaluate stage scores, and whether their stored predictions still hold.

`models_to_evaluate` resolves base, tuned (this run's train/final unless configured) and checks
contenders' keys before any work; `fingerprint` is what a model's predictions depend on (its
files, the engine settings, the rows), so a rerun reuses them only when all of it is unchanged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os

from mella_ray import records
from mella_ray.config import JobConfig
from mella_ray.infer import resolve_model
from mella_ray.runtime import storage

log = logging.getLogger(__name__)


class ModelLoadError(RuntimeError):
    """An evaluated model could not be loaded; the message names its path."""


MODEL_FILES = (".json", ".safetensors", ".bin", ".model", ".txt", ".jinja", "_SUCCESS")


def model_identity(model: str) -> list | str:
    """What tells one model folder's contents from another's: its files' names, sizes and
    modification times (ETags on object stores). A retrain writes the same path anew, so
    the path alone would not do. A hub id is its own identity."""
    try:
        fs, root = storage.fs_and_path(model)
        if not fs.isdir(root):
            return model
        files = sorted(p for p in storage.list_files(model, suffix="") if p.endswith(MODEL_FILES))
        return [[p.rsplit("/", 1)[-1], storage.identity(p)] for p in files]
    except (OSError, ValueError):
        return model


def fingerprint(cfg: JobConfig, model: str, rows: list[dict]) -> dict:
    """What the predictions depend on: reuse them only when all of it is unchanged (the
    model's files, the engine settings, and the rows with their references and keywords)."""
    endpoint = next((e for e in cfg.evaluate.endpoints if e.name == model), None)
    engine = endpoint.model_dump() if endpoint else cfg.evaluate.engine.model_dump()
    keyed = sorted((r["sample_id"], r["answer"], json.dumps(r["keywords"], ensure_ascii=False)) for r in rows)
    rows_hash = hashlib.sha256(json.dumps(keyed, ensure_ascii=False).encode()).hexdigest()
    return {
        "model": model,
        "columns": records.PREDICTIONS.names,  # a table of an older layout is made again
        "model_files": model_identity(model),
        "engine": engine,
        "rows_sha256": rows_hash,
        "rows": len(rows),
    }


def models_to_evaluate(cfg: JobConfig) -> tuple[dict[str, str], dict[str, str]]:
    """(name -> resolved model path/hub id, name -> why skipped)."""
    ev = cfg.evaluate
    models = {"base": resolve_model(ev.base_model, cfg.models_path)}
    skipped: dict[str, str] = {}
    tuned = ev.tuned_model or cfg.path("train", "final")
    if ev.tuned_model is None and not storage.exists(tuned):
        skipped["tuned"] = f"{tuned} does not exist (run the train stage, or set evaluate.tuned_model)"
        log.warning("evaluate: skipping the tuned model: %s", skipped["tuned"])
    else:
        models["tuned"] = resolve_model(tuned, cfg.models_path)
    for ep in ev.endpoints:
        if ep.api_key_env and not os.environ.get(ep.api_key_env):
            raise ValueError(
                f"evaluate.endpoints[{ep.name}].api_key_env: environment variable {ep.api_key_env} is "
                "not set; export it (and pass it to workers with ray.runtime_env.env_vars)"
            )
    for name, ref in models.items():  # a configured local path that is not there: fail before any work
        if ref.startswith(("/", "./", "../", "file://", "s3://")) and not storage.exists(ref):
            raise ModelLoadError(
                f"evaluate: the {name} model path {ref!r} does not exist "
                f"(evaluate.{'base_model' if name == 'base' else 'tuned_model'})"
            )
    return models, skipped
