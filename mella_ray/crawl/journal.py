"""Sets and dicts that remember what changed since they were last asked (state_log deltas).

The crawler's growing maps are plain containers everywhere they are used; these subclasses
only note the keys written, so that a checkpoint writes the changes, not the whole history.
Only the operations the crawler uses are journaled: set.add, item assignment (which
`counter[key] += 1` goes through as well).
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
    """For a dict type: remembers the keys set since the last take_changes()."""

    def __init__(self, items=()):
        super().__init__(items)
        self.dirty: set = set()

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self.dirty.add(key)

    def take_changes(self) -> dict:
        dirty, self.dirty = self.dirty, set()
        return {k: self[k] for k in dirty if k in self}


class JournaledDict(_JournaledKeys, dict):
    pass


class JournaledCounter(_JournaledKeys, Counter):
    pass
