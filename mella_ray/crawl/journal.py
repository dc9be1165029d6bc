"""Sets and dicts that remember what changed since they were last asked (state_log deltas).

The crawler's growing maps are plain containers everywhere they are used; these subclasses
only note the keys written, so that a checkpoint writes the changes, not the whole history.
Only the operations the crawler uses are journaled: set.add, item assignment (which
`counter[key] += 1` goes through as well), setdefault, and `touch(key)` for a value changed in place.
`JournaledMap` also journals removals, for a map that shrinks as well as grows (the images
queued or in flight and their sightings). `JournaledCounters` holds a Counter per key (per
host, per language): a nested `table[key][name] += 1` is invisible to the outer dict, so its
writers touch the key.

A map loaded from a checkpoint can start with every key noted (`all_dirty`): the first
checkpoint after a resume then writes it whole, which keeps a chain continued from an older
layout (where the map was written whole elsewhere) or from a value adjusted on load right.
"""

from __future__ import annotations

from collections import Counter


class JournaledSet(set):
    def __init__(self, items=()):
        super().__init__(items)
        self.added: list = []

    def add(self, item) -> None:
        if item not in self:
            super().add(item)
            self.added.append(item)

    def take_changes(self) -> list:
        added, self.added = self.added, []
        return added


class _JournaledKeys:
    """For a dict type: remembers the keys set (or touched) since the last take_changes()."""

    def __init__(self, items=(), all_dirty: bool = False):
        super().__init__(items)
        self.dirty: set = set(self) if all_dirty else set()

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.dirty.add(key)

    def touch(self, key) -> None:
        self.dirty.add(key)

    def setdefault(self, key, default=None):
        if key not in self:  # dict.setdefault would bypass __setitem__
            self[key] = default
        return self[key]

    def take_changes(self, encode=lambda v: v) -> dict:
        """{key: encode(value)} of the keys changed; `encode` copies a mutable value, since the
        checkpoint is serialised in a thread while the crawl goes on."""
        dirty, self.dirty = self.dirty, set()
        return {k: encode(self[k]) for k in dirty if k in self}

    def whole(self, encode=lambda v: v) -> dict:
        """Everything (a compaction); forgets the pending changes."""
        self.dirty = set()
        return {k: encode(v) for k, v in self.items()}


class JournaledDict(_JournaledKeys, dict):
    pass


class JournaledCounter(_JournaledKeys, Counter):
    pass


class JournaledCounters(_JournaledKeys, dict):
    """key -> Counter, created on first use like a defaultdict(Counter); the key is noted when
    created, and must be `touch`ed when its Counter changes in place. Checkpoints take a copy
    of each Counter changed: `take_changes(dict)`."""

    def __missing__(self, key) -> Counter:
        value = self[key] = Counter()
        return value


class JournaledMap(dict):
    """A dict whose changes since the last take_changes() are the keys set (or `touch`ed: a
    value changed in place) and the keys removed; state_log merges them as put and drop."""

    def __init__(self, items=()):
        super().__init__(items)
        self.dirty: set = set()
        self.dropped: set = set()

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.touch(key)

    def touch(self, key) -> None:
        self.dirty.add(key)
        self.dropped.discard(key)

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        self.dirty.discard(key)
        self.dropped.add(key)

    def pop(self, key, *default):
        if key in self:
            self.dirty.discard(key)
            self.dropped.add(key)
        return super().pop(key, *default)

    def take_changes(self, encode=lambda v: v) -> dict:
        """{"put": {key: encode(value)}, "drop": [keys]}; forgets them."""
        put = {k: encode(self[k]) for k in self.dirty if k in self}
        change = {"put": put, "drop": sorted(self.dropped)}
        self.dirty, self.dropped = set(), set()
        return change

    def whole(self, encode=lambda v: v) -> dict:
        """Everything as one change (a compaction); forgets the pending changes."""
        self.dirty, self.dropped = set(), set()
        return {"put": {k: encode(v) for k, v in self.items()}, "drop": []}
