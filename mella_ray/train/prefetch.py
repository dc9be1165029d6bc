"""Micro-batches prepared on a background thread while the accelerator trains on the last.

Encoding a row (decode the image, resize it to the pixel budget, run the image processor,
apply the chat template, tokenise) costs tens of milliseconds of CPU per sample, about as long
as a GPU spends training on it; done inside the step, it would roughly halve throughput.

On a GPU machine the prepared tensors are pinned, so that the step copies them to the device
without waiting (train/step.to_device).

The position a checkpoint saves must be that of the micro-batches the model has trained on,
not of those prepared ahead, so each prepared batch carries the position and masked-row count
its source had when it was made.
"""

from __future__ import annotations

import queue
import threading

import torch

_DONE = object()
POLL_S = 0.5  # how often a blocked producer looks at the stop flag


class Prefetched:
    """Iterates `source` (a data.MicroBatches) up to `depth` micro-batches ahead. `position` and
    `masked` describe what has been handed out; an error in the source is raised here, at the
    batch where it happened."""

    def __init__(self, source, depth: int = 2, pin: bool | None = None):
        if depth < 1:
            raise ValueError(f"prefetch depth must be at least 1 (got {depth})")
        self.position, self.masked = dict(source.position), source.masked
        self.pin = torch.cuda.is_available() if pin is None else pin
        self._queue: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._source = source
        self._thread = threading.Thread(target=self._produce, name="prefetch", daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=POLL_S)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        source = self._source
        try:
            for batch in source:
                if self.pin:
                    batch = {k: v.pin_memory() for k, v in batch.items()}
                if not self._put((batch, dict(source.position), source.masked)):
                    return
        except BaseException as e:  # handed to the consumer, raised where the batch was due
            self._put(e)
            return
        self._put(_DONE)

    def __iter__(self) -> Prefetched:
        return self

    def __next__(self) -> dict:
        item = self._queue.get()
        if item is _DONE:
            self._queue.put(_DONE)
            raise StopIteration
        if isinstance(item, BaseException):
            self._queue.put(item)  # every later call fails the same way
            raise item
        batch, self.position, self.masked = item
        return batch

    def close(self, timeout: float = 10.0) -> None:
        """Stop the producer and the source's encoding threads; rows already being encoded
        finish, the rest of their window is dropped."""
        self._stop.set()
        self._source.close()
        while True:  # make room so a producer blocked on a full queue sees the flag
            try:
                self._queue.get_nowait()
            except queue.Empty:
                break
        self._thread.join(timeout)
