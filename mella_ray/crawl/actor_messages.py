"""The messaging half of a CrawlActor: work for hosts other actors own, sent and received.

A page links to hosts of every actor, so actors send each other items (pages, image
sightings) in batches every FLUSH_EVERY_S. Delivery is at least once and processing once
(mailbox.Outbox/Inbox): a batch stays unacknowledged until its peer holds it, a failed send is
retried with backoff, and a restarted peer's `hello` makes its senders resend what it lost.
"""

from __future__ import annotations

import asyncio
import logging

from mella_ray.crawl.mailbox import Outbox

log = logging.getLogger(__name__)

FLUSH_EVERY_S = 0.02  # batch messages to peers for this long
RESEND_TRIES = 5  # a failed message to a peer is sent again after 1, 2, 4 and 8 s
RESEND_BACKOFF_S = 1.0


def call_peer(handle, method: str, *args):
    """Call a peer's method: a Ray actor handle, or a plain object (tests)."""
    fn = getattr(handle, method)
    return fn.remote(*args) if hasattr(fn, "remote") else fn(*args)


class ActorMessages:
    """Mixin of CrawlActor; uses its index, peers, outbox, inbox, crawler and _messages."""

    def _send(self, peer: int, item: dict) -> None:
        self.outbox.add(peer, item)

    def _flush_outbox(self) -> None:
        for peer, batch in self.outbox.take_batches():
            self._dispatch(peer, batch)

    def _dispatch(self, peer: int, batch: dict) -> None:
        key = (peer, Outbox.key(batch))
        self.outbox.undelivered.add(key)
        self._spawn(self._deliver(peer, batch, key, self._send_batch(peer, batch)))  # sent now: in order

    def _send_batch(self, peer: int, batch: dict):
        return call_peer(self.peers[peer], "receive", self.index, batch["epoch"], batch["seq"], batch["items"])

    async def _deliver(self, peer: int, batch: dict, key: tuple[int, str], call) -> None:
        """Await a batch's receive call. A failed call is retried with backoff (the receiver drops
        duplicates), so a passing network error does not leave the batch undelivered, and this
        actor never idle, until the deadline. After the last try the batch waits for the
        peer's hello, which a restarted peer sends."""
        for attempt in range(RESEND_TRIES):
            try:
                await call
                self.outbox.undelivered.discard(key)
                return
            except Exception as e:
                error = e
            if attempt + 1 == RESEND_TRIES:
                break
            await asyncio.sleep(RESEND_BACKOFF_S * 2**attempt)
            if key[1] not in self.outbox.unacked.get(peer, {}):
                return  # acknowledged meanwhile: the peer holds it
            call = self._send_batch(peer, batch)
        log.warning(
            "crawl actor %d: a message to actor %d failed %d times (%s); it waits for that actor's hello",
            self.index,
            peer,
            RESEND_TRIES,
            error,
        )

    def _fire(self, peer: int, method: str, *args) -> None:
        async def go():
            try:
                await call_peer(self.peers[peer], method, *args)
            except Exception as e:
                log.debug("crawl actor %d: %s to %d failed: %s", self.index, method, peer, e)

        self._spawn(go())

    def _spawn(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._messages.add(task)
        task.add_done_callback(self._messages.discard)

    async def _flusher(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_EVERY_S)
            self._flush_outbox()

    async def receive(self, sender: int, epoch: str, seq: int, items: list[dict]) -> None:
        if self.inbox.accept(sender, epoch, seq):
            for item in items:
                self.crawler.receive(item)  # queued work wakes a worker by itself

    async def hello(self, sender: int, held: dict[str, int]) -> None:
        for batch in self.outbox.unacked_for(sender, held):
            self._dispatch(sender, batch)

    async def ack(self, sender: int, held: dict[str, int]) -> None:
        self.outbox.ack(sender, held)
