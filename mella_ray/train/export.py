"""The final model as a standard Hugging Face folder that evaluate and serve load like any model.

All ranks take part in gathering the full state dict; rank 0 loads it into a fresh copy,
merges LoRA into the base weights, saves with save_pretrained plus the processor, and
uploads the folder to storage.
"""

from __future__ import annotations

import json
import logging
import tempfile

import torch
from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.runtime import storage
from mella_ray.train.model import build_model, set_use_cache

log = logging.getLogger(__name__)
DONE = "_SUCCESS"


def export_final(model, cfg: TrainConfig, base_path: str, out: str, rank: int, dtype: torch.dtype) -> None:
    full = get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=True))
    if rank != 0:
        return
    fresh = build_model(base_path, cfg, dtype=dtype)
    fresh.load_state_dict(full, strict=True)
    if cfg.lora.enabled:
        fresh = fresh.merge_and_unload()
    set_use_cache(fresh, True)  # off for training only: whoever loads the export generates
    with tempfile.TemporaryDirectory() as tmp:
        fresh.save_pretrained(tmp)
        load_processor(base_path, max_pixels=cfg.max_pixels).save_pretrained(tmp)
        with open(f"{tmp}/mella_train.json", "w") as f:
            json.dump(
                {"base_model": base_path, "lora": cfg.lora.model_dump() if cfg.lora.enabled else None}, f, indent=2
            )
        fs, dest = storage.fs_and_path(out)
        if fs.exists(dest):
            fs.rm(dest, recursive=True)
        fs.put(tmp + "/", dest, recursive=True)  # trailing slash: the contents, not the folder
    storage.write_text(storage.join(out, DONE), "ok\n")
    log.info("final model written to %s", out)
