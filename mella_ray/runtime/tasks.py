"""Small jobs over many files, as Ray tasks: the driver plans, the cluster reads.

`map_tasks(fn, items)` runs fn(item) as a Ray task per item, a bounded number at once, and
yields the results in item order. For bookkeeping reads (key columns, markers, counts) this
costs the driver one object reference per task in flight. A Ray Data read + map of the same
files added ~50 MB to the driver to start and ~0.2 MB per file (benchmarks/driver_reads.py: 52
MB for 10 shards, 70 MB for 100; as tasks, 3 and 4 MB), which at tens of thousands of shards
is gigabytes. Ray Data stays where it pays: the streaming pipelines with actor pools (caption,
translate, evaluate, training ingest).

`ActorMap` is the same mapper on actors a stage already holds (the crawl's, for its finalize):
their processes are warm, where every task would first start and import a worker.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MAX_IN_FLIGHT = 32
ACTOR_ROUNDS = 2  # tries of an item on the actors; what still fails goes to ActorMap's fallback
Mapper = Callable[[Callable, list], list]


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


class ActorMap:
    """A mapper, `(fn, items) -> [fn(item) for item in items]`, on running actors that have a
    method `call(fn, item)` returning fn(item). Ray's ActorPool gives each actor one item at a
    time and returns the results in item order; the driver sends items and receives results
    only. An item whose actor died (RayActorError) is tried again on the survivors, ACTOR_ROUNDS
    tries in all; what is left then, or when no actor is left, goes to `fallback` after the actors
    are killed (their CPUs are free for its tasks), and so do later calls. An error raised by fn
    itself is raised here. fn must be safe to run twice (reads and crash-safe rewrites are)."""

    def __init__(self, actors: list, fallback: Mapper):
        self.all = list(actors)
        self.live = list(actors)
        self.fallback = fallback

    def __call__(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list:
        import ray

        items = list(items)
        results: dict[int, Any] = {}
        todo = list(range(len(items)))
        fn_ref = ray.put(fn) if self.live and todo else None  # once, not with every call
        for _ in range(ACTOR_ROUNDS):
            if not self.live or not todo:
                break
            todo = self._round(fn_ref, items, todo, results)
        if todo:
            self.stop_actors()
            for i, result in zip(todo, self.fallback(fn, [items[i] for i in todo]), strict=True):
                results[i] = result
        return [results[i] for i in range(len(items))]

    def _round(self, fn_ref, items: list, todo: list[int], results: dict[int, Any]) -> list[int]:
        """Items `todo` on the live actors, into `results`; returns the items whose actor died.
        Two items an actor are in the pool at a time: ActorPool queues what it cannot send yet
        in a list it pops from the front, slow for tens of thousands of shards."""
        import ray
        from ray.util import ActorPool

        pool = ActorPool(self.live)
        waiting, sent, failed = deque(todo), deque(), []
        while waiting or sent:
            while waiting and len(sent) < 2 * len(self.live):
                i = waiting.popleft()
                pool.submit(lambda actor, i: actor.call.remote(fn_ref, items[i]), i)
                sent.append(i)
            i = sent.popleft()  # ActorPool sends items in this order, and gives results back in it
            if not pool.has_next():  # every actor died: what is left was never sent
                failed += [i, *sent, *waiting]
                break
            try:
                results[i] = pool.get_next()
            except ray.exceptions.RayActorError:  # a dead actor leaves the pool
                failed.append(i)
        self.live = list(iter(pool.pop_idle, None))  # the survivors
        return failed

    def stop_actors(self) -> None:
        """Kill the actors (no restart): from now on everything goes to the fallback."""
        kill_actors(self.all)
        self.live = []


def kill_actors(actors: Iterable) -> None:
    import ray

    for handle in actors:
        ray.kill(handle, no_restart=True)
