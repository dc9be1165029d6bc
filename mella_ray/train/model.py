"""Model loading, freezing and LoRA. Knows nothing about distribution."""

from __future__ import annotations

import logging
import re
from typing import NamedTuple

import torch
from torch import nn
from transformers import AutoModelForImageTextToText

from mella_ray.config import TrainConfig

log = logging.getLogger(__name__)


def _submodule(model: nn.Module, names: tuple[str, ...]) -> nn.Module | None:
    """The first attribute path that exists (layouts differ across transformers versions)."""
    for name in names:
        node = model
        for part in name.split("."):
            node = getattr(node, part, None)
            if node is None:
                break
        if node is not None:
            return node
    return None


VISION_PATHS = ("model.visual", "visual", "vision_tower", "model.vision_tower", "vision_model")
PROJECTOR_PATHS = (
    "model.visual.merger",
    "visual.merger",
    "multi_modal_projector",
    "model.multi_modal_projector",
    "mlp1",
)
LANGUAGE_PATHS = ("model.language_model", "language_model", "model.model")


def set_use_cache(model: nn.Module, value: bool) -> None:
    """On the model's config and every sub-config: the language model reads its own
    (text_config), and a KV cache built in training breaks activation checkpointing (the
    recomputed block appends to it a second time)."""
    cfg = model.config
    cfg.use_cache = value  # generate reads the top level of some models
    for c in (cfg.get_text_config(decoder=True), *(getattr(cfg, n, None) for n in cfg.sub_configs)):
        if c is not None and hasattr(c, "use_cache"):
            c.use_cache = value


def attention_implementation(varlen_wanted: bool) -> str:
    """flash-attention 2 where packing can use its variable-length kernels (a CUDA run in bf16 with
    flash_attn installed), else PyTorch's SDPA (packed rows then get a block-diagonal mask)."""
    import importlib.util

    return "flash_attention_2" if varlen_wanted and importlib.util.find_spec("flash_attn") else "sdpa"


def load_base(path: str, dtype: torch.dtype, attn_implementation: str = "sdpa") -> nn.Module:
    model = AutoModelForImageTextToText.from_pretrained(path, dtype=dtype, attn_implementation=attn_implementation)
    set_use_cache(model, False)  # the KV cache is for generation, not training
    return model


def freeze(model: nn.Module, cfg: TrainConfig) -> None:
    """Freeze the vision tower, projector and/or language model as configured."""
    plan = {
        "language model": (cfg.freeze_language_model, LANGUAGE_PATHS),
        "vision": (cfg.freeze_vision, VISION_PATHS),
        "projector": (cfg.freeze_projector, PROJECTOR_PATHS),
    }
    for what, (frozen, paths) in plan.items():
        mod = _submodule(model, paths)
        if mod is None:
            log.warning("no %s module found under %s; nothing frozen there", what, paths)
            continue
        for p in mod.parameters():  # the projector comes last: its flag wins inside the tower
            p.requires_grad_(not frozen)


def apply_lora(model: nn.Module, cfg: TrainConfig) -> nn.Module:
    """LoRA on the language model's linear layers only (the vision tower stays as it is)."""
    from peft import LoraConfig, get_peft_model

    lang = _submodule(model, LANGUAGE_PATHS)
    if lang is None:
        raise ValueError(f"cannot find the language model under {LANGUAGE_PATHS} to apply LoRA")
    lang_prefix = next(n for n, m in model.named_modules() if m is lang)
    # A regex restricted to the language model keeps LoRA off same-named vision layers.
    targets = "|".join(cfg.lora.target_modules)
    pattern = "^" + re.escape(lang_prefix) + r"\..*\.(" + targets + ")$"
    lcfg = LoraConfig(r=cfg.lora.r, lora_alpha=cfg.lora.alpha, lora_dropout=cfg.lora.dropout, target_modules=pattern)
    return get_peft_model(model, lcfg)


class ParameterSplit(NamedTuple):
    lm: int  # language model, embeddings and output projection included
    vision: int  # vision tower
    head: int  # output projection (also in lm)


def parameter_split(model: nn.Module) -> ParameterSplit:
    """Parameter counts for MFU, on the base model: under a peft wrapper the vision paths do
    not resolve. Tied input and output embeddings count once."""
    model = model.get_base_model() if hasattr(model, "get_base_model") else model
    vision = _submodule(model, VISION_PATHS)
    n_vision = sum(p.numel() for p in vision.parameters()) if vision is not None else 0
    head = model.get_output_embeddings()
    n_head = head.weight.numel() if head is not None else 0
    return ParameterSplit(sum(p.numel() for p in model.parameters()) - n_vision, n_vision, n_head)


def build_model(
    path: str, cfg: TrainConfig, dtype: torch.dtype = torch.float32, attn_implementation: str = "sdpa"
) -> nn.Module:
    model = load_base(path, dtype, attn_implementation)
    if cfg.lora.enabled:
        for p in model.parameters():  # LoRA trains adapters only
            p.requires_grad_(False)
        model = apply_lora(model, cfg)
    else:
        freeze(model, cfg)
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    log.info("model %s: %d/%d parameters trainable (%.2f%%)", path, trainable, total, 100 * trainable / max(total, 1))
    return model
