"""One training step's arithmetic, without Ray: gradient accumulation whose loss is the mean
over every answer token of the step, and the validation loss. Gradients sync only on the last
micro-batch. The benchmarks run this same code.
"""

from __future__ import annotations

import contextlib

import torch

from mella_ray.train.data import real_tokens
from mella_ray.train.loss import answer_loss_sum, answer_tokens, label_positions
from mella_ray.train.model import ParameterSplit
from mella_ray.train.throughput import batch_flops


def _all_sum(t: torch.Tensor) -> None:
    if torch.distributed.is_initialized():
        torch.distributed.all_reduce(t, op=torch.distributed.ReduceOp.SUM)


def to_device(batch: dict, device) -> dict:
    """To the device without waiting: batches from the prefetcher are in pinned memory."""
    return {k: v.to(device, non_blocking=True) for k, v in batch.items()}


def _positions(batch: dict, device) -> torch.Tensor:
    """The loss positions, found on the host batch (on the device it would be a wait), pinned
    for a copy that does not wait either."""
    keep = label_positions(batch["labels"])
    return keep.pin_memory() if device.type == "cuda" else keep


def _autocast(device, dtype: torch.dtype | None):
    """bf16 compute for a model held partly in fp32 (LoRA's adapters: train/parallel.py); FSDP2
    casts by its own mixed-precision policy and needs none."""
    return torch.autocast(device.type, dtype=dtype) if dtype is not None else contextlib.nullcontext()


@torch.no_grad()
def val_loss(model, batches, n: int, device, autocast: torch.dtype | None = None) -> float | None:
    """Mean over every answer token of n micro-batches on every rank."""
    if n == 0 or batches is None:
        return None
    model.eval()
    sums = torch.zeros(2, dtype=torch.float64, device=device)
    for _ in range(n):
        b = next(batches)
        with _autocast(device, autocast):
            sums[0] += answer_loss_sum(model, to_device(b, device), _positions(b, device)).double()
        sums[1] += answer_tokens(b["labels"])
    model.train()
    _all_sum(sums)
    return (sums[0] / sums[1].clamp(min=1)).item()


def accumulate(
    model, micro: list[dict], device, world: int, split: ParameterSplit, autocast: torch.dtype | None = None
) -> tuple[float, float, float]:
    """Forward and backward over one step's micro-batches; returns (the step's loss over all
    ranks, tokens over all ranks, this rank's model FLOPs).

    The loss is the mean over every answer token of every micro-batch on every rank: each
    micro-batch's summed loss is divided by that count, not averaged on its own (which would
    weigh a token of a short answer more than one of a long answer), and multiplied by the
    number of ranks because FSDP and DDP average gradients over them. Logits are computed only where
    the next token is an answer token (train/loss.py). Counts come from the micro-batches
    while they are still on the host, so nothing waits on the accelerator before the step's end.
    """
    totals = torch.tensor(
        [sum(answer_tokens(b["labels"]) for b in micro), sum(real_tokens(b) for b in micro)],
        dtype=torch.float64,
        device=device,
    )
    _all_sum(totals)
    n_items = totals[0].clamp(min=1).to(torch.float32)
    loss_sum, flops = torch.zeros((), dtype=torch.float64, device=device), 0.0
    for k, b in enumerate(micro):
        last = k == len(micro) - 1
        if hasattr(model, "set_requires_gradient_sync"):  # FSDP: reduce-scatter once per step
            model.set_requires_gradient_sync(last)
        # DDP (LoRA): all-reduce the adapters' gradients once per step, on the last micro-batch's backward
        no_sync = model.no_sync() if hasattr(model, "no_sync") and not last else contextlib.nullcontext()
        with no_sync:
            with _autocast(device, autocast):
                loss = answer_loss_sum(model, to_device(b, device), _positions(b, device)) / n_items
            (loss * world).backward()
        loss_sum += loss.detach().double()
        flops += batch_flops(b, split.lm, split.vision, split.head)
    _all_sum(loss_sum)
    return loss_sum.item(), totals[1].item(), flops
