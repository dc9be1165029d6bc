"""The training loop: a plain function that Ray Train runs on every worker.

AdamW, cosine schedule with warmup, gradient accumulation (gradient sync only on the last
micro-batch), clipping, validation loss, metrics, sharded checkpoints and resume. Every
worker runs the same number of steps (FSDP collectives must line up): data is cycled.
"""
from __future__ import annotations

import logging
import math
import os
import tempfile
import time

import ray.train
import torch
from transformers import get_cosine_schedule_with_warmup

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.train import checkpoint as ckpt
from mella_ray.train.data import micro_batches
from mella_ray.train.export import export_final
from mella_ray.train.model import build_model, parameter_split
from mella_ray.train.parallel import apply_fsdp
from mella_ray.train.throughput import batch_flops, memory_gib, peak_tflops

log = logging.getLogger(__name__)
COLUMNS = ["image", "instruction", "answer"]


def _rows(name: str, skip: int = 0):
    """Endless rows of this worker's shard (a new pass per epoch), after skipping `skip`."""
    shard = ray.train.get_dataset_shard(name)
    while True:
        n = 0
        for row in shard.iter_rows():
            n += 1
            if skip > 0:
                skip -= 1
                continue
            yield row
        if n == 0:
            raise ValueError(f"dataset {name!r} gave this worker no rows; use fewer workers or more data")


def _to(batch: dict, device) -> dict:
    return {k: v.to(device) for k, v in batch.items()}


@torch.no_grad()
def _val_loss(model, batches, n: int, device) -> float | None:
    if n == 0 or batches is None:
        return None
    model.eval()
    losses = [model(**_to(next(batches), device)).loss.float() for _ in range(n)]
    model.train()
    loss = torch.stack(losses).mean()
    if torch.distributed.is_initialized():
        torch.distributed.all_reduce(loss, op=torch.distributed.ReduceOp.AVG)
    return loss.item()


def train_loop(config: dict) -> None:
    cfg = TrainConfig.model_validate(config["train"])
    torch.set_num_threads(int(os.environ.get("MELLA_TORCH_THREADS", "1")))
    torch.manual_seed(cfg.seed)
    ctx = ray.train.get_context()
    rank, world = ctx.get_world_rank(), ctx.get_world_size()
    device = ray.train.torch.get_device()
    accum = cfg.global_batch // (cfg.micro_batch * world)
    total_steps = config["total_steps"]

    processor = load_processor(config["model_path"], max_pixels=cfg.max_pixels)
    pad_id = processor.tokenizer.pad_token_id
    model = build_model(config["model_path"], cfg).to(device)
    n_lm, n_vision = parameter_split(model)
    model = apply_fsdp(model, cfg.precision, cfg.activation_checkpointing, cfg.compile, world)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.999),
                                  fused=device.type == "cuda")
    scheduler = get_cosine_schedule_with_warmup(optimizer, math.ceil(cfg.warmup_ratio * total_steps), total_steps)

    step, rows_seen, resumed_from = 0, 0, 0
    restored = ray.train.get_checkpoint()
    if restored:
        with restored.as_directory() as d:
            state = ckpt.load(d, model, optimizer, scheduler)
        step, rows_seen = state["step"], state["rows_seen"]
        resumed_from = step
        log.info("rank %d resumed at step %d (%d rows seen per worker)", rank, step, rows_seen)

    batches = micro_batches(_rows("train", skip=rows_seen), processor, cfg, pad_id)
    val = micro_batches(_rows("val"), processor, cfg, pad_id) if config["has_val"] else None
    peak = peak_tflops()
    model.train()
    while step < total_steps:
        t0, tokens, flops, loss_sum = time.perf_counter(), 0, 0.0, 0.0
        for k in range(accum):
            batch = _to(next(batches), device)
            model.set_requires_gradient_sync(k == accum - 1)  # reduce-scatter once per step
            loss = model(**batch).loss / accum
            loss.backward()
            loss_sum += loss.item()
            tokens += int(batch["attention_mask"].sum())
            flops += batch_flops(batch, n_lm, n_vision)
        grad_norm = torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip).full_tensor().item()
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        rows_seen += accum * cfg.micro_batch
        dt = time.perf_counter() - t0
        tps = tokens * world / dt
        metrics = {"step": step, "loss": loss_sum, "lr": scheduler.get_last_lr()[0], "grad_norm": grad_norm,
                   "tokens_per_s": tps, "memory_gib": memory_gib(device), "resumed_from_step": resumed_from}
        if peak:  # this worker's model FLOPs per second against the card's dense bf16 peak
            metrics["mfu"] = flops / dt / (peak * 1e12)
        if step % cfg.val_every == 0 or step == total_steps:
            metrics["val_loss"] = _val_loss(model, val, cfg.val_batches, device)
        if step % cfg.checkpoint_every == 0 or step == total_steps:
            with tempfile.TemporaryDirectory() as tmp:
                ckpt.save(tmp, model, optimizer, scheduler, step, rows_seen, rank)
                ray.train.report(metrics, checkpoint=ray.train.Checkpoint.from_directory(tmp),
                                 checkpoint_dir_name=f"step-{step:06d}")
        elif step % cfg.log_every == 0:
            ray.train.report(metrics)
        if rank == 0:
            log.info("step %d/%d loss %.4f lr %.2e %.0f tok/s", step, total_steps, loss_sum, metrics["lr"], tps)
    export_final(model, cfg, config["model_path"], config["final_dir"], rank, torch.float32 if cfg.precision == "fp32" else torch.bfloat16)
