"""The one engine interface, and the factory that picks a backend."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from mella_ray.config import EngineConfig
from mella_ray.infer.tiny import ensure_tiny


@dataclass
class GenRequest:
    prompt: str  # the user turn's text
    images: list[bytes] = field(default_factory=list)  # encoded image bytes, in order
    system: str | None = None
    max_new_tokens: int | None = None  # None: the engine's configured value
    temperature: float | None = None


@dataclass
class GenResult:
    text: str | None
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"  # stop | length | error

    @property
    def ok(self) -> bool:
        return self.error is None


class Engine(Protocol):
    model: str  # what was loaded (path or hub id)
    is_multimodal: bool

    def generate(self, requests: list[GenRequest]) -> list[GenResult]: ...


def resolve_model(ref: str, models_dir: str) -> str:
    """tiny:* refs become paths of offline-built models; anything else passes through."""
    if ref.startswith("tiny:"):
        return ensure_tiny(ref, models_dir)
    return ref


def load_engine(cfg: EngineConfig, models_dir: str, model: str | None = None) -> Engine:
    """Create the engine once per actor/replica; `model` overrides cfg.model."""
    path = resolve_model(model or cfg.model, models_dir)
    if cfg.backend == "vllm":
        from mella_ray.infer.vllm_backend import VLLMEngine  # vLLM is an optional extra

        return VLLMEngine(cfg, path)
    from mella_ray.infer.hf import HFEngine

    return HFEngine(cfg, path)
