"""The training loss: cross-entropy on answer tokens, without the full-vocabulary logits.

A Hugging Face model's own loss projects every position onto the vocabulary (152k entries for
Qwen2-VL), upcasts those logits to fp32 and keeps the fp32 log-softmax for backward: about
10 bytes per position per vocabulary entry, 0.8 GB per 514-token sample, most of it for
prompt and image positions that have no label. Here the model projects only the positions
where some sample of the batch has an answer token next (`logits_to_keep` as a 1-D tensor of
positions shared by the batch), and the fp32 cross-entropy runs in chunks that are recomputed
in backward, so only the bf16 logits of those positions stay.
The value and the gradients are those of the model's own loss with `num_items_in_batch`.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch.utils.checkpoint import checkpoint

from mella_ray.train.data import IGNORE

CHUNK_ROWS = 1024  # positions per fp32 cross-entropy chunk: 1024 x 152k x 4 B = 0.6 GB at most


def label_positions(labels: torch.Tensor) -> torch.Tensor:
    """The positions t whose next token t+1 is in the loss for some sample of the batch."""
    has_label = (labels[:, 1:] != IGNORE).any(dim=0)
    return has_label.nonzero().flatten()


def _ce_sum(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    return F.cross_entropy(logits.float(), targets, ignore_index=IGNORE, reduction="sum")


def chunked_ce_sum(logits: torch.Tensor, targets: torch.Tensor, chunk_rows: int = CHUNK_ROWS) -> torch.Tensor:
    """Sum of fp32 cross-entropy over rows of (N, V) logits, one chunk of rows at a time; each
    chunk's fp32 copy and log-softmax are rebuilt in backward instead of kept."""
    # The zero term keeps the graph connected when no row has a label: backward must still
    # reach every parameter, or FSDP's gradient reduction would wait forever on the other ranks.
    total = logits.sum() * 0.0
    for start in range(0, logits.shape[0], chunk_rows):
        part, tgt = logits[start : start + chunk_rows], targets[start : start + chunk_rows]
        if torch.is_grad_enabled() and part.requires_grad:
            total = total + checkpoint(_ce_sum, part, tgt, use_reentrant=False)
        else:
            total = total + _ce_sum(part, tgt)
    return total


def answer_loss_sum(model, batch: dict, keep: torch.Tensor | None = None, chunk_rows: int = CHUNK_ROWS) -> torch.Tensor:
    """Summed cross-entropy over the batch's answer tokens (divide by the step's answer-token
    count for the mean). `keep` is label_positions of the labels, computed where they were
    made: on a GPU batch, finding them here would wait for the work queued before."""
    labels = batch["labels"]
    inputs = {k: v for k, v in batch.items() if k not in ("labels", "num_tokens")}  # num_tokens: packed batches
    keep = label_positions(labels) if keep is None else keep.to(labels.device, non_blocking=True)
    logits = model(**inputs, logits_to_keep=keep).logits  # (B, len(keep), V)
    targets = labels[:, keep + 1]
    vocab = logits.shape[-1]
    return chunked_ce_sum(logits.reshape(-1, vocab), targets.reshape(-1), chunk_rows)


def answer_tokens(labels: torch.Tensor) -> int:
    """Tokens in the loss: the labels after the first position (each is predicted from the one before)."""
    return int((labels[:, 1:] != IGNORE).sum())
