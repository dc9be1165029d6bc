"""Bytes communicated per training step with LoRA: the frozen base sharded with FSDP2 (before) vs
replicated with only the adapters' gradients reduced by DDP (after, train/parallel.py).

Two CPU worker processes on gloo train a random Qwen2-VL (a small shape built from its config, no
download) with LoRA r16 on the language model, through the project's own pieces: build_model,
the two wrappings, and train/step.accumulate with gradient accumulation. Every collective is
counted on its way out: the torch.distributed functions FSDP2 and the step call (all-gather:
the gathered output's bytes; reduce-scatter: the input's; all-reduce and broadcast: the
tensor's) are wrapped, and DDP's bucket all-reduces are routed through them by a communication hook.

    python benchmarks/train_comm.py                      # 2 workers, 4 micro-batches per step
    python benchmarks/train_comm.py --accum 8 --steps 2  # bytes grow with micro-batches under FSDP2 only

Per step, FSDP2 all-gathers every block's parameters in each micro-batch's forward and again in
its backward (reshard_after_forward), frozen or not: ~2 x accum x (parameter bytes in bf16).
The replicated base sends the adapters' fp32 gradients once per step.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter

import torch
import torch.distributed as dist
import torch.multiprocessing as mp

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_samples import synthetic_batch  # noqa: E402  (the same synthetic 514-token samples)

COUNTED = (
    "all_gather_single",
    "all_gather_into_tensor",
    "all_gather",
    "reduce_scatter_single",
    "reduce_scatter_tensor",
    "reduce_scatter",
    "all_reduce",
    "broadcast",
)


def small_config():
    """A Qwen2-VL shape large enough that the base dwarfs the adapters, as in the real 7B model."""
    from transformers import Qwen2VLConfig

    text = dict(
        vocab_size=152000,
        hidden_size=256,
        intermediate_size=1024,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=32768,
        tie_word_embeddings=True,
        rope_parameters={"rope_type": "default", "rope_theta": 1e6, "mrope_section": [8, 12, 12]},
    )
    vision = dict(
        depth=2,
        embed_dim=64,
        hidden_size=256,
        num_heads=4,
        mlp_ratio=4,
        patch_size=14,
        spatial_merge_size=2,
        temporal_patch_size=2,
    )
    return Qwen2VLConfig(
        text_config=text,
        vision_config=vision,
        image_token_id=151655,
        vision_start_token_id=151652,
        vision_end_token_id=151653,
        video_token_id=151656,
        tie_word_embeddings=True,
    )


def _nbytes(t) -> int:
    if isinstance(t, (list, tuple)):
        return sum(_nbytes(x) for x in t)
    return t.numel() * t.element_size() if isinstance(t, torch.Tensor) else 0


class Meter:
    """Bytes per collective kind, counted by wrapping torch.distributed's functions."""

    def __init__(self):
        self.bytes, self.calls, self.on = Counter(), Counter(), False
        for name in COUNTED:
            if hasattr(dist, name):
                setattr(dist, name, self._wrap(name, getattr(dist, name)))

    def _wrap(self, name, fn):
        def counted(*args, **kwargs):
            if self.on:
                first = args[0] if args else next(iter(kwargs.values()))
                payload = args[1] if name.startswith("reduce_scatter") and len(args) > 1 else first
                self.bytes[name] += _nbytes(payload)
                self.calls[name] += 1
            return fn(*args, **kwargs)

        return counted

    @staticmethod
    def ddp_hook(state, bucket):
        """DDP's own all-reduce, routed through torch.distributed.all_reduce (and so counted there):
        without a hook DDP's reducer calls the process group from C++, past any Python wrapper."""
        from torch.distributed.algorithms.ddp_comm_hooks.default_hooks import allreduce_hook

        return allreduce_hook(state, bucket)


def worker(rank: int, world: int, init: str, model_dir: str, args, out: dict) -> None:
    from mella_ray.config import TrainConfig
    from mella_ray.train.model import build_model, parameter_split
    from mella_ray.train.parallel import apply_fsdp, replicate_for_lora
    from mella_ray.train.step import accumulate

    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=init, rank=rank, world_size=world)
    meter = Meter()
    cfg = TrainConfig(num_workers=world, global_batch=world * args.accum)
    data = synthetic_batch(1, torch.device("cpu"))
    device = torch.device("cpu")
    rows = {}
    for mode in ("fsdp2_sharded_base", "replicated_base"):
        torch.manual_seed(0)
        replicated = mode == "replicated_base"
        model = build_model(model_dir, cfg, dtype=torch.bfloat16 if replicated else torch.float32)
        split = parameter_split(model)
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        total = sum(p.numel() for p in model.parameters())
        if replicated:
            model = replicate_for_lora(model, device, world_size=world)
            model.register_comm_hook(None, meter.ddp_hook)
        else:  # what LoRA runs did before: FSDP2 over the whole model, frozen base included
            model = apply_fsdp(model, "bf16", world_size=world)
        opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-4)
        autocast = torch.bfloat16 if replicated else None
        for step in range(1 + args.steps):  # the first step warms up, uncounted
            meter.on = step > 0
            accumulate(model, [data] * args.accum, device, world, split, autocast)
            opt.step()
            opt.zero_grad(set_to_none=True)
        meter.on = False
        rows[mode] = {
            "bytes_per_step": sum(meter.bytes.values()) // args.steps,
            "by_kind": {k: v // args.steps for k, v in meter.bytes.items()},
            "calls_per_step": {k: v // args.steps for k, v in meter.calls.items()},
            "parameters": total,
            "trainable": trainable,
        }
        meter.bytes.clear()
        meter.calls.clear()
        del model, opt
    if rank == 0:
        out.update(rows)
    dist.barrier()
    dist.destroy_process_group()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--accum", type=int, default=4, help="micro-batches per step (gradient accumulation)")
    p.add_argument("--steps", type=int, default=2, help="counted steps after one warm-up step")
    p.add_argument("--out", help="also write the result as JSON here")
    args = p.parse_args()
    from transformers import Qwen2VLForConditionalGeneration

    with tempfile.TemporaryDirectory() as tmp:
        torch.manual_seed(0)
        Qwen2VLForConditionalGeneration(small_config()).save_pretrained(tmp)
        init = f"file://{tmp}/rendezvous"
        with mp.Manager() as manager:
            out = manager.dict()
            mp.spawn(worker, args=(2, init, tmp, args, out), nprocs=2, join=True)
            result = dict(out)
    before, after = result["fsdp2_sharded_base"], result["replicated_base"]
    result["reduction"] = round(before["bytes_per_step"] / max(after["bytes_per_step"], 1), 1)
    result["accum"] = args.accum
    print(json.dumps(result, indent=2))
    print(
        f"\nper step and worker, {args.accum} micro-batches: FSDP2 over the frozen base "
        f"{before['bytes_per_step'] / 2**20:.1f} MiB, replicated base {after['bytes_per_step'] / 2**20:.3f} MiB "
        f"({result['reduction']}x less); {after['trainable']:,} of {after['parameters']:,} parameters trainable"
    )
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
