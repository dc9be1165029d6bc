"""An actor's checkpoints as a base and append-only deltas, compacted now and then.

What an actor must remember falls in two kinds. Its totals and mailboxes are bounded
and written whole in every checkpoint. Its growing maps (the seen-set, query variants per
path, every image URL done, the best text key per image, and what it keeps per host, site or
language: pages taken, scopes, counters, languages, sitemap budgets) grow with the crawl's
history or its hosts, and the pages and images queued or in flight churn (thousands of
hosts' queues), so a checkpoint writes only what changed since the one before (journal.py
records it; removals too, for the queues). Files under crawl/_state/:

    a{actor}-b{base}.json.gz            the whole state at a compaction
    a{actor}-b{base}-d{delta}.json.gz   the bounded state again, and the growing maps' changes

A new base is written when the deltas since the last one add up to its own size (or to
MIN_COMPACT_BYTES): the bytes written per checkpoint stay flat, compaction costs at most
as much again on average, and a resume reads at most about twice the base. The previous
base and its deltas are kept until the next compaction, so a checkpoint torn by a crash
falls back to the one before it. JSON, not pickle: a shared output folder must not be
able to run code in the crawler.
"""

from __future__ import annotations

import gzip
import json
import logging
import re

from mella_ray.runtime import storage

log = logging.getLogger(__name__)

STATE_DIR = "_state"
MIN_COMPACT_BYTES = 256 * 1024
SET_MAPS = ("seen",)  # growing maps that are sets (lists in JSON); the others are dicts
PUT_DROP_MAPS = ("sightings", "pages")  # maps that shrink too: changes are {"put": {...}, "drop": [...]}
_FILE = re.compile(r"^a(\d+)-b(\d+)(?:-d(\d+))?\.json\.gz$")


def state_dir(crawl_dir: str) -> str:
    return storage.join(crawl_dir, STATE_DIR)


def _encode(state: dict) -> bytes:
    return gzip.compress(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 3)


def _decode(data: bytes) -> dict:
    return json.loads(gzip.decompress(data).decode("utf-8"))


def merge_growing(into: dict, change: dict) -> None:
    for key, value in change.items():
        if key in SET_MAPS:
            into.setdefault(key, set()).update(value)
        elif key in PUT_DROP_MAPS:
            target = into.setdefault(key, {})
            target.update(value["put"])
            for dropped in value["drop"]:
                target.pop(dropped, None)
        else:  # a changed key's new value (a host's whole Counter, say) replaces the old one
            into.setdefault(key, {}).update(value)


class StateLog:
    def __init__(self, crawl_dir: str, index: int):
        self.crawl_dir = crawl_dir
        self.index = index
        self.base: int | None = None
        self.deltas = 0
        self.base_bytes = 0
        self.delta_bytes = 0
        self.written: list[int] = []  # bytes of every checkpoint this process wrote (stats, benchmark)

    def _files(self) -> dict[int, dict[int, str]]:
        """base -> {delta number (0: the base itself) -> path}."""
        out: dict[int, dict[int, str]] = {}
        for path in storage.list_files(state_dir(self.crawl_dir), suffix=".json.gz"):
            m = _FILE.match(path.rsplit("/", 1)[-1])
            if m and int(m.group(1)) == self.index:
                out.setdefault(int(m.group(2)), {})[int(m.group(3) or 0)] = path
        return out

    def _path(self, base: int, delta: int = 0) -> str:
        name = f"a{self.index}-b{base:06d}" + (f"-d{delta:06d}" if delta else "") + ".json.gz"
        return storage.join(state_dir(self.crawl_dir), name)

    def wants_base(self) -> bool:
        """Whether the next checkpoint should be a whole one (a compaction)."""
        return self.base is None or self.delta_bytes >= max(self.base_bytes, MIN_COMPACT_BYTES)

    def save(self, state: dict, whole: bool) -> int:
        """Write a checkpoint: `state["growing"]` holds whole maps if `whole`, else their changes."""
        data = _encode(state)
        if whole:
            self.base = (self.base or 0) + 1
            storage.write_bytes(self._path(self.base), data)
            for base, files in self._files().items():
                if base < self.base - 1:  # the previous base stays: the fallback for a torn new one
                    for path in files.values():
                        storage.remove(path)
            self.deltas, self.base_bytes, self.delta_bytes = 0, len(data), 0
        else:
            self.deltas += 1
            storage.write_bytes(self._path(self.base, self.deltas), data)
            self.delta_bytes += len(data)
        self.written.append(len(data))
        return len(data)

    def load(self) -> dict | None:
        """The newest readable state with its growing maps whole (sets as sets), or None."""
        files = self._files()
        for base in sorted(files, reverse=True):
            chain = files[base]
            if 0 not in chain:
                continue
            try:
                data = storage.read_bytes(chain[0])
                state = _decode(data)
            except (OSError, EOFError, ValueError) as e:  # torn by a crash: the base before it
                log.warning("crawl: checkpoint %s is unreadable (%s); trying an older one", chain[0], e)
                continue
            growing: dict = {}
            merge_growing(growing, state.get("growing", {}))
            self.base, self.deltas, self.base_bytes, self.delta_bytes = base, 0, len(data), 0
            for delta in sorted(k for k in chain if k):
                if delta != self.deltas + 1:
                    break  # a gap: what follows it belongs to no consistent chain
                try:
                    data = storage.read_bytes(chain[delta])
                    step = _decode(data)
                except (OSError, EOFError, ValueError) as e:
                    log.warning(
                        "crawl: checkpoint %s is unreadable (%s); resuming from the one before", chain[delta], e
                    )
                    break
                merge_growing(growing, step.get("growing", {}))
                state = step
                self.deltas, self.delta_bytes = delta, self.delta_bytes + len(data)
            state["growing"] = growing
            return state
        return None
