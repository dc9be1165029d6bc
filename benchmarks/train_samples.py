"""The model and the samples the training benchmarks run on (train_throughput.py, train_comm.py):
a Qwen2-VL-2B-shaped config (or a tiny one for CPU smoke tests), built with random weights and no
download, and synthetic single-image samples of 514 tokens, or with answers of 8..512 tokens,
padded or packed as the training loop hands them over."""

from __future__ import annotations

import torch

TEXT_TOKENS, GRID = 258, (1, 32, 32)  # 258 text + 256 merged image tokens = 514
IMAGE, START, END, PAD = 151655, 151652, 151653, 151643


def model_config(tiny: bool):
    from transformers import Qwen2VLConfig

    if tiny:
        text = dict(
            vocab_size=152000,
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            mrope=[2, 3, 3],
        )
        vision = dict(depth=2, embed_dim=32, hidden_size=64, num_heads=4)
    else:  # Qwen2-VL-2B
        text = dict(
            vocab_size=151936,
            hidden_size=1536,
            intermediate_size=8960,
            num_hidden_layers=28,
            num_attention_heads=12,
            num_key_value_heads=2,
            mrope=[16, 24, 24],
        )
        vision = dict(depth=32, embed_dim=1280, hidden_size=1536, num_heads=16)
    mrope = text.pop("mrope")
    return Qwen2VLConfig(
        text_config=dict(
            **text,
            rope_parameters={"rope_type": "default", "rope_theta": 1e6, "mrope_section": mrope},
            max_position_embeddings=32768,
            tie_word_embeddings=True,
        ),
        vision_config=dict(**vision, mlp_ratio=4, patch_size=14, spatial_merge_size=2, temporal_patch_size=2),
        image_token_id=IMAGE,
        vision_start_token_id=START,
        vision_end_token_id=END,
        video_token_id=151656,
        tie_word_embeddings=True,
    )


def synthetic_batch(batch: int, device, vocab: int = 150000, patch_dim: int = 1176) -> dict:
    g = torch.Generator().manual_seed(0)
    text = torch.randint(1000, vocab, (batch, TEXT_TOKENS), generator=g)
    img = torch.cat([torch.tensor([START]), torch.full((GRID[1] * GRID[2] // 4,), IMAGE), torch.tensor([END])])
    head = 16  # a short system/user prefix before the image, as the chat template puts it
    ids = torch.cat([text[:, :head], img.expand(batch, -1), text[:, head:-2]], dim=1)
    labels = ids.clone()
    labels[:, : head + img.numel()] = -100  # answer-only loss, like train/data.py
    mm = (ids == IMAGE).long()
    patches = GRID[0] * GRID[1] * GRID[2]
    return {
        "input_ids": ids.to(device),
        "labels": labels.to(device),
        "attention_mask": torch.ones_like(ids).to(device),
        "mm_token_type_ids": mm.to(device),
        "pixel_values": torch.randn(batch * patches, patch_dim, generator=g).to(device),
        "image_grid_thw": torch.tensor([GRID] * batch).to(device),
    }


def varied_samples(batch: int, seed: int = 0) -> list[dict]:
    """`batch` single-image samples (the same image shape) whose answers are 8..512 tokens long."""
    g = torch.Generator().manual_seed(seed)
    one = synthetic_batch(1, torch.device("cpu"))
    prompt = int((one["labels"][0] == -100).sum())
    out = []
    for _ in range(batch):
        n = prompt + int(torch.randint(8, 513, (1,), generator=g))
        ids = torch.cat([one["input_ids"][0, :prompt], torch.randint(1000, 150000, (n - prompt,), generator=g)])
        labels = ids.clone()
        labels[:prompt] = -100
        out.append(
            {
                "input_ids": ids,
                "labels": labels,
                "attention_mask": torch.ones_like(ids),
                "mm_token_type_ids": (ids == IMAGE).long(),
                "pixel_values": one["pixel_values"],
                "image_grid_thw": one["image_grid_thw"],
            }
        )
    return out


def make_batch(batch: int, packed: bool, model, args) -> dict:
    """The micro-batch a variant trains on, on the host as the loop's prefetcher hands it over."""
    from mella_ray.train.data import collate
    from mella_ray.train.packing import pack, rope_index_of

    if args.lengths == "fixed" and not packed:
        return synthetic_batch(batch, torch.device("cpu"))
    samples = (
        varied_samples(batch)
        if args.lengths == "varied"
        else [
            {
                k: v[0] if k not in ("pixel_values", "image_grid_thw") else v
                for k, v in synthetic_batch(1, "cpu").items()
            }
            for _ in range(batch)
        ]
    )
    if not packed:
        return collate(samples, PAD)
    rope = rope_index_of(model)
    return pack(
        [dict(s, position_ids=rope(s)) for s in samples],
        args.max_length,
        PAD,
        one_row=args.attention == "flash_attention_2",
    )
