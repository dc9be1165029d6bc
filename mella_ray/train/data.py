"""Conversation rows to model inputs, with loss on the answer tokens only."""
from __future__ import annotations

import torch

from mella_ray.infer.processors import decode_image

IGNORE = -100


def _messages(instruction: str, answer: str | None) -> list[dict]:
    msgs = [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": instruction}]}]
    if answer is not None:
        msgs.append({"role": "assistant", "content": [{"type": "text", "text": answer}]})
    return msgs


def encode_sample(processor, row: dict, max_length: int, max_pixels: int) -> dict | None:
    """One row -> input_ids/labels/... tensors, or None when its prompt alone is too long.

    The prompt (system + user turn with the image) is encoded twice, alone and with the
    answer, with the same image: its length is the boundary of the loss mask, whatever
    the chat template inserts.
    """
    image = decode_image(row["image"], max_pixels)
    prompt = processor.apply_chat_template(_messages(row["instruction"], None), add_generation_prompt=True, tokenize=False)
    full = processor.apply_chat_template(_messages(row["instruction"], row["answer"]), tokenize=False)
    enc_prompt = processor(text=[prompt], images=[image], return_tensors="pt")
    enc = processor(text=[full], images=[image], return_tensors="pt")
    n_prompt = enc_prompt["input_ids"].shape[1]
    if n_prompt >= max_length:
        return None
    ids = enc["input_ids"][0][:max_length]
    labels = ids.clone()
    labels[:n_prompt] = IGNORE
    out = {"input_ids": ids, "labels": labels, "attention_mask": torch.ones_like(ids)}
    if "mm_token_type_ids" in enc:  # Qwen2-VL's forward needs it to place image tokens
        out["mm_token_type_ids"] = enc["mm_token_type_ids"][0][:max_length]
    out["pixel_values"] = enc["pixel_values"]
    out["image_grid_thw"] = enc["image_grid_thw"]
    return out


def collate(samples: list[dict], pad_id: int) -> dict:
    """Right-pad a micro-batch; images concatenate along the patch axis, as the model expects."""
    longest = max(s["input_ids"].shape[0] for s in samples)

    def pad(key: str, value: int) -> torch.Tensor:
        return torch.stack([torch.nn.functional.pad(s[key], (0, longest - s[key].shape[0]), value=value) for s in samples])

    batch = {"input_ids": pad("input_ids", pad_id), "labels": pad("labels", IGNORE), "attention_mask": pad("attention_mask", 0)}
    if "mm_token_type_ids" in samples[0]:
        batch["mm_token_type_ids"] = pad("mm_token_type_ids", 0)
    batch["pixel_values"] = torch.cat([s["pixel_values"] for s in samples])
    batch["image_grid_thw"] = torch.cat([s["image_grid_thw"] for s in samples])
    return batch


def sample_length(row: dict) -> int:
    """A cheap length estimate for grouping: answer characters plus a share of image bytes."""
    return len(row["answer"]) + len(row["instruction"]) + len(row["image"]) // 64


def micro_batches(rows, processor, cfg, pad_id: int):
    """Endless micro-batches from `rows`, length-grouped within a window.

    A window of `length_group_window` micro-batches' worth of rows is sorted by length and
    cut into micro-batches, which are then yielded in their original (shuffled) order of
    windows, so padding stays small without sorting the whole epoch. A sample whose prompt
    alone exceeds max_length is skipped (it cannot be trained on).
    """
    window = cfg.micro_batch * cfg.length_group_window
    while True:
        buf = []
        while len(buf) < window:
            row = next(rows)
            s = encode_sample(processor, row, cfg.max_length, cfg.max_pixels)
            if s is not None:
                buf.append(s)
        if cfg.length_group_window > 1:
            buf.sort(key=lambda s: s["input_ids"].shape[0])
        for k in range(0, window, cfg.micro_batch):
            yield collate(buf[k : k + cfg.micro_batch], pad_id)
