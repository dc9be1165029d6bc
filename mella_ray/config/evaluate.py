"""The evaluate stage's settings."""
from __future__ import annotations

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class EvaluateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(max_new_tokens=128), description=(
        "How both models generate their answers; 128 new tokens suffice for the short test answers."))
    base_model: str = Field("tiny:vlm", description=(
        "The model before fine-tuning (hub id, path or tiny:vlm), scored beside the tuned one as the baseline."))
    tuned_model: str | None = Field(None, description=(
        "The fine-tuned model to score; None: output_dir/train/final, what this run's train stage wrote."))
    max_per_lang: int = Field(100, ge=1, description=(
        "Test rows scored per language at most; 100 matches mix.test_per_lang, the paper's test size."))
    check_reference_language: bool = Field(True, description=(
        "Refuse test rows whose reference is in another script (a recorded failure), so a bad reference does "
        "not lower a score."))
