"""What each stage asks Ray for, and an early check that the cluster can give it.

Each stage's request is one bundle (an engine replica, a training worker, a crawl actor) that
must fit on one node; training needs all its workers at once, an engine's fixed actor pool all
its replicas. An engine replica's request is computed once (`engine_request`) and the stages'
map_batches arguments are built from it too, so the check tests what the run asks for. On a
fixed cluster a request no node can satisfy would wait forever, so it fails before the first
stage starts, naming the stage and the resource. With `ray.autoscaling: true` the autoscaler
decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mella_ray.config import EngineConfig, JobConfig

ACCELERATOR_PREFIX = "accelerator_type:"  # Ray's resource for a node type: `accelerator_type=X` asks for 0.001 of it


class ResourceError(RuntimeError):
    """A stage asks for resources that this cluster cannot provide."""


@dataclass
class Need:
    stage: str
    what: str  # which setting asks, in words
    bundle: dict[str, float]  # resources of one replica / worker, all on one node
    count: int = 1  # bundles needed at the same time
    labels: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class EngineRequest:
    """What one replica of an engine asks Ray for: the single source of both the map_batches
    arguments (runtime/batch_stage.engine_resources) and the early check (stage_needs)."""

    actor: dict[str, float]  # the replica's own actor, in Ray resource names (CPU, GPU, accelerator_type:X)
    engine_gpus: int = 0  # GPUs the engine reserves itself in a placement group (vLLM, tensor_parallel_size > 1)

    @property
    def bundle(self) -> dict[str, float]:
        """Everything one replica holds, on one node (tensor-parallel GPUs share a node's links)."""
        return {**self.actor, **({"GPU": float(self.engine_gpus)} if self.engine_gpus else {})}


def engine_request(e: EngineConfig) -> EngineRequest:
    """One replica's resources: GPUs (and an accelerator type for the autoscaler) or CPUs.

    vllm always runs on GPUs: tensor_parallel_size of them. With one, the actor holds it; with
    more, vLLM's Ray executor reserves them itself (a placement group), and an actor that also
    held one would deadlock a node with exactly that many GPUs, so the actor asks for one CPU.
    """
    accel = {ACCELERATOR_PREFIX + e.accelerator_type: 0.001} if e.accelerator_type else {}
    if e.backend == "vllm" and e.tensor_parallel_size > 1:
        return EngineRequest({"CPU": 1.0, **accel}, engine_gpus=e.tensor_parallel_size)
    if e.backend == "vllm":
        return EngineRequest({"GPU": max(e.num_gpus, 1.0), **accel})
    if e.num_gpus > 0:
        return EngineRequest({"GPU": e.num_gpus, **accel})
    return EngineRequest({"CPU": e.num_cpus})


def _engine(stage: str, key: str, e: EngineConfig) -> Need:
    return Need(stage, f"{key} (one replica)", engine_request(e).bundle, count=e.concurrency)


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
            bundle[ACCELERATOR_PREFIX + t.accelerator_type] = 0.001
        needs.append(Need("train", "train.num_workers × train.use_gpu/cpus_per_worker", bundle, count=t.num_workers))
    if "evaluate" in stages:
        needs.append(_engine("evaluate", "evaluate.engine", cfg.evaluate.engine))
    if "serve" in stages:
        s = cfg.serve
        accel = {ACCELERATOR_PREFIX + s.accelerator_type: 0.001} if s.accelerator_type else {}
        if s.backend == "vllm":  # Ray Serve LLM reserves tensor_parallel_size GPUs per replica
            what, bundle = "serve.tensor_parallel_size (one replica)", {"GPU": float(s.tensor_parallel_size), **accel}
        else:  # what serve/options.hf_deployment_options asks for (a unit test keeps the two equal)
            what = "serve.num_cpus/num_gpus (one replica)"
            bundle = {"CPU": s.num_cpus, **({"GPU": s.num_gpus} if s.num_gpus > 0 else {}), **accel}
        needs.append(Need("serve", what, bundle, count=max(1, s.min_replicas)))
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
