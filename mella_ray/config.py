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
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mella_ray.langs import LANGUAGES

STAGES = ("crawl", "caption", "translate", "mix", "train", "evaluate", "serve")


class ConfigError(ValueError):
    """A config that cannot run; the message names the key and the fix."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, protected_namespaces=())


class RayConfig(Strict):
    # None: RAY_ADDRESS if set, else an in-process local cluster.
    address: str | None = None
    num_cpus: int | None = Field(None, ge=1)
    include_dashboard: bool = False
    # runtime_env passed to ray.init (pip extras, env vars such as S3 credentials).
    runtime_env: dict[str, Any] = Field(default_factory=dict)


class DemoSiteConfig(Strict):
    """A generated multilingual site served on 127.0.0.1; `{demo_site}` in seed URLs points at it."""

    images_per_lang: int = Field(30, ge=1, le=2000)
    seed: int = 0


class Seed(Strict):
    url: str
    lang: str

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not (v.startswith(("http://", "https://")) or v.startswith("{demo_site}")):
            raise ValueError("must start with http:// or https:// (or {demo_site} for the demo site)")
        return v


class CrawlConfig(Strict):
    seeds: list[Seed] = Field(default_factory=list)
    seeds_file: str | None = None  # JSONL or CSV with url and lang columns
    num_actors: int | None = Field(None, ge=1)  # None: one per available CPU, at most one per host
    concurrency_per_actor: int = Field(16, ge=1, le=1024)
    max_depth: int = Field(3, ge=0)
    max_pages: int = Field(2000, ge=1)
    max_pages_per_host: int = Field(500, ge=1)
    per_host_concurrency: int = Field(2, ge=1)
    min_host_interval_s: float = Field(0.25, ge=0)
    user_agent: str = "mella-ray-crawler/0.1 (+https://github.com/mella-ray/mella-ray)"
    respect_robots: bool = True
    connect_timeout_s: float = Field(10.0, gt=0)
    total_timeout_s: float = Field(30.0, gt=0)
    max_page_bytes: int = Field(5_000_000, ge=1024)
    max_image_bytes: int = Field(10_000_000, ge=1024)
    max_retries: int = Field(2, ge=0, le=10)
    min_side: int = Field(64, ge=1)
    max_aspect: float = Field(3.0, ge=1.0)
    max_pixels: int = Field(40_000_000, ge=1)
    formats: list[str] = Field(default_factory=lambda: ["JPEG", "PNG", "WEBP", "GIF"])
    min_alt_chars: int = Field(5, ge=1)
    check_alt_language: bool = True
    allow_private_networks: bool = False  # tests and the demo crawl 127.0.0.1
    shard_rows: int = Field(500, ge=1)
    max_run_s: float = Field(3600.0, gt=0)  # bound on one crawl's wall time


class EngineConfig(Strict):
    """An inference engine: backend plus model (hub id, path, or tiny:vlm / tiny:lm)."""

    backend: Literal["hf", "vllm"] = "hf"
    model: str = "tiny:vlm"
    dtype: Literal["auto", "bfloat16", "float16", "float32"] = "auto"
    batch_size: int = Field(8, ge=1)
    max_new_tokens: int = Field(256, ge=1, le=32768)
    temperature: float = Field(0.0, ge=0)
    top_p: float = Field(1.0, gt=0, le=1)
    max_pixels: int = Field(448 * 448, ge=28 * 28)  # image budget before the vision tower
    num_gpus: float = Field(0.0, ge=0)  # per replica; 0 runs on CPU
    num_cpus: float = Field(0.5, gt=0)
    accelerator_type: str | None = None  # e.g. H100, L4: steers the autoscaler
    concurrency: int = Field(1, ge=1)  # replicas (actors) of the engine
    tensor_parallel_size: int = Field(1, ge=1)
    seed: int = 0


class CaptionConfig(Strict):
    engine: EngineConfig = Field(default_factory=EngineConfig)
    pivot_lang: str = "en"
    prompt: str = (
        "Describe this image in one coherent, detailed paragraph: the main subject, what is happening, "
        "attributes and state, the mood, any cultural features (or say there are none), lighting and "
        "colour, and the style. Then on a last line write 'Category: <top>/<sub>'."
    )
    categories: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "culture": ["folk traditions", "food", "architecture", "festivals", "crafts", "religion"],
            "scene": ["city", "nature", "indoor", "event"],
            "general": ["people", "objects", "animals", "other"],
        }
    )
    default_category: str = "general/other"
    shard_rows: int = Field(256, ge=1)


class TranslateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(model="tiny:lm"))
    # image_lang: each caption into its image's language; all: into every configured language.
    targets: Literal["image_lang", "all"] = "image_lang"
    serbian_script: Literal["cyrillic", "latin"] = "cyrillic"
    min_length_ratio: float = Field(0.2, gt=0)
    max_length_ratio: float = Field(5.0, gt=0)
    check_language: bool = True  # reject output in the wrong script or clearly another language
    shard_rows: int = Field(256, ge=1)


class MixConfig(Strict):
    weights: dict[Literal["know", "ling"], float] = Field(default_factory=lambda: {"know": 1.0, "ling": 0.5})
    test_per_lang: int = Field(100, ge=0)  # per language and source, as in the paper
    val_fraction: float = Field(0.05, ge=0, lt=1)
    instruction_pool: Literal["by_source", "all"] = "by_source"
    max_keywords: int = Field(8, ge=1)
    seed: int = 0


class LoraConfig(Strict):
    enabled: bool = True
    r: int = Field(16, ge=1)
    alpha: int = Field(32, ge=1)
    dropout: float = Field(0.05, ge=0, lt=1)
    target_modules: list[str] = Field(
        default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    )


class TrainConfig(Strict):
    model: str = "tiny:vlm"
    num_workers: int = Field(2, ge=1)
    use_gpu: bool = False
    cpus_per_worker: float = Field(1.0, gt=0)
    accelerator_type: str | None = None
    lora: LoraConfig = Field(default_factory=LoraConfig)
    freeze_vision: bool = True
    freeze_projector: bool = True
    lr: float = Field(4e-5, gt=0)
    warmup_ratio: float = Field(0.03, ge=0, lt=1)
    weight_decay: float = Field(0.0, ge=0)
    global_batch: int = Field(16, ge=1)
    micro_batch: int = Field(1, ge=1)
    epochs: int = Field(1, ge=1)
    max_steps: int | None = Field(None, ge=1)  # caps optimizer steps (demo and tests)
    max_length: int = Field(4096, ge=16)
    max_pixels: int = Field(448 * 448, ge=28 * 28)
    grad_clip: float = Field(1.0, gt=0)
    precision: Literal["bf16", "fp32"] = "bf16"
    checkpoint_every: int = Field(50, ge=1)
    log_every: int = Field(10, ge=1)
    val_every: int = Field(100, ge=1)
    val_batches: int = Field(8, ge=0)  # micro-batches per worker for one validation loss
    activation_checkpointing: bool = False
    max_failures: int = Field(3, ge=0)
    seed: int = 0

    @model_validator(mode="after")
    def _batch_divides(self) -> "TrainConfig":
        per_step = self.micro_batch * self.num_workers
        if self.global_batch % per_step:
            raise ValueError(
                f"global_batch ({self.global_batch}) must be a multiple of micro_batch × num_workers ({per_step})"
            )
        return self


class EvaluateConfig(Strict):
    engine: EngineConfig = Field(default_factory=lambda: EngineConfig(max_new_tokens=128))
    base_model: str = "tiny:vlm"
    tuned_model: str | None = None  # None: output_dir/train/final
    max_per_lang: int = Field(100, ge=1)
    check_reference_language: bool = True  # refuse test rows whose reference is in another script


class ServeConfig(Strict):
    model: str | None = None  # None: output_dir/train/final
    backend: Literal["hf", "vllm"] = "hf"
    model_name: str = "mella"
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)
    min_replicas: int = Field(1, ge=0)
    max_replicas: int = Field(1, ge=1)
    target_ongoing_requests: int = Field(8, ge=1)
    max_ongoing_requests: int = Field(32, ge=1)
    num_cpus: float = Field(1.0, gt=0)
    num_gpus: float = Field(0.0, ge=0)
    max_batch_size: int = Field(8, ge=1)
    batch_wait_timeout_s: float = Field(0.02, ge=0)
    max_tokens_limit: int = Field(1024, ge=1)
    default_max_tokens: int = Field(256, ge=1)
    max_images: int = Field(4, ge=0)
    max_image_bytes: int = Field(10_000_000, ge=1)
    max_pixels: int = Field(448 * 448, ge=28 * 28)
    allow_image_urls: bool = False
    allow_private_networks: bool = False
    api_key_env: str | None = None  # name of the env var holding the Bearer key
    request_timeout_s: float = Field(60.0, gt=0)
    # Keep serving until interrupted? None: yes when the serve stage runs alone, no inside a build.
    blocking: bool | None = None

    @model_validator(mode="after")
    def _replicas(self) -> "ServeConfig":
        if self.min_replicas > self.max_replicas:
            raise ValueError(f"min_replicas ({self.min_replicas}) must not exceed max_replicas ({self.max_replicas})")
        return self


class JobConfig(Strict):
    output_dir: str
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES))
    stages: list[Literal["crawl", "caption", "translate", "mix", "train", "evaluate", "serve"]] = Field(
        default_factory=lambda: list(STAGES)
    )
    models_dir: str | None = None  # where tiny:* models are built; None: output_dir/models
    ray: RayConfig = Field(default_factory=RayConfig)
    demo_site: DemoSiteConfig | None = None
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    caption: CaptionConfig = Field(default_factory=CaptionConfig)
    translate: TranslateConfig = Field(default_factory=TranslateConfig)
    mix: MixConfig = Field(default_factory=MixConfig)
    train: TrainConfig = Field(default_factory=TrainConfig)
    evaluate: EvaluateConfig = Field(default_factory=EvaluateConfig)
    serve: ServeConfig = Field(default_factory=ServeConfig)

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
    def _seed_langs(self) -> "JobConfig":
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


def _format_error(err: dict, data: Any) -> str:
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
        lines = [_format_error(err, data) for err in e.errors()]
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
