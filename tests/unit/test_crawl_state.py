"""Resume plumbing without a network: frontier state, messages between actors, checkpoints as
bases and deltas, staged open shards and shard pruning."""

from __future__ import annotations

import gzip

from mella_ray.crawl.checkpoint import ShardBuffers, parse_shard, state_dir
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
