"""The crawl stage's settings."""
from __future__ import annotations

from pydantic import Field, field_validator

from mella_ray.config.base import Strict


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
