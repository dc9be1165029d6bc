"""Crawl finalize on the crawl's own actors (runtime/tasks.ActorMap): the same results as Ray
tasks, items of a dead actor done elsewhere, and no crawl actor left once run_crawl ends."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_demo_server import serve_demo  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

from mella_ray.config import CrawlConfig, JobConfig  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402
from mella_ray.runtime.tasks import ActorMap, kill_actors, map_tasks  # noqa: E402

pytestmark = pytest.mark.integration


def _worker_class():
    """An actor with CrawlActor's `call`; item `die_on` ends its process (os._exit), only the
    first time anywhere when `once` names a file to claim. Made in a function: Ray's workers
    cannot import this test module, so the class travels by value."""

    class Worker:
        def __init__(self, die_on=None, once: str | None = None):
            self.die_on, self.once = die_on, once

        def call(self, fn, item):
            if item == self.die_on:
                try:
                    if self.once:
                        os.close(os.open(self.once, os.O_CREAT | os.O_EXCL))
                    os._exit(1)
                except FileExistsError:
                    pass
            return fn(item)

        def pid(self):
            return os.getpid()

    return Worker


def _tasks(fn, items):
    return list(map_tasks(fn, items, num_cpus=0.5))


def _alive_crawl_actors(ray) -> list[str]:
    return [a["name"] for a in ray.util.list_named_actors(all_namespaces=True) if a["name"].startswith("mella-crawl-")]


def _wait_gone(ray, timeout: float = 20.0) -> list[str]:
    """ray.kill is asynchronous: the crawl actors still listed after `timeout`."""
    deadline = time.monotonic() + timeout
    while (alive := _alive_crawl_actors(ray)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive


def test_actor_map_runs_on_the_actors_in_order_and_survives_a_death(ray_local, tmp_path):
    ray = ray_local
    cls = ray.remote(num_cpus=0.25, max_restarts=0)(_worker_class())
    pid_of = lambda _: os.getpid()  # noqa: E731
    actors = [cls.remote(), cls.remote()]
    pids = set(ray.get([a.pid.remote() for a in actors]))
    mapper = ActorMap(actors, _tasks)
    assert set(mapper(pid_of, range(12))) == pids  # every item ran in one of the actors, no task
    assert mapper(lambda x: x * x, list(range(30))) == [x * x for x in range(30)]  # in item order
    with pytest.raises(ray.exceptions.RayTaskError, match="ZeroDivisionError"):  # fn's own error is not retried
        mapper(lambda x: 1 / x, [1, 0])

    once = str(tmp_path / "died")
    doomed = [cls.remote(die_on=7, once=once), cls.remote(die_on=7, once=once)]  # 7 kills one actor, once
    mapper = ActorMap(doomed, _tasks)
    assert mapper(lambda x: x + 1, list(range(20))) == list(range(1, 21))
    assert len(mapper.live) == 1  # the survivor, still used
    assert mapper(lambda x: -x, [1, 2]) == [-1, -2]

    both = [cls.remote(die_on=3), cls.remote(die_on=3)]  # 3 kills every actor: tasks do the rest
    both_pids = set(ray.get([a.pid.remote() for a in both]))
    mapper = ActorMap(both, _tasks)
    assert mapper(lambda x: x * 10, list(range(8))) == [x * 10 for x in range(8)]
    assert mapper.live == []
    assert set(mapper(pid_of, [0, 1])).isdisjoint(pids | both_pids)  # later calls go to tasks too
    # crawl actors are restarted by Ray (stage.ACTOR_RESTARTS): a call in flight is lost all the same
    restartable = ray.remote(num_cpus=0.25, max_restarts=1)(_worker_class())
    once = str(tmp_path / "died-restartable")
    back = [restartable.remote(die_on=5, once=once), restartable.remote(die_on=5, once=once)]
    assert ActorMap(back, _tasks)(lambda x: x - 1, list(range(10))) == list(range(-1, 9))
    kill_actors(actors + doomed + back)


def _crawl_cfg(out: Path, seeds: list[dict]) -> JobConfig:
    crawl = CrawlConfig(
        seeds=seeds,
        allow_private_networks=True,
        num_actors=2,
        concurrency_per_actor=2,
        min_host_interval_s=0.0,
        total_timeout_s=20.0,
        shard_rows=10,
    )
    return JobConfig(output_dir=str(out), languages=["cs", "ru"], crawl=crawl)


def _rows(folder: Path) -> list[tuple]:
    table = ShardedOutput(str(folder)).read_all()
    return sorted((r["img_id"], r["alt"], r["lang"]) for r in table.to_pylist()) if table is not None else []


def test_finalize_runs_on_the_crawl_actors_and_none_outlives_run_crawl(ray_local, tmp_path, monkeypatch):
    """One crawl, finalized on its actors, then (with finalize failing) a crawl that leaves its
    actors dead and its `crawled` marker; the rerun finalizes as Ray tasks, to the same rows."""
    from mella_ray.crawl import stage
    from mella_ray.demo_site import build_site

    ray = ray_local
    manifest = build_site(tmp_path / "site", images_per_lang=12, seed=91, langs=["cs", "ru"])
    mappers: list = []
    real = stage.finalize

    def spy(crawl_dir, *args, mapper, **kw):
        mappers.append(mapper)
        return real(crawl_dir, *args, mapper=mapper, **kw)

    with LoopbackServers() as servers:
        base, _ = serve_demo(servers, tmp_path / "site", faults=False)
        seeds = [{"url": url, "lang": lang} for lang, url in manifest.seed_urls(base).items()]
        monkeypatch.setattr(stage, "finalize", spy)
        on_actors = stage.run_crawl(_crawl_cfg(tmp_path / "a", seeds))
        assert isinstance(mappers[-1], ActorMap) and len(mappers[-1].live) == 2  # none died, none fell back
        assert _wait_gone(ray) == []

        def broken(*args, mapper, **kw):
            mappers.append(mapper)
            raise OSError("storage went away")

        monkeypatch.setattr(stage, "finalize", broken)
        with pytest.raises(OSError, match="storage went away"):
            stage.run_crawl(_crawl_cfg(tmp_path / "b", seeds))
        assert _wait_gone(ray) == []  # killed on the way out of an error too
    assert isinstance(mappers[-1], ActorMap)

    monkeypatch.setattr(stage, "finalize", spy)
    rerun = stage.run_crawl(_crawl_cfg(tmp_path / "b", seeds))  # crawled already: no fetch, no actors
    assert mappers[-1] is stage._ray_map
    assert rerun["know_total"] == on_actors["know_total"] > 0 and rerun["kept"] == on_actors["kept"]
    for name in ("know", "pool"):  # the task path gives the rows the actors gave
        assert _rows(tmp_path / "b" / "crawl" / name) == _rows(tmp_path / "a" / "crawl" / name)
        assert ShardedOutput(str(tmp_path / "b" / "crawl" / name)).is_complete()
    shutil.rmtree(tmp_path / "site", ignore_errors=True)
