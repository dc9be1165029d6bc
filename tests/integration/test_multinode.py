"""The data stages on a cluster of three nodes (ray.cluster_utils.Cluster on one machine): a head
that runs no tasks, as on a real cluster where the driver only plans, and two worker nodes
that do all the work, crawl through mix."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
LANGS = ["cs", "vi"]


@pytest.fixture(scope="module")
def cluster():
    import ray
    from ray.cluster_utils import Cluster

    if ray.is_initialized():
        ray.shutdown()
    c = Cluster(initialize_head=True, head_node_args={"num_cpus": 0, "include_dashboard": False})
    for _ in range(2):
        c.add_node(num_cpus=2)
    c.wait_for_nodes()
    yield c
    ray.shutdown()
    c.shutdown()


def test_crawl_through_mix_runs_on_the_worker_nodes(cluster, tmp_path, models_dir):
    import ray

    from mella_ray.config import parse_config
    from mella_ray.pipeline import run_stages

    raw = yaml.safe_load((ROOT / "configs/demo.yaml").read_text())
    raw.update(
        output_dir=str(tmp_path / "out"),
        models_dir=models_dir,
        languages=LANGS,
        stages=["crawl", "caption", "translate", "mix"],
        ray={"address": cluster.address},
    )
    raw["demo_site"]["images_per_lang"] = 24
    raw["crawl"]["seeds"] = [s for s in raw["crawl"]["seeds"] if s["lang"] in LANGS]
    raw["mix"] = {"test_per_lang": 1, "val_fraction": 0.1}
    results = run_stages(parse_config(raw))
    assert [(r.stage, r.error) for r in results] == [(s, None) for s in ("crawl", "caption", "translate", "mix")]
    nodes = [n for n in ray.nodes() if n["Alive"]]
    assert sorted(n["Resources"].get("CPU", 0) for n in nodes) == [0, 2, 2]  # the head ran no task
    out = tmp_path / "out"
    test = pq.read_table(sorted((out / "mix/test").glob("*.parquet"))).to_pylist()
    assert sorted({(r["lang"], r["source"]) for r in test}) == [(lang, s) for lang in LANGS for s in ("know", "ling")]
    mix = results[-1].result
    assert mix["tasks"] >= 1 and mix["samples_per_split"]["train"] > 0
