"""A small deterministic multilingual website, and a local server for it: the crawl
target of the demo job and of the tests, since no internet is reachable there."""

from mella_ray.demo_site.generate import DEFAULT_LANGS, build_site
from mella_ray.demo_site.manifest import BASE_URL_TOKEN, DemoImage, LangManifest, SiteManifest
from mella_ray.demo_site.server import DemoSite, serve_site

__all__ = [
    "BASE_URL_TOKEN",
    "DEFAULT_LANGS",
    "DemoImage",
    "DemoSite",
    "LangManifest",
    "SiteManifest",
    "build_site",
    "serve_site",
]
