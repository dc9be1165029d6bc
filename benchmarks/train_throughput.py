"""Training throughput of mella-ray's FSDP2 path on one device: tokens/s, MFU, peak memory.

The model is a Qwen2-VL-2B-shaped random-weight model built from its config (no download),
fully fine-tuned in bf16 mixed precision, on synthetic samples of 514 tokens of which 256 are
image tokens (one 448x448 image: 1024 patches). It runs the project's own pieces: the FSDP2
wrapper (train/parallel.py), the training step with its answer-token loss (train/step.accumulate,
train/loss.py), the FLOP accounting (train/throughput.py) and fused AdamW, in a one-process
group, without Ray (the GPU machines may lack it; Ray adds no per-step work).

    python benchmarks/train_throughput.py                          # GPU: the variants below
    python benchmarks/train_throughput.py --tiny --variants b2     # CPU smoke test
    python benchmarks/train_throughput.py --lengths varied --variants b16,b16-pk   # padded vs packed

With `--lengths varied` the answers vary in length as the mix's do (alt-texts of a few words,
captions of hundreds of tokens: uniform 8..512 answer tokens, seeded), so a padded micro-batch
spends compute on padding; a `-pk` variant packs the same samples (train/packing.py, rows of at
most --max-length tokens, positions from the model's get_rope_index per sample). Tokens/s and MFU
count real tokens only, so the two are comparable.

MFU = 6·((N_lm − N_head)·LM tokens + N_head·answer tokens + N_vision·patches) / step time
      / 989 TFLOP/s (dense bf16, H100/H200); N_head, the output projection, runs on answer positions only.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time

import torch
import torch.distributed as dist

from mella_ray.train.data import real_tokens
from mella_ray.train.parallel import apply_fsdp
from mella_ray.train.step import accumulate, to_device
from mella_ray.train.throughput import batch_flops, memory_gib, peak_tflops

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_samples import make_batch, model_config  # noqa: E402


def run_variant(name: str, batch: int, compile: bool, ac: bool, model_loss: bool, packed: bool, args, device) -> dict:
    from transformers import Qwen2VLForConditionalGeneration

    from mella_ray.train.model import parameter_split

    torch.manual_seed(0)
    with device:
        model = Qwen2VLForConditionalGeneration(model_config(args.tiny))
    model.config.use_cache = False
    model.set_attn_implementation(args.attention)
    split = parameter_split(model)
    data = make_batch(batch, packed, model, args)
    model = apply_fsdp(model, "bf16", activation_checkpointing=ac, compile=compile, world_size=1)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5, fused=device.type == "cuda")
    if device.type == "cuda":
        data = {k: v.pin_memory() for k, v in data.items()}
    flops = batch_flops(data, split.lm, split.vision, 0 if model_loss else split.head)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()

    def step():  # the training loop's step: accumulate (one micro-batch), clip, AdamW
        if model_loss:  # for comparison: the model's own loss, logits at every position
            model(**to_device(data, device)).loss.backward()
        else:
            accumulate(model, [data], device, 1, split)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)

    for _ in range(args.warmup):
        step()
    if device.type == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()  # accumulate returns the loss as a float: each step ends synchronised, as in training
    if device.type == "cuda":
        torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / args.steps
    busy = profile(step, device, name, args.profile) if args.profile else None
    peak = peak_tflops()
    row = {
        "variant": name,
        "batch": batch,
        "compile": compile,
        "activation_checkpointing": ac,
        "model_loss": model_loss,
        "packed": packed,
        "lengths": args.lengths,
        "attention": args.attention,
        "rows_x_width": list(data["input_ids"].shape),
        "tokens_per_s": round(real_tokens(data) / dt),
        "step_s": round(dt, 4),
        "mfu": round(flops / dt / (peak * 1e12), 4) if peak else None,
        "peak_memory_gib": round(memory_gib(device), 1),
        "n_lm": split.lm,
        "n_vision": split.vision,
        "n_head": split.head,
        "profiled_busy_fraction": busy,
    }
    model = opt = data = None  # freed before the next variant builds its own (not `del`: step() closes over them)
    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return row


def profile(step, device, name: str, path: str, steps: int = 2) -> float:
    """Profiles `steps` more steps; appends the top operators to `path` and returns the fraction
    of wall time the device (CPU: the process) was busy, which tells compute-bound from
    launch- or sync-bound."""
    from torch.profiler import ProfilerActivity
    from torch.profiler import profile as torch_profile

    cuda = device.type == "cuda"
    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if cuda else [])
    with torch_profile(activities=activities) as prof:
        t0 = time.perf_counter()
        for _ in range(steps):
            step()
        if cuda:
            torch.cuda.synchronize()
        wall_us = (time.perf_counter() - t0) * 1e6
    events = prof.key_averages()
    key = "self_device_time_total" if cuda else "self_cpu_time_total"
    busy = sum(getattr(e, key) for e in events if not cuda or e.device_type.name == "CUDA") / wall_us
    with open(path, "a") as f:
        f.write(f"=== {name}: {steps} steps, {wall_us / steps / 1e3:.1f} ms per step, busy {busy:.1%}\n")
        f.write(events.table(sort_by=key, row_limit=30, max_name_column_width=70) + "\n")
    return round(busy, 3)


def variant(name: str) -> tuple[int, bool, bool, bool, bool]:
    """'b16c-ac-ml' -> (micro-batch 16, compile, activation checkpointing, the model's own loss, packed)."""
    head, *flags = name.split("-")
    if not (head.startswith("b") and head.rstrip("c")[1:].isdigit()) or set(flags) - {"ac", "ml", "pk"}:
        raise SystemExit(
            f"bad variant {name!r}: b<batch>[c][-ac][-ml][-pk], e.g. b16, b24c, b32c-ac, b16-ml, b16-pk "
            "(c: compiled blocks, ac: activation checkpointing, ml: the model's own loss, pk: packed)"
        )
    return int(head.rstrip("c")[1:]), head.endswith("c"), "ac" in flags, "ml" in flags, "pk" in flags


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--variants",
        default="b16-ml,b16,b24c,b32c",
        help="comma list of b<batch>[c][-ac][-ml]: c compiles the blocks, ac checkpoints activations, "
        "ml uses the model's own loss (logits at every position) for comparison",
    )
    p.add_argument("--tiny", action="store_true", help="tiny shape, for a CPU smoke test")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=8)
    p.add_argument(
        "--lengths",
        choices=("fixed", "varied"),
        default="fixed",
        help="fixed: every sample 514 tokens (no padding); varied: answers of 8..512 tokens",
    )
    p.add_argument("--max-length", type=int, default=4096, help="packed row capacity in tokens (train.max_length)")
    p.add_argument(
        "--attention",
        default=None,
        help="sdpa, or flash_attention_2 (default where flash_attn is "
        "installed on a GPU): packed rows then become one varlen row",
    )
    p.add_argument("--out", help="also write the rows as JSON here")
    p.add_argument(
        "--profile",
        metavar="PATH",
        help="profile 2 more steps of each variant; append the top "
        "operators to PATH and report the fraction of time the device was busy",
    )
    args = p.parse_args()
    plan = [(name, variant(name)) for name in args.variants.split(",")]  # every name checked before any work
    cuda = torch.cuda.is_available()
    device = torch.device("cuda:0" if cuda else "cpu")
    if args.attention is None:
        from mella_ray.train.model import attention_implementation

        args.attention = attention_implementation(cuda)
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29512")
    dist.init_process_group("nccl" if cuda else "gloo", rank=0, world_size=1)
    rows = []
    try:
        for name, shape in plan:
            try:
                rows.append(run_variant(name, *shape, args, device))
            except torch.OutOfMemoryError:
                rows.append({"variant": name, "error": "out of memory"})
                torch.cuda.empty_cache()
            print(json.dumps(rows[-1]), flush=True)
    finally:
        dist.destroy_process_group()
    print(f"\n{'variant':<10}{'batch':>6}{'tokens/s':>10}{'MFU':>8}{'peak GiB':>10}  ({args.lengths} lengths)")
    for r in rows:
        if "error" in r:
            print(f"{r['variant']:<10}{'':>6}{r['error']:>28}")
        else:
            mfu = f"{100 * r['mfu']:.1f}%" if r["mfu"] is not None else "n/a"
            print(f"{r['variant']:<10}{r['batch']:>6}{r['tokens_per_s']:>10}{mfu:>8}{r['peak_memory_gib']:>10}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"device": torch.cuda.get_device_name() if cuda else "cpu", "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
