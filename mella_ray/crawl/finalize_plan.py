"""Crawl finalize's plan: which rows to keep, move, patch or delete, decided on key columns and
the full rows of the few images that need a decision (finalize.py applies it).

An image seen more than once keeps one row, in D_know with its best text (dedup.py's rule) or
in the pool when no usable text is left; near-duplicate groups get a representative (the
D_know row with the most pixels), flagged or the others dropped; a site's template alt
(repeated_alts.py) is no caption.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from mella_ray.crawl.dedup import group_labels, rank_key, row_source
from mella_ray.crawl.finalize_reads import Mapper, Occurrence, read_metadata, thread_map
from mella_ray.crawl.repeated_alts import alt_key
from mella_ray.runtime.hexkeys import hex_to_uint64

TEXT_FIELDS = ("alt", "page_url", "image_url", "lang", "page_title", "figcaption")
_FROM_FINALIZE = re.compile(r"-[rm][0-9a-f]{8}$")  # shards finalize wrote (rewritten or moved rows)


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


def _best_text(img_id: str, occurrences: list[Occurrence], logged: list[dict], repeated: set[int]) -> dict | None:
    """The best usable candidate: logged ones, plus the text of every D_know row itself; a
    site's template alt (repeated_alts.py) is no candidate."""
    cands = [dict(c) for c in logged]
    for o in occurrences:
        if o.output == "know" and o.fields["alt"]:
            f = o.fields
            cands.append({**{k: f[k] for k in TEXT_FIELDS}, "source": row_source(f["alt"], f["figcaption"])})
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
