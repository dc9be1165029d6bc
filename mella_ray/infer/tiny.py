"""Tiny random-weight models, built offline and deterministically, for tests and the demo.

They are the real classes (Qwen2VLForConditionalGeneration with its image processor and a
chat-templated tokenizer; Qwen2ForCausalLM for text), saved with save_pretrained, so every
stage loads them by path exactly as it loads a real checkpoint. Their output is noise: they
exercise the plumbing, not the quality.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

TINY_VLM = "tiny:vlm"
TINY_LM = "tiny:lm"

# Qwen2-VL's special tokens, in the order the real tokenizer has them after the vocabulary.
SPECIAL_TOKENS = [
    "<|endoftext|>",
    "<|im_start|>",
    "<|im_end|>",
    "<|object_ref_start|>",
    "<|object_ref_end|>",
    "<|box_start|>",
    "<|box_end|>",
    "<|quad_start|>",
    "<|quad_end|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<|image_pad|>",
    "<|video_pad|>",
]

# Qwen2-VL's chat template (images and text parts in user turns), shortened to what we use.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}"
    "<|im_start|>{{ message['role'] }}\n"
    "{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n"
    "{% else %}{% for content in message['content'] %}"
    "{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}"
    "<|vision_start|><|image_pad|><|vision_end|>"
    "{% elif 'text' in content %}{{ content['text'] }}{% endif %}"
    "{% endfor %}<|im_end|>\n{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)

VOCAB_SIZE = 2048


def _corpus() -> list[str]:
    """Text to train the tokenizer on: every shipped template, the demo site's phrase banks and a
    little English.

    The phrase banks are words of the eight languages, as a real multilingual tokenizer knows them:
    without them a demo alt-text costs one token per byte and the tiny model spends its training
    on spelling. Files are read in sorted order, so the tokenizer (and the tiny model) stays
    deterministic.
    """
    from importlib import resources

    folder = resources.files("mella_ray.data").joinpath("templates")
    lines = [
        "A detailed description of the image: the main subject, the action, the mood, lighting and colour.",
        "Category: culture/food. Category: scene/city. Category: general/other.",
    ]
    for f in sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name):
        d = json.loads(f.read_text(encoding="utf-8"))
        lines += [d["eval_prompt"], *d["know"], *d["ling"]]
    banks = resources.files("mella_ray.demo_site").joinpath("phrases")
    for f in sorted((f for f in banks.iterdir() if f.name.endswith(".json")), key=lambda f: f.name):
        d = json.loads(f.read_text(encoding="utf-8"))
        lines += [" ".join(d[k]) for k in ("subjects", "places", "actions", "details")]
    return lines * 4


def build_tokenizer(out: Path):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE - len(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(_corpus(), trainer=trainer)
    tok.add_special_tokens(SPECIAL_TOKENS)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok,
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
        padding_side="left",
        chat_template=CHAT_TEMPLATE,
        extra_special_tokens={
            "image_token": "<|image_pad|>",
            "vision_start_token": "<|vision_start|>",
            "vision_end_token": "<|vision_end|>",
            "video_token": "<|video_pad|>",
        },
    )
    fast.save_pretrained(out)
    return fast


def _seed_all(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def _generation_defaults(model, tok) -> None:
    """Random weights favour special tokens as often as words; suppress them so output is text."""
    gc = model.generation_config
    gc.eos_token_id = tok.eos_token_id
    gc.pad_token_id = tok.pad_token_id
    gc.suppress_tokens = [tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS if t != tok.eos_token]


def build_tiny_vlm(out: str | Path, seed: int = 0) -> Path:
    """A Qwen2-VL of ~0.5M parameters with its real processor, saved to `out`."""
    from transformers import Qwen2VLConfig, Qwen2VLForConditionalGeneration

    from mella_ray.infer.processors import image_only_processor

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(out)
    ids = {t: tok.convert_tokens_to_ids(t) for t in SPECIAL_TOKENS}
    cfg = Qwen2VLConfig(
        text_config=dict(
            vocab_size=len(tok),
            hidden_size=64,
            intermediate_size=128,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            max_position_embeddings=4096,
            rope_parameters={"rope_type": "default", "rope_theta": 1_000_000.0, "mrope_section": [2, 3, 3]},
            bos_token_id=ids["<|endoftext|>"],
            eos_token_id=ids["<|im_end|>"],
            pad_token_id=ids["<|endoftext|>"],
        ),
        vision_config=dict(
            depth=2,
            embed_dim=32,
            hidden_size=64,
            num_heads=4,
            mlp_ratio=2,
            patch_size=14,
            spatial_merge_size=2,
            temporal_patch_size=2,
        ),
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
        tie_word_embeddings=False,
    )
    _seed_all(seed)
    model = Qwen2VLForConditionalGeneration(cfg)
    _generation_defaults(model, tok)
    model.save_pretrained(out)
    image_only_processor(tok, min_pixels=28 * 28, max_pixels=224 * 224).save_pretrained(out)
    log.info("built tiny Qwen2-VL (%d parameters) at %s", sum(p.numel() for p in model.parameters()), out)
    return out


def build_tiny_lm(out: str | Path, seed: int = 0) -> Path:
    """A Qwen2ForCausalLM of ~0.3M parameters with a chat-templated tokenizer (translation)."""
    from transformers import Qwen2Config, Qwen2ForCausalLM

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tok = build_tokenizer(out)
    cfg = Qwen2Config(
        vocab_size=len(tok),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tok.pad_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        tie_word_embeddings=False,  # tied random embeddings just repeat the last token
    )
    _seed_all(seed)
    model = Qwen2ForCausalLM(cfg)
    _generation_defaults(model, tok)
    model.save_pretrained(out)
    log.info("built tiny Qwen2 LM (%d parameters) at %s", sum(p.numel() for p in model.parameters()), out)
    return out


from mella_ray.infer.tiny_mt import TINY_MT, build_tiny_mt  # noqa: E402  (seq2seq MT: its own module)

_BUILDERS = {TINY_VLM: build_tiny_vlm, TINY_LM: build_tiny_lm, TINY_MT: build_tiny_mt}


def ensure_tiny(ref: str, models_dir: str) -> str:
    """Path of the tiny model `ref` under a local models_dir, built once (file lock for races)."""
    if ref not in _BUILDERS:
        raise ValueError(f"unknown tiny model {ref!r}; known: {', '.join(_BUILDERS)}")
    if "://" in models_dir:
        raise ValueError(f"models_dir must be a local path for tiny models, got {models_dir!r}")
    from filelock import FileLock

    target = Path(models_dir) / ref.replace(":", "-")
    target.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(target) + ".lock"):
        if not (target / "config.json").exists():
            tmp = target.with_name(target.name + f".tmp{os.getpid()}")
            _BUILDERS[ref](tmp)
            tmp.rename(target)
    return str(target)
