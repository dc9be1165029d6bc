"""Where a crawl's work comes from: seed pages, seeds found in Common Crawl's indexes
(`mella seeds`), and existing WARC files read instead of fetching pages."""

from __future__ import annotations

from pydantic import Field, field_validator

from mella_ray.config.base import Strict


class Seed(Strict):
    url: str = Field(
        description=(
            "Start page: http:// or https://, or {demo_site}/... for the demo site. Required: a seed is a URL."
        )
    )
    lang: str = Field(description="ISO 639-1 code of the seed's language (one of languages). Required.")

    @field_validator("url")
    @classmethod
    def _http(cls, v: str) -> str:
        if not (v.startswith(("http://", "https://")) or v.startswith("{demo_site}")):
            raise ValueError("must start with http:// or https:// (or {demo_site} for the demo site)")
        return v


class SeedIndexConfig(Strict):
    """Where `mella seeds` finds hosts per language: Common Crawl's columnar URL index and host index."""

    url_index: str = Field(
        description=(
            "Parquet of Common Crawl's columnar URL index (a file, a folder or a glob; local or s3://), e.g. "
            "s3://commoncrawl/cc-index/table/cc-main/warc/crawl=CC-MAIN-2025-18/subset=warc/ . Read: url_host_name, "
            "url_host_tld, url_host_registered_domain, url_protocol, fetch_status, content_languages."
        )
    )
    host_index: str | None = Field(
        None,
        description=(
            "Parquet of Common Crawl's host index for the same crawl (optional): hosts it lists with fewer than "
            "min_pages "
            "fetch_200 are skipped, and its harmonic-centrality rank (hcrank) breaks ties between equal page counts."
        ),
    )
    max_hosts_per_language: int = Field(
        500,
        ge=1,
        description=("Seed hosts written per language at most, the hosts with the most pages in the language first."),
    )
    min_pages: int = Field(
        5,
        ge=1,
        description=("Pages (fetch_status 200, primary content language the seed language) a host needs to be a seed."),
    )
    min_language_share: float = Field(
        0.5,
        ge=0,
        le=1,
        description=(
            "Share of a host's fetched pages whose primary language is the seed language (a multilingual portal with "
            "a small Thai corner is not a Thai seed)."
        ),
    )
    cctld_only: bool = Field(
        True,
        description=(
            "Keep only hosts under the language's country-code TLDs (tlds). Off: every TLD, ccTLD hosts ranked first."
        ),
    )
    tlds: dict[str, list[str]] = Field(
        default_factory=lambda: {
            "ar": [
                "sa",
                "eg",
                "ae",
                "ma",
                "dz",
                "iq",
                "jo",
                "kw",
                "lb",
                "ly",
                "om",
                "qa",
                "sd",
                "sy",
                "tn",
                "ye",
                "bh",
                "ps",
            ],
            "cs": ["cz"],
            "hu": ["hu"],
            "ko": ["kr"],
            "ru": ["ru", "by", "kz"],
            "sr": ["rs", "me", "ba"],
            "th": ["th"],
            "vi": ["vn"],
        },
        description="Country-code TLDs per language (ISO 639-1 -> TLDs without the dot).",
    )
    language_codes: dict[str, str] = Field(
        default_factory=dict,
        description=(
            "ISO 639-1 -> ISO 639-3 codes as content_languages writes them, beyond the built-in ones (ar ara, cs ces, "
            "hu hun, ko kor, ru rus, sr srp, th tha, vi vie and a few more)."
        ),
    )
    exclude: list[str] = Field(
        default_factory=list,
        description=(
            "Host names or registered domains never to seed (e.g. a social network that hosts no regional alt-text)."
        ),
    )


class WarcInput(Strict):
    path: str = Field(description="A WARC file (.warc or .warc.gz), a folder of them, or a glob; local or s3://.")
    lang: str = Field(description="The language of the pages in these files (ISO 639-1, one of the job's languages).")
