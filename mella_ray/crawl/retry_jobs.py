"""Inside an actor: queue the failures that `mella crawl --retry-failed` refetches (retry.py plans them).

The actor has reloaded its checkpoint of the finished crawl, so it knows every image URL it
fetched and every page it saw. Each retried failure is taken back from the counters (it is no
longer a failure; if it fails again it is counted and recorded again, once) and queued
through the ordinary paths: a page goes back into the frontier at its old depth (its images
and links then go the normal way), an image becomes a sighting with the page and texts its
failure row kept, so that a refetched image can become a D_know row. Both are fetched by
the same machinery as the crawl: robots.txt, the host gate, the network guard, the checks.
An image that is already kept (its URL has a row) is not queued again.
"""

from __future__ import annotations

from collections import Counter

from mella_ray.crawl.dedup import Sighting
from mella_ray.crawl.urls import host_of, site_key


def drop_leftover_work(state: dict) -> dict:
    """The checkpoint of a finished crawl without its queued work (a crawl stopped by its deadline
    leaves some): a retry fetches its failures and what they lead to, nothing else."""
    state = dict(state)
    state["frontier"] = {**state["frontier"], "queued": []}
    state["growing"] = {**state.get("growing", {}), "sightings": {}, "pages": {}}  # what was queued or in flight
    state["sitemaps"] = {**state.get("sitemaps", {}), "queued": []}
    return state


def queue_retries(crawler, items: list[dict]) -> Counter:
    """Queue the retried failures (dicts of records.CRAWL_FAILURES columns) on `crawler`; returns counts."""
    counts: Counter = Counter()
    for item in items:
        url, kind, lang, reason = item["url"], item["kind"], item["lang"], item["reason"]
        host = host_of(url)
        if kind == "page":
            depth = item.get("depth")
            # A failure row without a depth: the page alone, none of its links (the safe side of max_depth)
            depth = crawler.cfg.max_depth if depth is None else int(depth)
            crawler.frontier.requeue_failed(url, depth, lang, fetched=reason != "host_stopped")
            crawler.host_lang.setdefault(site_key(url), lang)
            crawler.counters.undrop("page", reason, host=host, lang=lang)
            crawler.counters.count("pages_failed", -1, host=host, lang=lang)
            counts["pages"] += 1
            continue
        crawler.counters.undrop("image", reason, host=host, lang=lang)
        if crawler.done_urls.get(url):  # kept meanwhile (e.g. under another sighting): not twice
            counts["already_kept"] += 1
            continue
        if url in crawler.sightings:  # listed twice: one fetch
            continue
        crawler.done_urls.pop(url, None)
        alts = [item["alt"]] if item.get("alt") else []
        crawler.sightings[url] = [
            Sighting(url, item["page_url"], lang, alts, item.get("figcaption"), item.get("page_title"))
        ]
        # queued directly, not through add_sighting: a retry of many images of one host must not
        # be refused by max_queued_images_per_host (the host gate still paces them)
        crawler.queue_image(url)
        counts["images"] += 1
    return counts
