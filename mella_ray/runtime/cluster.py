"""Connect to Ray: an in-process local cluster when no address is configured."""
from __future__ import annotations

import logging
import os

import ray

from mella_ray.config import RayConfig

log = logging.getLogger(__name__)

# Set on every worker so that few-core machines are not oversubscribed by torch threads.
WORKER_ENV = {"OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false", "HF_HUB_OFFLINE": os.environ.get("HF_HUB_OFFLINE", "0")}


def init_ray(cfg: RayConfig) -> None:
    """ray.init once: cfg.address, else RAY_ADDRESS, else a local in-process cluster."""
    if ray.is_initialized():
        return
    address = cfg.address or os.environ.get("RAY_ADDRESS")
    runtime_env = dict(cfg.runtime_env)
    env_vars = {**WORKER_ENV, **runtime_env.get("env_vars", {})}
    runtime_env["env_vars"] = env_vars
    kwargs: dict = {"runtime_env": runtime_env, "log_to_driver": True}
    if address:
        log.info("connecting to Ray at %s", address)
        ray.init(address=address, **kwargs)
    else:
        log.info("starting a local Ray cluster (num_cpus=%s)", cfg.num_cpus or "all")
        ray.init(num_cpus=cfg.num_cpus, include_dashboard=cfg.include_dashboard, **kwargs)
    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = os.environ.get("MELLA_PROGRESS_BARS", "1") == "1"
