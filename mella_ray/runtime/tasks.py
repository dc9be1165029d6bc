"""Small jobs over many files, as Ray tasks: the driver plans, the cluster reads.

`map_tasks(fn, items)` runs fn(item) as a Ray task per item, a bounded number at once, and
yields the results in item order. For bookkeeping reads (key columns, markers, counts) this
costs the driver one object reference per task in flight. A Ray Data read + map of the same
files added ~50 MB to the driver to start and ~0.2 MB per file (benchmarks/driver_reads.py: 52
MB for 10 shards, 70 MB for 100; as tasks, 3 and 4 MB), which at tens of thousands of shards
is gigabytes. Ray Data stays where it pays: the streaming pipelines with actor pools (caption,
translate, evaluate, training ingest).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_IN_FLIGHT = 32


def map_tasks(
    fn: Callable[[Any], Any],
    items: Iterable[Any],
    *,
    num_cpus: float = 0.25,
    max_in_flight: int = MAX_IN_FLIGHT,
    retries: int = 2,
) -> Iterator[Any]:
    """fn(item) for each item on the cluster, in order; fn must be safe to retry (reads are)."""
    import ray

    task = ray.remote(num_cpus=num_cpus, max_retries=retries)(_call)
    fn_ref = ray.put(fn)  # once, not with every task (a partial may carry settings)
    pending: deque = deque()
    for item in items:
        pending.append(task.remote(fn_ref, item))
        if len(pending) >= max_in_flight:
            yield ray.get(pending.popleft())
    while pending:
        yield ray.get(pending.popleft())


def _call(fn: Callable[[Any], Any], item: Any) -> Any:
    return fn(item)


def chunks(items: list, size: int) -> list[list]:
    """`items` in lists of `size`: one task per chunk when each item is tiny work."""
    return [items[i : i + size] for i in range(0, len(items), size)]
