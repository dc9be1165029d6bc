"""Sequence packing: a micro-batch's samples laid end to end in rows of at most max_length tokens.

Padding every sample of a micro-batch to its longest wastes the compute spent on pad tokens;
packing puts several samples in one row instead (first-fit decreasing: each sample, longest
first, goes into the first row with room), so only the last row of a micro-batch is padded.

Each sample must still see only itself. The packed batch carries no attention mask but
`position_ids` that restart at 0 for every sample; transformers turns them into attention within
each sample: a block-diagonal mask with SDPA (masking_utils.find_packed_sequence_indices), or
flash-attention's variable-length kernels (cu_seq_lens from the restarts) when the model is loaded
with flash_attention_2. Qwen2-VL's rotary positions are 3-D (time, height, width for image
tokens): each sample's are computed by the model's own get_rope_index on that sample alone
(`rope_index`, at encode time) and stacked under the 1-D text positions that mark the
restarts, the (4, rows, length) layout Qwen2-VL's language model reads as packed. With flash-attention
every sample of the micro-batch goes into one row (see `pack`).

The answer-only loss needs no change: the last token of a sample predicts the first of the next,
a prompt token whose label is ignored. The tail of the last row (padding) is a sample of its own
with ignored labels, so it attends only to itself and is not counted as a token.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from mella_ray.train.data import IGNORE

TOKENS = "num_tokens"  # a packed batch's real (non-padding) token count: it has no attention mask


def first_fit(lengths: list[int], capacity: int) -> list[list[int]]:
    """Indices of samples per row, first-fit decreasing; a sample longer than `capacity` gets a row of its own."""
    rows: list[list[int]] = []
    room: list[int] = []
    for i in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        for r, left in enumerate(room):
            if lengths[i] <= left:
                rows[r].append(i)
                room[r] -= lengths[i]
                break
        else:
            rows.append([i])
            room.append(capacity - lengths[i])
    return rows


def rope_index_of(model: nn.Module) -> Callable[[dict], torch.Tensor] | None:
    """A function giving one encoded sample's 3-D rotary positions (3, length) with the model's own
    get_rope_index, or None when the model has none (no 3-D positions to restart per sample)."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    owner = next((m for m in base.modules() if hasattr(m, "get_rope_index") and m is not base), None)
    owner = owner or (base if hasattr(base, "get_rope_index") else None)
    if owner is None:
        return None

    @torch.no_grad()
    def rope_index(sample: dict) -> torch.Tensor:
        positions, _ = owner.get_rope_index(
            input_ids=sample["input_ids"][None],
            mm_token_type_ids=sample["mm_token_type_ids"][None],
            image_grid_thw=sample["image_grid_thw"],
        )
        return positions[:, 0]

    return rope_index


def packing_unsupported(model: nn.Module) -> str | None:
    """Why packing would not be exact for this model, or None when it is. The packed path is the
    one transformers' Qwen2-VL language model reads (4-row position ids, no attention mask); other
    architectures train with padding rather than risk attention across samples."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    model_type = getattr(base.config, "model_type", "")
    if model_type != "qwen2_vl":
        return f"model type {model_type!r} is not one whose packed attention path is tested (qwen2_vl)"
    if rope_index_of(model) is None:
        return "the model has no get_rope_index for per-sample 3-D positions"
    return None


def pack(samples: list[dict], max_length: int, pad_id: int, one_row: bool = False) -> dict:
    """One packed micro-batch from encoded samples that carry `position_ids` (3, length); rows of
    at most max_length tokens (a longer sample, cut to max_length at encoding, fits exactly).

    `one_row` lays every sample in a single row, for flash-attention: transformers finds packed
    sequences from position ids only in a batch of one row (flash_attention_utils._is_packed_sequence),
    and its variable-length kernels cost no more for one long row than for several short ones."""
    lengths = [s["input_ids"].shape[0] for s in samples]
    rows = [list(range(len(samples)))] if one_row else first_fit(lengths, max_length)
    width = max(sum(samples[i]["input_ids"].shape[0] for i in row) for row in rows)
    ids, labels, mm, positions = [], [], [], []
    order = [i for row in rows for i in row]
    for row in rows:
        parts = [samples[i] for i in row]
        tail = width - sum(p["input_ids"].shape[0] for p in parts)
        ids.append(torch.cat([p["input_ids"] for p in parts] + [torch.full((tail,), pad_id)]))
        labels.append(torch.cat([p["labels"] for p in parts] + [torch.full((tail,), IGNORE)]))
        if "mm_token_type_ids" in parts[0]:
            mm.append(torch.cat([p["mm_token_type_ids"] for p in parts] + [torch.zeros(tail, dtype=torch.long)]))
        text = [torch.arange(p["input_ids"].shape[0]) for p in parts] + [torch.arange(tail)]
        rope = [p["position_ids"] for p in parts] + [torch.arange(tail).expand(3, -1)]
        positions.append(torch.cat([torch.cat(text)[None], torch.cat(rope, dim=1)]))  # (4, width)
    batch = {
        "input_ids": torch.stack(ids),
        "labels": torch.stack(labels),
        "position_ids": torch.stack(positions, dim=1),  # (4, rows, width)
        TOKENS: torch.tensor(sum(s["input_ids"].shape[0] for s in samples)),
    }
    if mm:
        batch["mm_token_type_ids"] = torch.stack(mm)
    # images in the order their placeholder tokens now appear: the model fills them in that order
    batch["pixel_values"] = torch.cat([samples[i]["pixel_values"] for i in order])
    batch["image_grid_thw"] = torch.cat([samples[i]["image_grid_thw"] for i in order])
    return batch
