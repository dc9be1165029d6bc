"""The crawl's numbers: counters kept by each actor, the live progress line, stats.json.

Each actor keeps a `CrawlCounters` (totals, every drop reason as "kind:reason", figures per
host and per language). It is checkpointed with the actor's state, so a resumed crawl
reports the whole crawl and not the part after the restart; the driver polls a small part
of it for the progress line, and `build_stats` merges all of them for crawl/stats.json:

kept (know/<lang>, pool/<lang>, after finalize), know_total, pool_total, dropped
("<kind>:<reason>" -> n; kind is page, image, alt or robots), dropped_total, pages_fetched,
pages_failed, images_found, images_downloaded, bytes_downloaded, requests, pool_reasons,
links_refused, per_host, per_lang, finalize, elapsed_s, images_per_s, pages_per_s, and the
plan (seeds, sites, num_actors).
"""

from __future__ import annotations

from collections import Counter

from mella_ray.crawl.journal import JournaledCounters


class CrawlCounters:
    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()  # pages_fetched, images_downloaded, bytes, ...
        self.dropped: Counter[str] = Counter()  # "kind:reason" -> n (kind: page, image, alt, robots)
        # per host and per language: they grow with the crawl, so checkpoints write the keys that
        # changed (`growing`); every writer below touches the key whose Counter it changes
        self.per_host: JournaledCounters = JournaledCounters()
        self.per_lang: JournaledCounters = JournaledCounters()
        self.elapsed_s = 0.0  # crawl time before the current run (resume)

    def count(self, what: str, n: int = 1, host: str | None = None, lang: str | None = None) -> None:
        self.totals[what] += n
        if host is not None:
            self.per_host[host][what] += n
            self.per_host.touch(host)
        if lang is not None:
            self.per_lang[lang][what] += n
            self.per_lang.touch(lang)

    def drop(self, kind: str, reason: str, host: str | None = None, lang: str | None = None) -> None:
        key = f"{kind}:{reason}"
        self.dropped[key] += 1
        if host is not None:
            self.per_host[host]["dropped"] += 1
            self.per_host.touch(host)
        if lang is not None:
            self.per_lang[lang][f"dropped:{key}"] += 1
            self.per_lang.touch(lang)

    def undrop(self, kind: str, reason: str, host: str | None = None, lang: str | None = None) -> None:
        """Take back one `drop` (a failure being retried: it is no longer counted as one)."""
        key = f"{kind}:{reason}"
        for table, at, name in (
            (None, None, key),
            (self.per_host, host, "dropped"),
            (self.per_lang, lang, f"dropped:{key}"),
        ):
            counter = self.dropped if table is None else table.get(at)
            if counter is not None and counter.get(name, 0) > 0:
                counter[name] -= 1
                if not counter[name]:
                    del counter[name]
                if table is not None:
                    table.touch(at)

    def to_state(self, growing: bool = True) -> dict:
        """Plain-JSON state; without `growing`, per_host and per_lang are left to `growing()`.
        It leaves the journal alone: the stats read it between checkpoints."""
        state = {"totals": dict(self.totals), "dropped": dict(self.dropped), "elapsed_s": self.elapsed_s}
        if growing:
            state["per_host"] = {h: dict(c) for h, c in self.per_host.items()}
            state["per_lang"] = {lang: dict(c) for lang, c in self.per_lang.items()}
        return state

    def growing(self, whole: bool) -> dict:
        """per_host and per_lang: whole, or the hosts and languages changed since last asked."""
        if whole:
            return {"per_host": self.per_host.whole(dict), "per_lang": self.per_lang.whole(dict)}
        return {"per_host": self.per_host.take_changes(dict), "per_lang": self.per_lang.take_changes(dict)}

    def load_state(self, state: dict) -> None:
        """From `to_state()`, or from a checkpoint's counters with its merged growing maps mixed in.
        Every key starts noted: the first checkpoint after a resume writes the tables whole."""
        self.totals = Counter(state.get("totals", {}))
        self.dropped = Counter(state.get("dropped", {}))
        per_host, per_lang = state.get("per_host", {}), state.get("per_lang", {})
        self.per_host = JournaledCounters({h: Counter(c) for h, c in per_host.items()}, all_dirty=True)
        self.per_lang = JournaledCounters({k: Counter(c) for k, c in per_lang.items()}, all_dirty=True)
        self.elapsed_s = state.get("elapsed_s", 0.0)

    def progress(self) -> dict:
        """The small subset the driver polls for the live progress line."""
        return {
            "pages": self.totals["pages_fetched"],
            "images": self.totals["images_downloaded"],
            "bytes": self.totals["bytes"],
            "know": {lang: c["know"] for lang, c in self.per_lang.items() if c["know"]},
            "pool": sum(c["pool"] for c in self.per_lang.values()),
        }


def merge(states: list[dict]) -> CrawlCounters:
    """Sum the counters of several actors."""
    total = CrawlCounters()
    for state in states:
        other = CrawlCounters()
        other.load_state(state)
        total.totals.update(other.totals)
        total.dropped.update(other.dropped)
        for h, c in other.per_host.items():
            total.per_host[h].update(c)
        for lang, c in other.per_lang.items():
            total.per_lang[lang].update(c)
        total.elapsed_s = max(total.elapsed_s, other.elapsed_s)
    return total


def progress_line(progress: list[dict], previous: list[dict] | None, interval_s: float) -> str:
    """'crawl: 120 pages (15.2/s), 800 images (95.0/s), 12.3 MB; kept pairs ar=10 cs=12; pool 40'.

    Rates are over the last interval (what the crawl does now), totals over the whole crawl.
    """

    def total(snapshots: list[dict] | None, key: str) -> int:
        return sum(p.get(key, 0) for p in snapshots or [])

    pages, images = total(progress, "pages"), total(progress, "images")
    dt = max(interval_s, 1e-9)
    page_rate = (pages - total(previous, "pages")) / dt if previous is not None else 0.0
    image_rate = (images - total(previous, "images")) / dt if previous is not None else 0.0
    know: Counter[str] = Counter()
    for p in progress:
        know.update(p.get("know", {}))
    kept = " ".join(f"{lang}={n}" for lang, n in sorted(know.items())) or "none yet"
    return (
        f"crawl: {pages} pages ({page_rate:.1f}/s), {images} images ({image_rate:.1f}/s), "
        f"{total(progress, 'bytes') / 1e6:.1f} MB; kept pairs {kept}; pool {total(progress, 'pool')}"
    )


# ---- stats.json ----------------------------------------------------------------------
TOTALS = (
    "pages_fetched",
    "pages_failed",
    "pages_forwarded",
    "images_found",
    "images_downloaded",
    "images_forwarded",
    "duplicate_image_urls",
    "duplicate_images",
    "late_better_texts",
    "data_uris_skipped",
    "pages_other_html_lang",
    "sitemap_files",
    "sitemap_pages",
    "hosts_stopped",
    "pages_requeued",
    # text repairs and caps (charsets.py, extract.py), pages read from WARC inputs (warc.py)
    "charset_contradictions",
    "texts_repaired",
    "pages_truncated_images",
    "pages_truncated_alts",
    "pages_truncated_time",
    "warc_pages_read",
)


def build_stats(results: list[dict], fin: dict, plan: dict, seeds: int, resumed: bool) -> dict:
    counters = merge([r["counters"] for r in results])
    totals = counters.totals
    dropped = Counter(counters.dropped)
    extra = fin.get("finalize", {})
    if extra.get("duplicates_removed"):
        dropped["image:duplicate_image"] += extra["duplicates_removed"]
    if extra.get("near_duplicates_dropped"):
        dropped["image:near_duplicate"] += extra["near_duplicates_dropped"]
    kept = fin["kept"]
    know_total = sum(n for k, n in kept.items() if k.startswith("know/"))
    pool_total = sum(n for k, n in kept.items() if k.startswith("pool/"))
    elapsed = max(counters.elapsed_s, 1e-9)
    per_lang = {lang: dict(sorted(c.items())) for lang, c in sorted(counters.per_lang.items())}
    for lang in sorted(set(per_lang) | {k.split("/", 1)[1] for k in kept}):  # final numbers, after dedup
        c = per_lang.setdefault(lang, {})
        c["know"], c["pool"] = kept.get(f"know/{lang}", 0), kept.get(f"pool/{lang}", 0)
    links_refused: Counter[str] = Counter()
    for r in results:
        links_refused.update(r.get("links_refused", {}))
        for host, n in r.get("requests_per_host", {}).items():
            counters.per_host[host]["requests"] += n
    stats = {
        "stage": "crawl",
        "kept": kept,
        "know_total": know_total,
        "pool_total": pool_total,
        "kept_total": know_total + pool_total,
        "dropped": dict(sorted(dropped.items())),
        "dropped_total": sum(dropped.values()),
        **{k: totals.get(k, 0) for k in TOTALS},
        "bytes_downloaded": totals.get("bytes", 0),
        "requests": sum(r.get("requests", 0) for r in results),
        "pool_reasons": {k.split(":", 1)[1]: n for k, n in sorted(totals.items()) if k.startswith("pool_reason:")},
        "links_refused": dict(sorted(links_refused.items())),
        "per_host": {h: dict(sorted(c.items())) for h, c in sorted(counters.per_host.items())},
        "per_lang": per_lang,
        "max_in_flight_per_host": _max_per_host(results),
        "finalize": extra,
        "elapsed_s": round(counters.elapsed_s, 3),
        "images_per_s": round((know_total + pool_total) / elapsed, 3),
        "rows_per_s": round((know_total + pool_total) / elapsed, 3),
        "pages_per_s": round(totals.get("pages_fetched", 0) / elapsed, 3),
        "pages_left_in_frontier": sum(r.get("pages_left_in_frontier", 0) for r in results),
        "stopped_by_deadline": any(r.get("stopped_by_deadline") for r in results),
        "checkpoints": sum(r.get("checkpoints", 0) for r in results),
        # bytes of each actor's checkpoints this run: flat over the run (state_log.py), not growing
        "checkpoint_bytes_max": max((b for r in results for b in r.get("checkpoint_bytes", [])), default=0),
        "crawl_delay_overlaps": sum(r.get("crawl_delay_overlaps", 0) for r in results),  # must be 0
        "resumed": resumed,
        "seeds": seeds,
        "sites": len(plan["site_owners"]),
        "num_actors": plan["num_actors"],
    }
    return stats


def _max_per_host(results: list[dict]) -> dict[str, int]:
    out: Counter[str] = Counter()
    for r in results:
        for host, n in r.get("max_in_flight_per_host", {}).items():
            out[host] = max(out[host], n)
    return dict(sorted(out.items()))
