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
    job.write_text(f"output_dir: {tmp_path}/out\nstages: [caption]\nray: {{num_cpus: 1}}\n"
                   "caption:\n  engine: {num_gpus: 1}\n")
    r = subprocess.run([sys.executable, "jobs/build.py", "--config", str(job)], cwd=root, capture_output=True,
                       text=True, timeout=180)
    assert r.returncode == 2, r.stderr[-2000:]
    assert "caption: caption.engine (one replica) asks for {'GPU': 1.0}" in r.stderr
    assert "=== stage" not in r.stderr
