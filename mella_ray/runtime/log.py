"""Logging setup and a throttled progress reporter for long work."""
from __future__ import annotations

import logging
import os
import sys
import time

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(level: str | None = None) -> None:
    level = level or os.environ.get("MELLA_LOG_LEVEL", "INFO")
    root = logging.getLogger()
    if not any(getattr(h, "_mella", False) for h in root.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter(_FORMAT, "%H:%M:%S"))
        h._mella = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(level)
    for noisy in ("urllib3", "filelock", "fsspec", "asyncio", "aiohttp.access", "PIL", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


class Progress:
    """Logs `done/total` with a rate at most every `every_s` seconds (and at the end)."""

    def __init__(self, what: str, total: int | None = None, every_s: float = 5.0, logger: logging.Logger | None = None):
        self.what, self.total, self.every_s = what, total, every_s
        self.log = logger or logging.getLogger("mella_ray.progress")
        self.done = 0
        self.start = self._last = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            self._emit(now)

    def close(self) -> None:
        self._emit(time.monotonic())

    def _emit(self, now: float) -> None:
        rate = self.done / max(now - self.start, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        self.log.info("%s: %d%s (%.1f/s)", self.what, self.done, of, rate)
