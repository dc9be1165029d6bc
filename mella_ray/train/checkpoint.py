"""Sharded checkpoints with torch.distributed.checkpoint: model, optimizer, scheduler, position.

Every rank writes its own shard files into one folder; Ray Train uploads the folders of all
ranks into the same checkpoint on storage. Frozen parameters are left out (with LoRA the
checkpoint holds only the adapters and their optimizer state).
"""

from __future__ import annotations

import json
import os

import torch.distributed.checkpoint as dcp
from torch.distributed.checkpoint.state_dict import StateDictOptions, get_state_dict, set_state_dict

STATE_FILE = "trainer_state.json"
_OPTS = StateDictOptions(ignore_frozen_params=True)


def save(folder: str, model, optimizer, scheduler, step: int, position: dict, rank: int) -> None:
    msd, osd = get_state_dict(model, optimizer, options=_OPTS)
    dcp.save({"model": msd, "optim": osd}, checkpoint_id=folder)
    if rank == 0:
        # One data position for all ranks: each worker reads one row per sample and takes the
        # same micro-batches per step, so their positions are equal (data.MicroBatches).
        with open(os.path.join(folder, STATE_FILE), "w") as f:
            json.dump({"step": step, "position": position, "scheduler": scheduler.state_dict()}, f)


def load(folder: str, model, optimizer, scheduler) -> dict:
    """Restore in place; returns {"step", "position"} (the data position: see data.MicroBatches)."""
    msd, osd = get_state_dict(model, optimizer, options=_OPTS)
    state = {"model": msd, "optim": osd}
    dcp.load(state, checkpoint_id=folder)
    set_state_dict(
        model,
        optimizer,
        model_state_dict=state["model"],
        optim_state_dict=state["optim"],
        options=StateDictOptions(ignore_frozen_params=True, strict=False),
    )
    with open(os.path.join(folder, STATE_FILE)) as f:
        meta = json.load(f)
    scheduler.load_state_dict(meta["scheduler"])
    return {"step": meta["step"], "position": meta["position"]}
