"""After the last actor finished: one row per image crawl-wide, with its best text.

Actors write rows as they go, so three things can only be settled once the crawl is over:
- exact duplicates across actors (the same bytes under URLs owned by different actors);
- the best text of an image that was seen again after its row was written (every usable
  text is logged to crawl/alt_candidates; dedup.py has the rule), which may also move
  an image from the pool to D_know;
- near duplicates by perceptual hash (dedup.py): flagged, or dropped;
- template alts, one text that a site gives to many images (repeated_alts.py), and the alt of an
  image on most pages of its site (site_chrome.py): not a caption.

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
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.crawl.alt_filter import normalize_alt
from mella_ray.crawl.alt_rules import strip_trailing_credit
from mella_ray.crawl.checkpoint import IMAGE_OUTPUTS, output_folder
from mella_ray.crawl.dedup import SOURCE_ALT, SOURCE_FIGCAPTION, group_labels, rank_key
from mella_ray.crawl.finalize_reads import (
    Mapper,
    Occurrence,
    read_candidates,
    read_keys,
    read_metadata,
    seen_more_than_once,
)
from mella_ray.crawl.repeated_alts import alt_key, repeated_alt_keys
from mella_ray.crawl.site_chrome import chrome_alt_keys
from mella_ray.runtime import storage
from mella_ray.runtime.hexkeys import hex_to_uint64
from mella_ray.runtime.shards import ShardedOutput

log = logging.getLogger(__name__)

TEXT_FIELDS = ("alt", "page_url", "image_url", "lang", "page_title", "figcaption")
_REWRITTEN = re.compile(r"-r[0-9a-f]{8}$")
_FROM_FINALIZE = re.compile(r"-[rm][0-9a-f]{8}$")  # shards finalize wrote (rewritten or moved rows)
REWRITE_THREADS = 4


ANNOTATIONS = "annotations"


@dataclass
class Plan:
    patches: dict[tuple[str, str], dict[int, dict]] = field(default_factory=lambda: defaultdict(dict))
    moves: dict[tuple[str, str], dict[int, dict]] = field(default_factory=lambda: defaultdict(dict))
    deletes: dict[tuple[str, str], set[int]] = field(default_factory=lambda: defaultdict(set))
    near_dup_drops: list[tuple[str, str, str, str]] = field(default_factory=list)  # (img_id, url, lang, rep)
    repeated_alts: list[tuple[str, str, str]] = field(default_factory=list)  # (image url, lang, alt) sent to pool
    dup_group: dict[str, str] = field(default_factory=dict)  # img_id -> its group's representative
    kept: Counter = field(default_factory=Counter)  # "output/lang" -> images after finalize
    counts: Counter = field(default_factory=Counter)

    def shards(self) -> set[tuple[str, str]]:
        return set(self.patches) | set(self.moves) | set(self.deletes)


def thread_map(fn: Callable, items: list) -> list:
    """The default mapper: a few shards at a time in this process (Parquet I/O releases the GIL)."""
    with ThreadPoolExecutor(REWRITE_THREADS) as pool:
        return list(pool.map(fn, items))


def _best_text(img_id: str, occurrences: list[Occurrence], logged: list[dict], repeated: set[int]) -> dict | None:
    """The best usable candidate: logged ones, plus the text of every D_know row itself; a
    site's template alt (repeated_alts.py) is no candidate."""
    cands = [dict(c) for c in logged]
    for o in occurrences:
        if o.output == "know" and o.fields["alt"]:
            f = o.fields
            # the row's alt is cleaned (credit cut, normalised) while its figcaption is stored raw
            from_caption = f["figcaption"] is not None and (
                f["alt"] == f["figcaption"] or f["alt"] == strip_trailing_credit(normalize_alt(f["figcaption"]))
            )
            source = SOURCE_FIGCAPTION if from_caption else SOURCE_ALT
            cands.append({**{k: f[k] for k in TEXT_FIELDS}, "source": source})
    if repeated:
        cands = [c for c in cands if alt_key(c["page_url"], c["alt"]) not in repeated]
    if not cands:
        return None
    return min(cands, key=lambda c: rank_key(True, c["source"], c["alt"], c["page_url"], c["image_url"]))


def plan_edits(
    keys: pa.Table,
    occ: dict[str, list[Occurrence]],
    cands: dict[str, list[dict]],
    near_mode: str,
    distance: int,
    crawl_dir: str = "",
    mapper: Mapper = thread_map,
    repeated: set[int] = frozenset(),
) -> Plan:
    """`keys`: every image row (read_keys); `occ`: the full rows of the images seen more than
    once, with logged candidates or with a template alt (`repeated`). Any other image is its
    own keeper, its text unchanged; the full rows of those in near-duplicate groups are read
    from `crawl_dir` as needed."""
    plan = Plan()
    keepers: dict[str, tuple[Occurrence, str, dict]] = {}
    for img_id, rows in occ.items():
        best = _best_text(img_id, rows, cands.get(img_id, []), repeated)
        templated = repeated and [  # hashing every seen-twice row only when some alt is a template
            o for o in rows if o.output == "know" and alt_key(o.fields["page_url"], o.fields["alt"]) in repeated
        ]
        if templated and best is None:
            o = templated[0]
            plan.repeated_alts.append((o.fields["image_url"], o.fields["lang"], o.fields["alt"]))
            plan.counts["alt_repeated"] += 1
        target = "know" if best is not None else "pool"
        wanted = {k: best[k] for k in TEXT_FIELDS} if best is not None else None

        def fit(o: Occurrence, wanted: dict | None = wanted, target: str = target) -> tuple:
            same = wanted is None or all(o.fields[k] == wanted[k] for k in TEXT_FIELDS)
            # On a tie the row finalize already wrote wins: after a crash between writing a
            # shard's rewrite and removing the original, the original is the stale copy.
            return (o.output != target, not same, o.output, not _FROM_FINALIZE.search(o.shard), o.shard, o.row)

        rows = sorted(rows, key=fit)
        keeper = rows[0]
        if wanted is None:
            wanted = {**{k: keeper.fields[k] for k in TEXT_FIELDS}, "alt": None}
        keepers[img_id] = (keeper, target, wanted)
        for extra in rows[1:]:  # the same bytes twice (two actors, or a crash between steps)
            plan.deletes[(extra.output, extra.shard)].add(extra.row)
            plan.counts["duplicates_removed"] += 1
    # every other image has one row, which stays where it is, as it is
    single = pc.invert(pc.is_in(keys.column("img_id"), value_set=pa.array(list(occ), pa.string())))
    if near_mode != "off":
        groups = _near_duplicates(keys, distance)
        singles_in = sorted({m for g in groups for m in g} - set(keepers))
        for img_id, (o, *_) in read_metadata(keys, pa.array(singles_in, pa.string()), crawl_dir, mapper).items():
            keepers[img_id] = (o, o.output, None)  # unchanged: no text edits are planned for it
        for group in groups:
            rep = min(
                group,
                key=lambda i: (
                    keepers[i][1] != "know",
                    -(keepers[i][0].fields["width"] * keepers[i][0].fields["height"]),
                    i,
                ),
            )
            plan.counts["near_duplicate_groups"] += 1
            for member in group:
                if near_mode == "flag":
                    plan.dup_group[member] = rep
                elif member != rep:  # drop: the representative stays, with no near duplicate left
                    o = keepers.pop(member)[0]
                    plan.deletes[(o.output, o.shard)].add(o.row)
                    plan.near_dup_drops.append((member, o.fields["image_url"], o.fields["lang"], rep))
                    plan.counts["near_duplicates_dropped"] += 1
                    if member not in occ:  # a single: counted below with the others, so taken off here
                        plan.kept[f"{o.output}/{o.fields['lang']}"] -= 1
            plan.counts["near_duplicates_flagged"] += len(group) if near_mode == "flag" else 0
    kept = keys.select(["output", "lang"]).filter(single)
    kept = kept.set_column(0, "output", kept.column("output").cast(pa.string()))
    for r in kept.group_by(["output", "lang"]).aggregate([("lang", "count")]).to_pylist():
        plan.kept[f"{r['output']}/{r['lang']}"] += r["lang_count"]
    for img_id in [i for i, k in keepers.items() if k[2] is None]:
        del keepers[img_id]  # singles that were looked at only as near duplicates
    for keeper, target, wanted in keepers.values():
        changed = {k: v for k, v in wanted.items() if keeper.fields[k] != v}
        key = (keeper.output, keeper.shard)
        if keeper.output != target:
            plan.moves[key][keeper.row] = {"to": target, **wanted}
            plan.counts[f"moved_to_{target}"] += 1
        elif changed:
            plan.patches[key][keeper.row] = changed
            plan.counts["texts_updated"] += "alt" in changed
        plan.kept[f"{target}/{wanted['lang']}"] += 1
    return plan


def _near_duplicates(keys: pa.Table, distance: int) -> list[list[str]]:
    """Near-duplicate groups of distinct images, found on arrays over every image row: the rows
    of one image (the same bytes seen twice) share its hash, so they fall into one group, which
    counts as a group only with two or more distinct images. Only group members become Python."""
    labels = group_labels(*hex_to_uint64(keys.column("phash")), distance)
    members = np.nonzero(labels >= 0)[0]
    groups: dict[int, set[str]] = defaultdict(set)
    ids = keys.column("img_id").take(pa.array(members))
    for label, img_id in zip(labels[members].tolist(), ids.to_pylist(), strict=True):
        groups[label].add(img_id)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


def _digest(parts: list) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()[:8]


def apply_edits(crawl_dir: str, plan: Plan, mapper: Mapper = thread_map) -> int:
    """Rewrite the shards the plan touches. `mapper(fn, items)` runs `rewrite_shard` on each
    item: the crawl stage passes one that runs them as Ray tasks, so image bytes stay on workers."""
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
    table = storage.read_parquet(storage.join(out.folder, f"{shard}.parquet"))
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
    storage.remove(storage.join(out.folder, f"{shard}.parquet"))


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
    # template alts, and the alts of images on most pages of a site (site_chrome.py): no image's text
    repeated = repeated_alt_keys(keys, max_images_per_alt, template_alt_share) | chrome_alt_keys(crawl_dir)
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
