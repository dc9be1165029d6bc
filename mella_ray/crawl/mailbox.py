"""Work handed between crawl actors, delivered at least once and processed once.

Every host belongs to one actor (`Router.owner`), so an image on a CDN that another actor
owns is *sent* there rather than fetched here: that is what makes per-host limits hold
cluster-wide. The messages must survive a crash of either side, so:

- the sender numbers each batch (epoch, seq) and keeps it in its outbox, which is part of
  its checkpoint, until the receiver acknowledges that a checkpoint of its own holds it;
- the receiver processes a batch only once per (sender, epoch, seq), and acknowledges the
  batches it has checkpointed after each checkpoint;
- after a restart, a receiver says hello with what it holds, and the sender resends the
  rest. A restarted sender gets a fresh random epoch, so a redone batch never collides
  with one sent before the crash under the same number.

Plain classes, no Ray: the actor moves the batches.
"""

from __future__ import annotations

import secrets
import zlib
from collections import defaultdict

from mella_ray.crawl.urls import site_key


class Router:
    """Which actor owns a host: seed sites as planned by the stage, others by a stable hash."""

    def __init__(self, index: int, num_actors: int, site_owners: dict[str, int]):
        self.index = index
        self.num_actors = num_actors
        self.site_owners = site_owners

    def owner(self, url_or_host: str) -> int:
        site = site_key(url_or_host)
        owner = self.site_owners.get(site)
        if owner is None:  # crc32, not hash(): the same answer in every process
            owner = zlib.crc32(site.encode()) % self.num_actors
        return owner

    def mine(self, url_or_host: str) -> bool:
        return self.num_actors == 1 or self.owner(url_or_host) == self.index


class Outbox:
    def __init__(self) -> None:
        self.epoch = secrets.token_hex(6)
        self.next_seq = 0
        self.pending: dict[int, list[dict]] = defaultdict(list)  # peer -> items not yet batched
        self.unacked: dict[int, dict[str, dict]] = defaultdict(dict)  # peer -> "epoch:seq" -> batch
        # Batches sent whose receive call has not yet returned (or failed): while any is left,
        # the crawl is not over, whatever the actors' queues say.
        self.undelivered: set[tuple[int, str]] = set()

    def add(self, peer: int, item: dict) -> None:
        self.pending[peer].append(item)

    def take_batches(self, max_items: int = 512) -> list[tuple[int, dict]]:
        """(peer, batch) for everything pending; each batch is kept until acknowledged."""
        out = []
        for peer, items in list(self.pending.items()):
            for start in range(0, len(items), max_items):
                self.next_seq += 1
                batch = {"epoch": self.epoch, "seq": self.next_seq, "items": items[start : start + max_items]}
                self.unacked[peer][f"{self.epoch}:{self.next_seq}"] = batch
                out.append((peer, batch))
            del self.pending[peer]
        return out

    def ack(self, peer: int, held: dict[str, int]) -> None:
        """The peer's checkpoint holds, per epoch, every batch up to this seq."""
        box = self.unacked.get(peer, {})
        for key in [k for k, b in box.items() if b["seq"] <= held.get(b["epoch"], 0)]:
            del box[key]
            self.undelivered.discard((peer, key))

    @staticmethod
    def key(batch: dict) -> str:
        return f"{batch['epoch']}:{batch['seq']}"

    def unacked_for(self, peer: int, held: dict[str, int]) -> list[dict]:
        """Batches to resend to a peer that holds `held` after its restart, oldest first."""
        self.ack(peer, held)
        return sorted(self.unacked.get(peer, {}).values(), key=lambda b: (b["epoch"], b["seq"]))

    def has_pending(self) -> bool:
        return any(self.pending.values())

    def to_state(self) -> dict:
        # Unbatched items become a batch now: after a restart they are resent like the rest.
        self.take_batches()
        return {
            "epoch": self.epoch,
            "next_seq": self.next_seq,
            "unacked": {str(p): list(box.values()) for p, box in self.unacked.items() if box},
        }

    def load_state(self, state: dict) -> None:
        # Keep the new random epoch: this run's batches must not reuse the old numbers.
        self.next_seq = 0
        self.unacked = defaultdict(dict)
        for peer, batches in state.get("unacked", {}).items():
            for b in batches:
                self.unacked[int(peer)][f"{b['epoch']}:{b['seq']}"] = b


class Inbox:
    """What arrived from each sender: a contiguous watermark per epoch, plus stragglers."""

    def __init__(self) -> None:
        self.marks: dict[int, dict[str, int]] = defaultdict(dict)  # sender -> epoch -> watermark
        self.above: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        self.calls = 0  # every batch handled, duplicates included (termination detection)

    def accept(self, sender: int, epoch: str, seq: int) -> bool:
        """True the first time a batch arrives; False for a duplicate."""
        self.calls += 1
        mark = self.marks[sender].get(epoch, 0)
        above = self.above[sender][epoch]
        if seq <= mark or seq in above:
            return False
        above.add(seq)
        while mark + 1 in above:
            mark += 1
            above.discard(mark)
        self.marks[sender][epoch] = mark
        return True

    def held(self, sender: int) -> dict[str, int]:
        return dict(self.marks.get(sender, {}))

    def senders(self) -> list[int]:
        return list(self.marks)

    def to_state(self) -> dict:
        return {str(s): marks for s, marks in self.marks.items()}

    def load_state(self, state: dict) -> None:
        # Stragglers above a watermark are not kept: they are resent and their items
        # deduplicated by the seen-sets, which is cheaper than tracking them durably.
        self.marks = defaultdict(dict, {int(s): dict(m) for s, m in state.items()})
        self.above = defaultdict(lambda: defaultdict(set))
