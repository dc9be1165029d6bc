"""FSDP2 for any Hugging Face model: fully_shard per repeated block, then the root.

The blocks are the model's own `_no_split_modules` (decoder layers, vision blocks), so no
per-architecture code is needed. Mixed precision keeps parameters in bf16 for compute and
reduces gradients in fp32.
"""
from __future__ import annotations

import logging

import torch
from torch import nn
from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

log = logging.getLogger(__name__)


def _block_classes(model: nn.Module) -> set[str]:
    names: set[str] = set()
    for m in model.modules():
        names.update(getattr(m, "_no_split_modules", None) or [])
    return names


def apply_fsdp(model: nn.Module, precision: str, activation_checkpointing: bool = False, compile: bool = False,
               world_size: int = 1) -> nn.Module:
    """Checkpoint, compile and shard each block, then the root (torchtitan's order)."""
    mp = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32) if precision == "bf16" else None
    # On one device there is nothing to re-gather: keep parameters unsharded after forward.
    kwargs: dict = {"reshard_after_forward": world_size > 1}
    if mp:
        kwargs["mp_policy"] = mp
    blocks = _block_classes(model)
    sharded = 0
    for module in list(model.modules()):
        if type(module).__name__ in blocks:
            if activation_checkpointing:
                from torch.distributed._composable import checkpoint

                checkpoint(module)
            if compile:
                module.compile()  # per block: one graph reused by every layer of the same shape
            fully_shard(module, **kwargs)
            sharded += 1
    fully_shard(model, **kwargs)
    log.info("FSDP2: %d blocks of %s sharded, precision %s, compile %s, activation checkpointing %s",
             sharded, sorted(blocks), precision, compile, activation_checkpointing)
    return model
