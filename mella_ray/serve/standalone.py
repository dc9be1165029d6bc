"""The hf chat app without Ray: one ChatCore under uvicorn, for fuzzing and local debugging.

    python -m mella_ray.serve.standalone --config configs/demo.yaml --port 8001

Exactly the app a Serve replica runs (serve.http.build_http_app: routes, key guard, body
limits, image pool, @serve.batch, which works outside Serve too), minus Serve's proxy, router
and autoscaling. The hostile-input tests drive this process with thousands of requests, where
Serve's fixed cost per request would make the run long, and measure its RSS alone.
"""

from __future__ import annotations

import argparse
import logging

from mella_ray.config import load_config
from mella_ray.config.serve import is_loopback
from mella_ray.runtime.log import setup_logging
from mella_ray.serve.options import api_key_digest, model_path

log = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--config", required=True, help="job YAML (its serve section)")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=YAML",
        help="override, e.g. --set serve.max_text_bytes=65536 (repeatable)",
    )
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8001)
    args = p.parse_args(argv)
    import torch
    import uvicorn
    import yaml

    from mella_ray.serve.app import check_exposure
    from mella_ray.serve.core import ChatCore, allow_batching_outside_serve
    from mella_ray.serve.http import build_http_app
    from mella_ray.serve.page import render_page

    setup_logging()  # mella-ray's lines at INFO; Ray's and the libraries' quiet
    overrides = {k: yaml.safe_load(v) for k, v in (item.split("=", 1) for item in args.set)}
    cfg = load_config(args.config, overrides=overrides)
    key = api_key_digest(cfg.serve)
    check_exposure(cfg.serve, args.host, key)
    torch.set_num_threads(1)
    allow_batching_outside_serve()
    core = ChatCore(cfg.serve, model_path(cfg), cfg.models_path)
    app = build_http_app(core, render_page(cfg.serve.model_name, list(cfg.languages)), key)
    log.info(
        "standalone: serving %s on http://%s:%s%s",
        cfg.serve.model_name,
        args.host,
        args.port,
        "" if is_loopback(args.host) else " (not loopback)",
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False, timeout_keep_alive=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
