"""What a crawl actor's process sets up once, before its first job: the garbage collector tuned
for an actor's many small short-lived objects, and the models its first alt-text needs."""

from __future__ import annotations

import base64
import gc

from mella_ray.crawl.alt_filter import word_count
from mella_ray.crawl.images import check_crawled_image
from mella_ray.scripts import identify

_WARM_UP_IMAGE = base64.b64decode(  # an 8x8 JPEG
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/"
    "wAALCAAIAAgBAREA/8QAFAABAAAAAAAAAAAAAAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AVN//2Q=="
)


# The cyclic garbage collector, tuned once per process (settle_heap). Each request allocates
# hundreds of short-lived objects (aiohttp, asyncio) that reference counting frees, so the
# default young generation (700 allocations) ran a collection every few requests; and every
# full collection walked the whole heap: the ~100,000 objects of the imported modules plus the
# state of every host (gates, robots rules, queues, counters: ~45 objects a host), so at 2,000
# hosts the collector cost ~1 s of CPU in a 20,000-image crawl (benchmarks/crawl_hosts.py).
GC_YOUNG_THRESHOLD = 10_000
_heap_settled = False


def settle_heap() -> None:
    """Once per process: the objects alive now (modules, config) leave the collector's scans for
    good (gc.freeze), and young collections run every GC_YOUNG_THRESHOLD allocations."""
    global _heap_settled
    if _heap_settled:
        return
    _heap_settled = True
    gc.collect()  # garbage first: frozen objects are never collected
    gc.freeze()
    young, *older = gc.get_threshold()
    gc.set_threshold(max(young, GC_YOUNG_THRESHOLD), *older)


def warm_up(langs: set[str] | frozenset[str] = frozenset()) -> None:
    """Load the language-ID model and the image stack (Pillow plugins, numpy) now.

    Loaded lazily inside the event loop, the first alt-text would stall every connection of
    the actor for half a second or more; run this in a thread before the first job.
    """
    identify("warm up the language identifier")
    check_crawled_image(_WARM_UP_IMAGE, min_side=1)
    if "th" in langs:  # pythainlp's dictionary (1.5 s, 80 MB): only for crawls with Thai pages
        word_count("ตลาดน้ำ", "th")
