"""One rule for "done": a stage's marker records the digest of its inputs and of the settings
that define its rows, so a build redoes a stage whose inputs changed and says why.

    marker = StageMarker(folder)
    d = digest(input identities..., settings...)
    if marker.is_complete(d): skip
    why = marker.begin(d)        # None: a fresh start or the same attempt (resume it);
                                 # a reason: an attempt for other inputs was there (clear it)
    ... work ...
    marker.complete(d)           # last

Per-shard markers (runtime/shards.py) follow the same rule shard by shard.
"""

from __future__ import annotations

import hashlib
import json

from mella_ray.runtime import storage
from mella_ray.runtime.shards import SUCCESS

ATTEMPT = "_ATTEMPT"


def digest(*parts: object) -> str:
    """A short fingerprint of inputs and settings (JSON of the parts, keys sorted)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


class StageMarker:
    def __init__(self, folder: str):
        self.folder = folder.rstrip("/")

    def _read(self, name: str) -> str | None:
        path = storage.join(self.folder, name)
        return storage.read_text(path).strip() if storage.exists(path) else None

    def recorded(self) -> str | None:
        """The digest the complete output was made from (None: not complete)."""
        return self._read(SUCCESS)

    def is_complete(self, d: str) -> bool:
        return self.recorded() == d

    def why_redo(self, d: str) -> str | None:
        """Why an existing output or attempt cannot stand for digest `d`; None if nothing is there
        or it is an attempt at `d` itself (which a rerun resumes)."""
        done, attempt = self.recorded(), self._read(ATTEMPT)
        if done is not None and done != d:
            return "its inputs or settings changed since it was made"
        if attempt is not None and attempt != d:
            return "an unfinished attempt was made from other inputs or settings"
        return None

    def begin(self, d: str) -> None:
        storage.remove(storage.join(self.folder, SUCCESS))
        storage.write_text(storage.join(self.folder, ATTEMPT), d + "\n")

    def complete(self, d: str) -> None:
        storage.write_text(storage.join(self.folder, SUCCESS), d + "\n")
        storage.remove(storage.join(self.folder, ATTEMPT))
