"""An inference engine: shared by caption, translate and evaluate."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from mella_ray.config.base import Strict


class EngineConfig(Strict):
    """An inference engine: backend plus model (hub id, path, or tiny:vlm / tiny:lm)."""

    backend: Literal["hf", "vllm"] = "hf"
    model: str = "tiny:vlm"
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    batch_size: int = Field(8, ge=1)
    max_new_tokens: int = Field(256, ge=1, le=32768)
    temperature: float = Field(0.0, ge=0)
    top_p: float = Field(1.0, gt=0, le=1)
    max_pixels: int = Field(448 * 448, ge=28 * 28)  # image budget before the vision tower
    num_gpus: float = Field(0.0, ge=0)  # per replica; 0 runs on CPU
    num_cpus: float = Field(0.5, gt=0)
    accelerator_type: str | None = None  # e.g. H100, L4: steers the autoscaler
    concurrency: int = Field(1, ge=1)  # replicas (actors) of the engine
    tensor_parallel_size: int = Field(1, ge=1)
    seed: int = 0
