"""The crawl stage's settings.

Every limit that keeps a crawl polite, finite and safe has a default; a job names only its
seeds. Sizes are bytes, times are seconds, lengths of alt-text are user-perceived characters
(grapheme clusters: a Thai syllable with its vowel and tone marks, one Hangul block).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict
from mella_ray.config.crawl_sources import Seed, SeedIndexConfig, WarcInput


class CrawlConfig(Strict):
    # ---- input and distribution ----
    seeds: list[Seed] = Field(
        default_factory=list,
        description=("Start pages as {url, lang}; empty by default: a job names its own (or seeds_file)."),
    )
    seeds_file: str | None = Field(
        None,
        description=(
            "JSONL or CSV with url and lang columns, read besides seeds (what `mella seeds` writes); None: none."
        ),
    )
    seed_index: SeedIndexConfig | None = Field(
        None,
        description=(
            "Common Crawl indexes that `mella seeds CONFIG` reads to write crawl.seeds_file (None: seeds are given)."
        ),
    )
    num_actors: int | None = Field(
        None, ge=1, description=("Crawl actors; None: sized for the work (crawl/sizing.py and the keys below).")
    )
    target_requests_per_s: float | None = Field(
        None,
        gt=0,
        description=(
            "Requests/s the whole crawl should reach; None: as many as the hosts allow (hosts / min_host_interval_s). "
            "With requests_per_actor_s it sets the number of actors."
        ),
    )
    requests_per_actor_s: float = Field(
        100.0,
        gt=0,
        description=(
            "Requests/s one actor is planned for (an actor decodes and hashes every image on half a CPU; loopback "
            "benchmarks reach a few hundred, real pages less)."
        ),
    )
    hosts_per_actor: int = Field(
        500, ge=1, description=("Seed hosts one actor holds at most: more hosts, more actors, whatever the rate.")
    )
    max_actors: int = Field(
        256, ge=1, description=("Crawl actors at most (ACTOR_CPUS = 0.5 CPU each), spread over the nodes.")
    )
    concurrency_per_actor: int = Field(
        16, ge=1, le=1024, description=("Requests in flight per actor, all its hosts together.")
    )
    # ---- traps and budgets ----
    max_depth: int = Field(
        3,
        ge=0,
        description=(
            "Links followed from a seed at most (0: seed pages only); 3 reaches most galleries, not whole sites."
        ),
    )
    max_pages: int = Field(2000, ge=1, description="Pages fetched by the whole crawl at most (a bound on a run).")
    max_pages_per_host: int = Field(
        500, ge=1, description=("Pages fetched per host at most, so one large site cannot fill the crawl.")
    )
    max_query_variants: int = Field(
        20,
        ge=1,
        description=("URLs per path that differ only in the query at most (a calendar or a faceted search is a trap)."),
    )
    # ---- politeness ----
    per_host_concurrency: int = Field(
        2, ge=1, description=("Requests in flight per host at most; 2 is polite and hides some latency.")
    )
    min_host_interval_s: float = Field(
        0.25,
        ge=0,
        description=("Seconds between request starts to one host at least; robots.txt Crawl-delay may raise it."),
    )
    user_agent: str = Field(
        "mella-ray-crawler/0.1 (+https://github.com/mella-ray/mella-ray)",
        description=("User-Agent header and robots.txt product token; names the crawler and where to read about it."),
    )
    respect_robots: bool = Field(True, description="Obey robots.txt (RFC 9309); off only for sites you own.")
    # ---- politeness by the standards (RFC 9309, adaptive delay, refusal bursts) ----
    autothrottle: bool = Field(
        True,
        description=(
            "Adapt each host's interval between request starts to its response time, as Scrapy's AutoThrottle does: "
            "halfway to latency / target concurrency after each answer, never below min_host_interval_s or "
            "the host's Crawl-delay; error answers never shorten it. On by default: a slow host is a loaded host."
        ),
    )
    autothrottle_target_concurrency: float | None = Field(
        None,
        gt=0,
        le=1024,
        description=(
            "Requests the adaptive delay aims to have in flight per host on average; None: per_host_concurrency (what "
            "the job allows a host). Scrapy's default is 1.0, the most careful choice."
        ),
    )
    autothrottle_max_delay_s: float = Field(
        30.0,
        gt=0,
        description=(
            "Seconds: the longest interval the adaptive delay may reach (a host slower than this is still crawled)."
        ),
    )
    host_error_burst: int = Field(
        10,
        ge=0,
        description=(
            "Answers in a row that are 403, 429 or 5xx after which a host is stopped for this crawl (its queued pages "
            "and images fail with host_stopped); 0 never stops. Ten covers a few retried URLs, not one bad page."
        ),
    )
    robots_retry_s: float = Field(
        60.0,
        gt=0,
        description=(
            "Seconds: when robots.txt answers 5xx/429 or cannot be reached, the host is disallowed and its pages wait "
            "this long before robots.txt is fetched again (RFC 9309 2.3.1.4)."
        ),
    )
    image_backlog_per_host: int = Field(
        500,
        ge=1,
        description=(
            "Backpressure: a host's pages wait while this many images found on its pages are still queued in its actor "
            "(pages are faster to fetch than their images; without it the image queue grows with the crawl)."
        ),
    )
    image_backlog: int = Field(
        20_000,
        ge=1,
        description=(
            "Backpressure: every page of an actor waits while the actor has this many images queued (a few MB of URLs "
            "and sightings, whatever the number of hosts)."
        ),
    )
    sitemaps: bool = Field(
        True,
        description=(
            "Read the sitemaps robots.txt names and /sitemap.xml of every seed site (indexes and gzip too) and "
            "queue their "
            "pages as links of the seed: pages no link reaches are found this way."
        ),
    )
    sitemap_max_files: int = Field(
        20,
        ge=1,
        description=(
            "Sitemap files fetched per site at most (an index may name 50,000); the rest are skipped and counted."
        ),
    )
    sitemap_max_urls: int = Field(
        5000,
        ge=1,
        description=("URLs read from a site's sitemaps at most; max_pages_per_host still bounds the pages fetched."),
    )
    sitemap_max_bytes: int = Field(
        10_000_000,
        ge=1024,
        description=(
            "Bytes of one sitemap file, after gzip decompression (the protocol allows 50 MB; 10 MB holds "
            "~100,000 URLs)."
        ),
    )
    robots_tries: int = Field(
        3, ge=1, le=20, description=("Fetches of an unreachable robots.txt before the host is given up for this crawl.")
    )
    respect_tdmrep: bool = Field(
        True,
        description="Read each host's /.well-known/tdmrep.json (one request per host) and keep no image "
        "whose path it reserves from text and data mining. Headers and meta tags (noai, noimageai, noindex, "
        "tdm-reservation) are honoured whatever this says.",
    )
    # ---- fetching ----
    connect_timeout_s: float = Field(10.0, gt=0, description="Seconds to open a connection at most.")
    total_timeout_s: float = Field(30.0, gt=0, description="Seconds for one whole request and its body at most.")
    max_page_bytes: int = Field(5_000_000, ge=1024, description="Bytes of one HTML page at most; larger pages fail.")
    max_image_bytes: int = Field(10_000_000, ge=1024, description="Bytes of one image at most; larger images fail.")
    max_retries: int = Field(
        2, ge=0, le=10, description=("Retries of a request after a transient failure (timeout, connection error, 5xx).")
    )
    max_redirects: int = Field(5, ge=0, le=20, description="Redirects followed per request at most.")
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
