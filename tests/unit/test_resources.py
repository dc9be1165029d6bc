import pytest

from mella_ray.config import parse_config
from mella_ray.runtime.resources import ResourceError, check_resources, stage_needs

LAPTOP = [{"CPU": 2.0, "memory": 2e10}]
GPU_NODE = {"CPU": 16.0, "GPU": 8.0, "accelerator_type:H100": 1.0}


def _cfg(**sections):
    return parse_config({"output_dir": "/tmp/x", **sections})


def test_demo_like_config_fits_a_laptop():
    cfg = _cfg(train={"num_workers": 2, "cpus_per_worker": 0.5, "global_batch": 4})
    check_resources(stage_needs(cfg, list(cfg.stages)), LAPTOP, autoscaling=False)


def test_gpu_request_on_a_cpu_cluster_names_stage_and_resource():
    cfg = _cfg(caption={"engine": {"num_gpus": 1}})
    with pytest.raises(ResourceError, match=r"caption: caption.engine \(one replica\) asks for \{'GPU': 1.0\}"):
        check_resources(stage_needs(cfg, ["crawl", "caption"]), LAPTOP, autoscaling=False)


def test_accelerator_type_must_exist_somewhere():
    cfg = _cfg(translate={"engine": {"num_gpus": 1, "accelerator_type": "L4"}})
    with pytest.raises(ResourceError, match="translate: .*accelerator_type:L4"):
        check_resources(stage_needs(cfg, ["translate"]), [GPU_NODE], autoscaling=False)
    cfg = _cfg(translate={"engine": {"num_gpus": 1, "accelerator_type": "H100"}})
    check_resources(stage_needs(cfg, ["translate"]), [GPU_NODE], autoscaling=False)


def test_training_needs_all_workers_at_once():
    cfg = _cfg(train={"num_workers": 16, "use_gpu": True, "cpus_per_worker": 1, "global_batch": 16})
    with pytest.raises(ResourceError, match=r"train: needs 16 × .*holds only 8"):
        check_resources(stage_needs(cfg, ["train"]), [GPU_NODE], autoscaling=False)
    check_resources(stage_needs(cfg, ["train"]), [GPU_NODE, GPU_NODE], autoscaling=False)


def test_autoscaling_cluster_trusts_the_autoscaler():
    cfg = _cfg(caption={"engine": {"num_gpus": 1}}, ray={"autoscaling": True})
    check_resources(stage_needs(cfg, ["caption"]), LAPTOP, autoscaling=cfg.ray.autoscaling)


def test_build_refuses_gpu_job_on_this_machine_before_any_stage(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    job = tmp_path / "job.yaml"
    job.write_text(
        f"output_dir: {tmp_path}/out\nstages: [caption]\nray: {{num_cpus: 1}}\ncaption:\n  engine: {{num_gpus: 1}}\n"
    )
    r = subprocess.run(
        [sys.executable, "jobs/build.py", "--config", str(job)], cwd=root, capture_output=True, text=True, timeout=180
    )
    assert r.returncode == 2, r.stderr[-2000:]
    assert "caption: caption.engine (one replica) asks for {'GPU': 1.0}" in r.stderr
    assert "=== stage" not in r.stderr


@pytest.mark.parametrize(
    "engine, actor, bundle",
    [
        (
            {"num_gpus": 1, "accelerator_type": "H100"},
            {"num_gpus": 1.0, "accelerator_type": "H100"},
            {"GPU": 1.0, "accelerator_type:H100": 0.001},
        ),  # hf on a GPU
        ({"num_cpus": 0.5}, {"num_cpus": 0.5}, {"CPU": 0.5}),  # hf on CPU
        ({"backend": "vllm"}, {"num_gpus": 1.0}, {"GPU": 1.0}),  # vLLM TP=1: the actor holds its GPU
        (
            {"backend": "vllm", "tensor_parallel_size": 4, "accelerator_type": "H100", "concurrency": 2},
            {"num_cpus": 1.0, "accelerator_type": "H100"},  # vLLM TP=4: vLLM's placement group holds the GPUs
            {"CPU": 1.0, "GPU": 4.0, "accelerator_type:H100": 0.001},
        ),
    ],
)
def test_early_check_tests_exactly_what_the_run_asks_for(engine, actor, bundle):
    from mella_ray.runtime.batch_stage import engine_resources
    from mella_ray.runtime.resources import engine_request

    cfg = _cfg(caption={"engine": engine})
    e = cfg.caption.engine
    run = engine_resources(e)  # what the stage passes to map_batches
    assert run.pop("compute").min_size == e.concurrency
    assert run == actor
    [need] = stage_needs(cfg, ["caption"])  # what the check before the first stage tests
    assert need.bundle == bundle and need.count == e.concurrency
    assert need.bundle == engine_request(e).bundle  # one source: the check is built from the run's request


def test_tensor_parallel_vllm_needs_its_gpus_on_one_node():
    cfg = _cfg(caption={"engine": {"backend": "vllm", "tensor_parallel_size": 4}})
    with pytest.raises(ResourceError, match=r"asks for \{'CPU': 1.0, 'GPU': 4.0\} on one node"):
        check_resources(stage_needs(cfg, ["caption"]), [{"CPU": 16.0, "GPU": 2.0}] * 2, autoscaling=False)
    check_resources(stage_needs(cfg, ["caption"]), [{"CPU": 16.0, "GPU": 4.0}], autoscaling=False)


def test_every_replica_of_a_fixed_pool_must_fit_at_once():
    cfg = _cfg(caption={"engine": {"num_gpus": 1, "concurrency": 3}})
    with pytest.raises(ResourceError, match=r"caption: needs 3 × \{'GPU': 1.0\} at once"):
        check_resources(stage_needs(cfg, ["caption"]), [{"CPU": 8.0, "GPU": 2.0}], autoscaling=False)


@pytest.mark.parametrize("serve", [{}, {"num_gpus": 1, "accelerator_type": "L4", "min_replicas": 2, "max_replicas": 2}])
def test_serve_check_is_what_the_hf_deployment_asks_for(serve):
    from mella_ray.runtime.resources import ACCELERATOR_PREFIX
    from mella_ray.serve.options import hf_deployment_options

    cfg = _cfg(serve=serve)
    opts = hf_deployment_options(cfg.serve)
    actor = opts["ray_actor_options"]
    asked = {
        "CPU": actor["num_cpus"],
        **({"GPU": actor["num_gpus"]} if actor["num_gpus"] else {}),
        **({ACCELERATOR_PREFIX + actor["accelerator_type"]: 0.001} if "accelerator_type" in actor else {}),
    }
    [need] = stage_needs(cfg, ["serve"])
    assert need.bundle == asked and need.count == opts["autoscaling_config"]["initial_replicas"]


def test_serve_on_vllm_needs_its_tensor_parallel_gpus():
    cfg = _cfg(serve={"backend": "vllm", "tensor_parallel_size": 2})
    [need] = stage_needs(cfg, ["serve"])
    assert need.bundle == {"GPU": 2.0}
    with pytest.raises(ResourceError, match=r"serve: serve.tensor_parallel_size \(one replica\) asks for"):
        check_resources([need], LAPTOP, autoscaling=False)
