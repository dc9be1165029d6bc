"""Ray Train on 2 CPU workers (gloo, FSDP2) with the tiny Qwen2-VL: learning, LoRA and full
fine-tuning, recovery from a killed worker, and the exported folder."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import threading
import time
from pathlib import Path

import pytest
import torch
from PIL import Image

from mella_ray import records
from mella_ray.config import parse_config
from mella_ray.runtime.shards import ShardedOutput

pytestmark = pytest.mark.integration
ANSWER = "Karlův most v Praze za soumraku, lampy svítí nad Vltavou."


def _png(i: int) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (84 + 14 * (i % 3), 84), (40 * i % 255, 120, 200)).save(b, "PNG")
    return b.getvalue()


def _rows(split: str, n: int) -> list[dict]:
    return [
        dict(
            sample_id=f"{split}{i}",
            img_id=hashlib.sha256(_png(i)).hexdigest(),
            image=_png(i),
            lang="cs",
            source="know",
            split=split,
            instruction="Popište tento obrázek.",
            answer=ANSWER,
            category=None,
            keywords=None,
        )
        for i in range(n)
    ]


def _cfg(tmp_path: Path, models_dir: str, **train) -> object:
    base = {
        "num_workers": 2,
        "cpus_per_worker": 0.5,
        "global_batch": 4,
        "micro_batch": 1,
        "max_steps": 4,
        "checkpoint_every": 2,
        "log_every": 1,
        "val_every": 100,
        "val_batches": 1,
        "precision": "fp32",
        "max_length": 512,
        "max_pixels": 112 * 112,
        "length_group_window": 2,
    }
    cfg = parse_config({"output_dir": str(tmp_path), "models_dir": models_dir, "train": {**base, **train}})
    _write_mix(cfg, "mix-1")
    return cfg


def _write_mix(cfg, digest: str) -> None:
    """A complete mix as the mix stage leaves it: splits, stats.json, and its marker's digest."""
    from mella_ray.runtime import storage
    from mella_ray.runtime.done import StageMarker

    for split, n in (("train", 8), ("val", 2)):
        ShardedOutput(cfg.path("mix", split)).write(
            "part-00000", records.to_table(_rows(split, n), records.CONVERSATIONS)
        )
    storage.write_json(cfg.path("mix", "stats.json"), {"samples_per_split": {"train": 8, "val": 2, "test": 0}})
    StageMarker(cfg.path("mix")).complete(digest)


def _loss(model_path: str) -> float:
    """Mean loss of a model on the training rows, outside Ray (the exported folder as users load it)."""
    from transformers import AutoModelForImageTextToText

    from mella_ray.infer.processors import load_processor
    from mella_ray.train.data import collate, encode_sample

    proc = load_processor(model_path, max_pixels=112 * 112)
    model = AutoModelForImageTextToText.from_pretrained(model_path).eval()
    batch = collate([encode_sample(proc, r, 512, 112 * 112) for r in _rows("train", 4)], proc.tokenizer.pad_token_id)
    with torch.no_grad():
        return model(**batch).loss.item()


def test_lora_learns_and_exports_a_loadable_model(tmp_path, models_dir, tiny_vlm, ray_local):
    from mella_ray.train.stage import run_train

    cfg = _cfg(tmp_path, models_dir, max_steps=12, lr=1e-1, warmup_ratio=0.0, checkpoint_every=6)
    stats = run_train(cfg)
    assert stats["metrics"]["step"] == 12
    final = tmp_path / "train/final"
    # LoRA cannot move the tiny model's random head far (its logits are ~0.2 wide); the loss
    # must still fall clearly on the set it trains on
    assert _loss(str(final)) < _loss(tiny_vlm) - 0.1
    from mella_ray.config import EngineConfig
    from mella_ray.infer import GenRequest, load_engine

    out = load_engine(EngineConfig(max_new_tokens=4), models_dir, model=str(final)).generate(
        [GenRequest("Popište tento obrázek.", [_png(0)])]
    )
    assert out[0].ok
    import json

    exported = json.loads((final / "config.json").read_text())
    assert exported["use_cache"] is exported["text_config"]["use_cache"] is True  # off only while training
    assert stats["metrics"]["masked_rows"] == 0
    assert run_train(cfg.model_copy(update={"train": cfg.train.model_copy(update={"log_every": 5})}))["skipped"]
    _write_mix(cfg, "mix-2")  # a rebuilt mix: the model made from the old one is stale
    again = run_train(cfg.model_copy(update={"train": cfg.train.model_copy(update={"max_steps": 2})}))
    assert again["redone"] == "its inputs or settings changed since it was made" and again["metrics"]["step"] == 2
    assert again["metrics"].get("resumed_from_step", 0) == 0  # from the start, not from the old run's checkpoints


def test_full_finetuning_keeps_frozen_towers(tmp_path, models_dir, tiny_vlm, ray_local):
    from safetensors.torch import load_file

    from mella_ray.train.stage import run_train

    cfg = _cfg(
        tmp_path, models_dir, max_steps=8, lr=1e-2, warmup_ratio=0.0, checkpoint_every=8, lora={"enabled": False}
    )
    run_train(cfg)
    assert _loss(str(tmp_path / "train/final")) < _loss(tiny_vlm) - 1.0  # full fine-tuning overfits fast
    base = load_file(str(Path(tiny_vlm) / "model.safetensors"))
    tuned = load_file(str(tmp_path / "train/final/model.safetensors"))
    changed = {k for k in base if not torch.equal(base[k], tuned[k])}
    assert any("visual" in k for k in base)  # the saved layout names the vision tower "visual"
    assert any("layers" in k and "visual" not in k for k in changed)  # the language model learned
    assert not any("visual" in k for k in changed)  # vision tower and projector stayed frozen


def test_killed_worker_resumes_from_checkpoint(tmp_path, models_dir, tiny_vlm, ray_local):
    import ray._private.state as gcs_state  # the GCS actor table: works without the dashboard

    from mella_ray.train.stage import run_train

    cfg = _cfg(tmp_path, models_dir, max_steps=16, checkpoint_every=4, max_failures=1)
    result: dict = {}
    fit = threading.Thread(target=lambda: result.update(run_train(cfg)), daemon=True)
    fit.start()
    ckpts = tmp_path / "train/checkpoints"
    deadline = time.monotonic() + 180
    # wait for a second checkpoint: the first one is then surely registered with the controller
    while len(list(ckpts.glob("step-*/trainer_state.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    workers = [
        a["Pid"]
        for a in gcs_state.actors().values()
        if a["ActorClassName"] == "RayTrainWorker" and a["State"] == "ALIVE"
    ]
    assert workers, "no live training worker to kill"
    os.kill(workers[0], signal.SIGKILL)
    killed_at = time.monotonic()
    fit.join(timeout=300)
    print(f"run finished {time.monotonic() - killed_at:.1f}s after the kill")
    assert not fit.is_alive() and result, "the run did not finish after the worker was killed"
    m = result["metrics"]
    assert m["step"] == 16
    assert 4 <= m["resumed_from_step"] < 16  # it continued from a checkpoint, not from step 0
    assert (tmp_path / "train/final/_SUCCESS").exists()


def test_bad_model_fails_before_workers_start(tmp_path, models_dir, ray_local):
    from mella_ray.train.stage import run_train

    cfg = _cfg(tmp_path, models_dir, model=str(tmp_path / "no-such-model"))
    with pytest.raises(ValueError, match="train.model .*cannot load a processor"):
        run_train(cfg)
