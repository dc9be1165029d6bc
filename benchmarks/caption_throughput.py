"""Captioning throughput: images/s and output tokens/s at a fixed image size and max_new_tokens.

Measures, on a Qwen2-VL-2B-shaped random-weight model built from its config (no download):
  bare  the hf engine alone, images prepared beforehand (as the CPU stage does), after warm-up
  ray   the real caption stage (CPU preprocessing stage + engine actor pool through Ray Data),
        end to end with model load, and steady state (from the shards' completion times)
  vllm  vllm.LLM on the same model and images, where vllm is installed
Not run by CI. On one GPU:
  python benchmarks/caption_throughput.py --batch-size 256 --num-images 2048 --static-cache --compile
A CPU smoke test of the script itself:  python benchmarks/caption_throughput.py --tiny
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

from benchmarks.caption_model import build_model, force_length, make_images, write_pool  # noqa: E402

log = logging.getLogger("caption_throughput")


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--tiny", action="store_true", help="tiny model and small sizes: a CPU smoke test")
    p.add_argument("--batch-size", type=int, default=None, help="engine batch size (default 64; tiny 8)")
    p.add_argument("--num-images", type=int, default=None, help="images to caption (default 512; tiny 16)")
    p.add_argument("--image-size", type=int, default=None, help="square image side (default 448; tiny 112)")
    p.add_argument("--max-new-tokens", type=int, default=None, help="tokens per caption (default 128; tiny 16)")
    p.add_argument("--modes", default="bare,ray,vllm", help="comma list of bare, ray, vllm")
    p.add_argument("--static-cache", action="store_true", help="engine.static_cache")
    p.add_argument("--compile", action="store_true", help="engine.compile (needs --static-cache)")
    p.add_argument("--vision-batch-size", type=int, default=None, help="engine.vision_batch_size")
    p.add_argument("--max-input-tokens", type=int, default=None, help="engine.max_input_tokens (static cache size)")
    p.add_argument(
        "--no-features",
        action="store_true",
        help="caption.preprocess_features: false (ship RGB pixels; the actor runs the image processor)",
    )
    p.add_argument("--attn", default="sdpa", help="engine.attn_implementation")
    p.add_argument("--dtype", default=None, help="engine.dtype (default bfloat16 on GPU, float32 on CPU)")
    p.add_argument("--shard-rows", type=int, default=None, help="pool shard size for the ray mode (default: one batch)")
    p.add_argument("--workdir", default=None, help="where the model and the ray job go (default: a temp dir)")
    p.add_argument("--out", default=None, help="also write the results as JSON here")
    a = p.parse_args(argv)
    for name, full, tiny in (
        ("batch_size", 64, 8),
        ("num_images", 512, 16),
        ("image_size", 448, 112),
        ("max_new_tokens", 128, 16),
    ):
        if getattr(a, name) is None:
            setattr(a, name, tiny if a.tiny else full)
    if a.compile and not a.static_cache:
        p.error("--compile needs --static-cache")
    return a


def engine_config(a: argparse.Namespace, cuda: bool):
    from mella_ray.config import EngineConfig

    max_input = a.max_input_tokens
    if a.static_cache and max_input is None:  # image tokens + chat template and prompt (~200 with the
        max_input = (a.image_size // 28) ** 2 + 256  # benchmark's small BPE vocabulary), with headroom
    return EngineConfig(
        backend="hf",
        batch_size=a.batch_size,
        max_new_tokens=a.max_new_tokens,
        max_pixels=max(a.image_size**2, 28 * 28),
        num_gpus=1 if cuda else 0,
        dtype=a.dtype or ("bfloat16" if cuda else "float32"),
        attn_implementation=a.attn,
        static_cache=a.static_cache,
        compile=a.compile,
        vision_batch_size=a.vision_batch_size,
        max_input_tokens=max_input,
    )


def _result(mode: str, n: int, tokens: int, seconds: float, **extra) -> dict:
    return {
        "mode": mode,
        "images": n,
        "seconds": round(seconds, 3),
        "images_per_s": round(n / seconds, 3),
        "output_tokens_per_s": round(tokens / seconds, 1),
        **extra,
    }


def run_bare(a, model: Path, images: list[bytes], cuda: bool) -> list[dict]:
    from mella_ray.caption.stage import CaptionConfig
    from mella_ray.infer import GenRequest, load_engine
    from mella_ray.infer.images import prepare_image

    cfg = engine_config(a, cuda)
    t0 = time.perf_counter()
    engine = load_engine(cfg, str(model.parent), model=str(model))
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    prepared = [prepare_image(b, cfg.max_pixels, None if a.no_features else engine.processor) for b in images]
    prep_s = time.perf_counter() - t0
    prompt = CaptionConfig().prompt
    warm = [GenRequest(prompt, [p]) for p in prepared[: a.batch_size]]
    t0 = time.perf_counter()
    engine.generate(warm)  # compiles (if asked) and warms the allocator; not timed below
    warm_s = time.perf_counter() - t0
    _sync(cuda)
    t0 = time.perf_counter()
    results = engine.generate([GenRequest(prompt, [p]) for p in prepared])
    _sync(cuda)
    seconds = time.perf_counter() - t0
    bad = [f"{r.reason}: {r.error}" for r in results if not r.ok]
    if bad:
        log.warning("bare: %d failed rows, e.g. %s", len(bad), bad[0])
    tokens = sum(r.completion_tokens for r in results)
    return [
        _result(
            "bare engine (steady state)",
            len(images),
            tokens,
            seconds,
            failed=len(bad),
            load_s=round(load_s, 1),
            warmup_s=round(warm_s, 1),
            cpu_prep_images_per_s=round(len(images) / prep_s, 1),
        )
    ]


def run_ray(a, model: Path, images: list[bytes], cuda: bool, workdir: Path) -> list[dict]:
    import pyarrow.parquet as pq
    import ray

    from mella_ray.caption.stage import run_caption
    from mella_ray.config import parse_config

    job = Path(tempfile.mkdtemp(prefix="ray-job-", dir=workdir))
    shard_rows = a.shard_rows or a.batch_size  # one batch a shard: steady state needs several
    write_pool(job, images, shard_rows)
    cfg = parse_config(
        {
            "output_dir": str(job),
            "models_dir": str(model.parent),
            "languages": ["cs"],
            "caption": {
                "engine": engine_config(a, cuda).model_dump(mode="json") | {"model": str(model)},
                "preprocess_features": not a.no_features,
            },
        }
    )
    if not ray.is_initialized():
        ray.init(
            include_dashboard=False,
            log_to_driver=False,
            runtime_env={"env_vars": {"HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}},
        )
    t0 = time.perf_counter()
    stats = run_caption(cfg)
    seconds = time.perf_counter() - t0
    # Steady state: rows of the shards finished after the first one, over the time they took.
    done = sorted((p.stat().st_mtime, p) for p in (job / "caption").glob("*.parquet"))
    rows = {p: pq.ParquetFile(p).metadata.num_rows for _, p in done}
    out = [
        _result(
            "hf through Ray Data (model load included)",
            len(images),
            stats["output_tokens"],
            seconds,
            failed=stats["dropped_total"],
        )
    ]
    span = done[-1][0] - done[0][0] if done else 0.0
    if len(done) >= 3 and span >= 1.0:  # shorter spans are the driver's buffering, not the engine's pace
        n = sum(rows[p] for _, p in done[1:])
        out.append(
            _result(
                "hf through Ray Data (steady state)",
                n,
                n * a.max_new_tokens,
                span,
                note=f"{len(done) - 1} shards after the first",
            )
        )
    return out


def run_vllm(a, model: Path, images: list[bytes]) -> list[dict]:
    if importlib.util.find_spec("vllm") is None:
        return [{"mode": "vllm", "skipped": "vllm is not installed"}]
    from vllm import LLM, SamplingParams

    from mella_ray.caption.stage import CaptionConfig
    from mella_ray.infer.datauri import to_data_url
    from mella_ray.infer.models import read_model_config
    from mella_ray.infer.vllm_backend import vllm_engine_kwargs

    cfg = engine_config(a, cuda=True)
    llm = LLM(model=str(model), **vllm_engine_kwargs(cfg, read_model_config(str(model))))
    prompt = CaptionConfig().prompt
    msgs = [
        [
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": to_data_url(b)}},
                    {"type": "text", "text": prompt},
                ],
            }
        ]
        for b in images
    ]
    params = SamplingParams(max_tokens=a.max_new_tokens, temperature=0.0, ignore_eos=True, detokenize=False)
    llm.chat(msgs[: a.batch_size], sampling_params=params, use_tqdm=False)  # warm-up
    t0 = time.perf_counter()
    outs = llm.chat(msgs, sampling_params=params, use_tqdm=False)
    seconds = time.perf_counter() - t0
    return [_result("vllm (steady state)", len(images), sum(len(o.outputs[0].token_ids) for o in outs), seconds)]


def _sync(cuda: bool) -> None:
    if cuda:
        import torch

        torch.cuda.synchronize()


def main(argv=None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    a = parse_args(argv)
    import torch

    cuda = torch.cuda.is_available()
    if not cuda and not a.tiny:
        log.warning("no GPU: the 2B-shaped model on CPU is very slow; use --tiny for a smoke test")
    workdir = Path(a.workdir or tempfile.mkdtemp(prefix="caption-bench-"))
    shape = "tiny" if a.tiny else "2b"
    model = build_model(
        workdir / f"model-{shape}", shape, "cuda" if cuda else "cpu", max_pixels=max(a.image_size**2, 28 * 28)
    )
    force_length(model, a.max_new_tokens)
    images = make_images(a.num_images, a.image_size)
    modes = [m.strip() for m in a.modes.split(",") if m.strip()]
    results: list[dict] = []
    if "bare" in modes:
        results += run_bare(a, model, images, cuda)
    if "ray" in modes:
        results += run_ray(a, model, images, cuda, workdir)
    if "vllm" in modes:
        results += run_vllm(a, model, images)
    device = torch.cuda.get_device_name(0) if cuda else "cpu"
    setup = (
        f"{device}; {'tiny' if a.tiny else 'Qwen2-VL-2B-shaped'} random weights; {a.image_size}x{a.image_size}; "
        f"{a.max_new_tokens} new tokens; batch {a.batch_size}; static_cache={a.static_cache} compile={a.compile} "
        f"vision_batch_size={a.vision_batch_size} attn={a.attn} features={not a.no_features}; "
        f"torch {torch.__version__}"
    )
    print(f"\n{setup}\n{'setup':<45} {'images/s':>10} {'output tokens/s':>16} {'failed':>7}")
    for r in results:
        if "skipped" in r:
            print(f"{r['mode']:<45} {'skipped: ' + r['skipped']:>27}")
        else:
            print(
                f"{r['mode']:<45} {r['images_per_s']:>10.2f} {r['output_tokens_per_s']:>16.1f} {r.get('failed', 0):>7}"
            )
    if a.out:
        Path(a.out).write_text(json.dumps({"setup": setup, "args": vars(a), "results": results}, indent=2))
    return 1 if any(r.get("failed") for r in results) else 0  # a rate over failed rows means nothing


if __name__ == "__main__":
    sys.exit(main())
