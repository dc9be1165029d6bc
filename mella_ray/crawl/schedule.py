"""Which host goes next, in O(log hosts): a ready queue of hosts and one-at-a-time wake-ups.

`HostQueues` holds per-host FIFO queues (pages, images) with O(1) totals. `ReadyQueue` is a
heap of the hosts that have work and a free slot, ordered by the time each may start its
next request; a host that cannot go (its slots are full, its pages wait for its image
backlog, it was stopped) is simply not in it, and the crawler puts it back when that
changes. So finding work costs O(log hosts), not a scan of every host per wake-up, which
is what lets one actor hold thousands of hosts.

`Wakeups`: idle workers wait on futures in a line; a new or freed piece of work wakes one
of them, and one timer (not one per worker) wakes one when the earliest host comes due.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections import deque


class HostQueues:
    """Per-host FIFO queues with O(1) length; hosts with nothing queued are not kept."""

    def __init__(self, on_push=None) -> None:
        self.queues: dict[str, deque] = {}
        self.total = 0
        self.on_push = on_push  # called with the host after an item is queued

    def push(self, host: str, item, front: bool = False) -> None:
        queue = self.queues.get(host)
        if queue is None:
            queue = self.queues[host] = deque()
        queue.appendleft(item) if front else queue.append(item)
        self.total += 1
        if self.on_push is not None:
            self.on_push(host)

    def pop_host(self, host: str):
        """The next item of `host` (None if it has none)."""
        queue = self.queues.get(host)
        if not queue:
            return None
        item = queue.popleft()
        self.total -= 1
        if not queue:
            del self.queues[host]
        return item

    def drain(self, host: str) -> list:
        queue = self.queues.pop(host, None) or ()
        self.total -= len(queue)
        return list(queue)

    def count(self, host: str) -> int:
        return len(self.queues.get(host, ()))

    def __len__(self) -> int:
        return self.total

    def __bool__(self) -> bool:
        return self.total > 0

    def hosts(self) -> list[str]:
        return list(self.queues)

    def items(self) -> list:
        return [item for q in self.queues.values() for item in q]


class ReadyQueue:
    """Hosts keyed by the monotonic time they may start next; lazy deletion keeps each step O(log n)."""

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str]] = []
        self._at: dict[str, tuple[float, int]] = {}  # host -> its live entry
        self._seq = itertools.count()

    def add(self, host: str, at: float) -> None:
        """Queue `host` at `at`, or move it earlier if it is queued later."""
        live = self._at.get(host)
        if live is not None and live[0] <= at:
            return
        entry = (at, next(self._seq))
        self._at[host] = entry
        heapq.heappush(self._heap, (*entry, host))

    def discard(self, host: str) -> None:
        self._at.pop(host, None)  # its heap entry is dropped when it reaches the top

    def at(self, host: str) -> float:
        return self._at[host][0]

    def _clean(self) -> None:
        heap = self._heap
        while heap and self._at.get(heap[0][2]) != heap[0][:2]:
            heapq.heappop(heap)

    def pop_due(self, now: float) -> str | None:
        """The host that has been due longest, if any is due by `now`."""
        self._clean()
        if not self._heap or self._heap[0][0] > now:
            return None
        _, _, host = heapq.heappop(self._heap)
        del self._at[host]
        return host

    def next_at(self) -> float | None:
        self._clean()
        return self._heap[0][0] if self._heap else None

    def __contains__(self, host: str) -> bool:
        return host in self._at

    def __len__(self) -> int:
        return len(self._at)


class ReadyHosts:
    """Two ready queues: the first for hosts whose next job is an image (or a sitemap) and that
    have nothing in flight, the second for every other host with work (pages, and the further
    images of busy hosts), each by time.

    A due host of the first queue goes before any of the second: images are what the crawl
    keeps and what its memory holds, and with thousands of hosts a single queue let the pages
    of every host go first, so the image backlog (and every checkpoint, which writes the
    queued images) stayed at its cap. A host's place in time is its gate's (politeness is
    unchanged); only the order among due hosts changes."""

    def __init__(self) -> None:
        self.images = ReadyQueue()
        self.pages = ReadyQueue()

    def add(self, host: str, at: float, images: bool) -> None:
        """Queue `host` at `at` (or move it earlier, as ReadyQueue.add), in the first queue if
        `images`. A host in the first queue stays there until it is taken."""
        if host in self.images:
            self.images.add(host, at)
            return
        if images and host in self.pages:
            at = min(at, self.pages.at(host))
            self.pages.discard(host)
        (self.images if images else self.pages).add(host, at)

    def promote(self, host: str) -> None:
        """`host`, queued in the second queue, now belongs in the first: moved, at the same time."""
        if host in self.pages:
            self.add(host, self.pages.at(host), images=True)

    def discard(self, host: str) -> None:
        self.images.discard(host)
        self.pages.discard(host)

    def pop_due(self, now: float) -> str | None:
        """A due host of the first queue if there is one, else the host of the second due longest."""
        host = self.images.pop_due(now)
        return host if host is not None else self.pages.pop_due(now)

    def next_at(self) -> float | None:
        times = [t for t in (self.images.next_at(), self.pages.next_at()) if t is not None]
        return min(times) if times else None

    def __contains__(self, host: str) -> bool:
        return host in self.images or host in self.pages

    def __len__(self) -> int:
        return len(self.images) + len(self.pages)


class Wakeups:
    """Idle workers in a line: `wake_one` wakes the first, `arm(at)` wakes one at time `at`."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at: float | None = None
        self.wakes = 0  # workers woken, for tests and stats

    def enlist(self) -> asyncio.Future:
        """Join the line; the future resolves when this worker is woken."""
        fut = asyncio.get_running_loop().create_future()
        self._waiting.append(fut)
        return fut

    async def wait(self, fut: asyncio.Future | None = None) -> None:
        fut = fut if fut is not None else self.enlist()
        try:
            await fut
        finally:
            if not fut.done():
                fut.cancel()  # cancelled while waiting: wake_one skips it

    def waiting(self) -> int:
        return sum(1 for f in self._waiting if not f.done())

    def wake_one(self) -> bool:
        while self._waiting:
            fut = self._waiting.popleft()
            if not fut.done():
                fut.set_result(None)
                self.wakes += 1
                return True
        return False

    def wake_all(self) -> None:
        while self.wake_one():
            pass

    def arm(self, at: float) -> None:
        """Wake one worker at loop time `at` (the event loop's clock is time.monotonic)."""
        if (self._timer_at is not None and self._timer_at <= at) or not self.waiting():
            return  # an earlier timer is set, or nobody waits (a busy worker looks for work when done)
        if self._timer is not None:
            self._timer.cancel()
        self._timer_at = at
        self._timer = asyncio.get_running_loop().call_at(at, self._fire)

    def _fire(self) -> None:
        self._timer, self._timer_at = None, None
        self.wake_one()

    def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer, self._timer_at = None, None
