"""Strict, typed job configuration: one pydantic model per stage, JobConfig holds them all.

Every key has a default except `output_dir`. Unknown keys and bad values fail before any
work starts, with one line per problem that names the key path, the value and what is
allowed (`ConfigError`). The YAML file is the interface: a variant is a new YAML.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from mella_ray.config.base import ConfigError, Strict
from mella_ray.config.caption import CaptionConfig
from mella_ray.config.crawl import CrawlConfig
from mella_ray.config.crawl_sources import Seed
from mella_ray.config.evaluate import EvaluateConfig
from mella_ray.config.infer import EngineConfig
from mella_ray.config.mix import MixConfig
from mella_ray.config.runtime import DemoSiteConfig, RayConfig
from mella_ray.config.serve import ServeConfig
from mella_ray.config.train import LoraConfig, TrainConfig
from mella_ray.config.translate import TranslateConfig
from mella_ray.langs import LANGUAGES

STAGES = ("crawl", "caption", "translate", "mix", "train", "evaluate", "serve")

__all__ = [
    "STAGES",
    "CaptionConfig",
    "ConfigError",
    "CrawlConfig",
    "DemoSiteConfig",
    "EngineConfig",
    "EvaluateConfig",
    "JobConfig",
    "LoraConfig",
    "MixConfig",
    "RayConfig",
    "Seed",
    "ServeConfig",
    "Strict",
    "TrainConfig",
    "TranslateConfig",
    "load_config",
    "parse_config",
]


class JobConfig(Strict):
    output_dir: str = Field(
        description=(
            "Folder (local path or s3://...) that every stage writes under; local paths are made absolute because "
            "Ray workers do not share the driver's working directory. Required: a run must say where it writes."
        )
    )
    languages: list[str] = Field(
        default_factory=lambda: list(LANGUAGES),
        description=(
            "ISO 639-1 codes of the languages to build; default: all eight of the recipe (ar cs hu ko ru sr th vi)."
        ),
    )
    stages: list[Literal["crawl", "caption", "translate", "mix", "train", "evaluate", "serve"]] = Field(
        default_factory=lambda: list(STAGES),
        description=(
            "Stages to run, in pipeline order; default: all. A stage reads its input from output_dir, so a "
            "later stage can run alone on an earlier run's output."
        ),
    )
    models_dir: str | None = Field(
        None,
        description=("Folder where the offline tiny:* models are built; None: output_dir/models (kept with the run)."),
    )
    ray: RayConfig = Field(default_factory=RayConfig, description="How to connect to Ray.")
    demo_site: DemoSiteConfig | None = Field(
        None,
        description=(
            "Serve the generated demo website on 127.0.0.1 during the run ({demo_site} in seed URLs); "
            "None: no demo site (a real crawl)."
        ),
    )
    crawl: CrawlConfig = Field(default_factory=CrawlConfig, description="The crawl stage.")
    caption: CaptionConfig = Field(default_factory=CaptionConfig, description="The caption stage.")
    translate: TranslateConfig = Field(default_factory=TranslateConfig, description="The translate stage.")
    mix: MixConfig = Field(default_factory=MixConfig, description="The mix stage.")
    train: TrainConfig = Field(default_factory=TrainConfig, description="The train stage.")
    evaluate: EvaluateConfig = Field(default_factory=EvaluateConfig, description="The evaluate stage.")
    serve: ServeConfig = Field(default_factory=ServeConfig, description="The serve stage.")

    @field_validator("output_dir")
    @classmethod
    def _absolute_local(cls, v: str) -> str:
        # Ray workers do not share the driver's working directory: make local paths absolute.
        return v if "://" in v else os.path.abspath(os.path.expanduser(v))

    @field_validator("languages")
    @classmethod
    def _known_langs(cls, v: list[str]) -> list[str]:
        unknown = [x for x in v if x not in LANGUAGES]
        if unknown:
            raise ValueError(f"unknown language(s) {unknown}; allowed: {', '.join(LANGUAGES)}")
        if not v:
            raise ValueError("at least one language is needed")
        return v

    @model_validator(mode="after")
    def _seed_langs(self) -> JobConfig:
        for i, s in enumerate(self.crawl.seeds):
            if s.lang not in self.languages:
                raise ValueError(
                    f"crawl.seeds.{i}.lang: {s.lang!r} is not in languages; allowed: {', '.join(self.languages)}"
                )
        if "{demo_site}" in " ".join(s.url for s in self.crawl.seeds) and self.demo_site is None:
            raise ValueError("crawl.seeds use {demo_site} but no demo_site section is configured; add `demo_site: {}`")
        return self

    @property
    def models_path(self) -> str:
        return self.models_dir or f"{self.output_dir.rstrip('/')}/models"

    def path(self, *parts: str) -> str:
        """A path under output_dir (local or s3://), joined with '/'."""
        return "/".join([self.output_dir.rstrip("/"), *parts])


def _format_error(err: dict) -> str:
    loc = ".".join(str(p) for p in err["loc"])
    value = err.get("input")
    if err["type"] == "extra_forbidden":
        allowed = _allowed_keys(err["loc"][:-1])
        return f"{loc}: unknown key (value {value!r}); allowed keys here: {', '.join(allowed)}"
    if err["type"] == "missing":
        return f"{loc or '<top>'}: required key is missing"
    msg = err["msg"].removeprefix("Value error, ")
    if not loc:  # model-level validators already name their key
        return msg
    if isinstance(value, dict):  # a whole section: its validator's message names the keys
        return f"{loc}: {msg}"
    return f"{loc}: {msg} (got {value!r})"


def _allowed_keys(loc: tuple) -> list[str]:
    model: Any = JobConfig
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        ann = field.annotation
        # unwrap Optional / list[...] to the model class
        for cand in (ann, *getattr(ann, "__args__", ())):
            if isinstance(cand, type) and issubclass(cand, BaseModel):
                model = cand
                break
            for inner in getattr(cand, "__args__", ()):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    model = inner
                    break
    return sorted(model.model_fields)


def parse_config(data: dict[str, Any], source: str = "config") -> JobConfig:
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys at the top level, got {type(data).__name__}")
    try:
        return JobConfig.model_validate(data)
    except ValidationError as e:
        lines = [_format_error(err) for err in e.errors()]
        raise ConfigError(f"{source}: " + "; ".join(lines)) from None


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> JobConfig:
    """Load and validate a job YAML; `overrides` (dotted keys) are applied first (tests)."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"config file not found: {p}")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        raise ConfigError(f"{p}: not valid YAML: {e}".replace("\n", " ")) from None
    for key, value in (overrides or {}).items():
        node = data
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return parse_config(data, source=str(p))
