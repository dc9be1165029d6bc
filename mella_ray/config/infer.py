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

    backend: Literal["hf", "vllm", "tiny"] = Field(
        "hf",
        description=(
            "hf: transformers on CPU or GPU; vllm: vLLM on GPUs (imported only when chosen); tiny: hf on the "
            "offline tiny models. hf by default: it runs everywhere."
        ),
    )
    model: str = Field(
        "tiny:vlm",
        description=(
            "Hub id, local path, or tiny:vlm / tiny:lm / tiny:mt; the tiny VLM by default so a run needs no download."
        ),
    )
    kind: Literal["auto", "chat", "seq2seq"] = Field(
        "auto",
        description=(
            "chat: an instruction LLM/VLM with a chat template; seq2seq: an MT model (NLLB, M2M100, Marian); "
            "auto: read the model's config.json (is_encoder_decoder)."
        ),
    )
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = Field(
        "auto", description=("Weights' dtype; auto: the model's own (config.json torch_dtype).")
    )
    attn_implementation: str = Field(
        "sdpa",
        description=(
            "hf: attention kernel passed to transformers, e.g. flash_attention_2 where installed; sdpa is built into "
            "torch and runs on CPU and GPU."
        ),
    )
    batch_size: int = Field(
        8,
        ge=1,
        description=(
            "Rows per batch handed to the engine (one generate call on hf); 8 fits the tiny models and small GPUs."
        ),
    )
    max_new_tokens: int = Field(
        256, ge=1, le=32768, description=("Tokens generated per row at most; 256 holds one detailed caption paragraph.")
    )
    max_input_tokens: int | None = Field(
        None,
        ge=1,
        description=(
            "Prompt tokens per row at most: longer prompts become failed rows (input_too_long) instead of crashing "
            "a batch; also sizes the static KV cache. None: the model's own limit."
        ),
    )
    temperature: float = Field(
        0.0, ge=0, description=("Sampling temperature; 0 is greedy decoding, so a rerun gives the same text.")
    )
    top_p: float = Field(1.0, gt=0, le=1, description="Nucleus sampling mass (1.0: off); used when temperature > 0.")
    max_pixels: int = Field(
        448 * 448,
        ge=28 * 28,
        description=(
            "Pixels per image before the vision tower (images are scaled down to fit); 448x448 bounds the image "
            "tokens per row."
        ),
    )
    num_gpus: float = Field(
        0.0,
        ge=0,
        description=(
            "GPUs per replica (hf backend); 0 runs on CPU. A vllm replica takes tensor_parallel_size GPUs instead."
        ),
    )
    num_cpus: float = Field(
        0.5, gt=0, description=("CPUs per replica; half a CPU leaves room beside it on a small machine.")
    )
    accelerator_type: str | None = Field(
        None, description=("e.g. H100, L4: asks Ray for that node type, which steers the autoscaler; None: any node.")
    )
    concurrency: int = Field(1, ge=1, description="Replicas (actors) of the engine; each loads the model once.")
    tensor_parallel_size: int = Field(
        1,
        ge=1,
        description=("vllm: GPUs one replica shards the model over (one placement-group bundle per GPU); 1: one GPU."),
    )
    seed: int = Field(0, description="Random seed of sampling, so runs are repeatable.")
    static_cache: bool = Field(
        False,
        description=(
            "hf: a fixed-shape KV cache (batches padded to batch_size, cache sized max_input_tokens + max_new_tokens) "
            "so that a compiled decode step is reused instead of recompiled; same tokens out "
            "(benchmarks/caption_throughput.py). Off by default: it needs max_input_tokens."
        ),
    )
    compile: bool = Field(
        False,
        description=(
            "hf: torch.compile the decode step (CUDA graphs on GPU); needs static_cache. Off by default: compiling "
            "costs minutes that only a long run earns back."
        ),
    )
    vision_batch_size: int | None = Field(
        None,
        ge=1,
        description=(
            "Encode images through the vision tower in chunks of this many, apart from the decoder batch: bounds "
            "activation memory so decode batches can grow. None: inside generate."
        ),
    )
    lang_codes: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "seq2seq MT: FLORES-200 codes per language code, over the built-in table (e.g. a ninth language)."
        ),
    )
    vllm_kwargs: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "vllm: extra vllm.LLM / engine_kwargs (gpu_memory_utilization, max_num_seqs, ...); empty: vLLM's defaults."
        ),
    )

    @field_validator("backend", mode="before")
    @classmethod
    def _known_backend(cls, v: Any) -> Any:
        # One readable line instead of pydantic's literal_error; tiny is the offline test backend.
        if v not in BACKENDS:
            raise ValueError("Input should be 'hf' or 'vllm' or 'tiny' (tiny: hf on the offline tiny models)")
        return v

    @model_validator(mode="after")
    def _speedups_fit(self) -> EngineConfig:
        if self.compile and not self.static_cache:
            raise ValueError(
                "compile: needs static_cache: true (a compiled decode step is only reused "
                "when the KV cache has a fixed shape)"
            )
        if self.static_cache and self.max_input_tokens is None:
            raise ValueError(
                "static_cache: needs max_input_tokens (the cache is sized max_input_tokens + "
                "max_new_tokens once, so that no batch reallocates or recompiles it)"
            )
        if self.backend == "vllm" and self.kind == "seq2seq":
            raise ValueError("kind: seq2seq models run on backend hf (vLLM serves decoder-only models here)")
        return self
