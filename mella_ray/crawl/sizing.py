"""How many crawl actors a crawl gets: enough for its hosts and for the request rate it can
politely reach, and no more than the config allows or the cluster can place.

- Rate: every host starts a request at most every `min_host_interval_s` (its Crawl-delay may
  slow it further), so the hosts can give at most hosts / min_host_interval_s requests/s;
  `target_requests_per_s` lowers that. With neither (an interval of 0: own or loopback hosts)
  the crawl is bound by CPU, and gets one actor per CPU. One actor sustains about `requests_per_actor_s`
  (benchmarks/crawl_hosts.py measures a loopback actor; real pages and TLS cost more).
- Hosts: one actor holds at most `hosts_per_actor` seed hosts (its gates, queues and
  counters grow with them, and a smaller share per actor restarts faster).
- Caps: `max_actors`; never more actors than seed sites (an actor without one would idle);
  without autoscaling, no more than the cluster's CPUs can place at ACTOR_CPUS each.
A configured `num_actors` is taken as it is.
"""

from __future__ import annotations

import math

ACTOR_CPUS = 0.5  # crawl actors mostly wait on the network; full-CPU actors would starve other work


def plan_actor_count(sites: int, cfg, cluster_cpus: float | None) -> tuple[int, str]:
    """(actors, why) for `sites` seed sites; `cluster_cpus` None means the autoscaler adds nodes."""
    if cfg.num_actors:
        return cfg.num_actors, "crawl.num_actors"
    polite = sites / cfg.min_host_interval_s if cfg.min_host_interval_s > 0 else math.inf
    rate = min(polite, cfg.target_requests_per_s or math.inf)
    if math.isfinite(rate):
        by_rate, rate_why = math.ceil(rate / cfg.requests_per_actor_s), "request rate"
    else:  # no spacing and no target: the crawl is CPU-bound, so one actor per CPU (or per site)
        by_rate = math.ceil(cluster_cpus) if cluster_cpus is not None else sites
        rate_why = "no request rate limit: one actor per CPU"
    by_hosts = math.ceil(sites / cfg.hosts_per_actor)
    n, why = max(1, by_rate, by_hosts), (rate_why if by_rate >= by_hosts else "hosts per actor")
    if n > cfg.max_actors:
        n, why = cfg.max_actors, "crawl.max_actors"
    if n > sites:
        n, why = max(1, sites), "one site per actor at least"
    if cluster_cpus is not None and n > max(1, int(cluster_cpus / ACTOR_CPUS)):
        n, why = max(1, int(cluster_cpus / ACTOR_CPUS)), "the cluster's CPUs (set ray.autoscaling to ask for more)"
    return n, why


def planned_cpus(sites: int, cfg) -> float:
    """CPUs to ask the autoscaler for before planning: the actors the work calls for."""
    n, _ = plan_actor_count(sites, cfg, None)
    return n * ACTOR_CPUS
