"""A crawl actor stopping and talking under stress (no Ray, no network): a stop never cuts a
shard write or a checkpoint in half, a message that fails is sent again, and a host's
Retry-After holds even for a request already waiting its turn."""

from __future__ import annotations

import asyncio
import time

import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl import actor_messages as actor_module
from mella_ray.crawl.actor import CrawlActor
from mella_ray.crawl.politeness import HostGate
from mella_ray.crawl.state_log import StateLog
from mella_ray.runtime.shards import ShardedOutput

WRITE_S = 0.2  # each shard write takes this long: a stop lands in the middle of one


def _actor(tmp_path, monkeypatch, checkpoint_every_s: float = 100.0) -> CrawlActor:
    cfg = CrawlConfig(
        seeds=[{"url": "http://127.0.0.1:9/", "lang": "cs"}],
        allow_private_networks=True,
        checkpoint_every_s=checkpoint_every_s,
    )
    actor = CrawlActor(0, cfg, str(tmp_path / "crawl"), [], 10)
    real = actor.crawler.out._write_one

    def slow_write(name, shard, rows):
        time.sleep(WRITE_S)
        real(name, shard, rows)

    real_staged = actor.crawler.out.write_staged

    def slow_staged(staged):  # a periodic checkpoint stages the rows of open shards: slow too
        time.sleep(WRITE_S)
        real_staged(staged)

    monkeypatch.setattr(actor.crawler.out, "_write_one", slow_write)
    monkeypatch.setattr(actor.crawler.out, "write_staged", slow_staged)
    return actor


def _add_rows(actor: CrawlActor) -> None:
    """One row for each of two outputs: two shards, written one after the other."""
    actor.crawler.out.add("failures", {"url": "http://x/1", "kind": "page", "reason": "http_404"})
    actor.crawler.out.add(
        "alt_candidates",
        {
            "img_id": "i1",
            "alt": "Karlův most",
            "source": "alt",
            "page_url": "http://x/",
            "image_url": "http://x/1.jpg",
            "lang": "cs",
        },
    )


def _written(tmp_path) -> dict[str, int]:
    return {
        name: len(ShardedOutput(str(tmp_path / "crawl" / name)).done_names()) for name in ("failures", "alt_candidates")
    }


def test_a_stop_waits_for_the_periodic_checkpoint_it_interrupts(tmp_path, monkeypatch):
    actor = _actor(tmp_path, monkeypatch, checkpoint_every_s=0.1)

    async def main() -> None:
        await actor.begin()
        _add_rows(actor)
        for _ in range(500):  # until the periodic checkpoint is staging the open shards
            if actor._ckpt_lock.locked():
                break
            await asyncio.sleep(0.005)
        assert actor._ckpt_lock.locked() and actor.checkpoints == 0
        await actor.finish()

    asyncio.run(main())
    assert _written(tmp_path) == {"failures": 1, "alt_candidates": 1}  # on storage when finish returns
    assert actor.checkpoints == 2 and StateLog(str(tmp_path / "crawl"), 0).load()["next_seq"] == 2


def test_a_worker_cancelled_mid_write_still_writes_every_shard(tmp_path, monkeypatch):
    actor = _actor(tmp_path, monkeypatch)

    async def main() -> None:
        await actor.begin()
        _add_rows(actor)
        write = asyncio.ensure_future(actor._write(actor.crawler.out.take()))  # as a worker does
        await asyncio.sleep(WRITE_S / 2)
        write.cancel()  # the deadline's cancel reaches the worker in the middle of its write
        await asyncio.gather(write, return_exceptions=True)
        await actor.finish()

    asyncio.run(main())
    assert _written(tmp_path) == {"failures": 1, "alt_candidates": 1}
    assert StateLog(str(tmp_path / "crawl"), 0).load()["next_seq"] == 2


class FlakyPeer:
    """A peer whose first `failures` receive calls fail, as a network error would."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0
        self.items: list[dict] = []

    async def receive(self, sender, epoch, seq, items):
        self.calls += 1
        if self.calls <= self.failures:
            raise ConnectionError("connection reset by peer")
        self.items += items


@pytest.mark.parametrize("failures", [1, 3])
def test_a_message_that_fails_is_sent_again_until_it_arrives(tmp_path, monkeypatch, failures):
    monkeypatch.setattr(actor_module, "RESEND_BACKOFF_S", 0.01)
    actor = _actor(tmp_path, monkeypatch)
    peer = FlakyPeer(failures)

    async def main() -> None:
        await actor.set_peers({1: peer})
        actor._send(1, {"kind": "image", "url": "http://cdn/1.jpg"})
        actor._flush_outbox()
        for _ in range(200):
            if not actor.outbox.undelivered:
                break
            await asyncio.sleep(0.01)

    asyncio.run(main())
    assert not actor.outbox.undelivered  # delivered: the actor can go idle
    assert peer.calls == failures + 1 and peer.items == [{"kind": "image", "url": "http://cdn/1.jpg"}]


def test_a_message_to_a_dead_peer_waits_for_its_hello_after_the_last_try(tmp_path, monkeypatch):
    monkeypatch.setattr(actor_module, "RESEND_BACKOFF_S", 0.01)
    actor = _actor(tmp_path, monkeypatch)
    peer = FlakyPeer(failures=1000)

    async def main() -> None:
        await actor.set_peers({1: peer})
        actor._send(1, {"kind": "image", "url": "http://cdn/1.jpg"})
        actor._flush_outbox()
        for _ in range(500):
            if peer.calls >= actor_module.RESEND_TRIES:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.3)  # longer than the last backoff: no further try comes
        assert peer.calls == actor_module.RESEND_TRIES and actor.outbox.undelivered
        peer.failures = 0  # the peer is back and says hello: the batch goes again
        await actor.hello(1, {})
        await asyncio.sleep(0.05)

    asyncio.run(main())
    assert not actor.outbox.undelivered and len(peer.items) == 1


def test_finish_on_a_restarted_actor_that_has_not_resumed_says_so(tmp_path, monkeypatch):
    actor = _actor(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="restarted and has not resumed"):
        asyncio.run(actor.finish())


def test_a_retry_after_given_while_a_request_waits_its_turn_still_holds():
    gate = HostGate(concurrency=1, interval=0.2)

    async def main() -> float:
        async with gate:  # the first request starts; the next must wait 0.2 s
            pass
        waiter = asyncio.ensure_future(gate.__aenter__())
        await asyncio.sleep(0.05)  # it is asleep, waiting its turn
        pushed = time.monotonic()
        gate.push_back(0.4)  # meanwhile another answer says: Retry-After 0.4 s
        await waiter
        started = time.monotonic()
        await gate.__aexit__(None, None, None)
        return started - pushed

    assert asyncio.run(main()) >= 0.39
