"""The evaluate stage's settings."""
from __future__ import annotations

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class EvaluateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(max_new_tokens=128))
    base_model: str = "tiny:vlm"
    tuned_model: str | None = None  # None: output_dir/train/final
    max_per_lang: int = Field(100, ge=1)
    check_reference_language: bool = True  # refuse test rows whose reference is in another script
