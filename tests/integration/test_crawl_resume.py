"""Kill a crawl at any moment and run it again: it continues, refetches nothing it finished,
and writes no row twice.

The first run is a separate process (its own local Ray) crawling a demo site. Once part of
the site is fetched the server freezes every new request (so the crawl's state stops
moving), the test waits for the actors to checkpoint, then SIGKILLs the whole process group
(driver, raylet, actors). The second run, in this process, resumes from crawl/_state.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_demo_server import serve_demo  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

from mella_ray.config import CrawlConfig, JobConfig  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

pytestmark = pytest.mark.integration
POLICY_FILES = ("/robots.txt", "/.well-known/tdmrep.json")  # a resumed actor reads a host's policies again

FIRST_RUN = textwrap.dedent("""
    import json, sys, ray
    from mella_ray.config import JobConfig
    from mella_ray.crawl.stage import run_crawl
    ray.init(address="local", num_cpus=2, include_dashboard=False, _temp_dir=sys.argv[2], log_to_driver=False)
    run_crawl(JobConfig.model_validate(json.loads(open(sys.argv[1]).read())))
""")


def _generations(crawl_dir: Path) -> dict[str, tuple[int, int]]:
    """The newest checkpoint of each actor: (base, delta) of a{actor}-b{base}[-d{delta}].json.gz."""
    gens: dict[str, tuple[int, int]] = {}
    for f in (crawl_dir / "_state").glob("a*-b*.json.gz"):
        actor, rest = f.name.split(".")[0].split("-b", 1)
        base, _, delta = rest.partition("-d")
        gens[actor] = max(gens.get(actor, (0, 0)), (int(base), int(delta or 0)))
    return gens


class CheckpointWatch:
    """Counts the checkpoints each actor writes from now on (a new newest file is one)."""

    def __init__(self, crawl_dir: Path):
        self.crawl_dir = crawl_dir
        self.last = _generations(crawl_dir)
        self.count: Counter = Counter()

    def at_least(self, n: int, actors: int) -> bool:
        now = _generations(self.crawl_dir)
        for actor, mark in now.items():
            if mark != self.last.get(actor):
                self.count[actor] += 1
        self.last = now
        return len(now) == actors and all(self.count[a] >= n for a in now)


def _wait(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_kill_and_resume(ray_local, tmp_path):
    from mella_ray.crawl.stage import run_crawl
    from mella_ray.demo_site import build_site

    manifest = build_site(tmp_path / "site", images_per_lang=20, seed=77, langs=["cs", "ru", "th"])
    out = tmp_path / "out"
    with LoopbackServers() as servers:
        base, hold = serve_demo(servers, tmp_path / "site", faults=False)
        log = servers.logs["demo"]
        seeds = [{"url": url, "lang": lang} for lang, url in manifest.seed_urls(base).items()]
        cfg = JobConfig(
            output_dir=str(out),
            languages=["cs", "ru", "th"],
            crawl=CrawlConfig(
                seeds=seeds,
                allow_private_networks=True,
                num_actors=2,
                concurrency_per_actor=2,
                per_host_concurrency=2,
                min_host_interval_s=0.01,
                checkpoint_every_s=0.2,
                total_timeout_s=20.0,
                shard_rows=10,
            ),
        )
        (tmp_path / "cfg.json").write_text(cfg.model_dump_json())
        (tmp_path / "first.py").write_text(FIRST_RUN)
        errlog = (tmp_path / "first.log").open("w")
        ray_tmp = tempfile.mkdtemp(prefix="rayk", dir="/tmp")  # Ray's socket paths must stay short
        proc = subprocess.Popen(
            [sys.executable, str(tmp_path / "first.py"), str(tmp_path / "cfg.json"), ray_tmp],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=errlog,
        )
        try:

            def started() -> bool:
                if proc.poll() is not None:
                    raise AssertionError("the first run ended early: " + (tmp_path / "first.log").read_text()[-3000:])
                return sum(log.done.values()) >= 60

            _wait(started, 120, "the first run to fetch 60 files")
            hold.hold()  # freeze: nothing new completes from here on
            time.sleep(0.3)
            watch = CheckpointWatch(out / "crawl")
            _wait(lambda: watch.at_least(2, actors=2), 30, "two checkpoints of each actor")
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the driver, its raylet and its actors, mid-crawl
            proc.wait(30)
            errlog.close()
            shutil.rmtree(ray_tmp, ignore_errors=True)
        finished = Counter({p: n for p, n in log.done.items() if p not in POLICY_FILES})
        assert not (out / "crawl" / "know" / "_SUCCESS").exists()
        hold.release()
        before_rerun = Counter(log.done)
        stats = run_crawl(cfg)
        refetched = {p for p, n in (Counter(log.done) - before_rerun).items() if p in finished}

    assert stats["resumed"] is True
    assert not refetched, f"finished before the kill and fetched again: {sorted(refetched)[:5]}"
    know = ShardedOutput(str(out / "crawl" / "know")).read_all().to_pylist()
    pool = ShardedOutput(str(out / "crawl" / "pool")).read_all().to_pylist()
    ids = [r["img_id"] for r in know + pool]
    assert len(ids) == len(set(ids)), "a row was written twice"
    expected = {
        (lang, image.best_path, image.alt)
        for lang, lm in manifest.langs.items()
        for image in lm.images
        if image.alt is not None
    }
    assert {(r["lang"], "/" + r["image_url"].split("/", 3)[3], r["alt"]) for r in know} == expected
    assert len(pool) == manifest.pool_count
    assert stats["know_total"] == len(expected)
    assert json.loads((out / "crawl" / "stats.json").read_text())["resumed"] is True


def test_an_actor_killed_mid_crawl_is_restarted_and_resumes(ray_local, tmp_path):
    """ray.kill of one actor (Ray restarts it): it resumes from its checkpoint, peers resend."""
    from mella_ray.crawl.stage import run_crawl
    from mella_ray.demo_site import build_site

    ray = ray_local
    manifest = build_site(tmp_path / "site", images_per_lang=20, seed=78, langs=["hu", "vi"])
    out = tmp_path / "out"
    result: dict = {}
    with LoopbackServers() as servers:
        base, _ = serve_demo(servers, tmp_path / "site", faults=False)
        log = servers.logs["demo"]
        seeds = [{"url": url, "lang": lang} for lang, url in manifest.seed_urls(base).items()]
        cfg = JobConfig(
            output_dir=str(out),
            languages=["hu", "vi"],
            crawl=CrawlConfig(
                seeds=seeds,
                allow_private_networks=True,
                num_actors=2,
                concurrency_per_actor=2,
                per_host_concurrency=2,
                min_host_interval_s=0.02,
                checkpoint_every_s=0.2,
                shard_rows=10,
            ),
        )
        runner = threading.Thread(target=lambda: result.update(stats=run_crawl(cfg)), daemon=True)
        runner.start()
        _wait(lambda: sum(log.done.values()) >= 30, 120, "the crawl to fetch 30 files")
        [name] = [
            a["name"]
            for a in ray.util.list_named_actors(all_namespaces=True)
            if a["name"].startswith("mella-crawl-") and a["name"].endswith("-0")
        ]
        ray.kill(ray.get_actor(name), no_restart=False)
        runner.join(180)
    stats = result["stats"]
    know = ShardedOutput(str(out / "crawl" / "know")).read_all().to_pylist()
    pool = ShardedOutput(str(out / "crawl" / "pool")).read_all().to_pylist()
    ids = [r["img_id"] for r in know + pool]
    assert len(ids) == len(set(ids))
    expected = {
        (lang, image.best_path, image.alt)
        for lang, lm in manifest.langs.items()
        for image in lm.images
        if image.alt is not None
    }
    assert {(r["lang"], "/" + r["image_url"].split("/", 3)[3], r["alt"]) for r in know} == expected
    assert stats["know_total"] == len(expected) and len(pool) == manifest.pool_count
