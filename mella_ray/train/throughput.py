"""Throughput accounting: model FLOPs, MFU against the card's peak, and memory.

MFU counts 6·(N_lm·LM tokens + N_vision·image patches) FLOPs per sample (forward and
backward, two FLOPs per multiply-add), where N_lm counts the language model with its
embeddings and head, N_vision the vision tower, LM tokens every position the language model
processes (text and image tokens alike) and image patches the vision tower's input patches.
The output projection (N_head, part of N_lm) runs only at positions where some sample of the
micro-batch has an answer token next (train/loss.py); its share is counted on the answer tokens
alone, the useful part of that work.
Attention's quadratic term is left out, as in the usual 6·N·D convention, so MFU is a slight
underestimate for long sequences. Frozen parameters are still counted as trained: the figure
is comparable across setups, not a count of the FLOPs a LoRA run actually performs.
"""

from __future__ import annotations

import resource

import torch

from mella_ray.train.data import real_tokens
from mella_ray.train.loss import answer_tokens

PEAK_TFLOPS = {"H100": 989.0, "H200": 989.0, "A100": 312.0, "L4": 121.0, "A10G": 70.0}  # dense bf16


def batch_flops(batch: dict, n_lm: int, n_vision: int, n_head: int = 0) -> float:
    """Model FLOPs of one forward and backward over `batch`; `n_head` (the output projection's
    parameters, included in n_lm) is counted on answer tokens only."""
    lm_tokens = real_tokens(batch)
    patches = int(batch["pixel_values"].shape[0]) if "pixel_values" in batch else 0
    head_tokens = answer_tokens(batch["labels"]) if n_head else 0
    return 6.0 * ((n_lm - n_head) * lm_tokens + n_head * head_tokens + n_vision * patches)


def peak_tflops() -> float | None:
    if not torch.cuda.is_available():
        return None
    name = torch.cuda.get_device_name()
    return next((v for k, v in PEAK_TFLOPS.items() if k in name), None)


def memory_gib(device: torch.device) -> float:
    """Peak GPU memory allocated, or the process's peak resident memory on CPU."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 2**30
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20
