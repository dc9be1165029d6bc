"""The crawl stage: regional websites to D_know (images with native alt-text) and the image pool.

Pure logic lives in small modules (urls, robots, extract, alt_filter, images, fetch, frontier),
the per-partition crawl loop in actor.py, and the Ray orchestration in stage.py. `run_crawl` is
imported lazily so that using the pure modules does not import Ray.
"""
from __future__ import annotations

__all__ = ["run_crawl"]


def __getattr__(name: str):
    if name == "run_crawl":
        from mella_ray.crawl.stage import run_crawl

        return run_crawl
    raise AttributeError(name)
