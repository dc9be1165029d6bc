"""Crawl actors sized for the work: hosts, the polite request rate, caps; with autoscaling the
CPUs are requested from the autoscaler before the plan is made."""

from __future__ import annotations

from mella_ray.config import CrawlConfig, JobConfig
from mella_ray.crawl import stage
from mella_ray.crawl.sizing import plan_actor_count


def _cfg(**kw) -> CrawlConfig:
    return CrawlConfig(**kw)


def test_actor_count_follows_hosts_rate_and_caps():
    # 16 hosts at one request per 0.25 s: 64 requests/s, one actor's worth.
    assert plan_actor_count(16, _cfg(), 64) == (1, "request rate")
    # 3,000 hosts: 12,000 requests/s possible; 120 actors by rate, 6 by hosts.
    assert plan_actor_count(3000, _cfg(), None) == (120, "request rate")
    assert plan_actor_count(3000, _cfg(target_requests_per_s=500), None) == (6, "hosts per actor")
    assert plan_actor_count(3000, _cfg(max_actors=40), None) == (40, "crawl.max_actors")
    assert plan_actor_count(3000, _cfg(), 16)[0] == 32  # no autoscaler: what 16 CPUs can place at 0.5 each
    assert plan_actor_count(5, _cfg(min_host_interval_s=0.001), None) == (5, "one site per actor at least")
    assert plan_actor_count(5, _cfg(num_actors=3), 1) == (3, "crawl.num_actors")
    # no spacing and no target (own or loopback hosts): bound by CPU, one actor per CPU
    unbounded = _cfg(min_host_interval_s=0.0)
    assert plan_actor_count(8, unbounded, 2) == (2, "no request rate limit: one actor per CPU")
    assert plan_actor_count(8, unbounded, None) == (8, "no request rate limit: one actor per CPU")
    assert plan_actor_count(1, unbounded, 16) == (1, "one site per actor at least")


def test_with_autoscaling_the_planned_cpus_are_requested_before_planning(tmp_path, monkeypatch):
    asked = []  # stands in for the autoscaler, which cannot run here
    monkeypatch.setattr(stage, "request_resources", lambda **kw: asked.append(kw))
    monkeypatch.setattr(stage.ray, "cluster_resources", lambda: (_ for _ in ()).throw(AssertionError("not asked")))
    seeds = [{"url": f"http://h{i}.example.cz/", "lang": "cs"} for i in range(1000)]
    cfg = JobConfig(
        output_dir=str(tmp_path),
        languages=["cs"],
        ray={"autoscaling": True},
        crawl={"seeds": seeds, "hosts_per_actor": 100, "target_requests_per_s": 50},
    )
    plan = stage._new_plan(cfg, str(tmp_path / "crawl"), seeds)
    assert asked == [{"num_cpus": 5}] and plan["num_actors"] == 10  # 10 actors of 0.5 CPU
    assert sorted(len(p) for p in plan["seeds"]) == [100] * 10
