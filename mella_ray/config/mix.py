"""The mix stage's settings.

Weight semantics (exact, documented in the dataset card too), per language and source over the
train split's distinct rows n:
  rows = round_half_up(weight * n), then at most the cap; every row gets rows // n copies and
  rows % n of them (a seeded choice) one copy more. So weight 0.5 on 30 rows gives exactly 15,
  weight 2.0 gives 60, and a cap of 10 gives 10. Val and test hold each row once, unweighted.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import Field, field_validator

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig
from mella_ray.langs import LANGUAGES

ALL_LANGS = "*"  # a caps key that applies to every language without its own entry
Source = Literal["know", "ling"]
NonNegative = Annotated[int, Field(ge=0)]


class SourceWeights(Strict):
    """Repeat factor of each source in the train split (the paper: D_know 1.0, D_ling 0.5)."""

    know: float = Field(
        1.0,
        ge=0,
        description=(
            "Repeat factor of D_know (captions translated into the image's language) in the train split; 1.0 as in "
            "the paper."
        ),
    )
    ling: float = Field(
        0.5,
        ge=0,
        description=("Repeat factor of D_ling (the native alt-text) in the train split; 0.5 as in the paper."),
    )

    @field_validator("know", "ling")
    @classmethod
    def _finite(cls, v: float) -> float:
        if not math.isfinite(v):
            raise ValueError("must be a finite number")
        return v


class KeywordsConfig(Strict):
    """Culture keywords of D_know test rows, the gold of keyword accuracy.

    heuristic: named-entity-like spans, then content words, minus per-language stopwords,
    numbers and dates (mella_ray/mix/keywords.py documents the rules); llm: an engine from
    infer/ lists them, only spans found in the alt-text are kept, and a row whose answer has
    none usable falls back to the heuristic.
    """

    method: Literal["heuristic", "llm"] = Field(
        "heuristic",
        description=(
            "heuristic: rules over the alt-text, no model (the default: cheap and repeatable); llm: an engine lists "
            "them, the heuristic filling in where its answer has none usable."
        ),
    )
    max_keywords: int = Field(8, ge=1, le=64, description="Keywords kept per test row at most.")
    engine: EngineConfig = Field(
        default_factory=lambda: EngineConfig(model="tiny:lm", max_new_tokens=64),
        description="The LLM of method llm; 64 new tokens hold a short keyword list.",
    )


class MixConfig(Strict):
    weights: SourceWeights = Field(
        default_factory=SourceWeights,
        description=("Repeat factor of each source in the train split (rows = round_half_up(weight * n))."),
    )
    caps: dict[str, dict[Source, NonNegative]] = Field(
        default_factory=dict,
        description=(
            'Absolute maximum of train rows (after repeats) per language and source: {language or "*": '
            '{know: N, ling: N}}; a language\'s own entry wins over "*", source by source; absent: no cap.'
        ),
    )
    test_per_lang: int = Field(
        100,
        ge=0,
        description=(
            "Test rows per language and source, exactly (fewer only when the data has fewer); 100 as in the paper."
        ),
    )
    val_fraction: float = Field(
        0.05,
        ge=0,
        lt=1,
        description=("Share of the images (near-duplicate groups) left after the test split that go to validation."),
    )
    instruction_pool: Literal["by_source", "all"] = Field(
        "by_source",
        description=(
            "by_source: D_know rows get alt-text instructions and D_ling rows description ones; all: one pool for "
            "both, as in the paper. Either way the evaluation prompt is among them."
        ),
    )
    keywords: KeywordsConfig = Field(
        default_factory=KeywordsConfig,
        description=("Culture keywords of the D_know test rows (the gold of keyword accuracy)."),
    )
    exports: list[Literal["llava", "internvl"]] = Field(
        default_factory=lambda: ["llava", "internvl"],
        description=("Training formats written beside the Parquet tables: LLaVA JSON and InternVL JSONL."),
    )
    seed: int = Field(0, description="Random seed of splits, repeats and instruction choice: a rerun is identical.")
    task_cpus: float = Field(
        1.0,
        gt=0,
        description=(
            "CPUs each mix task asks for: a task reads one crawl image shard and writes its conversations, "
            "so this and the nodes' CPUs set how many shards are written at once"
        ),
    )

    @field_validator("caps")
    @classmethod
    def _cap_langs(cls, v: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
        unknown = [k for k in v if k != ALL_LANGS and k not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language(s) {unknown}; allowed: {ALL_LANGS!r} or {', '.join(LANGUAGES)}")
        return v

    def weight(self, source: str) -> float:
        return getattr(self.weights, source)

    def cap(self, lang: str, source: str) -> int | None:
        for key in (lang, ALL_LANGS):
            if source in self.caps.get(key, {}):
                return self.caps[key][source]
        return None
