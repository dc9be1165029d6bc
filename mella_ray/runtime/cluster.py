"""Connect to Ray: an in-process local cluster when no address is configured."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from contextlib import contextmanager

import ray

from mella_ray.config import RayConfig
from mella_ray.runtime.log import verbose

log = logging.getLogger(__name__)
_started: dict = {"local": False}  # set while this process runs a local cluster that init_ray started

# Set on every worker so that few-core machines are not oversubscribed by torch threads.
WORKER_ENV = {
    "OMP_NUM_THREADS": "1",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "0"),
}


def init_ray(cfg: RayConfig) -> None:
    """ray.init once: cfg.address, else RAY_ADDRESS, else a local in-process cluster."""
    if ray.is_initialized():
        return
    address = cfg.address or os.environ.get("RAY_ADDRESS")
    runtime_env = dict(cfg.runtime_env)
    env_vars = {**WORKER_ENV, **runtime_env.pop("env_vars", {})}
    loud = verbose()
    # Quiet: the workers' lines stay in Ray's log files, and the driver's core worker prints no
    # internal messages (e.g. Ray Data's actors "have constructor arguments in the object store").
    output = {"log_to_driver": loud, "logging_level": logging.INFO if loud else logging.ERROR}
    if not loud:
        os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    if address:
        log.info("connecting to Ray at %s", address)
        ray.init(address=address, runtime_env={**runtime_env, "env_vars": env_vars}, **output)
    else:
        log.info("starting a local Ray cluster (num_cpus=%s)", cfg.num_cpus or "all")
        # A local cluster's processes inherit the environment they were started in. Passed that
        # way instead of as a runtime env, the variables let actors start on the workers Ray has
        # already started (any runtime env asks for fresh ones: 0.7 s more per actor, measured).
        # address="local": a new cluster even where `ray start` left one running on this machine
        # (join that one with ray.address: auto); it is what gets the variables.
        with with_environment(env_vars):
            ray.init(
                address="local",
                num_cpus=cfg.num_cpus,
                include_dashboard=cfg.include_dashboard,
                runtime_env=runtime_env or None,
                **output,
            )
        _started["local"] = True
    _progress_bars(loud)


@contextmanager
def with_environment(values: dict[str, str]):
    """os.environ with `values` set, restored afterwards (the driver keeps its own settings)."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def shutdown_ray() -> None:
    """Stop Ray now, at the end of a job, rather than in its atexit hook (which first sleeps
    half a second for log lines): a local cluster's processes go, a remote one is left."""
    if ray.is_initialized():
        if _started["local"]:
            _stop_monitor()
        ray.shutdown()  # wait_for_processes=True changes only how long a SIGKILLed process is waited on
    _started["local"] = False


def _stop_monitor() -> None:
    """SIGKILL the local cluster's autoscaler monitor, which holds nothing the cluster needs at
    its end. ray.shutdown sends each process SIGTERM and waits up to a second before SIGKILL; the
    monitor ignores SIGTERM, so every job ended a second late (measured: monitor 1.01 s, every
    other process 0.01-0.03 s). Ray lists a node's processes only in the private
    `_global_node.all_processes`: if that ever changes, ray.shutdown alone does the slow stop."""
    try:
        from ray._private import ray_constants, worker

        infos = worker._global_node.all_processes[ray_constants.PROCESS_TYPE_MONITOR]
    except (AttributeError, KeyError, ImportError):
        return
    for info in infos:
        info.process.kill()
        try:  # reaped here, ray.shutdown skips it (it is dead) instead of waiting on it
            info.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass


def _progress_bars(enabled: bool) -> None:
    """Ray Data's progress bars (logged as dumps when the terminal is not interactive): on only
    when verbose; the stages print their own progress line."""
    # Ray Data reads its default at import; importing it here only to set a flag would cost
    # the stages that never use it (the crawl) most of a second.
    if "ray.data" in sys.modules:
        ray.data.DataContext.get_current().enable_progress_bars = enabled
    else:
        os.environ["RAY_DATA_DISABLE_PROGRESS_BARS"] = "0" if enabled else "1"
