"""The mix stage's settings."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from mella_ray.config.base import Strict


class MixConfig(Strict):
    weights: dict[Literal["know", "ling"], float] = Field(default_factory=lambda: {"know": 1.0, "ling": 0.5})
    test_per_lang: int = Field(100, ge=0)  # per language and source, as in the paper
    val_fraction: float = Field(0.05, ge=0, lt=1)
    instruction_pool: Literal["by_source", "all"] = "by_source"
    max_keywords: int = Field(8, ge=1)
    seed: int = 0
