"""The translate stage's settings."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class TranslateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(model="tiny:lm"))
    # image_lang: each caption into its image's language; all: into every configured language.
    targets: Literal["image_lang", "all"] = "image_lang"
    serbian_script: Literal["cyrillic", "latin"] = "cyrillic"
    min_length_ratio: float = Field(0.2, gt=0)
    max_length_ratio: float = Field(5.0, gt=0)
    check_language: bool = True  # reject output in the wrong script or clearly another language
    shard_rows: int = Field(256, ge=1)
