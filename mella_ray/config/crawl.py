"""The crawl stage's settings.

Every limit that keeps a crawl polite, finite and safe has a default; a job names only its
seeds. Sizes are bytes, times are seconds, lengths of alt-text are user-perceived characters
(grapheme clusters: a Thai syllable with its vowel and tone marks, one Hangul block).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.crawl_fetch import CrawlFetching
from mella_ray.config.crawl_sources import WarcInput


class CrawlConfig(CrawlFetching):
    # The fields of CrawlFetching come first (pydantic keeps a base's fields ahead of its subclass's):
    # what to crawl and how politely; below, what of it is kept.
    # ---- images ----
    min_side: int = Field(
        64, ge=1, description=("Pixels of an image's shorter side at least; smaller images are icons and spacers.")
    )
    max_aspect: float = Field(
        3.0, ge=1.0, description=("Longer side / shorter side at most; wider images are banners and rules.")
    )
    max_pixels: int = Field(
        40_000_000,
        ge=1,
        description=(
            "Pixels of an image at most: a decompression-bomb guard, checked from the header before decoding."
        ),
    )
    formats: list[str] = Field(
        default_factory=lambda: ["JPEG", "PNG", "WEBP", "GIF"],
        description=("Image formats kept (Pillow names); the formats of photos on the web."),
    )
    keep_data_uris: bool = Field(
        False, description=("Keep inline data: images; off by default: they are usually placeholders of lazy loading.")
    )
    near_duplicates: Literal["flag", "drop", "off"] = Field(
        "flag", description=("Near-duplicate images by perceptual hash, crawl-wide: flag (kept, marked), drop, or off.")
    )
    near_duplicate_distance: int = Field(
        4,
        ge=0,
        le=15,
        description=(
            "Hamming distance of two 64-bit pHashes at most for near duplicates; 4 catches re-encodes and resizes."
        ),
    )
    # ---- alt-text ----
    min_alt_chars: int = Field(
        5, ge=1, description=("Alt-text length at least, in user-perceived characters; shorter alt-text says little.")
    )
    max_alt_chars: int = Field(
        300,
        ge=1,
        description=("Alt-text length at most, in user-perceived characters; longer alt-text is usually page text."),
    )
    max_images_per_alt: int = Field(
        3,
        ge=0,
        description=(
            "Distinct images one site may give the same alt-text before it can be a template (the shop's name "
            "on every product photo, 'Photo from our gallery'), not a caption; a template's images go to the "
            "pool (alt_repeated). 3 lets a picture's few resized copies share their alt. 0: off."
        ),
    )
    template_alt_share: float = Field(
        0.2,
        ge=0.0,
        le=1.0,
        description=(
            "Share of a site's D_know images that an alt-text given to more than max_images_per_alt images "
            "must also cover to be a template. 0.2: a template covers much of a site; a phrase that a large "
            "site reuses for a few dozen of its pictures still describes each of them."
        ),
    )
    check_alt_language: bool = Field(
        True, description=("Refuse alt-text not in the seed's language (script and language identification).")
    )
    min_alt_words: int = Field(
        2,
        ge=1,
        description="Fewest words an alt-text needs to count as a caption (DataComp's basic filter: a "
        "single word is a label, not a description). Thai is segmented with pythainlp; other scripts written "
        "without spaces need min_alt_words * 2 grapheme clusters instead.",
    )
    serbian_script: Literal["page", "any", "cyrillic", "latin"] = Field(
        "any",
        description="Which Serbian alt-texts to keep, Serbian being written in Cyrillic and in Latin script. "
        "any: both scripts everywhere (native readers accept a Latin caption on a Cyrillic page); page: those in "
        "the script of their page (a Latin alt on a Cyrillic page came from a plugin, an import or the site's "
        "other edition; refused as alt_other_script; a page mixing both scripts keeps both); cyrillic or latin: "
        "that script only, whatever the page's.",
    )
    figcaption_as_alt: bool = Field(
        False,
        description="Use a <figcaption> as the text of an image without a usable alt. Off: D_know is native "
        "alt-text, and a caption often tells the story around a picture; the figcaption is kept as a hint column.",
    )
    # ---- HTML parsing caps ----
    max_images_per_page: int = Field(
        1000,
        ge=1,
        description="Images taken from one page; the rest are ignored and the page counted as "
        "truncated. Bounds the work and memory one page (a gallery, or a trap) can cause.",
    )
    max_alts_per_image: int = Field(
        8,
        ge=1,
        description="Distinct alt-texts kept for one image URL on one page (an image repeated with "
        "different alts); more are ignored.",
    )
    max_queued_images_per_host: int = Field(
        5000,
        ge=1,
        description="Images waiting to be fetched from one host; further ones are refused "
        "(host_queue_full) until the crawl ends. A host's queue drains at its politeness rate, so a site that "
        "generates image URLs without end would otherwise grow an actor's memory without bound.",
    )
    page_parse_timeout_s: float = Field(
        5.0,
        gt=0,
        description="Seconds the walk over one parsed page may take (seconds; it runs off the event "
        "loop); past it the page keeps what was found so far and is counted as truncated.",
    )
    # ---- safety ----
    allow_private_networks: bool = Field(
        False, description=("Let the crawl reach loopback and private addresses; tests and the demo crawl 127.0.0.1.")
    )
    # ---- WARC in and out ----
    warc: bool = Field(
        False,
        description="Also write every fetched HTML page to crawl/warc/*.warc.gz (warcio; ~1 GB files), "
        "so pages can be re-extracted later without fetching them again. Off: it costs the pages' size on storage.",
    )
    warc_inputs: list[WarcInput] = Field(
        default_factory=list,
        description="WARC files (e.g. Common Crawl's) whose HTML pages are taken as fetched: "
        "their images are fetched politely and judged like a crawl's, their links are not followed. Works with "
        "or without seeds.",
    )
    # ---- output, resume, visibility ----
    shard_rows: int = Field(
        500, ge=1, description=("Rows per output Parquet shard at most (a shard also closes at a byte limit).")
    )
    checkpoint_every_s: float = Field(
        30.0,
        gt=0,
        description=(
            "Seconds between checkpoints of the frontier and seen sets (crawl/_state): the work a killed crawl loses."
        ),
    )
    progress_every_s: float = Field(10.0, gt=0, description="Seconds between progress lines.")
    max_run_s: float = Field(3600.0, gt=0, description="Seconds of one crawl's wall time at most.")

    @model_validator(mode="after")
    def _bounds(self) -> CrawlConfig:
        if self.max_alt_chars < self.min_alt_chars:
            raise ValueError(
                f"max_alt_chars ({self.max_alt_chars}) must be at least min_alt_chars "
                f"({self.min_alt_chars}); raise max_alt_chars or lower min_alt_chars"
            )
        return self
