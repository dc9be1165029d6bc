"""Shared fixtures: a local Ray cluster per session (its own temp dir), tiny models built once."""

from __future__ import annotations

import os
import tempfile

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> str:
    return str(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def tiny_vlm(models_dir) -> str:
    from mella_ray.infer.tiny import ensure_tiny

    return ensure_tiny("tiny:vlm", models_dir)


@pytest.fixture(scope="session")
def tiny_lm(models_dir) -> str:
    from mella_ray.infer.tiny import ensure_tiny

    return ensure_tiny("tiny:lm", models_dir)


@pytest.fixture(scope="module")
def ray_local():
    """A local Ray cluster with 2 CPUs and no dashboard, shut down after the module."""
    import ray

    if ray.is_initialized():
        ray.shutdown()
    tmp = tempfile.mkdtemp(prefix="ray-")
    ray.init(
        address="local",  # a cluster of its own, never one another process left running on this machine
        num_cpus=2,
        include_dashboard=False,
        _temp_dir=tmp,
        log_to_driver=False,
        runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}},
    )
    yield ray
    ray.shutdown()
