"""The translate stage's settings."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig


class TranslateConfig(Strict):
    engine: EngineConfig = Field(
        default_factory=lambda: EngineConfig(model="tiny:lm"),
        description=(
            "An instruction LLM (kind chat) or an MT model (kind seq2seq: NLLB, M2M100, Marian); default: the "
            "offline tiny LM."
        ),
    )
    targets: Literal["image_lang", "all"] = Field(
        "image_lang",
        description=(
            "image_lang: each caption into its image's language (the paper's recipe); all: into every configured "
            "language (more rows, more GPU time)."
        ),
    )
    serbian_script: Literal["cyrillic", "latin"] = Field(
        "cyrillic", description=("Script of Serbian output; Cyrillic, the official script, by default.")
    )
    prompt: str = Field(
        "Translate the following {source} text into {target}. Keep every detail and the "
        "paragraph structure; output only the translation.",
        description=(
            'Instruction LLMs only; must contain {source} and {target}, which become e.g. "English" and '
            '"Serbian (Cyrillic script)".'
        ),
    )
    chunk_chars: int = Field(
        600,
        ge=50,
        description=(
            "Characters per translated chunk, about: captions are split at sentence ends into chunks of this size, "
            "short enough that small MT models keep every detail."
        ),
    )
    max_source_chars: int = Field(
        20000,
        ge=1,
        description=(
            "Characters of a caption at most; longer captions are failed rows (input_too_long), not hours of GPU."
        ),
    )
    min_length_ratio: float = Field(
        0.2,
        gt=0,
        description=(
            "Translation length / source length below which the output is rejected (truncated or empty answer)."
        ),
    )
    max_length_ratio: float = Field(
        5.0,
        gt=0,
        description=(
            "Translation length / source length above which the output is rejected (a model that rambles or loops)."
        ),
    )
    check_language: bool = Field(
        True,
        description=("Reject output in the wrong script or clearly another language (a failed row with the reason)."),
    )
    backtranslation: bool = Field(
        False,
        description=(
            "Translate each accepted text back into the pivot with the same engine and store its chrF against the "
            "caption (backtranslation_chrf); off by default: it costs a second generation per row."
        ),
    )
    min_backtranslation_chrf: float | None = Field(
        None,
        ge=0,
        le=100,
        description=(
            "chrF (0-100) of the back-translation below which the row fails; needs backtranslation. None: keep all."
        ),
    )
    wave_shards: int = Field(
        64,
        ge=1,
        description=(
            "vllm backend only: caption shards per wave. A caption's chunks are regrouped after the engine, and a "
            "group-by waits for its whole input, so each wave's rows are saved before the next wave starts: larger "
            "waves keep the GPUs busier at a wave's end, smaller ones lose less to a killed run."
        ),
    )

    @model_validator(mode="after")
    def _prompt_fields(self) -> TranslateConfig:
        missing = [f for f in ("{source}", "{target}") if f not in self.prompt]
        if missing:
            raise ValueError(f"prompt: must contain {' and '.join(missing)} (the languages the model is told)")
        if self.min_backtranslation_chrf is not None and not self.backtranslation:
            raise ValueError("min_backtranslation_chrf: needs backtranslation: true")
        return self
