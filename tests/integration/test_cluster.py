"""The local cluster that jobs start: worker environment, and a clean stop at the end."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

PROBE = """
import os, ray
from mella_ray.config import RayConfig
from mella_ray.runtime.cluster import init_ray, shutdown_ray
os.environ.pop("OMP_NUM_THREADS", None)
init_ray(RayConfig(num_cpus=1, runtime_env={"env_vars": {"MELLA_PROBE": "yes"}}))

@ray.remote(num_cpus=0.5)
class Probe:
    def env(self):
        return os.environ.get("OMP_NUM_THREADS"), os.environ.get("MELLA_PROBE")

print("worker", *ray.get(Probe.remote().env.remote()))
print("driver", os.environ.get("OMP_NUM_THREADS"), os.environ.get("MELLA_PROBE"))
shutdown_ray()
print("stopped", not ray.is_initialized())
"""


def test_local_cluster_gives_workers_the_worker_environment_and_leaves_the_driver_alone():
    env = {**os.environ, "RAY_TMPDIR": tempfile.mkdtemp(prefix="ray-")}  # short: Ray's socket paths
    env.pop("RAY_ADDRESS", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = dict(line.split(" ", 1) for line in out.stdout.splitlines() if " " in line)
    assert lines["worker"] == "1 yes"  # WORKER_ENV and the config's env_vars reach the workers
    assert lines["driver"] == "None None"  # ... without changing the driver's own environment
    assert lines["stopped"] == "True"
