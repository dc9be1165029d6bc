"""Random-weight captioning models and images for benchmarks/caption_throughput.py (no download).

`build_model` writes a Qwen2-VL with the shape of Qwen2-VL-2B (or a tiny one for a CPU smoke
test, or a small one that a CPU serves at a few requests per second) and a processor into a
folder, the same way a real checkpoint looks on disk, so that the engines load it by path. Its generation config
forces every answer to the full max_new_tokens
(random weights would otherwise stop at a random EOS and make runs incomparable).
"""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

log = logging.getLogger(__name__)

# Qwen2-VL-2B-Instruct's published shape (config.json), weights random.
SHAPE_2B = {
    "text": dict(
        vocab_size=151936,
        hidden_size=1536,
        intermediate_size=8960,
        num_hidden_layers=28,
        num_attention_heads=12,
        num_key_value_heads=2,
        max_position_embeddings=32768,
        rms_norm_eps=1e-6,
        rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0, "mrope_section": [16, 24, 24]},
    ),
    "vision": dict(
        depth=32,
        embed_dim=1280,
        hidden_size=1536,
        num_heads=16,
        mlp_ratio=4,
        patch_size=14,
        spatial_merge_size=2,
        temporal_patch_size=2,
        in_channels=3,
    ),
    "tie": True,
}


def _cpu_shape(
    hidden: int,
    intermediate: int,
    layers: int,
    heads: int,
    mrope: list[int],
    vision_depth: int,
    vision_dim: int,
    vision_heads: int,
    mlp_ratio: int,
    tie: bool,
) -> dict:
    """A Qwen2-VL small enough for a CPU (vocabulary from the tokenizer, 2 KV heads)."""
    return {
        "text": dict(
            vocab_size=None,
            hidden_size=hidden,
            intermediate_size=intermediate,
            num_hidden_layers=layers,
            num_attention_heads=heads,
            num_key_value_heads=2,
            max_position_embeddings=4096,
            rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0, "mrope_section": mrope},
        ),
        "vision": dict(
            depth=vision_depth,
            embed_dim=vision_dim,
            hidden_size=hidden,
            num_heads=vision_heads,
            mlp_ratio=mlp_ratio,
            patch_size=14,
            spatial_merge_size=2,
            temporal_patch_size=2,
        ),
        "tie": tie,
    }


SHAPE_TINY = _cpu_shape(64, 128, 2, 4, [2, 3, 3], 2, 32, 4, 2, tie=False)
# A model a CPU can serve at a few requests per second (43M parameters): the serve
# benchmark's stand-in for a real model, whose generate call costs far more than Serve's routing.
SHAPE_SMALL = _cpu_shape(512, 1536, 8, 8, [8, 12, 12], 8, 384, 6, 4, tie=True)
SHAPES = {"tiny": SHAPE_TINY, "small": SHAPE_SMALL, "2b": SHAPE_2B}


def build_model(out: Path, shape: str, device: str = "cpu", max_pixels: int = 448 * 448) -> Path:
    """A saved random-weight Qwen2-VL of a shape in SHAPES, with tokenizer and processor; cached."""
    import torch
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    from mella_ray.infer.processors import image_only_processor
    from mella_ray.infer.tiny import SPECIAL_TOKENS, build_tokenizer

    out = Path(out)
    if (out / "config.json").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(out)  # a small BPE vocabulary; ids beyond it simply decode to nothing
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}
    name, shape = shape, SHAPES[shape]
    text = dict(
        shape["text"],
        vocab_size=shape["text"]["vocab_size"] or len(tok),
        bos_token_id=ids["<|endoftext|>"],
        eos_token_id=ids["<|im_end|>"],
        pad_token_id=ids["<|endoftext|>"],
    )
    cfg = Qwen2VLConfig(
        text_config=text,
        vision_config=shape["vision"],
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=shape["tie"],
    )
    torch.manual_seed(0)
    dtype = torch.bfloat16 if name == "2b" else torch.float32
    default = torch.get_default_dtype()
    torch.set_default_dtype(dtype)  # build a 2B model directly in bf16: half the memory and time
    try:
        with torch.device(device):
            model = Qwen2VLForConditionalGeneration(cfg)
    finally:
        torch.set_default_dtype(default)
    model.generation_config.eos_token_id = tok.eos_token_id
    model.generation_config.pad_token_id = tok.pad_token_id
    model.save_pretrained(out)
    image_only_processor(tok, min_pixels=28 * 28, max_pixels=max_pixels).save_pretrained(out)
    log.info("built %s Qwen2-VL (%.1fM parameters) at %s", name, sum(p.numel() for p in model.parameters()) / 1e6, out)
    del model
    return out


def force_length(model_dir: Path, new_tokens: int) -> None:
    """Every answer runs to exactly `new_tokens` (min_new_tokens in generation_config.json)."""
    path = Path(model_dir) / "generation_config.json"
    gc = json.loads(path.read_text())
    gc["min_new_tokens"] = new_tokens
    path.write_text(json.dumps(gc, indent=2))


def make_images(n: int, size: int, seed: int = 0) -> list[bytes]:
    """`n` distinct JPEG images of size x size (noise over a gradient: no two alike)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    base = np.linspace(0, 255, size, dtype=np.float32)[None, :, None]
    out = []
    for _ in range(n):
        arr = np.clip(base + rng.normal(0, 40, (size, size, 3)), 0, 255).astype(np.uint8)
        buf = io.BytesIO()
        Image.fromarray(arr, "RGB").save(buf, "JPEG", quality=90)
        out.append(buf.getvalue())
    return out


def write_pool(job_dir: Path, images: list[bytes], shard_rows: int) -> None:
    """crawl/pool shards for the caption stage, as the crawl stage would write them."""
    import hashlib

    from mella_ray import records
    from mella_ray.runtime.shards import ShardedOutput

    pool = ShardedOutput(str(job_dir / "crawl" / "pool"))
    rows = [
        {
            "img_id": hashlib.sha256(b).hexdigest(),
            "image": b,
            "image_url": f"http://bench/{i}.jpg",
            "page_url": "http://bench/",
            "lang": "cs",
            "alt": None,
            "width": 0,
            "height": 0,
            "format": "JPEG",
        }
        for i, b in enumerate(images)
    ]
    for k in range(0, len(rows), shard_rows):
        pool.write(f"part-{k // shard_rows:05d}", records.to_table(rows[k : k + shard_rows], records.CRAWL_IMAGES))
