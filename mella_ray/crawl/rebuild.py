"""What an actor without a readable checkpoint can rebuild from its own finished shards.

A crawl that lost its actor's state files (deleted, or every one torn), or that crashed
before its first checkpoint but after a shard filled, still has the actor's done shards
(`a{actor}-{seq}`, with their done markers). Instead of deleting them and fetching every
image again, the actor reads three small columns back: the image URLs it stored
(know, pool) or gave up on (failures of kind image) become its done URLs, and the texts of
its D_know rows and the better ones it logged later (alt_candidates) give each image's best
text key, so a later sighting only logs a better one still. Its page queue starts again from
the seeds (pages are cheap, and their images are now known), and new shards are numbered after the last one found.
"""

from __future__ import annotations

import logging

from mella_ray.crawl.checkpoint import output_folder, parse_shard
from mella_ray.crawl.dedup import rank_key, row_source
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

COLUMNS = {
    "know": ["img_id", "image_url", "alt", "page_url", "figcaption"],
    "pool": ["img_id", "image_url"],
    "failures": ["url", "kind"],
    "alt_candidates": ["img_id", "alt", "source", "page_url", "image_url"],
}


def _own_shards(crawl_dir: str, name: str, index: int) -> list[tuple[int, str]]:
    out = ShardedOutput(output_folder(crawl_dir, name))
    found = []
    for path in out.shard_paths():
        parsed = parse_shard(path.rsplit("/", 1)[-1])
        if parsed is not None and parsed[0] == index:
            found.append((parsed[1], path))
    return found


def rebuild_from_outputs(crawl_dir: str, index: int) -> dict | None:
    """{"done": URL -> img_id, "best": img_id -> key, "next_seq"} from actor `index`'s shards; None if none."""
    done: dict[str, str] = {}
    best: dict[str, tuple | None] = {}
    last = -1
    for name, columns in COLUMNS.items():
        for seq, path in _own_shards(crawl_dir, name, index):
            last = max(last, seq)
            rows = storage.read_parquet(path, columns).to_pylist()
            if name == "failures":
                done.update((r["url"], "") for r in rows if r["kind"] == "image")
                continue
            for r in rows:
                if name != "alt_candidates":
                    done[r["image_url"]] = r["img_id"]
                if name == "pool":
                    best.setdefault(r["img_id"], None)
                    continue
                source = r["source"] if name == "alt_candidates" else row_source(r["alt"], r["figcaption"])
                key = rank_key(True, source, r["alt"], r["page_url"], r["image_url"])
                if best.get(r["img_id"]) is None or key < best[r["img_id"]]:
                    best[r["img_id"]] = key
    if last < 0:
        return None
    log.info(
        "crawl actor %d: no checkpoint; rebuilt %d done image URL(s) from its %s shard(s)", index, len(done), "finished"
    )
    return {"done": done, "best": best, "next_seq": last + 1}
