"""Training across nodes (ray.cluster_utils.Cluster on one machine): two worker nodes, one training
worker each (gloo, LoRA on the tiny Qwen2-VL); one node is removed mid-run, a replacement joins
(as an autoscaler would bring one), and the run finishes from its last checkpoint."""

from __future__ import annotations

import hashlib
import io
import threading
import time

import pytest
from PIL import Image

from mella_ray import records
from mella_ray.config import parse_config
from mella_ray.runtime.shards import ShardedOutput

pytestmark = pytest.mark.integration
# 3 CPUs per node and 2 per training worker: one worker per node, one CPU left for Ray Data's reads
NODE_CPUS, WORKER_CPUS = 3, 2


def _png(i: int) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (84, 84), (40 * i % 255, 120, 200)).save(b, "PNG")
    return b.getvalue()


def _write_mix(cfg) -> None:
    from mella_ray.runtime import storage
    from mella_ray.runtime.done import StageMarker

    rows = [
        dict(
            sample_id=f"train{i}",
            img_id=hashlib.sha256(_png(i)).hexdigest(),
            image=_png(i),
            lang="cs",
            source="know",
            split="train",
            instruction="Popište obrázek.",
            answer="Most přes řeku za soumraku.",
            category=None,
            keywords=None,
        )
        for i in range(8)
    ]
    ShardedOutput(cfg.path("mix", "train")).write("part-00000", records.to_table(rows, records.CONVERSATIONS))
    storage.write_json(cfg.path("mix", "stats.json"), {"samples_per_split": {"train": 8, "val": 0, "test": 0}})
    StageMarker(cfg.path("mix")).complete("mix-1")


@pytest.fixture
def cluster():
    import ray
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 1, "include_dashboard": False})
    for _ in range(2):
        c.add_node(num_cpus=NODE_CPUS)
    c.wait_for_nodes()
    env = {"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}
    ray.init(address=c.address, log_to_driver=False, runtime_env={"env_vars": env})
    yield c
    ray.shutdown()
    c.shutdown()


def _worker_nodes() -> dict[str, int]:
    """Node id -> pid of each live training worker (the GCS actor table: works without the dashboard)."""
    import ray._private.state as gcs_state

    return {
        a["Address"]["NodeID"]: a["Pid"]
        for a in gcs_state.actors().values()
        if a["ActorClassName"] == "RayTrainWorker" and a["State"] == "ALIVE"
    }


def test_a_run_survives_losing_a_node_and_finishes_from_its_checkpoint(cluster, tmp_path, models_dir, tiny_vlm):
    from mella_ray.train.stage import run_train

    cfg = parse_config(
        {
            "output_dir": str(tmp_path),
            "models_dir": models_dir,
            "train": {
                "num_workers": 2,
                "cpus_per_worker": WORKER_CPUS,
                "global_batch": 2,
                "max_steps": 8,
                "checkpoint_every": 2,
                "log_every": 1,
                "val_batches": 0,
                "precision": "fp32",
                "max_length": 256,
                "max_pixels": 56 * 56,
                "length_group_window": 1,
                "encode_threads": 1,
                "max_failures": 1,
            },
        }
    )
    _write_mix(cfg)
    result: dict = {}
    fit = threading.Thread(target=lambda: result.update(run_train(cfg)), daemon=True)
    fit.start()
    ckpts = tmp_path / "train/checkpoints"
    deadline = time.monotonic() + 240
    # a second checkpoint: the first is then surely registered with the controller
    while len(list(ckpts.glob("step-*/trainer_state.json"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert fit.is_alive(), f"the run ended before a node could be removed: {result}"
    nodes = _worker_nodes()
    assert len(nodes) == 2, f"expected one training worker on each of two nodes, got {nodes}"
    victim = next(n for n in cluster.worker_nodes if n.node_id in nodes)
    cluster.remove_node(victim)
    cluster.add_node(num_cpus=NODE_CPUS)  # the replacement an autoscaler would start
    fit.join(timeout=300)
    assert not fit.is_alive() and result, "the run did not finish after the node was removed"
    m = result["metrics"]
    assert m["step"] == 8
    assert 2 <= m["resumed_from_step"] < 8  # continued from a checkpoint, not from step 0
    assert (tmp_path / "train/final/_SUCCESS").exists()
