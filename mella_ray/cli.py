"""The `mella` command: parses, loads the config (failing fast), runs stages, prints a summary."""

from __future__ import annotations

import argparse
import json
import logging
import sys

from mella_ray.config import STAGES, ConfigError, load_config

log = logging.getLogger("mella_ray")
VERBOSE_HELP = "also show Ray's own output (Ray Data progress, worker logs); same as MELLA_VERBOSE=1"


def _retry_reasons(text: str) -> list[str]:
    """argparse type of --retry-failed: the reasons checked before anything starts."""
    from mella_ray.crawl.retry_reasons import RetryReasonError, parse_reasons

    try:
        return parse_reasons(text)
    except RetryReasonError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--retry-failed: ")) from None


def _add_retry_flag(p: argparse.ArgumentParser) -> None:
    from mella_ray.crawl.retry_reasons import retryable_help

    p.add_argument(
        "--retry-failed",
        metavar="REASONS",
        type=_retry_reasons,
        help="after a finished crawl: refetch only the rows of crawl/failures that failed with these "
        "comma-separated reasons (pages and images, politely, through the same checks), add what now "
        "succeeds to crawl/know|pool and finalize again. Retryable: " + retryable_help(long=True),
    )


def _run(config: str, stages: list[str] | None, verbose: bool = False, retry_failed: list[str] | None = None) -> int:
    from mella_ray.runtime.log import set_verbose, setup_logging

    if verbose:
        set_verbose(True)
    setup_logging()
    try:
        cfg = load_config(config)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from mella_ray.pipeline import run_stages, summary
    from mella_ray.runtime.cluster import shutdown_ray
    from mella_ray.runtime.resources import ResourceError

    try:
        results = run_stages(cfg, stages, retry_failed=retry_failed)
    except ResourceError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    finally:
        shutdown_ray()
    print(f"\nmella-ray: {cfg.output_dir}")
    print(summary(cfg, results))
    failed = [r for r in results if r.error]
    if failed:
        print(f"FAILED at stage {failed[0].stage}: {failed[0].error}", file=sys.stderr)
        return 1
    ran = [r.stage for r in results if not r.result.get("skipped")]
    skipped = [r.stage for r in results if r.result.get("skipped")]
    print(
        f"OK: ran {', '.join(ran) or 'nothing'}; skipped {', '.join(skipped) or 'nothing'}; "
        f"outputs under {cfg.output_dir}"
    )
    return 0


def stage_main(stage: str | None, argv: list[str] | None = None) -> int:
    """Entry of jobs/<stage>.py and jobs/build.py (stage None: the stages the YAML lists)."""
    p = argparse.ArgumentParser(prog=f"jobs/{stage or 'build'}.py", description=f"Run mella-ray {stage or 'stages'}")
    p.add_argument("--config", required=True, help="job YAML")
    p.add_argument("--verbose", action="store_true", help=VERBOSE_HELP)
    if stage == "crawl":
        _add_retry_flag(p)
    args = p.parse_args(argv)
    return _run(args.config, [stage] if stage else None, args.verbose, getattr(args, "retry_failed", None))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="mella", description="mella-ray: culturally grounded VLM data and fine-tuning on Ray"
    )
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("build", *STAGES):
        what = "every stage the YAML lists" if name == "build" else f"the {name} stage"
        sp = sub.add_parser(name, help=f"run {what}")
        sp.add_argument("config", help="job YAML")
        sp.add_argument("--verbose", action="store_true", help=VERBOSE_HELP)
        if name == "crawl":
            _add_retry_flag(sp)
    sp = sub.add_parser("validate", help="check a job YAML and exit")
    sp.add_argument("config")
    sub.add_parser("config-reference", help="print every config key with its default and description")
    sub.add_parser("failure-reasons", help="print every failure reason code of each stage, with its meaning")
    sp = sub.add_parser("seeds", help="write crawl.seeds_file from the Common Crawl indexes in crawl.seed_index")
    sp.add_argument("config", help="job YAML")
    args = p.parse_args(argv)
    if args.command == "config-reference":
        from mella_ray.config_reference import render

        print(render())
        return 0
    if args.command == "failure-reasons":
        from mella_ray.failures import reasons_text

        print(reasons_text(), end="")
        return 0
    if args.command == "validate":
        try:
            cfg = load_config(args.config)
        except ConfigError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        print(f"ok: {args.config} (stages: {', '.join(cfg.stages)}; output_dir: {cfg.output_dir})")
        return 0
    if args.command == "seeds":
        return _seeds(args.config)
    stages = None if args.command == "build" else [args.command]
    return _run(args.config, stages, args.verbose, getattr(args, "retry_failed", None))


def _seeds(config: str) -> int:
    from mella_ray.crawl.cc_seeds import write_seeds
    from mella_ray.runtime.cluster import init_ray
    from mella_ray.runtime.log import setup_logging

    setup_logging()
    try:
        cfg = load_config(config)
        init_ray(cfg.ray)  # the index files are counted by Ray tasks
        report = write_seeds(cfg)
    except (ConfigError, ValueError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
