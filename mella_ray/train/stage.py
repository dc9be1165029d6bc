"""Train stage: mix/train (+ val) -> train/checkpoints and train/final, on Ray Train."""

from __future__ import annotations

import logging
import math

from mella_ray import records
from mella_ray.config import JobConfig
from mella_ray.infer import resolve_model
from mella_ray.runtime import storage
from mella_ray.runtime.done import StageMarker, digest
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats
from mella_ray.train.export import DONE
from mella_ray.train.tracking import require_mlflow

log = logging.getLogger(__name__)
RUN_NAME = "checkpoints"
# Settings that change how a run is executed or reported, not what it learns: changing them
# does not make a finished model stale.
OPERATIONAL = {
    "use_gpu",
    "cpus_per_worker",
    "accelerator_type",
    "log_every",
    "encode_threads",
    "prefetch_batches",
    "max_failures",
    "compile",
    "packing",
    "mlflow_uri",
    "mlflow_experiment",
}
TENSORBOARD = "tensorboard"


def check_first_row(tc, path: str, processor) -> None:
    """A max_length shorter than every prompt would leave nothing to train on: say so now."""
    from mella_ray.train.data import IGNORE, encode_sample
    from mella_ray.train.loop import COLUMNS

    row = storage.read_parquet_head(path, 1, COLUMNS).to_pylist()[0]
    sample = encode_sample(processor, row, 1 << 30, tc.max_pixels)
    n = int(sample["labels"].eq(IGNORE).sum())  # the prompt's tokens
    if n >= tc.max_length:
        raise ValueError(
            f"train.max_length={tc.max_length} is shorter than the prompt of the first training row "
            f"({n} tokens, image tokens included at train.max_pixels={tc.max_pixels}); raise "
            "max_length or lower max_pixels"
        )


def check_model(ref: str, path: str, max_pixels: int | None = None):
    """Fail before any worker starts when the model has no processor or no chat template;
    returns the processor, loaded as the workers load it."""
    from mella_ray.infer.processors import load_processor

    try:
        processor = load_processor(path, max_pixels=max_pixels)
    except Exception as e:
        raise ValueError(f"train.model {ref!r}: cannot load a processor from {path}: {e}".splitlines()[0]) from None
    template = getattr(processor, "chat_template", None) or getattr(processor.tokenizer, "chat_template", None)
    if not template:
        raise ValueError(
            f"train.model {ref!r}: {path} has no chat template; use an instruction-tuned checkpoint "
            "or add chat_template.jinja to the folder"
        )
    return processor


def run_train(cfg: JobConfig) -> dict:
    from ray.train import CheckpointConfig, FailureConfig, RunConfig, ScalingConfig
    from ray.train.torch import TorchConfig, TorchTrainer

    from mella_ray.train.loop import COLUMNS, train_loop

    tc = cfg.train
    stats = StageStats("train")
    final = cfg.path("train", "final")
    mix = StageMarker(cfg.path("mix")).recorded()
    if mix is None:
        raise FileNotFoundError(f"train: {cfg.path('mix')} is not complete; run the mix stage first")
    marker, d = StageMarker(cfg.path("train")), digest(mix, tc.model_dump(mode="json", exclude=OPERATIONAL))
    if marker.is_complete(d) and storage.exists(storage.join(final, DONE)):
        log.info("train: %s is complete for this mix and these settings; skipping (delete it to retrain)", final)
        return {**storage.read_json(cfg.path("train", "stats.json")), "skipped": True}
    why = marker.why_redo(d)
    if why:  # a resume would continue the old run on the new data
        log.info("train: retraining from the start: %s", why)
        for name in ("final", RUN_NAME, "stats.json", TENSORBOARD):
            storage.remove(cfg.path("train", name))
    paths = {s: ShardedOutput(cfg.path("mix", s)).shard_paths() for s in ("train", "val")}
    if not paths["train"]:
        raise FileNotFoundError(f"train: no finished shards in {cfg.path('mix', 'train')}; run the mix stage first")
    records.require_columns("mix/train", storage.parquet_schema(paths["train"][0]).names, COLUMNS)
    counts = storage.read_json(cfg.path("mix", "stats.json"))["samples_per_split"]  # one read, not one per shard
    n_train, n_val = counts["train"], counts["val"]
    steps = tc.max_steps or math.ceil(n_train * tc.epochs / tc.global_batch)
    if tc.max_steps is None and n_train < tc.global_batch:
        raise ValueError(f"train: {n_train} training rows are fewer than train.global_batch={tc.global_batch}")
    if n_train < tc.num_workers:  # each worker reads its own slice of at least one row (train/rows.py)
        raise ValueError(f"train: {n_train} training rows for train.num_workers={tc.num_workers}; use fewer workers")
    require_mlflow(tc.mlflow_uri)
    model_path = resolve_model(tc.model, cfg.models_path)
    check_first_row(tc, paths["train"][0], check_model(tc.model, model_path, tc.max_pixels))
    # Workers read their own slices of these files (train/rows.py), so a resume skips by row group.
    files = {"train": paths["train"]}
    if n_val >= tc.num_workers and tc.val_batches and paths["val"]:
        files["val"] = paths["val"]
    elif tc.val_batches:
        log.info("train: no validation loss: %d validation rows for %d workers", n_val, tc.num_workers)
    resources = {"CPU": tc.cpus_per_worker, **({"GPU": 1} if tc.use_gpu else {})}
    trainer = TorchTrainer(
        train_loop,
        train_loop_config={
            "train": tc.model_dump(),
            "model_path": model_path,
            "total_steps": steps,
            "final_dir": final,
            "paths": files,
            "tensorboard_dir": cfg.path("train", TENSORBOARD),
        },
        scaling_config=ScalingConfig(
            num_workers=tc.num_workers,
            use_gpu=tc.use_gpu,
            resources_per_worker=resources,
            accelerator_type=tc.accelerator_type,
        ),
        run_config=RunConfig(
            name=RUN_NAME,
            storage_path=cfg.path("train"),
            failure_config=FailureConfig(max_failures=tc.max_failures),
            checkpoint_config=CheckpointConfig(num_to_keep=2),
        ),
        torch_config=TorchConfig(backend="nccl" if tc.use_gpu else "gloo"),
    )
    log.info(
        "train: %d rows, %d steps of %d, %d worker(s), model %s",
        n_train,
        steps,
        tc.global_batch,
        tc.num_workers,
        model_path,
    )
    marker.begin(d)
    result = trainer.fit()
    if result.error:
        raise RuntimeError(f"train: run failed: {result.error}")
    stats.keep("train_rows", n_train)
    stats.keep("val_rows", n_val)
    stats.extra.update(
        steps=steps,
        final=final,
        checkpoint=result.checkpoint.path if result.checkpoint else None,
        metrics={k: v for k, v in (result.metrics or {}).items() if isinstance(v, (int, float))},
    )
    out = stats.write(cfg.path("train"))
    marker.complete(d)
    return {**out, "redone": why} if why else out
