"""The evaluate stage's settings."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from mella_ray.config.base import Strict
from mella_ray.config.infer import EngineConfig

SERVED = "served"  # the contender name of the build's own endpoint (evaluate.score_served)


class EndpointConfig(Strict):
    """An OpenAI-compatible chat endpoint evaluated beside base and tuned, on the same rows and prompts."""

    name: str = Field(
        ..., description="the contender's name in the report (letters, digits, '-', '_'; not 'base' or 'tuned')"
    )
    base_url: str = Field(
        ...,
        description="the API root, e.g. https://api.example.com/v1 or "
        "http://127.0.0.1:8000/v1; requests go to {base_url}/chat/completions",
    )
    model: str = Field(..., description="the `model` field of each request")
    api_key_env: str | None = Field(
        None, description="environment variable holding the API key (sent as a Bearer token); None: no key"
    )
    max_concurrency: int = Field(
        4, ge=1, le=256, description="requests in flight at once per worker; 4 is gentle on a hosted API's rate limits"
    )
    requests_per_s: float | None = Field(
        None, gt=0, description="most request starts per second per worker (a rate limit); None: no limit"
    )
    max_retries: int = Field(
        3,
        ge=0,
        le=10,
        description="retries of a 429, 5xx, timeout or dropped connection, "
        "with exponential backoff; then the row is a failure",
    )
    backoff_s: float = Field(
        1.0,
        ge=0,
        le=60,
        description="first retry delay in seconds, doubled each retry "
        "(at most 30 s; a Retry-After header adds its wait)",
    )
    timeout_s: float = Field(60.0, gt=0, description="seconds one request may take")
    max_tokens: int | None = Field(
        None,
        ge=1,
        description="answer length limit in tokens; None: evaluate.engine.max_new_tokens, as for base and tuned",
    )
    same_as: Literal["base", "tuned"] | None = Field(
        None,
        description="the evaluated model this endpoint serves with greedy decoding (e.g. tuned, behind the serve "
        "stage): the report counts the rows where its answers differ from that model's and says so; None: "
        "an independent contender",
    )

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", v) or v in ("base", "tuned"):
            raise ValueError(f"{v!r}: use 1-64 letters, digits, '-' or '_', and not 'base' or 'tuned'")
        return v

    @field_validator("base_url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"https?://[^/\s]+", v):
            raise ValueError(f"{v!r} is not an http(s) URL; e.g. http://127.0.0.1:8000/v1")
        return v


class EvaluateConfig(Strict):
    engine: EngineConfig = Field(
        default_factory=lambda: EngineConfig(max_new_tokens=128),
        description=("How both models generate their answers; 128 new tokens suffice for the short test answers."),
    )
    base_model: str = Field(
        "tiny:vlm",
        description=(
            "The model before fine-tuning (hub id, path or tiny:vlm), scored beside the tuned one as the baseline."
        ),
    )
    tuned_model: str | None = Field(
        None,
        description=("The fine-tuned model to score; None: output_dir/train/final, what this run's train stage wrote."),
    )
    max_per_lang: int = Field(
        100,
        ge=1,
        description=("Test rows scored per language at most; 100 matches mix.test_per_lang, the paper's test size."),
    )
    check_reference_language: bool = Field(
        True,
        description=(
            "Refuse test rows whose reference is in another script (a recorded failure), so a bad reference does "
            "not lower a score."
        ),
    )
    matching: Literal["language", "strict"] = Field(
        "language",
        description="keyword accuracy, ROUGE-L and METEOR units: 'language' (Arabic normalisation, Snowball stems "
        "for ar/cs/hu/ru/sr, pythainlp words for th, kiwipiepy morphemes for ko) or 'strict' (plain "
        "substring keywords and space/grapheme units: the paper's numbers). Default: what a native "
        "reader would count as a match.",
    )
    bootstrap_samples: int = Field(
        1000,
        ge=0,
        le=100000,
        description="paired bootstrap resamples (count) behind each per-language difference's 95% confidence "
        "interval; 0 turns the intervals off. 1000 is sacrebleu's default for its paired bootstrap.",
    )
    bootstrap_seed: int = Field(
        12345, description="seed of the bootstrap's resampling (sacrebleu's default seed), so reruns agree"
    )
    endpoints: list[EndpointConfig] = Field(
        default_factory=list,
        description="OpenAI-compatible models evaluated beside base and tuned: [{name, base_url, model, "
        "api_key_env, ...}]; none by default",
    )
    score_served: bool = Field(
        False,
        description="in a build that runs evaluate and serve: once the serve stage answers, score its endpoint "
        f"(the tuned model behind the OpenAI-compatible API) as the contender '{SERVED}' on the same test rows, "
        "reusing base's and tuned's predictions, so the report shows base, tuned and served side by side and says "
        "whether serving answers as tuned does. Off by default: it costs one more generation pass over the test rows",
    )

    @model_validator(mode="after")
    def _unique_names(self) -> EvaluateConfig:
        names = [e.name for e in self.endpoints]
        if self.score_served and SERVED in names:
            raise ValueError(f"endpoints: the name {SERVED!r} is taken by score_served; rename that endpoint")
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            raise ValueError(f"endpoints: names must be unique; repeated: {', '.join(dupes)}")
        return self
