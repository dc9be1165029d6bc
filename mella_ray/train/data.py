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
