"""What each stage asks Ray for, and an early check that the cluster can give it.

Each stage's request is one bundle (an engine replica, a training worker, a crawl actor) that
must fit on one node; training also needs all its workers at once. On a fixed cluster a
request no node can satisfy would wait forever, so it fails before the first stage starts,
naming the stage and the resource. With `ray.autoscaling: true` the autoscaler decides.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from mella_ray.config import EngineConfig, JobConfig


class ResourceError(RuntimeError):
    """A stage asks for resources that this cluster cannot provide."""


@dataclass
class Need:
    stage: str
    what: str  # which setting asks, in words
    bundle: dict[str, float]  # resources of one replica / worker, all on one node
    count: int = 1  # bundles needed at the same time
    labels: list[str] = field(default_factory=list)


def _engine(stage: str, key: str, e: EngineConfig) -> Need:
    bundle = {"GPU": e.num_gpus} if e.num_gpus > 0 else {"CPU": e.num_cpus}
    if e.accelerator_type:
        bundle[f"accelerator_type:{e.accelerator_type}"] = 0.001
    return Need(stage, f"{key} (one replica)", bundle)


def stage_needs(cfg: JobConfig, stages: list[str]) -> list[Need]:
    needs = []
    if "crawl" in stages:
        needs.append(Need("crawl", "one crawl actor", {"CPU": 0.5}))
    if "caption" in stages:
        needs.append(_engine("caption", "caption.engine", cfg.caption.engine))
    if "translate" in stages:
        needs.append(_engine("translate", "translate.engine", cfg.translate.engine))
    if "train" in stages:
        t = cfg.train
        bundle = {"CPU": t.cpus_per_worker, **({"GPU": 1.0} if t.use_gpu else {})}
        if t.accelerator_type:
            bundle[f"accelerator_type:{t.accelerator_type}"] = 0.001
        needs.append(Need("train", "train.num_workers × train.use_gpu/cpus_per_worker", bundle, count=t.num_workers))
    if "evaluate" in stages:
        needs.append(_engine("evaluate", "evaluate.engine", cfg.evaluate.engine))
    if "serve" in stages:
        s = cfg.serve
        bundle = {"CPU": s.num_cpus, **({"GPU": s.num_gpus} if s.num_gpus > 0 else {})}
        needs.append(Need("serve", "serve.num_cpus/num_gpus (one replica)", bundle, count=max(1, s.min_replicas)))
    return needs


def _fits(bundle: dict[str, float], node: dict[str, float]) -> bool:
    return all(node.get(k, 0.0) >= v for k, v in bundle.items())


def check_resources(needs: list[Need], nodes: list[dict[str, float]], autoscaling: bool) -> None:
    """Raise ResourceError for the first need that today's nodes cannot hold (fixed clusters)."""
    if autoscaling:
        return
    for n in needs:
        fitting = [node for node in nodes if _fits(n.bundle, node)]
        if not fitting:
            have = {k: max((node.get(k, 0.0) for node in nodes), default=0.0) for k in n.bundle}
            raise ResourceError(
                f"{n.stage}: {n.what} asks for {n.bundle} on one node, but the largest node has {have}. "
                "Lower the request, add such nodes, or set ray.autoscaling: true if the cluster adds nodes on demand."
            )
        # how many bundles fit across all nodes at once (training needs them together)
        room = sum(min(int(node.get(k, 0.0) // v) if v else 10**9 for k, v in n.bundle.items()) for node in fitting)
        if room < n.count:
            raise ResourceError(
                f"{n.stage}: needs {n.count} × {n.bundle} at once ({n.what}), but this cluster holds only {room}. "
                "Lower the count, add nodes, or set ray.autoscaling: true."
            )


def alive_nodes() -> list[dict[str, float]]:
    import ray

    return [dict(n["Resources"]) for n in ray.nodes() if n.get("Alive")]
