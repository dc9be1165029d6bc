"""The crawl settings of what is fetched and how: seeds, actors, budgets, politeness and
request limits. CrawlConfig (crawl.py) adds what is kept of it: images, alt-text, parsing caps,
WARC and output. Sizes are bytes, times are seconds.
"""

from __future__ import annotations

from pydantic import Field

from mella_ray.config.base import Strict
from mella_ray.config.crawl_sources import Seed, SeedIndexConfig


class CrawlFetching(Strict):
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
