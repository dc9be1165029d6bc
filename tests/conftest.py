"""Shared fixtures: one local Ray cluster for the session (tests/fixtures/shared_ray.py), tiny
models built once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before any import of mella_ray: its workers copy the value
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures"))
from shared_ray import shared_ray, stop_shared_ray  # noqa: E402


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
    """The session's local Ray cluster with 2 CPUs and no dashboard, clean when the module starts."""
    return shared_ray()


@pytest.fixture(scope="module")
def no_shared_ray():
    """For a module whose work runs in Ray clusters of its own processes (the demo job, job submission): the
    session's idle cluster is stopped first, its processes would take CPU from them (the next module that asks
    for Ray starts it again)."""
    stop_shared_ray()


def pytest_sessionfinish(session, exitstatus):
    stop_shared_ray()
