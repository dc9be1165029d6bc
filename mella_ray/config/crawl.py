"""The crawl stage's settings.

Every limit that keeps a crawl polite, finite and safe has a default; a job names only its
seeds. Sizes are bytes, times are seconds, lengths of alt-text are user-perceived characters
(grapheme clusters: a Thai syllable with its vowel and tone marks, one Hangul block).
"""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

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


class WarcInput(Strict):
    path: str = Field(description="A WARC file (.warc or .warc.gz), a folder of them, or a glob; local or s3://.")
    lang: str = Field(description="The language of the pages in these files (ISO 639-1, one of the job's languages).")


class CrawlConfig(Strict):
    # ---- input and distribution ----
    seeds: list[Seed] = Field(default_factory=list)
    seeds_file: str | None = None  # JSONL or CSV with url and lang columns
    num_actors: int | None = Field(None, ge=1)  # None: one per available CPU, at most one per seed site
    concurrency_per_actor: int = Field(16, ge=1, le=1024)  # requests in flight per actor, all hosts
    # ---- traps and budgets ----
    max_depth: int = Field(3, ge=0)
    max_pages: int = Field(2000, ge=1)
    max_pages_per_host: int = Field(500, ge=1)
    max_query_variants: int = Field(20, ge=1)  # URLs per path that differ only in the query
    # ---- politeness ----
    per_host_concurrency: int = Field(2, ge=1)
    min_host_interval_s: float = Field(0.25, ge=0)  # between request starts; robots Crawl-delay may raise it
    user_agent: str = "mella-ray-crawler/0.1 (+https://github.com/mella-ray/mella-ray)"
    respect_robots: bool = True
    respect_tdmrep: bool = Field(
        True, description="Read each host's /.well-known/tdmrep.json (one request per host) and keep no image "
        "whose path it reserves from text and data mining. Headers and meta tags (noai, noimageai, noindex, "
        "tdm-reservation) are honoured whatever this says.")
    # ---- fetching ----
    connect_timeout_s: float = Field(10.0, gt=0)
    total_timeout_s: float = Field(30.0, gt=0)
    max_page_bytes: int = Field(5_000_000, ge=1024)
    max_image_bytes: int = Field(10_000_000, ge=1024)
    max_retries: int = Field(2, ge=0, le=10)
    max_redirects: int = Field(5, ge=0, le=20)
    # ---- images ----
    min_side: int = Field(64, ge=1)
    max_aspect: float = Field(3.0, ge=1.0)
    max_pixels: int = Field(40_000_000, ge=1)  # decompression-bomb guard, checked before decoding
    formats: list[str] = Field(default_factory=lambda: ["JPEG", "PNG", "WEBP", "GIF"])
    keep_data_uris: bool = False  # inline data: images are usually placeholders
    near_duplicates: Literal["flag", "drop", "off"] = "flag"  # by perceptual hash, crawl-wide
    near_duplicate_distance: int = Field(4, ge=0, le=15)  # max Hamming distance of two 64-bit pHashes
    # ---- alt-text ----
    min_alt_chars: int = Field(5, ge=1)
    max_alt_chars: int = Field(300, ge=1)
    check_alt_language: bool = True
    min_alt_words: int = Field(
        2, ge=1, description="Fewest words an alt-text needs to count as a caption (DataComp's basic filter: a "
        "single word is a label, not a description). Thai is segmented with pythainlp; other scripts written "
        "without spaces need min_alt_words * 2 grapheme clusters instead.")
    figcaption_as_alt: bool = Field(
        False, description="Use a <figcaption> as the text of an image without a usable alt. Off: D_know is native "
        "alt-text, and a caption often tells the story around a picture; the figcaption is kept as a hint column.")
    # ---- HTML parsing caps ----
    max_images_per_page: int = Field(
        1000, ge=1, description="Images taken from one page; the rest are ignored and the page counted as "
        "truncated. Bounds the work and memory one page (a gallery, or a trap) can cause.")
    max_alts_per_image: int = Field(
        8, ge=1, description="Distinct alt-texts kept for one image URL on one page (an image repeated with "
        "different alts); more are ignored.")
    max_queued_images_per_host: int = Field(
        5000, ge=1, description="Images waiting to be fetched from one host; further ones are refused "
        "(host_queue_full) until the crawl ends. A host's queue drains at its politeness rate, so a site that "
        "generates image URLs without end would otherwise grow an actor's memory without bound.")
    page_parse_timeout_s: float = Field(
        5.0, gt=0, description="Seconds the walk over one parsed page may take (seconds; it runs off the event "
        "loop); past it the page keeps what was found so far and is counted as truncated.")
    # ---- safety ----
    allow_private_networks: bool = False  # tests and the demo crawl 127.0.0.1
    # ---- WARC in and out ----
    warc: bool = Field(
        False, description="Also write every fetched HTML page to crawl/warc/*.warc.gz (warcio; ~1 GB files), "
        "so pages can be re-extracted later without fetching them again. Off: it costs the pages' size on storage.")
    warc_inputs: list[WarcInput] = Field(
        default_factory=list, description="WARC files (e.g. Common Crawl's) whose HTML pages are taken as fetched: "
        "their images are fetched politely and judged like a crawl's, their links are not followed. Works with "
        "or without seeds.")
    # ---- output, resume, visibility ----
    shard_rows: int = Field(500, ge=1)
    checkpoint_every_s: float = Field(30.0, gt=0)  # frontier + seen sets saved under crawl/_state
    progress_every_s: float = Field(10.0, gt=0)
    max_run_s: float = Field(3600.0, gt=0)  # bound on one crawl's wall time

    @model_validator(mode="after")
    def _bounds(self) -> "CrawlConfig":
        if self.max_alt_chars < self.min_alt_chars:
            raise ValueError(f"max_alt_chars ({self.max_alt_chars}) must be at least min_alt_chars "
                             f"({self.min_alt_chars}); raise max_alt_chars or lower min_alt_chars")
        return self
