"""An inference engine: shared by caption, translate, evaluate and serve.

Backends: `hf` (transformers, CPU or GPU), `vllm` (GPU; imported only when chosen) and `tiny`
(the hf engine on the offline tiny model that fits the stage: a VLM for caption and evaluate,
an LM for translate, or the tiny seq2seq MT model with `kind: seq2seq`).
"""
from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from mella_ray.config.base import Strict

BACKENDS = ("hf", "vllm", "tiny")


class EngineConfig(Strict):
    """An inference engine: backend plus model (hub id, path, or tiny:vlm / tiny:lm / tiny:mt)."""

    backend: Literal["hf", "vllm", "tiny"] = "hf"
    model: str = "tiny:vlm"
    # chat: an instruction LLM/VLM with a chat template; seq2seq: an MT model (NLLB, M2M100,
    # Marian); auto: read the model's config.json (is_encoder_decoder).
    kind: Literal["auto", "chat", "seq2seq"] = "auto"
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    attn_implementation: str = "sdpa"  # hf: e.g. flash_attention_2 where installed
    batch_size: int = Field(8, ge=1)
    max_new_tokens: int = Field(256, ge=1, le=32768)
    # Longer prompts become failed rows ("input_too_long") instead of crashing a batch;
    # None: the model's own limit. Also sizes the static KV cache.
    max_input_tokens: int | None = Field(None, ge=1)
    temperature: float = Field(0.0, ge=0)
    top_p: float = Field(1.0, gt=0, le=1)
    max_pixels: int = Field(448 * 448, ge=28 * 28)  # image budget before the vision tower
    num_gpus: float = Field(0.0, ge=0)  # per replica; 0 runs on CPU
    num_cpus: float = Field(0.5, gt=0)
    accelerator_type: str | None = None  # e.g. H100, L4: steers the autoscaler
    concurrency: int = Field(1, ge=1)  # replicas (actors) of the engine
    tensor_parallel_size: int = Field(1, ge=1)
    seed: int = 0
    # hf speed-ups (same tokens out, measured by benchmarks/caption_throughput.py):
    # a fixed-shape KV cache (batches padded to batch_size, cache sized max_input_tokens +
    # max_new_tokens) so that a compiled decode step is reused instead of recompiled...
    static_cache: bool = False
    compile: bool = False  # ...and torch.compile of the decode step (CUDA graphs on GPU)
    # Encode images through the vision tower in chunks of this many, apart from the decoder
    # batch: bounds activation memory so decode batches can grow. None: inside generate.
    vision_batch_size: int | None = Field(None, ge=1)
    # seq2seq MT: FLORES-200 codes per language code, over the built-in table (a ninth language).
    lang_codes: dict[str, str] = Field(default_factory=dict)
    # vllm: extra vllm.LLM / engine_kwargs (gpu_memory_utilization, max_num_seqs, ...).
    vllm_kwargs: dict[str, Any] = Field(default_factory=dict)

    @field_validator("backend", mode="before")
    @classmethod
    def _known_backend(cls, v: Any) -> Any:
        # One readable line instead of pydantic's literal_error; tiny is the offline test backend.
        if v not in BACKENDS:
            raise ValueError("Input should be 'hf' or 'vllm' or 'tiny' (tiny: hf on the offline tiny models)")
        return v

    @model_validator(mode="after")
    def _speedups_fit(self) -> "EngineConfig":
        if self.compile and not self.static_cache:
            raise ValueError("compile: needs static_cache: true (a compiled decode step is only reused "
                             "when the KV cache has a fixed shape)")
        if self.static_cache and self.max_input_tokens is None:
            raise ValueError("static_cache: needs max_input_tokens (the cache is sized max_input_tokens + "
                             "max_new_tokens once, so that no batch reallocates or recompiles it)")
        if self.backend == "vllm" and self.kind == "seq2seq":
            raise ValueError("kind: seq2seq models run on backend hf (vLLM serves decoder-only models here)")
        return self
