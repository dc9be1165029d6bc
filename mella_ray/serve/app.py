"""The chat deployment of the hf backend, and the Serve application builder of both backends.

ChatServer: a Ray Serve replica around one ChatCore (serve.core: the engine and @serve.batch)
whose HTTP app (routes, key guard, body limits) is serve.http.build_http_app, handed to Serve
through `__serve_build_asgi_app__` so that the same app also runs without Serve.

`build_app(args)` is what Serve config files import (`serve run` / `serve deploy`);
`application(cfg)` is shared with the serve stage. backend vllm goes to Ray Serve LLM
(serve.llm), imported only then.
"""

import logging

from ray import serve

from mella_ray.config import JobConfig, ServeConfig
from mella_ray.config.serve import is_loopback
from mella_ray.serve.options import api_key_digest, hf_deployment_options, job_from_args, model_path

log = logging.getLogger(__name__)


@serve.deployment(name="MellaChat")
@serve.ingress()
class ChatServer:
    def __init__(
        self, serve_cfg: dict, model_path: str, models_dir: str, languages: list[str], api_key_sha256: str | None = None
    ):
        import torch

        from mella_ray.serve.core import ChatCore
        from mella_ray.serve.page import render_page

        torch.set_num_threads(1)  # few-core hosts: more threads made latency swing 0.08 s -> 6 s
        self.cfg = ServeConfig.model_validate(serve_cfg)
        self.core = ChatCore(self.cfg, model_path, models_dir)
        self.key_sha256 = api_key_sha256
        self.page = render_page(self.cfg.model_name, languages)
        log.info("serving %s as %r", model_path, self.cfg.model_name)

    def __serve_build_asgi_app__(self):
        from mella_ray.serve.http import build_http_app

        return build_http_app(self.core, self.page, self.key_sha256)


def check_exposure(s: ServeConfig, http_host: str | None, key_sha256: str | None) -> None:
    """Refuse to serve without a key on an address other than loopback (unless allowed on purpose)."""
    if http_host and not key_sha256 and not s.allow_unauthenticated and not is_loopback(http_host):
        raise ValueError(
            f"Serve listens on {http_host!r}, reachable from other machines, but no API key is set: "
            "set serve.api_key_env, or listen on 127.0.0.1, or set serve.allow_unauthenticated: true"
        )


def application(cfg: JobConfig, model: str | None = None, api_key_sha256: str | None = None):
    """The bound Serve application for cfg.serve; model and key digest are resolved when not given."""
    s = cfg.serve
    model = model or model_path(cfg)
    key = api_key_sha256 if api_key_sha256 is not None else api_key_digest(s)
    check_exposure(s, _serve_http_host(), key)
    if s.backend == "vllm":
        from mella_ray.serve.llm import build_llm_app  # Ray Serve LLM needs vLLM: only on GPU nodes

        return build_llm_app(s, model, key)
    return ChatServer.options(**hf_deployment_options(s)).bind(
        s.model_dump(), model, cfg.models_path, list(cfg.languages), key
    )


def build_app(args: dict):
    """Application builder for Serve config files (`serve run` / `serve deploy`).

    args: {"config": "<job YAML>"} or {"job": {...inline job settings...}}, plus optional
    {"overrides": {"serve.model": ..., ...}}; see options.BuilderArgs. The HTTP host and port
    come from the config file's http_options, not from serve.host/serve.port.
    """
    cfg = job_from_args(args)
    log.info("building the %s app for %s (backend %s)", cfg.serve.model_name, cfg.output_dir, cfg.serve.backend)
    return application(cfg)


def _serve_http_host() -> str | None:
    """The host a running Serve listens on (a config file's http_options), None when unknown."""
    try:
        from mella_ray.serve.stage import running_http

        running = running_http()
    except Exception:  # noqa: BLE001 - no Ray connection here: the stage checks serve.host itself
        return None
    return running[0] if running else None
