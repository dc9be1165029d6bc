"""The evaluate stage's settings."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class EvaluateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(max_new_tokens=128))
    base_model: str = "tiny:vlm"
    tuned_model: str | None = None  # None: output_dir/train/final
    max_per_lang: int = Field(100, ge=1)
    check_reference_language: bool = True  # refuse test rows whose reference is in another script
    matching: Literal["language", "strict"] = Field(
        "language",
        description="keyword accuracy, ROUGE-L and METEOR units: 'language' (Arabic normalisation, Snowball stems "
                    "for ar/cs/hu/ru/sr, pythainlp words for th, kiwipiepy morphemes for ko) or 'strict' (plain "
                    "substring keywords and space/grapheme units: the paper's numbers). Default: what a native "
                    "reader would count as a match.")
    bootstrap_samples: int = Field(
        1000, ge=0, le=100000,
        description="paired bootstrap resamples (count) behind each per-language difference's 95% confidence "
                    "interval; 0 turns the intervals off. 1000 is sacrebleu's default for its paired bootstrap.")
    bootstrap_seed: int = Field(
        12345, description="seed of the bootstrap's resampling (sacrebleu's default seed), so reruns agree")
