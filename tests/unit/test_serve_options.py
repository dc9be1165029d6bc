"""Serve settings without Ray running: config checks, deployment options, the builder's args,
the Serve config files (against Ray's own schema) and the page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from mella_ray.config import ConfigError, JobConfig, ServeConfig
from mella_ray.serve.options import (
    api_key_digest,
    hf_deployment_options,
    job_from_args,
    key_digest,
    model_path,
)
from mella_ray.serve.page import render_page

ROOT = Path(__file__).resolve().parents[2]
SERVE_FILES = sorted((ROOT / "configs" / "serve").glob("*.yaml"))


# --- config ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw,msg",
    [
        ({"min_replicas": 3, "max_replicas": 2}, "must not exceed max_replicas"),
        ({"lora_adapters": "s3://b/adapters"}, "needs serve.backend: vllm"),
        ({"backend": "vllm", "lora_adapters": "/local/adapters"}, "must be a folder on s3://"),
        ({"backend": "vllm", "vllm_engine_kwargs": {"tensor_parallel_size": 2}}, "must not set tensor_parallel_size"),
        ({"max_queued_requests": -1}, "greater than or equal to 1"),  # unbounded queues are gone
        ({"host": "0.0.0.0"}, "no API key is set"),
        ({"host": "10.1.2.3", "port": 9000}, "serve.allow_unauthenticated"),
        ({"body_timeout_s": 30, "request_timeout_s": 100}, "http_request_timeout_s"),
    ],
)
def test_serve_config_refuses(kw, msg):
    with pytest.raises(ValueError, match=msg):
        ServeConfig(**kw)


def test_serve_config_accepts_lora_on_vllm():
    s = ServeConfig(backend="vllm", lora_adapters="gs://bucket/adapters", vllm_engine_kwargs={"max_model_len": 4096})
    assert s.max_lora_rank == 16 and s.vllm_engine_kwargs == {"max_model_len": 4096}


# --- deployment options -------------------------------------------------------------------


def test_hf_deployment_options_follow_config():
    s = ServeConfig(
        min_replicas=0,
        max_replicas=4,
        target_ongoing_requests=3,
        max_ongoing_requests=12,
        max_queued_requests=100,
        num_cpus=2,
        num_gpus=1,
        accelerator_type="L4",
    )
    o = hf_deployment_options(s)
    assert o["autoscaling_config"] == {
        "min_replicas": 0,
        "max_replicas": 4,
        "initial_replicas": 1,
        "target_ongoing_requests": 3,
    }
    assert (o["max_ongoing_requests"], o["max_queued_requests"]) == (12, 100)
    assert o["ray_actor_options"] == {
        "num_cpus": 2,
        "num_gpus": 1,
        "accelerator_type": "L4",
        "runtime_env": {"env_vars": {"RAY_SERVE_RUN_USER_CODE_IN_SEPARATE_THREAD": "0"}},
    }
    assert "accelerator_type" not in hf_deployment_options(ServeConfig())["ray_actor_options"]
    # Serve's default (a second thread for handlers) when the handlers may block
    assert "runtime_env" not in hf_deployment_options(ServeConfig(handlers_on_replica_loop=False))["ray_actor_options"]


def test_hf_options_are_valid_serve_options():
    from ray.serve.config import AutoscalingConfig

    AutoscalingConfig(**hf_deployment_options(ServeConfig(max_replicas=3))["autoscaling_config"])


def test_api_key_digest(monkeypatch):
    assert api_key_digest(ServeConfig()) is None
    monkeypatch.delenv("MELLA_K", raising=False)
    with pytest.raises(ValueError, match="'MELLA_K', but it is not set"):
        api_key_digest(ServeConfig(api_key_env="MELLA_K"))
    monkeypatch.setenv("MELLA_K", "secret")
    digest = api_key_digest(ServeConfig(api_key_env="MELLA_K"))
    assert digest == key_digest("secret") and "secret" not in digest and len(digest) == 64


def test_model_path_rules(tmp_path):
    cfg = JobConfig(output_dir=str(tmp_path))
    with pytest.raises(FileNotFoundError, match="run the train stage first"):
        model_path(cfg)
    (tmp_path / "train" / "final").mkdir(parents=True)
    (tmp_path / "train" / "final" / "config.json").write_text("{}")
    assert model_path(cfg) == str(tmp_path / "train" / "final")
    remote = JobConfig(output_dir="s3://bucket/run", serve={"backend": "vllm"})
    assert model_path(remote) == "s3://bucket/run/train/final"  # Ray Serve LLM downloads it
    from mella_ray.runtime import storage

    on_store = JobConfig(output_dir="memory://serve-rules/run")  # an object store: hf replicas copy it locally
    with pytest.raises(FileNotFoundError, match="run the train stage first"):
        model_path(on_store)
    storage.write_text("memory://serve-rules/run/train/final/config.json", "{}")
    assert model_path(on_store) == "memory://serve-rules/run/train/final"
    with pytest.raises(NotImplementedError, match="vllm backend serves from a local path or"):
        model_path(JobConfig(output_dir="memory://serve-rules/run", serve={"backend": "vllm"}))
    assert model_path(JobConfig(output_dir=str(tmp_path), serve={"model": "Qwen/Qwen2-VL-2B"})) == "Qwen/Qwen2-VL-2B"


# --- the builder's args -------------------------------------------------------------------


def test_job_from_args_file_and_overrides():
    cfg = job_from_args(
        {"config": str(ROOT / "configs" / "demo.yaml"), "overrides": {"serve.max_replicas": 3, "output_dir": "/tmp/x"}}
    )
    demo = yaml.safe_load((ROOT / "configs" / "demo.yaml").read_text(encoding="utf-8"))
    assert cfg.serve.max_replicas == 3 and cfg.output_dir == "/tmp/x"
    assert cfg.serve.max_pixels == demo["serve"]["max_pixels"]  # the rest comes from the file


def test_job_from_args_inline():
    cfg = job_from_args(
        {
            "job": {"output_dir": "/tmp/y", "languages": ["vi"], "serve": {"port": 0}},
            "overrides": {"serve.api_key_env": "K"},
        }
    )
    assert cfg.languages == ["vi"] and cfg.serve.port == 0 and cfg.serve.api_key_env == "K"


@pytest.mark.parametrize(
    "args,msg",
    [
        ({}, "exactly one of `config`"),
        ({"config": "a.yaml", "job": {}}, "exactly one of `config`"),
        ({"job": {"output_dir": "/t"}, "extra": 1}, "extra: Extra inputs are not permitted"),
        ({"job": {"output_dir": "/t", "serve": {"nope": 1}}}, "serve.nope: unknown key"),
        ({"job": {"output_dir": "/t"}, "overrides": {"serve.max_replicas": 0}}, "serve.max_replicas"),
        ({"config": "/no/such.yaml"}, "config file not found"),
    ],
)
def test_job_from_args_errors_name_the_key(args, msg):
    with pytest.raises(ConfigError, match=re.escape(msg)):
        job_from_args(args)


# --- Serve config files --------------------------------------------------------------------


def test_serve_config_files_exist():
    assert {p.name for p in SERVE_FILES} >= {"mella-serve.yaml", "mella-serve-vllm.yaml"}


@pytest.mark.parametrize("path", SERVE_FILES, ids=[p.name for p in SERVE_FILES])
def test_serve_config_file_is_valid(path, monkeypatch):
    from ray.serve.schema import ServeDeploySchema

    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = ServeDeploySchema.model_validate(doc)  # what `serve deploy` checks first
    assert schema.http_options.port and schema.applications
    for app in schema.applications:
        assert app.import_path == "mella_ray.serve.app:build_app"
        monkeypatch.chdir(ROOT)  # relative paths are taken from the building process's directory
        cfg = job_from_args(app.args)  # the args are a valid job, as the builder will see them
        assert cfg.serve.model_name == "mella"


def test_vllm_file_selects_vllm():
    doc = yaml.safe_load((ROOT / "configs" / "serve" / "mella-serve-vllm.yaml").read_text(encoding="utf-8"))
    args = doc["applications"][0]["args"]
    cfg = job_from_args({**args, "config": str(ROOT / args["config"])})
    assert cfg.serve.backend == "vllm" and cfg.serve.api_key_env


# --- the page ----------------------------------------------------------------------------


def test_page_lists_languages_and_escapes_script_end():
    html = render_page("mella", ["vi", "th"])
    data = json.loads(re.search(r"const CFG = (\{.*?\});\n", html).group(1))
    assert data["model"] == "mella" and list(data["langs"]) == ["vi", "th"]
    assert data["langs"]["vi"]["prompt"] and 'id="out"' in html and 'data-state="idle"' in html
    hostile = render_page("</script><script>alert(1)</script>", ["vi"])
    # inside <script> only "</script" ends the block: the name must not contain it unescaped
    assert hostile.count("</script>") == html.count("</script>")


@pytest.mark.parametrize(
    "kw",
    [
        {"host": "127.0.0.1"},
        {"host": "::1"},
        {"host": "localhost"},
        {"host": "0.0.0.0", "api_key_env": "K"},
        {"host": "0.0.0.0", "allow_unauthenticated": True},
    ],
)
def test_open_binding_needs_a_key_or_an_explicit_choice(kw):
    ServeConfig(**kw)


def test_exposure_checked_against_where_serve_really_listens():
    from mella_ray.serve.app import check_exposure

    s = ServeConfig()
    check_exposure(s, "127.0.0.1", None)
    check_exposure(s, "0.0.0.0", "digest")
    check_exposure(ServeConfig(allow_unauthenticated=True), "0.0.0.0", None)
    with pytest.raises(ValueError, match="no API key is set"):
        check_exposure(s, "0.0.0.0", None)  # a Serve config file's http_options: host 0.0.0.0
