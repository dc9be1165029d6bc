"""Serve stage: put the tuned model behind an OpenAI-compatible HTTP endpoint on Ray Serve.

The module that starts Ray and Serve (app.py only defines the deployment and the builder).
`run_serve` deploys the app named "mella" at route prefix "/", waits until it answers,
writes {output_dir}/serve/endpoint.json and returns the same dict; blocking keeps the driver
alive until Ctrl-C. The same app deploys without this module through a Serve config file
(configs/serve/*.yaml, `serve run` / `serve deploy`).
"""

from __future__ import annotations

import logging
import socket
import time

import httpx
import ray
from ray import serve

from mella_ray.config import JobConfig
from mella_ray.runtime import storage
from mella_ray.runtime.cluster import init_ray
from mella_ray.serve.app import application
from mella_ray.serve.options import api_key_digest, model_path

log = logging.getLogger(__name__)

APP_NAME = "mella"
HEALTH_TIMEOUT_S = 120.0


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago (Serve's proxy cannot report one it picked itself)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def running_http() -> tuple[str, int] | None:
    """(host, port) of a Serve instance already running in this cluster, else None."""
    try:  # no public API reports it; the controller client is Serve's own record
        from ray.serve.context import _get_global_client

        client = _get_global_client(raise_if_no_controller_running=False)
        if client is None:
            return None
        return client.http_config.host, int(client.http_config.port)
    except Exception:  # noqa: BLE001 - unknown layout in another Ray version: assume not running
        return None


def _wait_healthy(url: str, path: str = "/healthz", timeout_s: float = HEALTH_TIMEOUT_S) -> None:
    deadline, last = time.monotonic() + timeout_s, "no answer"
    while time.monotonic() < deadline:
        try:
            r = httpx.get(f"{url}{path}", timeout=5.0, trust_env=False)  # no proxy for our own port
            if r.status_code == 200:
                return
            last = f"HTTP {r.status_code}"
        except httpx.HTTPError as e:
            last = f"{type(e).__name__}: {e}"
        time.sleep(0.25)
    raise TimeoutError(f"serve: {url}{path} did not answer 200 within {timeout_s:g}s (last: {last})")


def run_serve(cfg: JobConfig, blocking: bool | None = None) -> dict:
    """Deploy the chat endpoint; returns {"url", "model", "model_name"} (also in serve/endpoint.json)."""
    s = cfg.serve
    model = model_path(cfg)  # fail fast, before Ray starts
    key_sha256 = api_key_digest(s)  # fails fast on a missing key variable, too
    init_ray(cfg.ray)
    running = running_http()
    if running is None:
        host, port = s.host, s.port or free_port(s.host)
        # before serve.run, which would pick 8000; the proxy's timeout is the backstop for a request stuck anywhere
        serve.start(http_options={"host": host, "port": port, "request_timeout_s": s.http_request_timeout_s})
    else:  # HTTP options of a running Serve cannot change; report where it really listens
        host, port = running
        if (s.port and port != s.port) or host != s.host:
            log.warning(
                "serve: Serve already runs on %s:%s; serve.host/port (%s:%s) are not applied",
                host,
                port,
                s.host,
                s.port,
            )
    t0 = time.monotonic()
    serve.run(application(cfg, model, key_sha256), name=APP_NAME, route_prefix="/")  # waits for RUNNING
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    # hf: our own /healthz proves the replica answers; vllm (Ray's ingress) has none: the proxy's
    _wait_healthy(url, "/healthz" if s.backend == "hf" else "/-/healthz")
    info = {
        "url": url,
        "model": model,
        "model_name": s.model_name,
        "backend": s.backend,
        "api_key_required": bool(s.api_key_env),
    }
    storage.write_json(cfg.path("serve", "endpoint.json"), info)
    log.info("serve: %s answers at %s/v1/chat/completions (ready in %.1fs)", s.model_name, url, time.monotonic() - t0)
    if s.blocking if blocking is None else blocking:
        try:
            while True:
                time.sleep(1.0)
        except KeyboardInterrupt:
            log.info("serve: interrupted, shutting down")
            stop_serve()
    return info


def stop_serve() -> None:
    """Remove every Serve app and the proxy; the Ray cluster itself stays up."""
    if ray.is_initialized():
        serve.shutdown()
