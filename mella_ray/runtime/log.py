"""Logging setup, the one switch between a quiet run and a verbose one, and a throttled
progress reporter for long work.

A healthy run prints one progress line per stage at a steady pace and the summary. Ray's own
output (Ray Data's progress dumps and plans, the workers' log lines, Serve's controller, core
worker messages, deprecation warnings of Ray internals) is what a maintainer needs when
something is wrong, not on every run: it is shown with `--verbose` or MELLA_VERBOSE=1, and is
always in Ray's session log files (/tmp/ray/session_latest/logs).
"""

from __future__ import annotations

import logging
import os
import sys
import time
import warnings
from collections.abc import Callable

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
VERBOSE_ENV = "MELLA_VERBOSE"  # "1": Ray's own output on the console too (set by --verbose)
LEVEL_ENV = "MELLA_LOG_LEVEL"  # the level of mella-ray's own lines (default INFO)
_THIRD_PARTY = ("urllib3", "filelock", "fsspec", "asyncio", "aiohttp.access", "PIL", "matplotlib", "httpx", "httpcore")
_RAY = ("ray", "ray.serve", "ray.train", "ray.tune")
# Ray Data configures its loggers itself, again for every dataset: it is told with its own
# logging-config variable, which its worker processes inherit as well.
_RAY_DATA_CONFIG = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "ray_data_logging_quiet.yaml")


def verbose() -> bool:
    return os.environ.get(VERBOSE_ENV, "0") == "1"


def set_verbose(on: bool) -> None:
    """Chosen once per process, before Ray starts (inherited by the processes it starts)."""
    os.environ[VERBOSE_ENV] = "1" if on else "0"


def setup_logging(level: str | None = None) -> None:
    level = level or os.environ.get(LEVEL_ENV, "INFO")
    root = logging.getLogger()
    if not any(getattr(h, "_mella", False) for h in root.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(logging.Formatter(_FORMAT, "%H:%M:%S"))
        h._mella = True  # type: ignore[attr-defined]
        root.addHandler(h)
    root.setLevel(level)
    for noisy in _THIRD_PARTY:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_ray()


def quiet_ray() -> None:
    """Ray's driver-side loggers down to errors, unless verbose."""
    if verbose():
        return
    os.environ.setdefault("RAY_DATA_LOGGING_CONFIG", _RAY_DATA_CONFIG)
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # transformers' download/save bars too
    for name in _RAY:
        logger = logging.getLogger(name)
        logger.setLevel(logging.ERROR)
        if not any(isinstance(f, _ErrorsOnly) for f in logger.filters):
            logger.addFilter(_ErrorsOnly())  # kept when a library resets its logger's level (Serve does at import)
    if not getattr(warnings.showwarning, "_mella", False):
        warnings.showwarning = _without_ray_internals(warnings.showwarning)


class _ErrorsOnly(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.ERROR


def _without_ray_internals(show: Callable) -> Callable:
    """warnings.showwarning that drops warnings raised inside Ray's own code (deprecations of
    Ray internals that Ray calls itself). A filter would not do: Ray adds its own "always"
    filters when its libraries are imported, in front of ours."""

    def showwarning(message, category, filename, lineno, file=None, line=None):
        if f"{os.sep}ray{os.sep}" in str(filename):
            return
        show(message, category, filename, lineno, file, line)

    showwarning._mella = True  # type: ignore[attr-defined]
    return showwarning


class Progress:
    """Logs `done/total` with a rate at most every `every_s` seconds, and once at the end
    (unless that line was just printed). `detail(elapsed_s)` adds the caller's own figures
    (tokens/s, failures) to each line."""

    def __init__(
        self,
        what: str,
        total: int | None = None,
        every_s: float = 5.0,
        logger: logging.Logger | None = None,
        detail: Callable[[float], str] | None = None,
    ):
        self.what, self.total, self.every_s, self.detail = what, total, every_s, detail
        self.log = logger or logging.getLogger("mella_ray.progress")
        self.done = 0
        self.start = self._last = time.monotonic()
        self._shown = -1

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self._last >= self.every_s:
            self._last = now
            self._emit(now)

    def close(self) -> None:
        if self._shown != self.done:
            self._emit(time.monotonic())

    def _emit(self, now: float) -> None:
        self._shown = self.done
        elapsed = max(now - self.start, 1e-9)
        of = f"/{self.total}" if self.total is not None else ""
        extra = f"; {self.detail(elapsed)}" if self.detail else ""
        self.log.info("%s: %d%s (%.1f/s%s)", self.what, self.done, of, self.done / elapsed, extra)
