"""`ray job submit --working-dir . -- python jobs/build.py --config ...` against a cluster
started with `ray start --head` on loopback, as users run it; the cluster is ended by its PID."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def head_node(no_shared_ray):
    """A `ray start --head --block` child process with its own temp dir and ports."""
    temp = tempfile.mkdtemp(prefix="rayjs-", dir="/tmp")  # short: Ray's socket paths are length-limited
    # every port its own: the session's local cluster (tests/fixtures/shared_ray.py) may hold the defaults, and a
    # dashboard agent that cannot bind 52365 leaves job submission hanging
    port, dash, agent = _free_port(), _free_port(), _free_port()
    env = {**os.environ, "RAY_AUTH_MODE": "disabled", "PATH": f"{BIN}:{os.environ['PATH']}"}
    env.pop("RAY_ADDRESS", None)
    proc = subprocess.Popen(
        [
            str(BIN / "ray"),
            "start",
            "--head",
            "--block",
            f"--port={port}",
            "--dashboard-host=127.0.0.1",
            f"--dashboard-port={dash}",
            f"--dashboard-agent-listen-port={agent}",
            "--include-dashboard=true",
            "--num-cpus=2",
            f"--temp-dir={temp}",
            "--node-ip-address=127.0.0.1",
            "--disable-usage-stats",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{dash}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/api/version", timeout=2):
                break
        except OSError:
            if proc.poll() is not None:
                pytest.fail("ray start --head exited early")
            time.sleep(1)
    else:
        os.killpg(proc.pid, signal.SIGTERM)
        pytest.fail("the Ray dashboard did not come up within 90 s")
    try:
        yield url, env
    finally:
        # `ray start --block` stops its processes on SIGTERM, gracefully: half a minute on 2 cores. The cluster is
        # this test's alone and its processes are all in the group, so after a short grace SIGKILL ends it.
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        shutil.rmtree(temp, ignore_errors=True)


def test_job_submission_runs_the_build(head_node, tmp_path):
    url, env = head_node
    cfg = yaml.safe_load((ROOT / "configs/demo.yaml").read_text())
    cfg["output_dir"] = str(tmp_path / "out")
    # crawl actors and a Ray Data model stage are the two kinds of cluster work; the chain itself is the demo test's
    cfg["stages"] = ["crawl", "caption"]
    cfg["demo_site"]["images_per_lang"] = 8
    config = tmp_path / "job.yaml"
    config.write_text(yaml.safe_dump(cfg, allow_unicode=True))
    cmd = [
        str(BIN / "ray"),
        "job",
        "submit",
        "--address",
        url,
        "--working-dir",
        str(ROOT),
        "--runtime-env-json",
        '{"excludes": ["outputs/", ".devkit/", ".venv/"]}',
        "--",
        "python",
        "jobs/build.py",
        "--config",
        str(config),
    ]
    for _ in range(36):  # the job agent starts after the dashboard (over a minute on a busy machine): retry
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        if "No available agent" not in proc.stderr:
            break
        time.sleep(5)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "succeeded" in proc.stdout.lower()
    assert "OK: ran crawl, caption;" in proc.stdout  # the job's own summary line
    out = tmp_path / "out"
    know = pq.read_table(sorted((out / "crawl/know").glob("*.parquet")))
    pool = pq.read_table(sorted((out / "crawl/pool").glob("*.parquet")))
    captions = pq.read_table(sorted((out / "caption").glob("*.parquet")))
    assert know.num_rows > 0 and captions.num_rows == pool.num_rows > 0
