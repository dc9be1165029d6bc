"""The resumable half of a Crawler: its state as one consistent snapshot, and back.

A checkpoint (actor.py) takes `snapshot` between two awaits, so it sees every job either
queued (or in flight, which counts as queued) or done with its rows in the buffers. The
bounded state (counters, scopes, mailboxes) is written whole; the maps that grow or churn
(the seen-set, query variants, done images, best texts, and the pages and images queued or
in flight) go as their changes since the last checkpoint, or whole at a compaction
(state_log.py). `load_state` rebuilds the queues from those maps.
"""

from __future__ import annotations

from mella_ray.crawl.dedup import Sighting
from mella_ray.crawl.journal import JournaledDict, JournaledMap
from mella_ray.crawl.schedule import HostQueues


def _encode_sightings(sightings: list[Sighting]) -> list[dict]:
    return [s.to_dict() for s in sightings]


class CrawlerState:
    """Mixin of Crawler; uses its out, frontier, sightings, done_urls, best, counters, queues."""

    def snapshot(self, whole: bool, final: bool = False) -> tuple[list, list, dict]:
        """(shards to close, rows to stage, state) in one synchronous step; see the module docstring.

        Shards close when full (shard_rows or MAX_SHARD_BYTES), or at the final checkpoint; the
        rows of open shards added since the last checkpoint are staged instead. The growing maps
        go whole (`whole`: a compaction) or as their changes since the last checkpoint."""
        batches = self.out.take(full_only=not final)
        staged = self.out.stage()
        in_flight = list(self.in_flight_pages.values())
        growing = self.frontier.growing(whole)
        if whole:
            self.done_urls.take_changes(), self.best.take_changes()
            growing.update(done=dict(self.done_urls), best=dict(self.best))  # copies: serialised in a thread
            growing["sightings"] = self.sightings.whole(_encode_sightings)
        else:
            growing.update(done=self.done_urls.take_changes(), best=self.best.take_changes())
            growing["sightings"] = self.sightings.take_changes(_encode_sightings)
        state = {
            "frontier": self.frontier.to_state(in_flight, growing=False),
            "growing": growing,
            "next_seq": self.out.next_seq,
            "staged": self.out.staged_state(),
            "counters": self.counters.to_state(),
            "host_lang": dict(self.host_lang),
            "sitemaps": self.sitemap_state(list(self.in_flight_sitemaps.values())),
            "retry_applied": self.retry_applied,  # the --retry-failed plan whose items were queued
        }
        return batches, staged, state

    def restore_done(self, done: dict[str, str], best: dict[str, tuple | None]) -> None:
        """Images already in finished shards (rebuild.py): never fetched or written again."""
        self.done_urls = JournaledDict(done)
        self.best = JournaledDict(best)

    def load_state(self, state: dict) -> None:
        growing = state["growing"]
        self.frontier.load_state(
            {
                **state["frontier"],
                "seen": growing.get("seen", ()),
                "variants": growing.get("variants", {}),
                **({"pages": growing["pages"]} if growing.get("pages") else {}),
            }
        )
        # every image queued or in flight has its sightings, and only those: the queue is rebuilt from them
        sightings = growing.get("sightings") or state.get("images", {}).get("sightings", {})  # or an older layout
        self.sightings = JournaledMap({u: [Sighting.from_dict(s) for s in ss] for u, ss in sightings.items()})
        self.done_urls = JournaledDict(growing.get("done", {}))
        best = growing.get("best", {})
        self.best = JournaledDict({k: (tuple(v) if v is not None else None) for k, v in best.items()})
        self.images = HostQueues(self._schedule)
        self.image_backlog.clear()
        for url in self.sightings:
            self.queue_image(url)
        self.counters.load_state(state["counters"])
        self.host_lang = dict(state.get("host_lang", {}))
        self.load_sitemap_state(state.get("sitemaps", {}))
        self.retry_applied = state.get("retry_applied")
