"""What a generated demo site contains: the ground truth that tests and the demo check
a crawl against."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

# HTML files contain this token where a page uses full absolute URLs; the server
# replaces it with its own base URL, since the port is only known once it listens.
BASE_URL_TOKEN = "__MELLA_BASE_URL__"


@dataclass(frozen=True)
class DemoImage:
    """One <img> element of an article page and the files it can load."""

    lang: str
    page: str  # site path of the page that holds the element, e.g. "/cs/page-2.html"
    markup: str  # how it is embedded: plain, relative, absolute, srcset-x, srcset-w, picture, lazy, figure
    paths: tuple[str, ...]  # site paths of every candidate file, the preferred (largest) first
    width: int  # of the preferred candidate
    height: int
    format: str  # PIL format name of the preferred candidate: JPEG, PNG, WEBP
    alt: str | None  # the native alt-text; None for a pool image (no usable alt)
    raw_alt: str | None  # the alt attribute as written in the page; None when absent

    @property
    def best_path(self) -> str:
        return self.paths[0]


@dataclass
class LangManifest:
    """Ground truth for one language of the site."""

    lang: str
    html_lang: str  # the value of <html lang>, e.g. "sr-Cyrl"
    index_page: str  # "/{lang}/index.html"
    pages: list[str]  # article pages, in order
    know_count: int  # images with a usable native alt-text
    pool_count: int  # images without one (no alt, empty alt, junk alt)
    expected_alts: list[str]  # the native alt-texts, in page order
    images: list[DemoImage]
    skip_paths: list[str]  # tracking pixels and the SVG logo: never dataset images


@dataclass
class SiteManifest:
    """Everything `build_site` wrote, with the facts a crawl of it must reproduce."""

    root: Path
    seed: int
    images_per_lang: int
    langs: dict[str, LangManifest]
    robots_disallow: list[str]  # path prefixes robots.txt forbids
    private_pages: list[str]  # linked from every language, but disallowed
    private_images: list[str]  # must never appear in a crawl
    legacy_charset_pages: dict[str, str]  # page path -> charset, for pages not in UTF-8
    files: list[str] = field(default_factory=list)  # every site path written, sorted
    base_url_token: str = BASE_URL_TOKEN

    @property
    def know_count(self) -> int:
        return sum(lang.know_count for lang in self.langs.values())

    @property
    def pool_count(self) -> int:
        return sum(lang.pool_count for lang in self.langs.values())

    def seed_urls(self, base_url: str) -> dict[str, str]:
        """Language -> URL of its index page, the natural crawl seeds."""
        base = base_url.rstrip("/")
        return {lang: base + manifest.index_page for lang, manifest in self.langs.items()}

    def to_dict(self) -> dict:
        """A JSON-ready copy (paths as strings, tuples as lists)."""
        data = dataclasses.asdict(self)
        data["root"] = str(self.root)
        data["know_count"] = self.know_count
        data["pool_count"] = self.pool_count
        return data
