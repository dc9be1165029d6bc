"""Seeds in, seeds per actor out: reading crawl.seeds / crawl.seeds_file, and the host plan.

Every seed site goes to exactly one actor; hosts that are not seed sites (a CDN, another
site's image) belong to `crc32(site) % num_actors` (mailbox.Router). Either way each host has
one owner in the whole cluster, which is what makes per-host politeness cluster-wide.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import zlib
from collections import Counter

from mella_ray.crawl.urls import canonicalize, site_key
from mella_ray.runtime import storage

log = logging.getLogger(__name__)


def load_seeds(cfg, demo_site_url: str | None = None) -> list[dict]:
    """Seeds from cfg.crawl.seeds and cfg.crawl.seeds_file, `{demo_site}` substituted.

    Seeds in languages outside cfg.languages are skipped (a seed file may cover more
    languages than a job); malformed rows fail with the file and line.
    """
    raw = [(f"crawl.seeds.{i}", s.url, s.lang) for i, s in enumerate(cfg.crawl.seeds)]
    if cfg.crawl.seeds_file:
        raw += _read_seeds_file(cfg.crawl.seeds_file)
    seeds, skipped, seen = [], Counter(), set()
    for where, url, lang in raw:
        if "{demo_site}" in url:
            if not demo_site_url:
                raise ValueError(f"{where}: {url!r} uses {{demo_site}} but no demo site URL was given")
            url = url.replace("{demo_site}", demo_site_url.rstrip("/"))
        canon = canonicalize(url)
        if canon is None:
            raise ValueError(f"{where}: {url!r} is not an http(s) URL")
        if lang not in cfg.languages:
            skipped[lang] += 1
            continue
        if canon not in seen:
            seen.add(canon)
            seeds.append({"url": canon, "lang": lang})
    if skipped:
        log.info("crawl: skipped seeds in languages not in this job: %s", dict(skipped))
    return seeds


def _read_seeds_file(path: str) -> list[tuple[str, str, str]]:
    text = storage.read_text(path)
    out = []
    if path.endswith((".jsonl", ".json")) or text.lstrip().startswith("{"):
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                out.append((f"{path}:{n}", str(row["url"]), str(row["lang"])))
            except (ValueError, KeyError, TypeError) as e:
                raise ValueError(f"{path}:{n}: expected a JSON object with url and lang ({e})") from None
        return out
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"url", "lang"} <= {f.strip() for f in reader.fieldnames}:
        raise ValueError(f"{path}: a CSV seeds file needs a header with url and lang columns")
    for n, row in enumerate(reader, 2):
        row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
        if not row.get("url") or not row.get("lang"):
            raise ValueError(f"{path}:{n}: url and lang must not be empty")
        out.append((f"{path}:{n}", row["url"], row["lang"]))
    return out


def partition(seeds: list[dict], num_actors: int) -> list[list[dict]]:
    """Seeds per actor: every seed of a site goes to the same actor, sites spread evenly.

    Sites are ordered by a stable hash (crc32: Python's hash() varies by process) and dealt
    round-robin. Like `hash % num_actors` this gives each site exactly one owner, but it
    cannot leave an actor idle when a handful of sites collide (2 sites on 2 actors would
    share one actor half of the time).
    """
    sites = sorted({site_key(s["url"]) for s in seeds}, key=lambda h: (zlib.crc32(h.encode()), h))
    owner = {site: i % num_actors for i, site in enumerate(sites)}
    parts: list[list[dict]] = [[] for _ in range(num_actors)]
    for seed in seeds:
        parts[owner[site_key(seed["url"])]].append(seed)
    return parts


def page_budgets(parts: list[list[dict]], max_pages: int) -> list[int]:
    """cfg.max_pages shared by actors in proportion to their sites (largest remainder), each ≥ 1."""
    sites = [len({site_key(s["url"]) for s in p}) for p in parts]
    total = sum(sites) or 1
    exact = [max_pages * n / total for n in sites]
    budgets = [int(x) for x in exact]
    for i in sorted(range(len(parts)), key=lambda i: exact[i] - budgets[i], reverse=True)[: max_pages - sum(budgets)]:
        budgets[i] += 1
    return [max(b, 1) if sites[i] else 0 for i, b in enumerate(budgets)]


def site_owners(parts: list[list[dict]]) -> dict[str, int]:
    """Seed site -> the index of the actor that owns it."""
    return {site_key(s["url"]): i for i, part in enumerate(parts) for s in part}
