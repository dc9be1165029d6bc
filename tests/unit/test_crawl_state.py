"""Resume plumbing without a network: frontier state, messages between actors, checkpoints,
shard pruning, the best-alt rule, near duplicates and finalize."""

from __future__ import annotations

import gzip
import io
import random
import zlib

import numpy as np
import pytest
from PIL import Image

from mella_ray import records
from mella_ray.config import CrawlConfig
from mella_ray.crawl.checkpoint import ShardBuffers, parse_shard, state_dir
from mella_ray.crawl.dedup import (
    NearDuplicateSearchTooLarge,
    Sighting,
    choose,
    close_pairs,
    comparisons,
    judge,
    near_duplicate_groups,
)
from mella_ray.crawl.finalize import finalize, read_groups
from mella_ray.crawl.frontier import Frontier
from mella_ray.crawl.mailbox import Inbox, Outbox, Router
from mella_ray.crawl.state_log import StateLog
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput


def test_frontier_round_trips_with_pages_in_flight():
    f = Frontier(max_depth=2, max_pages=10, max_pages_per_host=10, max_query_variants=2)
    f.add_seed("http://a.cz/", "cs")
    seed = f.pop()
    for link in ("http://a.cz/1", "http://a.cz/2", "http://a.cz/p?x=1"):
        f.add_link(link, seed)
    f.finished(seed)  # its job ended: not redone after a resume
    running = f.pop()  # in flight when the checkpoint is taken
    state = f.to_state(in_flight=[running])
    g = Frontier(max_depth=2, max_pages=10, max_pages_per_host=10, max_query_variants=2)
    g.load_state(state)
    assert [g.pop().url for _ in range(3)] == ["http://a.cz/1", "http://a.cz/2", "http://a.cz/p?x=1"]
    assert g.pop() is None and g.taken_total == 4  # the seed, and the three again
    assert not g.add_link("http://a.cz/2", seed)  # the seen-set survived
    assert g.add_link("http://a.cz/p?x=2", seed) and not g.add_link("http://a.cz/p?x=3", seed)  # variants too


def test_frontier_only_hands_out_ready_hosts():
    f = Frontier(max_depth=1, max_pages=10, max_pages_per_host=10)
    f.add_seed("http://slow.cz/", "cs")
    f.add_seed("http://fast.cz/", "cs")
    assert f.pop(ready=lambda host: host != "slow.cz").url == "http://fast.cz/"
    assert f.pop(ready=lambda host: host != "slow.cz") is None
    assert f.pop().url == "http://slow.cz/"


def test_router_owns_every_host_once():
    router = Router(0, 3, {"a.cz": 2})
    assert router.owner("http://www.a.cz/x") == 2 and not router.mine("http://a.cz/")
    owners = {Router(i, 3, {}).owner("http://cdn.example.org/i.jpg") for i in range(3)}
    assert len(owners) == 1  # every actor computes the same owner


def test_mailbox_delivers_once_and_resends_after_a_restart():
    out, inbox = Outbox(), Inbox()
    out.add(1, {"n": 1})
    out.add(1, {"n": 2})
    [(peer, batch)] = out.take_batches()
    assert peer == 1 and batch["items"] == [{"n": 1}, {"n": 2}]
    assert inbox.accept(0, batch["epoch"], batch["seq"]) and not inbox.accept(0, batch["epoch"], batch["seq"])
    # The receiver restarts from a checkpoint taken before the batch: the sender resends it.
    restored = Inbox()
    restored.load_state({})
    assert out.unacked_for(1, restored.held(0)) == [batch]
    # Once the receiver's checkpoint holds it, the sender forgets it.
    out.ack(1, inbox.held(0))
    assert out.unacked_for(1, {}) == []
    # A restarted sender numbers under a new epoch: its redone batch 1 is not taken for the old one.
    again = Outbox()
    again.load_state(out.to_state())
    again.add(1, {"n": 3})
    [(_, redone)] = again.take_batches()
    assert redone["epoch"] != batch["epoch"] and inbox.accept(0, redone["epoch"], redone["seq"])


def test_checkpoints_are_deltas_compacted_and_fall_back_past_a_torn_file(tmp_path, monkeypatch):
    import mella_ray.crawl.state_log as state_log

    monkeypatch.setattr(state_log, "MIN_COMPACT_BYTES", 1)
    crawl = str(tmp_path / "crawl")
    log = StateLog(crawl, 0)
    assert log.load() is None and log.wants_base()
    log.save({"v": 1, "growing": {"seen": ["a"], "done": {"u1": "x"}}}, whole=True)
    assert not log.wants_base()
    many = [f"http://x.cz/{i}" for i in range(300)]
    log.save({"v": 2, "growing": {"seen": ["b", *many], "done": {"u2": ""}}}, whole=False)
    StateLog(crawl, 1).save({"v": 9, "growing": {}}, whole=True)  # another actor's: never mixed in
    state = StateLog(crawl, 0).load()
    assert state["v"] == 2 and state["growing"] == {"seen": {"a", "b", *many}, "done": {"u1": "x", "u2": ""}}
    assert log.wants_base()  # the deltas reached the base's size: the next one is whole
    log.save({"v": 3, "growing": {"seen": ["a", "b", "c"], "done": {}}}, whole=True)
    log.save({"v": 4, "growing": {"seen": ["d"]}}, whole=False)
    names = sorted(p.rsplit("/", 1)[1] for p in storage.list_files(state_dir(crawl), suffix=".json.gz"))
    assert names == [
        "a0-b000001-d000001.json.gz",
        "a0-b000001.json.gz",
        "a0-b000002-d000001.json.gz",
        "a0-b000002.json.gz",
        "a1-b000001.json.gz",
    ]  # the base before stays as the fallback
    torn = f"{state_dir(crawl)}/a0-b000002-d000001.json.gz"
    storage.write_bytes(torn, gzip.compress(b'{"v": 5')[:20])  # torn mid-write
    again = StateLog(crawl, 0)
    assert again.load()["v"] == 3 and again.deltas == 0  # the delta before it; the next save overwrites it
    storage.write_bytes(f"{state_dir(crawl)}/a0-b000002.json.gz", b"torn")
    assert StateLog(crawl, 0).load()["growing"]["seen"] == {"a", "b", *many}  # the base before, with its delta


def test_prune_removes_only_shards_written_after_the_checkpoint(tmp_path):
    crawl = str(tmp_path / "crawl")
    buf = ShardBuffers(crawl, 0, shard_rows=1)
    other = ShardBuffers(crawl, 1, shard_rows=1)
    for b in (buf, other):
        for i in range(3):
            b.add("failures", {"url": f"http://x/{i}", "kind": "page", "reason": "http_404"})
            for name, shard, rows in b.take():
                b._write_one(name, shard, rows)
    storage.write_bytes(f"{crawl}/failures/a0-000009.parquet", b"torn")  # no marker: a crash mid-write
    assert buf.prune_after(1) == 3
    assert sorted(ShardedOutput(f"{crawl}/failures").done_names()) == [
        "a0-000000",
        "a1-000000",
        "a1-000001",
        "a1-000002",
    ]
    assert buf.next_seq == 1 and parse_shard("a0-000003-r1a2b3c4d") == (0, 3)


def test_best_alt_rule():
    cfg = CrawlConfig()
    seen = [
        Sighting("http://x/i.jpg", "http://x/b", "cs", ["Praha"], caption="Karlův most za svítání v zimě"),
        Sighting("http://x/i.jpg", "http://x/c", "cs", ["Karlův most v zimě"]),
        Sighting("http://x/i.jpg", "http://x/a", "cs", ["Karlův most v létě"]),
        Sighting("http://x/i.jpg", "http://x/d", "cs", ["image"]),
    ]
    candidates = [c for s in seen for c in judge(s, s.url, cfg)]
    best = choose(candidates)
    # usable > alt attribute over figcaption > longer > a fixed order (crc32) between equals
    tie = min(("http://x/c", "http://x/a"), key=lambda page: zlib.crc32(f"{page} http://x/i.jpg".encode()))
    assert (
        best.page_url == tie
        and best.text == {"http://x/c": "Karlův most v zimě", "http://x/a": "Karlův most v létě"}[tie]
    )
    assert choose(list(reversed(candidates))) == best  # whatever order the pages were seen in
    assert choose(judge(seen[3], seen[3].url, cfg)).reason == "alt_generic"
    assert choose(judge(Sighting("u", "p", "cs", []), "u", cfg)).reason == "alt_missing"


def test_near_duplicate_groups_chain_within_the_distance():
    hashes = {
        "a": "ffffffffffffffff",
        "b": "fffffffffffffff0",
        "c": "ffffffffffffff00",
        "d": "0000000000000000",
        "e": "000000000000000f",
        "f": None,
        "g": "ffffffffffffffff",
    }
    # b is within 4 bits of white, so it is a flat image and joins a and g; c is 8 bits from white
    assert near_duplicate_groups(hashes, 4) == [["a", "b", "g"], ["d", "e"]]
    assert near_duplicate_groups(hashes, 0) == [["a", "g"]]
    odd = {"a": "0" * 16, "b": "1" + "0" * 16, "c": "-1", "d": "zz", "e": "0" * 15 + "1"}  # too wide, negative, not hex
    assert near_duplicate_groups(odd, 4) == [["a", "e"]]


def _jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (64, 48))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(64 * 48)])
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def _row(img_id, alt, page, phash, lang="cs", image=b"x"):
    return {
        "img_id": img_id,
        "image": image,
        "image_url": f"http://s/{img_id}.jpg",
        "page_url": page,
        "lang": lang,
        "alt": alt,
        "width": 100,
        "height": 80,
        "format": "JPEG",
        "category": None,
        "page_title": "T",
        "figcaption": None,
        "phash": phash,
        "dup_group": None,
    }


@pytest.mark.parametrize("mode", ["flag", "drop"])
def test_finalize_dedups_picks_best_texts_and_handles_near_duplicates(tmp_path, mode):
    crawl = str(tmp_path / "crawl")
    know, pool = ShardedOutput(f"{crawl}/know"), ShardedOutput(f"{crawl}/pool")
    know.write(
        "a0-000000",
        records.to_table(
            [
                _row("id1", "Staroměstské náměstí", "http://s/p1", "ff00ff00ff00ff00"),
                _row("id2", "Tančící dům v Praze", "http://s/p1", "0f0f0f0f0f0f0f0f"),
            ],
            records.CRAWL_IMAGES,
        ),
    )
    # id1 again (another actor), id3 in the pool, id4 a near duplicate of id2
    pool.write(
        "a1-000000",
        records.to_table(
            [
                _row("id1", None, "http://s/p9", "ff00ff00ff00ff00"),
                _row("id3", None, "http://s/p2", "123456789abcdef0"),
                _row("id4", None, "http://s/p2", "0f0f0f0f0f0f0f0e"),
            ],
            records.CRAWL_IMAGES,
        ),
    )
    cand = {"source": "alt", "image_url": "http://s/id3.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a1-000001",
        pa_table(
            [
                {
                    **cand,
                    "img_id": "id3",
                    "alt": "Pražský hrad v noci",
                    "page_url": "http://s/p5",
                },  # seen later: pool -> know
                {
                    **cand,
                    "img_id": "id1",
                    "alt": "Staroměstské náměstí o Vánocích",
                    "page_url": "http://s/p7",
                },  # longer
            ]
        ),
    )
    result = finalize(crawl, mode, 4)
    rows = {r["img_id"]: r for r in know.read_all().to_pylist()}
    pooled = {r["img_id"]: r for r in (pool.read_all().to_pylist() if pool.read_all() is not None else [])}
    assert set(rows) == {"id1", "id2", "id3"} and not set(pooled) & set(rows)
    assert rows["id1"]["alt"] == "Staroměstské náměstí o Vánocích" and rows["id1"]["page_url"] == "http://s/p7"
    assert rows["id3"]["alt"] == "Pražský hrad v noci" and rows["id3"]["image"] == b"x"
    if mode == "flag":
        assert set(pooled) == {"id4"} and read_groups(crawl) == {"id4": "id2", "id2": "id2"}
        assert pooled["id4"]["dup_group"] is None  # groups live in crawl/annotations: no image shard rewritten for them
        assert result["kept"] == {"know/cs": 3, "pool/cs": 1}
    else:
        assert not pooled and result["finalize"]["near_duplicates_dropped"] == 1
        fails = ShardedOutput(f"{crawl}/failures").read_all().to_pylist()
        assert [(f["reason"], f["error"], f["lang"]) for f in fails] == [
            ("near_duplicate", "near duplicate of id2", "cs")
        ]
    assert result["finalize"]["duplicates_removed"] == 1
    again = finalize(crawl, mode, 4)  # idempotent: a second run changes nothing
    assert again["finalize"]["shards_rewritten"] == 0 and again["kept"] == result["kept"]
    assert again["finalize"]["groups_written"] is False


def test_a_template_alt_of_many_images_is_no_caption_but_other_texts_of_them_are(tmp_path):
    crawl = str(tmp_path / "crawl")
    know = ShardedOutput(f"{crawl}/know")
    template = "Eshop Dobrá Káva – čerstvě pražená káva"
    rows = [_row(f"t{i}", template, f"http://www.shop.cz/p{i}", f"{i:016x}") for i in range(5)]
    rows.append(_row("t0", template, "http://shop.cz/p0-again", "0000000000000000"))  # one image seen twice
    rows += [_row(f"o{i}", template, f"http://other.cz/p{i}", f"{i + 9:016x}") for i in range(2)]  # other site
    rows.append(_row("c1", "Výběrová káva z Etiopie v papírovém sáčku", "http://shop.cz/k", "00000000000000ff"))
    know.write("a0-000000", records.to_table(rows, records.CRAWL_IMAGES))
    cand = {"source": "alt", "image_url": "http://shop.cz/t1.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000001",
        pa_table([{**cand, "img_id": "t1", "alt": "Mlýnek na kávu z litiny", "page_url": "http://shop.cz/mlynky"}]),
    )  # t1 has a caption of its own besides the template
    result = finalize(crawl, "off", 4, max_images_per_alt=3)
    kept = {r["img_id"]: r["alt"] for r in know.read_all().to_pylist()}
    pooled = {r["img_id"]: r["alt"] for r in ShardedOutput(f"{crawl}/pool").read_all().to_pylist()}
    assert kept == {"t1": "Mlýnek na kávu z litiny", "o0": template, "o1": template, "c1": rows[-1]["alt"]}
    assert pooled == {f"t{i}": None for i in (0, 2, 3, 4)}  # 5 images on shop.cz (www. is the same site) > 3
    fails = ShardedOutput(f"{crawl}/failures").read_all().to_pylist()
    assert sorted(f["url"] for f in fails if f["reason"] == "alt_repeated") == [
        f"http://s/t{i}.jpg" for i in (0, 2, 3, 4)
    ]
    assert result["finalize"]["alt_repeated"] == 4 and result["kept"] == {"know/cs": 4, "pool/cs": 4}
    again = finalize(crawl, "off", 4, max_images_per_alt=3)  # idempotent
    assert again["finalize"]["shards_rewritten"] == 0 and again["kept"] == result["kept"]
    assert finalize(crawl, "off", 4, max_images_per_alt=0)["kept"] == result["kept"]  # off: nothing moves back


def test_finalize_after_a_crash_between_a_rewrite_and_the_removal_loses_nothing(tmp_path, monkeypatch):
    import shutil

    from mella_ray.crawl import finalize_reads

    monkeypatch.setattr(finalize_reads, "REWRITE_THREADS", 1)  # shards in a fixed order (threads race)

    crawl = str(tmp_path / "crawl")
    know, pool = ShardedOutput(f"{crawl}/know"), ShardedOutput(f"{crawl}/pool")
    pool.write(
        "a0-000001",
        records.to_table(
            [_row("x", None, "http://s/p1", "ff00ff00ff00ff00"), _row("y", None, "http://s/p1", "0f0f0f0f0f0f0f0f")],
            records.CRAWL_IMAGES,
        ),
    )
    cand = {"source": "alt", "image_url": "http://s/x.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000002", pa_table([{**cand, "img_id": "x", "alt": "Pražský hrad v noci", "page_url": "http://s/p5"}])
    )  # x: pool -> know
    shutil.copy(f"{crawl}/pool/a0-000001.parquet", tmp_path / "original.parquet")
    first = finalize(crawl, "flag", 4)
    # The crash: the rewrite of a0-000001 and the moved row were written, the original not yet removed.
    shutil.copy(tmp_path / "original.parquet", f"{crawl}/pool/a0-000001.parquet")
    storage.write_text(f"{crawl}/pool/_done/a0-000001", "2\n")
    again = finalize(crawl, "flag", 4)
    assert [r["img_id"] for r in know.read_all().to_pylist()] == ["x"]
    assert [r["img_id"] for r in pool.read_all().to_pylist()] == ["y"]  # y is kept once, not deleted
    assert again["kept"] == first["kept"] == {"know/cs": 1, "pool/cs": 1}


def pa_table(rows):
    from mella_ray.crawl.checkpoint import ALT_CANDIDATES

    return records.to_table(rows, ALT_CANDIDATES)


def _brute_force_groups(hashes: dict[str, str], distance: int) -> list[list[str]]:
    keys = sorted(hashes)
    parent = {k: k for k in keys}

    def root(k: str) -> str:
        while parent[k] != k:
            k = parent[k]
        return k

    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if (int(hashes[a], 16) ^ int(hashes[b], 16)).bit_count() <= distance:
                parent[root(a)] = root(b)
    groups: dict[str, list[str]] = {}
    for k in keys:
        groups.setdefault(root(k), []).append(k)
    return sorted(sorted(g) for g in groups.values() if len(g) > 1)


@pytest.mark.parametrize("distance", [0, 3, 6, 10])
def test_near_duplicate_groups_equal_every_pair_compared(distance):
    rng = random.Random(distance)
    hashes = {}
    for i in range(150):  # clusters of hashes a few bits apart, so that chains form and break
        base = rng.getrandbits(64)
        hashes[f"k{i}"] = f"{base:016x}"
        for j in range(3):
            v = base
            for _ in range(rng.randint(0, 8)):
                v ^= 1 << rng.randrange(64)
            hashes[f"k{i}-{j}"] = f"{v:016x}"
    assert near_duplicate_groups(hashes, distance) == _brute_force_groups(hashes, distance)


def test_blank_images_are_one_group_and_a_search_past_its_limit_fails_loudly():
    rng = random.Random(7)
    blank = {
        "zero": "0" * 16,
        "one-bit": f"{1 << 40:016x}",
        "white": "f" * 16,
        "white-ish": f"{(1 << 64) - 1 - 8:016x}",
    }
    real = {f"r{i}": f"{rng.getrandbits(64) | (1 << 63) | 0xFF:016x}" for i in range(20)}
    groups = near_duplicate_groups({**blank, **real}, 4)
    assert ["one-bit", "zero"] in groups and ["white", "white-ish"] in groups
    assert all(not set(g) & set(real) for g in groups)
    values = np.arange(1, 51, dtype=np.uint64) << np.uint64(8)  # one bucket for the high bands
    planned = comparisons(values, 6)
    found = []
    assert close_pairs(values, 6, lambda a, b: found.extend(zip(a.tolist(), b.tolist()))) == planned
    assert (0, 1) in found or (1, 0) in found
    with pytest.raises(NearDuplicateSearchTooLarge, match="near_duplicate_distance"):
        close_pairs(values, 6, lambda a, b: None, limit=planned - 1)


def test_an_alt_attribute_beats_a_figcaption_that_carried_a_credit(tmp_path):
    """The row's alt came from a figcaption with a credit line (stored cleaned, the figcaption
    raw); an alt attribute seen on another page must still win (rule: alt beats figcaption)."""
    crawl = str(tmp_path / "crawl")
    know = ShardedOutput(f"{crawl}/know")
    row = _row("id1", "Karlův most v zimě, pohled z Kampy", "http://s/p1", "ff00ff00ff00ff00")
    row["figcaption"] = "Karlův most v zimě, pohled z Kampy. Foto: ČTK"
    know.write("a0-000000", records.to_table([row], records.CRAWL_IMAGES))
    cand = {"source": "alt", "image_url": "http://s/id1.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000001", pa_table([{**cand, "img_id": "id1", "alt": "Karlův most v zimě", "page_url": "http://s/p2"}])
    )
    finalize(crawl, "flag", 4)
    assert [r["alt"] for r in know.read_all().to_pylist()] == ["Karlův most v zimě"]


def test_images_seen_more_than_once_are_found_by_prefix_and_confirmed_in_full():
    import pyarrow as pa

    from mella_ray.crawl.finalize_reads import seen_more_than_once

    a, b, c = "ab" * 32, "ab" * 8 + "cd" * 24, "ef" * 32  # a and b share their first 16 digits
    ids = pa.chunked_array([[a, b, c, "not-hex"], [c, "not-hex", "x"]])
    assert seen_more_than_once(ids) == {c, "not-hex"}


def test_checkpoints_stage_open_shards_instead_of_cutting_them(tmp_path):
    crawl = str(tmp_path / "crawl")
    buf = ShardBuffers(crawl, 0, shard_rows=5)
    staged_states = []
    for i in range(4):  # four checkpoints, one row between each: no shard closes
        buf.add("failures", {"url": f"http://x/{i}", "kind": "page", "reason": "http_404"})
        assert buf.take(full_only=True) == []
        buf.write_staged(buf.stage())
        staged_states.append(buf.staged_state())
        buf.remove_deletable_parts()
    assert ShardedOutput(f"{crawl}/failures").done_names() == set()  # not one tiny shard
    orphan = ShardBuffers(crawl, 0, shard_rows=5)  # staged after the last checkpoint, then a crash
    orphan.next_part = 4
    orphan.add("failures", {"url": "http://x/lost", "kind": "page", "reason": "http_404"})
    orphan.write_staged(orphan.stage())
    restored = ShardBuffers(crawl, 0, shard_rows=5)  # a restart reads the open shard back
    assert restored.load_staged(staged_states[-1]) == 4  # and the orphan part is deleted
    assert [r["url"] for r in restored.rows["failures"]] == [f"http://x/{i}" for i in range(4)]
    restored.add("failures", {"url": "http://x/4", "kind": "page", "reason": "http_404"})
    [(name, shard, rows)] = restored.take(full_only=True)  # shard_rows reached: the shard closes
    restored._write_one(name, shard, rows)
    parts = storage.list_files(f"{state_dir(crawl)}/staged/failures")
    assert len(parts) == 4 and len(rows) == 5
    restored.staged_state()  # the next checkpoint names none of them ...
    restored.remove_deletable_parts()  # ... so once it is saved they go
    assert storage.list_files(f"{state_dir(crawl)}/staged/failures") == []


def test_queued_images_are_checkpointed_as_changes_and_merge_back_whole():
    from mella_ray.crawl.journal import JournaledMap
    from mella_ray.crawl.state_log import merge_growing

    queued = JournaledMap({"a": [1]})
    base = {"sightings": queued.whole()}
    queued["b"] = [2]
    queued["c"] = [3]
    queued["a"].append(9)
    queued.touch("a")  # changed in place
    first = {"sightings": queued.take_changes()}
    del queued["b"]
    queued.pop("c")
    queued["c"] = [4]  # dropped, then queued again: a put, not a drop
    queued.pop("missing", None)
    second = {"sightings": queued.take_changes()}
    assert first["sightings"] == {"put": {"a": [1, 9], "b": [2], "c": [3]}, "drop": []}
    assert second["sightings"] == {"put": {"c": [4]}, "drop": ["b"]}
    merged: dict = {}
    for change in (base, first, second):
        merge_growing(merged, change)
    assert merged["sightings"] == dict(queued) == {"a": [1, 9], "c": [4]}
    assert queued.take_changes() == {"put": {}, "drop": []}  # nothing new: an empty delta


def test_the_page_queue_round_trips_through_a_base_and_deltas():
    from mella_ray.crawl.state_log import merge_growing

    f = Frontier(max_depth=2, max_pages=20, max_pages_per_host=20)
    f.add_seed("http://a.cz/", "cs")
    seed = f.pop()
    growing: dict = {}
    merge_growing(growing, f.growing(whole=True))  # a base while the seed is in flight
    for link in ("http://a.cz/1", "http://a.cz/2", "http://a.cz/3"):
        f.add_link(link, seed)
    f.finished(seed)
    done = f.pop()  # /1: fetched and finished before the next checkpoint
    f.finished(done)
    back = f.pop()  # /2: handed back (robots.txt to fetch again), then its job ends
    f.give_back("a.cz", back)
    f.finished(back)
    merge_growing(growing, f.growing(whole=False))  # a delta: three pages put, two dropped
    g = Frontier(max_depth=2, max_pages=20, max_pages_per_host=20)
    g.load_state({**f.to_state(growing=False), **growing})
    assert sorted(t.url for t in iter(g.pop, None)) == ["http://a.cz/2", "http://a.cz/3"]


def test_a_phrase_a_large_site_reuses_is_no_template_but_one_covering_the_site_is():
    import pyarrow as pa

    from mella_ray.crawl.repeated_alts import alt_keys, repeated_alt_keys

    rows = [(f"http://big.cz/p{i}", f"Popisek obrázku číslo {i}", f"{i:064x}") for i in range(95)]
    rows += [(f"http://big.cz/g{i}", "Karlův most v mlze za svítání", f"{100 + i:064x}") for i in range(5)]
    rows += [(f"http://shop.cz/p{i}", "Dobrá Káva – čerstvě pražená", f"{200 + i:064x}") for i in range(5)]
    rows += [(f"http://shop.cz/k{i}", f"Káva z Etiopie, balení {i}", f"{300 + i:064x}") for i in range(3)]
    pages, alts, ids = (list(c) for c in zip(*rows))
    pair, site = alt_keys(pages, alts)
    keys = pa.table({"img_id": ids, "output": ["know"] * len(ids), "alt_key": pair, "site_key": site})
    by_alt = dict(zip(alts, pair.to_pylist()))
    # 5 of big.cz's 100 images share a caption: 5% of the site; the shop's name is on 5 of its 8
    assert repeated_alt_keys(keys, 3, 0.2) == {by_alt["Dobrá Káva – čerstvě pražená"]}
    assert repeated_alt_keys(keys, 3, 0.0) == {by_alt["Dobrá Káva – čerstvě pražená"], by_alt[alts[95]]}
    assert repeated_alt_keys(keys, 0, 0.2) == set()  # off
