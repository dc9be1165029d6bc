"""Build the demo site and serve it until interrupted.

python -m mella_ray.demo_site --root /tmp/mella-site --port 8080
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path

from mella_ray.demo_site.generate import DEFAULT_LANGS, build_site
from mella_ray.demo_site.server import serve_site

log = logging.getLogger("mella_ray.demo_site")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m mella_ray.demo_site", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--root", type=Path, required=True, help="folder to build the site in (empty, or an earlier build)"
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on; 0 picks a free one")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same bytes")
    parser.add_argument("--images-per-lang", type=int, default=30)
    parser.add_argument("--langs", default=",".join(DEFAULT_LANGS), help="comma-separated language codes")
    parser.add_argument("--no-build", action="store_true", help="serve the folder as it is")
    return parser.parse_args(argv)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    # `kill` and process managers send SIGTERM; stop as cleanly as on Ctrl-C.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if not args.no_build:
        langs = [lang.strip() for lang in args.langs.split(",") if lang.strip()]
        build_site(args.root, images_per_lang=args.images_per_lang, seed=args.seed, langs=langs)
    with serve_site(args.root, host=args.host, port=args.port) as site:
        log.info("demo site serving at %s/", site.base_url)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            log.info("interrupted; stopping")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
