"""After the last actor finished: one row per image crawl-wide, with its best text.

Actors write rows as they go, so three things can only be settled once the crawl is over:
- exact duplicates across actors (the same bytes under URLs owned by different actors);
- the best text of an image that was seen again after its row was written (a text better
  than the row's is logged to crawl/alt_candidates; dedup.py has the rule), which may also
  move an image from the pool to D_know;
- near duplicates by perceptual hash (dedup.py): flagged, or dropped;
- template alts, one text that a site gives to many images (repeated_alts.py), the alt of an
  image on most pages of its site (site_chrome.py) and a teaser's headline (teasers.py): not a
  caption, wherever on the site it appears.

The driver reads key columns of every image row (img_id, lang, url, hash, size: no image
bytes, no texts) and the full text fields only of the images seen more than once or with a
logged candidate. `plan_edits` returns the shards that must change (moves between know and
pool, better texts, duplicates to delete): usually few. `apply_edits` rewrites just those.
Near-duplicate groups are not written into the image shards: they go to a small table,
crawl/annotations (img_id, dup_group), which the mix joins. Every step is idempotent and
crash-safe: a new shard is written (with its marker) before the old one is removed, so a
crash leaves at worst a duplicate row, which the next run of finalize removes again.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.crawl.checkpoint import IMAGE_OUTPUTS, output_folder
from mella_ray.crawl.finalize_plan import Plan, plan_edits
from mella_ray.crawl.finalize_reads import (
    Mapper,
    read_candidates,
    read_keys,
    read_metadata,
    seen_more_than_once,
    thread_map,
)
from mella_ray.crawl.repeated_alts import repeated_alt_keys
from mella_ray.crawl.site_chrome import site_alt_keys
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

_REWRITTEN = re.compile(r"-r[0-9a-f]{8}$")
ANNOTATIONS = "annotations"


def _digest(parts: list) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]


def apply_edits(crawl_dir: str, plan: Plan, mapper: Mapper = thread_map) -> int:
    """Rewrite the shards the plan touches. `mapper(fn, items)` runs `rewrite_shard` on each
    item: the crawl stage passes one that runs them on its actors (or as Ray tasks), so image
    bytes stay on the cluster."""
    items = []
    for key in sorted(plan.shards()):
        moves = {i: dict(m) for i, m in plan.moves.get(key, {}).items()}
        items.append((crawl_dir, *key, dict(plan.patches.get(key, {})), moves, sorted(plan.deletes.get(key, set()))))
    mapper(rewrite_shard, items)
    rows = [
        {"url": url, "kind": "image", "lang": lang, "reason": "near_duplicate", "error": f"near duplicate of {rep}"}
        for _, url, lang, rep in plan.near_dup_drops
    ] + [
        {"url": url, "kind": "alt", "lang": lang, "reason": "alt_repeated", "error": f"a template alt: {alt[:200]}"}
        for url, lang, alt in plan.repeated_alts
    ]
    if rows:
        name = f"finalize-{_digest(sorted(plan.near_dup_drops) + sorted(plan.repeated_alts))}"
        ShardedOutput(output_folder(crawl_dir, "failures")).write(name, records.to_table(rows, records.CRAWL_FAILURES))
    return len(plan.shards())


def write_groups(crawl_dir: str, dup_group: dict[str, str]) -> bool:
    """crawl/annotations: img_id -> dup_group. The new table is written under a name made from
    its contents before the old one goes, so a crash leaves the old or the new one whole.
    Returns False when the same groups are already there."""
    out = ShardedOutput(output_folder(crawl_dir, ANNOTATIONS))
    ids = sorted(dup_group)
    name = f"groups-{_digest([(i, dup_group[i]) for i in ids])}"
    old = out.done_names()
    if old == {name}:
        return False
    out.write(
        name, pa.table({"img_id": ids, "dup_group": [dup_group[i] for i in ids]}, schema=records.CRAWL_ANNOTATIONS)
    )
    for other in old - {name}:
        out.remove(other)
    return True


def read_groups(crawl_dir: str) -> dict[str, str]:
    t = ShardedOutput(output_folder(crawl_dir, ANNOTATIONS)).read_all()
    return dict(zip(t.column("img_id").to_pylist(), t.column("dup_group").to_pylist())) if t is not None else {}


def rewrite_shard(item: tuple) -> None:
    """Edit one shard in Arrow: only the small text columns become Python values; the image
    bytes are sliced, never copied into Python objects. `item`: (crawl_dir, output, shard,
    patches {row: fields}, moves {row: {"to": output, **fields}}, rows to delete)."""
    crawl_dir, output, shard, patches, moves, deletes = item
    outputs = {name: ShardedOutput(output_folder(crawl_dir, name)) for name in IMAGE_OUTPUTS}
    out = outputs[output]
    path = storage.join(out.folder, f"{shard}.parquet")
    if not storage.exists(path):  # a try that died after its last step: the rewrite is done
        return
    table = storage.read_parquet(path)
    deletes = set(deletes)
    edits = {**patches, **{i: {k: v for k, v in m.items() if k != "to"} for i, m in moves.items()}}
    for name in sorted({k for e in edits.values() for k in e}):
        values = table.column(name).to_pylist()
        for i, e in edits.items():
            if name in e:
                values[i] = e[name]
        where = table.schema.get_field_index(name)
        table = table.set_column(where, table.schema.field(name), pa.array(values, table.schema.field(name).type))
    moved = defaultdict(list)
    for i, move in sorted(moves.items()):
        moved[move["to"]].append(i)
    stay = [i for i in range(table.num_rows) if i not in deletes and i not in moves]
    for target, rows in moved.items():  # new shards first, then the old one goes
        part = table.take(rows)
        name = f"{_REWRITTEN.sub('', shard)}-m{_digest(part.column('img_id').to_pylist())}"
        outputs[target].write(name, part)
    if stay:
        part = table.take(stay)
        ident = list(zip(*(part.column(c).to_pylist() for c in ("img_id", "alt", "dup_group"))))
        out.write(f"{_REWRITTEN.sub('', shard)}-r{_digest(ident)}", part)
    storage.remove(storage.join(out.folder, "_done", shard))
    storage.remove(path)


def finalize(
    crawl_dir: str,
    near_mode: str,
    distance: int,
    mapper: Mapper = thread_map,
    max_images_per_alt: int = 0,
    template_alt_share: float = 0.0,
) -> dict:
    """Plan and apply; returns counts for stats.json (final rows per output and language)."""
    keys = read_keys(crawl_dir, mapper)
    cands = read_candidates(crawl_dir, mapper)
    # template alts, the alts of images on most pages of a site, teasers' headlines: no image's text
    repeated = repeated_alt_keys(keys, max_images_per_alt, template_alt_share) | site_alt_keys(crawl_dir, mapper)
    templated = keys.filter(pc.is_in(keys.column("alt_key"), value_set=pa.array(sorted(repeated), pa.uint64())))
    ids = seen_more_than_once(keys.column("img_id")) | set(cands) | set(templated.column("img_id").to_pylist())
    occ = read_metadata(keys, pa.array(sorted(ids), pa.string()), crawl_dir, mapper)
    plan = plan_edits(keys, occ, cands, near_mode, distance, crawl_dir, mapper, repeated)
    del keys
    edits = plan.shards() or plan.near_dup_drops or plan.repeated_alts
    rewritten = apply_edits(crawl_dir, plan, mapper) if edits else 0
    groups_written = write_groups(crawl_dir, plan.dup_group)
    log.info(
        "crawl finalize: %d image(s), %d shard(s) rewritten, %s", sum(plan.kept.values()), rewritten, dict(plan.counts)
    )
    return {
        "kept": {k: n for k, n in sorted(plan.kept.items()) if n},
        "finalize": {**dict(plan.counts), "shards_rewritten": rewritten, "groups_written": groups_written},
    }
