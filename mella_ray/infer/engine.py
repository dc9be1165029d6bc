"""The one engine interface, and the factory that picks a backend.

Every backend answers `generate(list[GenRequest]) -> list[GenResult]` with one result per
request, in order; a request that cannot be served is a result with `error` set, never an
exception that takes its neighbours down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from mella_ray.config import EngineConfig
from mella_ray.failures import failure
from mella_ray.infer.models import engine_model_ref, local_model, model_kind, read_model_config, resolve_model

# Below this a temperature means greedy: sampling's softmax overflows on 1e-300, say.
MIN_TEMPERATURE = 1e-5


def sampling(temperature: float) -> bool:
    return temperature >= MIN_TEMPERATURE


def temperature_of(r: GenRequest, cfg: EngineConfig) -> float:
    """The request's own temperature, else the engine's configured one."""
    return cfg.temperature if r.temperature is None else r.temperature


@dataclass
class GenRequest:
    prompt: str  # the user turn's text (seq2seq engines: the source text itself)
    images: list[Any] = field(default_factory=list)  # encoded image bytes or PreparedImage, in order
    system: str | None = None
    max_new_tokens: int | None = None  # None: the engine's configured value
    temperature: float | None = None
    src_lang: str | None = None  # seq2seq MT: language codes (ISO 639-1) of source and target
    tgt_lang: str | None = None


@dataclass
class GenResult:
    text: str | None
    error: str | None = None  # free-text detail of a failure (failures.py)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"  # stop | length | error
    reason: str | None = None  # a failures.ENGINE code when the request failed; what stats count

    def __post_init__(self) -> None:
        if self.error is not None and self.reason is None:  # an error always has a code
            self.reason = "engine_error"

    @property
    def ok(self) -> bool:
        return self.reason is None


def failed(reason: str, detail: str | BaseException | None = None) -> GenResult:
    """A failed result: a failures.ENGINE code (checked) and its free-text detail."""
    f = failure("engine", reason, detail)
    return GenResult(text=None, error=f.error, finish_reason="error", reason=f.reason)


class Engine(Protocol):
    model: str  # what was loaded (path or hub id)
    is_multimodal: bool
    is_seq2seq: bool

    def generate(self, requests: list[GenRequest]) -> list[GenResult]: ...


def load_engine(cfg: EngineConfig, models_dir: str, model: str | None = None, role: str = "vision") -> Engine:
    """Create the engine once per actor/replica; `model` overrides cfg.model.

    role: "vision" (caption, evaluate, serve) or "text" (translate); it picks the tiny model
    for `backend: tiny`. Seq2seq models (config.json is_encoder_decoder) get the MT engine.
    """
    path = local_model(resolve_model(engine_model_ref(cfg, role, model), models_dir))
    if cfg.backend == "vllm":
        from mella_ray.infer.vllm_backend import VLLMEngine  # vLLM is an optional extra

        return VLLMEngine(cfg, path)
    kind = cfg.kind if cfg.kind != "auto" else model_kind(read_model_config(path))
    if kind == "seq2seq":
        from mella_ray.infer.seq2seq import Seq2SeqEngine

        return Seq2SeqEngine(cfg, path)
    from mella_ray.infer.hf import HFEngine

    return HFEngine(cfg, path)
