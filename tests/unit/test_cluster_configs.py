"""Every cluster definition is checked with Ray's own validation, and points at real files."""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from mella_ray.config import load_config

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = sorted((ROOT / "cluster").glob("*.yaml"))


@pytest.mark.parametrize("path", LAUNCHER, ids=lambda p: p.name)
def test_cluster_launcher_yaml_passes_ray_validation(path):
    from ray.autoscaler._private.util import prepare_config, validate_config

    cfg = yaml.safe_load(path.read_text())
    validate_config(prepare_config(cfg))  # Ray's JSON schema, after Ray fills its defaults
    types = cfg["available_node_types"]
    assert any(t.get("resources", {}).get("GPU") for t in types.values()), "no GPU node type"
    assert all("min_workers" in t and "max_workers" in t for n, t in types.items() if n != cfg["head_node_type"])
    assert any("mella-ray[vllm]" in c for c in cfg["setup_commands"])


def test_ray_validation_catches_a_typo():
    from ray.autoscaler._private.util import prepare_config, validate_config

    cfg = yaml.safe_load(LAUNCHER[0].read_text())
    cfg["idle_timeout_minutez"] = 5
    with pytest.raises(Exception, match="idle_timeout_minutez"):
        validate_config(prepare_config(cfg))


def test_rayjob_runs_a_real_job_script_and_config():
    job = yaml.safe_load((ROOT / "cluster/kuberay/rayjob.yaml").read_text())
    assert job["apiVersion"] == "ray.io/v1" and job["kind"] == "RayJob"
    argv = shlex.split(job["spec"]["entrypoint"])
    assert argv[0] == "python" and (ROOT / argv[1]).is_file()
    load_config(ROOT / argv[argv.index("--config") + 1])  # the job's YAML is valid
    runtime_env = yaml.safe_load(job["spec"]["runtimeEnvYAML"])
    assert set(runtime_env) <= {"working_dir", "env_vars", "pip", "py_modules", "excludes"}
    spec = job["spec"]["rayClusterSpec"]
    gpu_groups = [g for g in spec["workerGroupSpecs"]
                  if "nvidia.com/gpu" in g["template"]["spec"]["containers"][0]["resources"]["limits"]]
    assert gpu_groups and all(g["minReplicas"] <= g["maxReplicas"] for g in spec["workerGroupSpecs"])


def test_rayservice_serve_config_passes_ray_serve_schema():
    from ray.serve.schema import ServeDeploySchema

    svc = yaml.safe_load((ROOT / "cluster/kuberay/rayservice.yaml").read_text())
    assert svc["kind"] == "RayService"
    schema = ServeDeploySchema.model_validate(yaml.safe_load(svc["spec"]["serveConfigV2"]))
    app = schema.applications[0]
    module, attr = app.import_path.split(":")
    import importlib

    assert callable(getattr(importlib.import_module(module), attr))
    load_config(ROOT / app.args["config"])
