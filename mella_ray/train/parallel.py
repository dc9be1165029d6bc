"""Data parallelism for any Hugging Face model: FSDP2 for full fine-tuning, a replicated base for LoRA.

Full fine-tuning shards every block with FSDP2 (fully_shard per repeated block, then the root):
the blocks are the model's own `_no_split_modules` (decoder layers, vision blocks), so no
per-architecture code is needed. Mixed precision keeps parameters in bf16 for compute and
reduces gradients in fp32.

LoRA trains a few million adapter parameters on top of a frozen base. Sharding that base would
all-gather all of it in every forward and again in every backward of every micro-batch (FSDP2
gathers frozen parameters like any other) for very little compute; the recipe's 7B base fits on
one GPU in bf16. So with LoRA the base is replicated: each worker keeps its own copy, loaded from
storage, and DistributedDataParallel reduces only the trainable parameters' gradients (DDP
buckets parameters that require grad), once per step. `benchmarks/train_comm.py` measures the
bytes each way. The frozen base is held in bf16 and the adapters in fp32 (their optimizer state
too), with bf16 autocast around the forward (step.accumulate's `autocast`).
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


def _blocks(model: nn.Module, activation_checkpointing: bool, compile: bool) -> list[nn.Module]:
    """The repeated blocks, each checkpointed and compiled as asked (torchtitan's order: before sharding)."""
    names, blocks = _block_classes(model), []
    for module in list(model.modules()):
        if type(module).__name__ in names:
            if activation_checkpointing:
                from torch.distributed._composable import checkpoint

                checkpoint(module)
            if compile:
                module.compile()  # per block: one graph reused by every layer of the same shape
            blocks.append(module)
    return blocks


def apply_fsdp(
    model: nn.Module, precision: str, activation_checkpointing: bool = False, compile: bool = False, world_size: int = 1
) -> nn.Module:
    """Checkpoint, compile and shard each block, then the root."""
    mp = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32) if precision == "bf16" else None
    # On one device there is nothing to re-gather: keep parameters unsharded after forward.
    kwargs: dict = {"reshard_after_forward": world_size > 1}
    if mp:
        kwargs["mp_policy"] = mp
    blocks = _blocks(model, activation_checkpointing, compile)
    for module in blocks:
        fully_shard(module, **kwargs)
    fully_shard(model, **kwargs)
    log.info(
        "FSDP2: %d blocks sharded, precision %s, compile %s, activation checkpointing %s",
        len(blocks),
        precision,
        compile,
        activation_checkpointing,
    )
    return model


def replicate_for_lora(
    model: nn.Module,
    device: torch.device,
    activation_checkpointing: bool = False,
    compile: bool = False,
    world_size: int = 1,
) -> nn.Module:
    """Adapters in fp32, the frozen base as loaded, each block checkpointed/compiled as asked; with
    several workers, DDP over the trainable parameters only."""
    for p in model.parameters():
        if p.requires_grad:
            p.data = p.data.float()  # master weights and AdamW state of the adapters in fp32
    blocks = _blocks(model, activation_checkpointing, compile)
    if world_size > 1:
        from torch.nn.parallel import DistributedDataParallel

        # init_sync off: every worker loaded the same base from storage and the same seeded adapters
        # (checked below on the adapters only, which are small), so the base is never sent.
        model = DistributedDataParallel(
            model, device_ids=[device] if device.type == "cuda" else None, init_sync=False, gradient_as_bucket_view=True
        )
        _check_adapters_equal(model)
    log.info(
        "LoRA: frozen base replicated on each of %d worker(s), %d blocks, adapter gradients reduced with DDP",
        world_size,
        len(blocks),
    )
    return model


def _check_adapters_equal(model: nn.Module) -> None:
    """Workers must start from the same adapters (seeded init): a sum of their values compared over ranks."""
    with torch.no_grad():
        mine = torch.stack([p.double().sum() for p in model.parameters() if p.requires_grad])
        low, high = mine.clone(), mine.clone()
        torch.distributed.all_reduce(low, op=torch.distributed.ReduceOp.MIN)
        torch.distributed.all_reduce(high, op=torch.distributed.ReduceOp.MAX)
    if not torch.equal(low, high):
        raise RuntimeError(
            "LoRA adapters differ between workers at the start: they must be built with the same "
            "seed (train.seed) from the same base model"
        )


def wrap(
    model: nn.Module,
    lora: bool,
    precision: str,
    device: torch.device,
    activation_checkpointing: bool,
    compile: bool,
    world_size: int,
) -> nn.Module:
    """The data-parallel form of the model for this run (see the module docstring)."""
    if lora:
        return replicate_for_lora(model, device, activation_checkpointing, compile, world_size)
    return apply_fsdp(model, precision, activation_checkpointing, compile, world_size)


def unwrap(model: nn.Module) -> nn.Module:
    """The model inside a DDP wrapper (FSDP2 modifies the model in place: nothing to unwrap)."""
    return getattr(model, "module", model)
