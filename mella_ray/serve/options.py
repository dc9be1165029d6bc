"""From a job's YAML to what Serve needs: the model to load, the API-key digest, deployment options.

Pure (no Ray): shared by the serve stage (`run_serve`), the `serve run` / `serve deploy` builder
(`mella_ray.serve.app:build_app`) and the tests. The builder's arguments come from a Serve
config file, so they are checked here as strictly as a job YAML, with errors that name the key.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from mella_ray.config import ConfigError, JobConfig, ServeConfig, load_config, parse_config
from mella_ray.config.serve import LORA_SCHEMES
from mella_ray.infer import resolve_model
from mella_ray.runtime import storage
from mella_ray.serve.protocol import ApiError


def key_digest(key: str) -> str:
    """Replicas get the digest of the API key, never the key itself."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_api_key(authorization: str, key_sha256: str | None) -> None:
    """Refuse (401) a request whose `Authorization: Bearer <key>` does not match; no key set: open."""
    if not key_sha256:
        return
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(key_digest(token.strip()), key_sha256):
        raise ApiError(
            401,
            "missing or invalid API key; send the header 'Authorization: Bearer <key>'",
            "authentication_error",
            None,
            "invalid_api_key",
        )


def api_key_digest(s: ServeConfig) -> str | None:
    """The digest of the key in the variable that serve.api_key_env names; fails fast when unset."""
    name = s.api_key_env
    if not name:
        return None
    key = os.environ.get(name, "")
    if not key:
        raise ValueError(
            f"serve.api_key_env names the environment variable {name!r}, but it is not set or empty; "
            "set it to the API key, or remove serve.api_key_env to serve without a key"
        )
    return key_digest(key)


def model_path(cfg: JobConfig) -> str:
    """The model folder (or hub id) to serve; FileNotFoundError if a path is missing."""
    ref = cfg.serve.model or cfg.path("train", "final")
    if ref.startswith("tiny:"):
        return resolve_model(ref, cfg.models_path)
    looks_like_path = cfg.serve.model is None or "://" in ref or ref.startswith(("/", ".", "~")) or Path(ref).exists()
    if looks_like_path:
        if "://" in ref:
            if cfg.serve.backend == "vllm":
                if ref.startswith(LORA_SCHEMES):
                    return ref  # Ray Serve LLM downloads models from cloud storage itself
                raise NotImplementedError(
                    f"serve.model {ref!r}: the vllm backend serves from a local path or "
                    f"{', '.join(LORA_SCHEMES)}; copy the model there and set serve.model"
                )
            if not storage.exists(storage.join(ref, "config.json")):
                raise FileNotFoundError(
                    f"serve: no model at {ref} (config.json missing); run the train stage first or set serve.model"
                )
            return ref  # each replica copies it to its node's disk (infer.models.local_model)
        path = os.path.abspath(os.path.expanduser(ref))
        if not os.path.isfile(os.path.join(path, "config.json")):
            raise FileNotFoundError(
                f"serve: no model at {path} (config.json missing); run the train stage first or set serve.model"
            )
        return path
    return ref  # a hub id: the engine loads it


def hf_deployment_options(s: ServeConfig) -> dict[str, Any]:
    """`.options(...)` of the hf chat deployment: autoscaling, concurrency limits, resources."""
    actor: dict[str, Any] = {"num_cpus": s.num_cpus, "num_gpus": s.num_gpus}
    if s.accelerator_type:
        actor["accelerator_type"] = s.accelerator_type
    if s.handlers_on_replica_loop:  # read when the replica process imports Serve: set per actor
        actor["runtime_env"] = {"env_vars": {"RAY_SERVE_RUN_USER_CODE_IN_SEPARATE_THREAD": "0"}}
    return {
        "autoscaling_config": {
            "min_replicas": s.min_replicas,
            "max_replicas": s.max_replicas,
            "initial_replicas": max(1, s.min_replicas),  # start one replica so a broken model fails now
            "target_ongoing_requests": s.target_ongoing_requests,
        },
        "max_ongoing_requests": s.max_ongoing_requests,
        "max_queued_requests": s.max_queued_requests,
        "ray_actor_options": actor,
    }


class BuilderArgs(BaseModel):
    """`args:` of an application in a Serve config file.

    Either `config` (a job YAML; relative paths are taken from the working directory of the
    process that builds the app) or `job` (the same settings inline), plus `overrides` with
    dotted keys applied on top, e.g. {"serve.model": "/models/mella", "serve.max_replicas": 4}.
    """

    model_config = ConfigDict(extra="forbid")
    config: str | None = None
    job: dict[str, Any] | None = None
    overrides: dict[str, Any] = {}

    @model_validator(mode="after")
    def _one_source(self) -> BuilderArgs:
        if (self.config is None) == (self.job is None):
            raise ValueError("give exactly one of `config` (path to a job YAML) or `job` (inline job settings)")
        return self


def _apply(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    for key, value in overrides.items():
        node = data
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise ConfigError(f"overrides.{key}: {part!r} is not a section")
        node[leaf] = value
    return data


def job_from_args(args: dict[str, Any] | None) -> JobConfig:
    """The job config that a builder's `args` describe; ConfigError names the bad key."""
    try:
        a = BuilderArgs.model_validate(args or {})
    except ValidationError as e:
        parts = [
            f"{'.'.join(str(p) for p in err['loc']) or 'args'}: {err['msg'].removeprefix('Value error, ')}"
            for err in e.errors()
        ]
        raise ConfigError("serve app args: " + "; ".join(parts)) from None
    if a.config is not None:
        return load_config(a.config, overrides=a.overrides)
    return parse_config(_apply(copy.deepcopy(a.job or {}), a.overrides), source="serve app args.job")
