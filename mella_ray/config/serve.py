"""The serve stage's settings."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict


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
