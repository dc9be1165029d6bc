"""The translate stage's settings."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class TranslateConfig(Strict):
    # An instruction LLM (kind chat) or an MT model (kind seq2seq: NLLB, M2M100, Marian).
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(model="tiny:lm"))
    # image_lang: each caption into its image's language; all: into every configured language.
    targets: Literal["image_lang", "all"] = "image_lang"
    serbian_script: Literal["cyrillic", "latin"] = "cyrillic"
    # Instruction LLMs only; {source} and {target} become e.g. "English" and "Serbian (Cyrillic script)".
    prompt: str = ("Translate the following {source} text into {target}. Keep every detail and the "
                   "paragraph structure; output only the translation.")
    chunk_chars: int = Field(600, ge=50)  # captions go in sentence chunks of about this size
    max_source_chars: int = Field(20000, ge=1)  # longer captions are failed rows (input_too_long)
    min_length_ratio: float = Field(0.2, gt=0)
    max_length_ratio: float = Field(5.0, gt=0)
    check_language: bool = True  # reject output in the wrong script or clearly another language
    # Translate each accepted text back into the pivot with the same engine and store the chrF
    # against the caption (backtranslation_chrf); costs a second generation per row.
    backtranslation: bool = False
    min_backtranslation_chrf: float | None = Field(None, ge=0, le=100)  # below it: failed row
    wave_shards: int = Field(64, ge=1, description=(
        "vllm backend only: caption shards per wave. A caption's chunks are regrouped after the engine, and a "
        "group-by waits for its whole input, so each wave's rows are saved before the next wave starts: larger "
        "waves keep the GPUs busier at a wave's end, smaller ones lose less to a killed run."))

    @model_validator(mode="after")
    def _prompt_fields(self) -> "TranslateConfig":
        missing = [f for f in ("{source}", "{target}") if f not in self.prompt]
        if missing:
            raise ValueError(f"prompt: must contain {' and '.join(missing)} (the languages the model is told)")
        if self.min_backtranslation_chrf is not None and not self.backtranslation:
            raise ValueError("min_backtranslation_chrf: needs backtranslation: true")
        return self
