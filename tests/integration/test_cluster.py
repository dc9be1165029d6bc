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


STOP = """
import sys, time, psutil, ray
from mella_ray.config import RayConfig
from mella_ray.runtime.cluster import init_ray, shutdown_ray
init_ray(RayConfig(num_cpus=1, address=sys.argv[1] if len(sys.argv) > 1 else None))
node = ray._private.worker._global_node
pids = [i.process.pid for infos in node.all_processes.values() for i in infos]
pids += [c.pid for p in pids for c in psutil.Process(p).children(recursive=True)]  # workers
start = time.monotonic()
shutdown_ray()
print("took", time.monotonic() - start)
print("pids", *pids)
"""

OWNER = """
import sys, ray
ray.init(address="local", num_cpus=1, include_dashboard=False)
node = ray._private.worker._global_node
print("address", ray.get_runtime_context().gcs_address)
print("pids", *[i.process.pid for infos in node.all_processes.values() for i in infos], flush=True)
sys.stdin.readline()
ray.shutdown()
"""


def _alive(pids: list[int]) -> list[int]:
    import psutil

    return [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]


def _ray_env() -> dict:
    env = {**os.environ, "RAY_TMPDIR": tempfile.mkdtemp(prefix="ray-")}
    env.pop("RAY_ADDRESS", None)
    return env


def _lines(text: str) -> dict[str, str]:
    return dict(line.split(" ", 1) for line in text.splitlines() if " " in line)


def test_shutdown_stops_every_process_of_the_local_cluster_without_waiting_on_the_monitor():
    import time

    out = subprocess.run([sys.executable, "-c", STOP], env=_ray_env(), capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-3000:]
    lines = _lines(out.stdout)
    pids = [int(p) for p in lines["pids"].split()]
    assert len(pids) >= 4  # gcs, raylet, monitor, log monitor... and the idle workers
    deadline = time.monotonic() + 10
    while _alive(pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _alive(pids) == []
    # Ray alone waits a whole second for the monitor to ignore SIGTERM, then SIGKILLs it
    assert float(lines["took"]) < 1.0


def test_shutdown_leaves_a_cluster_this_process_did_not_start_running():
    env = {**_ray_env(), "RAY_AUTH_MODE": "disabled"}  # the second driver has no token to join with
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        started = {}
        while "pids" not in started:
            line = owner.stdout.readline()
            assert line, "the owner of the cluster ended early"
            started.update(_lines(line))
        pids = [int(p) for p in started["pids"].split()]
        out = subprocess.run(
            [sys.executable, "-c", STOP, started["address"]], env=env, capture_output=True, text=True, timeout=180
        )
        assert out.returncode == 0, out.stderr[-3000:]
        assert _alive(pids) == pids  # a connected driver's stop leaves the cluster's processes alone
    finally:
        owner.stdin.close()
        owner.wait(60)
    assert owner.returncode == 0
