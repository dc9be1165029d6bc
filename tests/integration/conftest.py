"""The running serve app, shared by the serve integration modules (one app per module)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from serve_app import make_cfg  # noqa: E402


@pytest.fixture(scope="module")
def serve_app(ray_local):
    """The session's Ray (2 CPUs) serving the tiny Qwen2-VL on a free loopback port; the app is gone afterwards."""
    from mella_ray.infer.tiny import ensure_tiny
    from mella_ray.serve.stage import free_port, run_serve, stop_serve

    tmp = tempfile.mkdtemp(prefix="mella-serve-")
    try:
        model = ensure_tiny("tiny:vlm", os.path.join(tmp, "models"))
        port = free_port()
        info = run_serve(make_cfg(os.path.join(tmp, "out"), model, port), blocking=False)
        yield {"tmp": tmp, "model": model, "port": port, **info}
    finally:
        stop_serve()
        shutil.rmtree(tmp, ignore_errors=True)
