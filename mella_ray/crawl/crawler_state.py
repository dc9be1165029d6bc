"""The resumable half of a Crawler: its state as one consistent snapshot, and back.

A checkpoint (actor.py) takes `snapshot` between two awaits, so it sees every job either
queued (or in flight, which counts as queued) or done with its rows in the buffers. The
bounded state (totals, mailboxes, links refused per reason) is written whole; the maps that
grow or churn (the seen-set, query variants, done images, best texts, the pages and images
queued or in flight, and everything kept per host, site or language: pages taken, scopes,
counters, host languages, sitemap budgets) go as their changes since the last checkpoint,
or whole at a compaction (state_log.py). `load_state` rebuilds the queues from those maps,
and still reads older checkpoints, which held the per-host maps whole in their sections.
"""

from __future__ import annotations

from mella_ray.crawl.dedup import Sighting
from mella_ray.crawl.journal import JournaledDict, JournaledMap
from mella_ray.crawl.schedule import HostQueues


def _encode_sightings(sightings: list[Sighting]) -> list[dict]:
    return [s.to_dict() for s in sightings]


def _growing_maps(growing: dict, names: dict[str, str]) -> dict:
    """{section key: merged growing map} for the maps this checkpoint's growing part has; an
    older checkpoint has none of them and keeps them whole in their sections."""
    return {key: growing[name] for key, name in names.items() if name in growing}


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
        growing.update(self.counters.growing(whole))
        growing.update(self.sitemap_growing(whole))
        if whole:
            self.done_urls.take_changes(), self.best.take_changes()
            growing.update(done=dict(self.done_urls), best=dict(self.best))  # copies: serialised in a thread
            growing["sightings"] = self.sightings.whole(_encode_sightings)
            growing["host_lang"] = self.host_lang.whole()
        else:
            growing.update(done=self.done_urls.take_changes(), best=self.best.take_changes())
            growing["sightings"] = self.sightings.take_changes(_encode_sightings)
            growing["host_lang"] = self.host_lang.take_changes()
        state = {
            "frontier": self.frontier.to_state(in_flight, growing=False),
            "growing": growing,
            "next_seq": self.out.next_seq,
            "staged": self.out.staged_state(),
            "counters": self.counters.to_state(growing=False),
            "sitemaps": self.sitemap_state(list(self.in_flight_sitemaps.values()), growing=False),
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
                **_growing_maps(growing, {"taken": "taken", "scopes": "scopes"}),
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
        counters = _growing_maps(growing, {"per_host": "per_host", "per_lang": "per_lang"})
        self.counters.load_state({**state["counters"], **counters})
        host_lang = growing["host_lang"] if "host_lang" in growing else state.get("host_lang", {})
        self.host_lang = JournaledDict(host_lang, all_dirty=True)  # journal.py: all_dirty
        sitemap_maps = _growing_maps(growing, {"files": "sitemap_files", "urls": "sitemap_urls"})
        self.load_sitemap_state({**state.get("sitemaps", {}), **sitemap_maps})
        self.retry_applied = state.get("retry_applied")
