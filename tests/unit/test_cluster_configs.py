"""Every cluster definition is checked with Ray's own validation, points at real files, and is
safe by default: Ray token auth, control ports inside the cluster, no credentials in the runtime
env, pinned versions, and the serving deadlines and queue bound set."""

from __future__ import annotations

import importlib
import re
import shlex
from pathlib import Path

import pytest
import yaml

from mella_ray.config import load_config

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = sorted((ROOT / "cluster").glob("*.yaml"))
KUBERAY = {p.stem: p for p in (ROOT / "cluster" / "kuberay").glob("*.yaml")}
SECRET_NAME = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL", re.I)


def manifest(name: str) -> dict:
    return yaml.safe_load(KUBERAY[name].read_text(encoding="utf-8"))


def cluster_spec(doc: dict) -> dict:
    return doc["spec"]["rayClusterSpec"] if doc["kind"] == "RayJob" else doc["spec"]["rayClusterConfig"]


def pod_specs(spec: dict) -> list[dict]:
    return [spec["headGroupSpec"]["template"]] + [g["template"] for g in spec["workerGroupSpecs"]]


@pytest.mark.parametrize("path", LAUNCHER, ids=lambda p: p.name)
def test_cluster_launcher_yaml_passes_ray_validation(path):
    from ray.autoscaler._private.util import prepare_config, validate_config

    cfg = yaml.safe_load(path.read_text())
    validate_config(prepare_config(cfg))  # Ray's JSON schema, after Ray fills its defaults
    types = cfg["available_node_types"]
    assert any(t.get("resources", {}).get("GPU") for t in types.values()), "no GPU node type"
    assert all("min_workers" in t and "max_workers" in t for n, t in types.items() if n != cfg["head_node_type"])
    installs = [c for c in cfg["setup_commands"] if "mella-ray[vllm]" in c]
    assert installs and all(re.search(r"@v\d+\.\d+\.\d+|==\d", c) for c in installs), "install a release, not a branch"


def test_ray_validation_catches_a_typo():
    from ray.autoscaler._private.util import prepare_config, validate_config

    cfg = yaml.safe_load(LAUNCHER[0].read_text())
    cfg["idle_timeout_minutez"] = 5
    with pytest.raises(Exception, match="idle_timeout_minutez"):
        validate_config(prepare_config(cfg))


def test_rayjob_runs_a_real_job_script_and_config():
    job = manifest("rayjob")
    assert job["apiVersion"] == "ray.io/v1" and job["kind"] == "RayJob"
    argv = shlex.split(job["spec"]["entrypoint"])
    assert argv[0] == "python" and (ROOT / argv[1]).is_file()
    load_config(ROOT / argv[argv.index("--config") + 1])  # the job's YAML is valid
    runtime_env = yaml.safe_load(job["spec"]["runtimeEnvYAML"])
    assert set(runtime_env) <= {"working_dir", "env_vars", "pip", "py_modules", "excludes"}
    spec = job["spec"]["rayClusterSpec"]
    gpu_groups = [
        g
        for g in spec["workerGroupSpecs"]
        if "nvidia.com/gpu" in g["template"]["spec"]["containers"][0]["resources"]["limits"]
    ]
    assert gpu_groups and all(g["minReplicas"] <= g["maxReplicas"] for g in spec["workerGroupSpecs"])


def test_rayservice_serve_config_passes_ray_serve_schema():
    from ray.serve.schema import ServeDeploySchema

    svc = manifest("rayservice")
    assert svc["kind"] == "RayService"
    schema = ServeDeploySchema.model_validate(yaml.safe_load(svc["spec"]["serveConfigV2"]))
    app = schema.applications[0]
    module, attr = app.import_path.split(":")
    assert callable(getattr(importlib.import_module(module), attr))
    cfg = load_config(ROOT / app.args["config"], overrides=app.args.get("overrides", {}))
    assert cfg.serve.api_key_env  # the endpoint listens on the pod's address: a key is required
    assert schema.http_options.request_timeout_s >= cfg.serve.body_timeout_s + cfg.serve.request_timeout_s
    for d in app.deployments:
        assert 0 < d.max_queued_requests <= 1024, "a finite queue"


@pytest.mark.parametrize("name", ["rayjob", "rayservice"])
def test_kuberay_manifests_are_safe_by_default(name):
    doc = manifest(name)
    spec = cluster_spec(doc)
    assert spec.get("authOptions", {}).get("mode") == "token", "Ray token auth (KubeRay >= 1.5.1)"
    assert tuple(int(x) for x in spec["rayVersion"].split(".")) >= (2, 52, 0)  # token auth exists from 2.52
    head = spec["headGroupSpec"]
    assert head.get("serviceType", "ClusterIP") == "ClusterIP", "the dashboard stays inside the cluster"
    assert "dashboard-host" not in head.get("rayStartParams", {})
    policy = yaml.safe_load_all(KUBERAY["security"].read_text(encoding="utf-8"))
    selector = next(d for d in policy if d["kind"] == "NetworkPolicy")["spec"]["podSelector"]["matchLabels"]
    for pod in pod_specs(spec):
        assert selector.items() <= pod["metadata"]["labels"].items(), "every Ray pod is under the NetworkPolicy"
        assert pod["spec"]["serviceAccountName"] == "mella-ray"
        for c in pod["spec"]["containers"]:
            assert re.fullmatch(r"[\w./-]+:\d+\.\d+\.\d+|[\w./-]+@sha256:[0-9a-f]{64}", c["image"]), c["image"]
            for env in c.get("env", []):  # a secret-looking variable comes from a Secret, never a literal
                assert not SECRET_NAME.search(env["name"]) or "valueFrom" in env, env["name"]
    runtime_env = yaml.safe_load(doc["spec"].get("runtimeEnvYAML") or "{}") or {}
    assert not any(SECRET_NAME.search(k) for k in runtime_env.get("env_vars", {})), "credentials in the runtime env"
    assert not re.search(r"/(main|master)\.zip|@main\b", str(runtime_env)), "code pinned, not a branch"


def test_network_policy_keeps_control_ports_inside():
    docs = {d["kind"]: d for d in yaml.safe_load_all(KUBERAY["security"].read_text(encoding="utf-8"))}
    rules = docs["NetworkPolicy"]["spec"]["ingress"]
    open_rules = [r for r in rules if "from" not in r]  # rules that admit any source
    assert [p["port"] for r in open_rules for p in r["ports"]] == [8000]
    assert "eks.amazonaws.com/role-arn" in docs["ServiceAccount"]["metadata"]["annotations"]


@pytest.mark.parametrize("path", sorted((ROOT / "configs" / "serve").glob("*.yaml")), ids=lambda p: p.name)
def test_serve_config_files_set_the_deadlines(path):
    from ray.serve.schema import ServeDeploySchema

    schema = ServeDeploySchema.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    app = schema.applications[0]
    cfg = load_config(ROOT / app.args["config"], overrides=app.args["overrides"])
    s = cfg.serve
    assert schema.http_options.request_timeout_s == s.http_request_timeout_s
    assert s.http_request_timeout_s >= s.body_timeout_s + s.request_timeout_s and s.max_queued_requests > 0
    assert schema.http_options.host == "127.0.0.1" or s.api_key_env, "a key wherever the port is reachable"


def test_readme_keeps_credentials_out_of_the_runtime_env():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"--runtime-env-json '([^']*)'", readme):
        assert not SECRET_NAME.search(block), block
