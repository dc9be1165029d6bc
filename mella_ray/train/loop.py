"""The training loop: a plain function that Ray Train runs on every worker.

AdamW, cosine schedule with warmup, gradient accumulation (train/step.py), clipping,
validation loss, metrics, sharded checkpoints and resume. Every
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
from mella_ray.train.data import MicroBatches, encode_sample
from mella_ray.train.export import export_final
from mella_ray.train.model import attention_implementation, build_model, parameter_split
from mella_ray.train.packing import pack, packing_unsupported, rope_index_of
from mella_ray.train.parallel import wrap
from mella_ray.train.prefetch import Prefetched
from mella_ray.train.rows import WorkerRows
from mella_ray.train.step import accumulate, val_loss
from mella_ray.train.throughput import memory_gib, peak_tflops
from mella_ray.train.tracking import RunLog

log = logging.getLogger(__name__)
COLUMNS = ["image", "instruction", "answer"]


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
    attention = attention_implementation(cfg.packing and device.type == "cuda" and cfg.precision == "bf16")
    # LoRA: the frozen base is replicated, held in bf16 (train/parallel.py); full fine-tuning: fp32 under FSDP2
    autocast = torch.bfloat16 if cfg.lora.enabled and cfg.precision == "bf16" else None
    model = build_model(config["model_path"], cfg, dtype=autocast or torch.float32, attn_implementation=attention).to(
        device
    )
    split = parameter_split(model)
    rope = None  # with packing: each sample's own rotary positions (train/packing.py)
    if cfg.packing:
        why = packing_unsupported(model)
        if why:
            log.warning("train.packing is on but samples are padded instead: %s", why)
        else:
            rope = rope_index_of(model)
    one_row = attention == "flash_attention_2"  # its varlen path needs every sample in one row
    collate_fn = (lambda samples, pad: pack(samples, cfg.max_length, pad, one_row)) if rope else None
    if rank == 0:
        log.info("micro-batches %s, attention %s", "packed" if rope else "padded", attention)
    model = wrap(model, cfg.lora.enabled, cfg.precision, device, cfg.activation_checkpointing, cfg.compile, world)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        params, lr=cfg.lr, weight_decay=cfg.weight_decay, betas=(0.9, 0.999), fused=device.type == "cuda"
    )
    scheduler = get_cosine_schedule_with_warmup(optimizer, math.ceil(cfg.warmup_ratio * total_steps), total_steps)

    step, position, resumed_from = 0, None, 0
    restored = ray.train.get_checkpoint()
    if restored:
        with restored.as_directory() as d:
            state = ckpt.load(d, model, optimizer, scheduler)
        step, position = state["step"], state["position"]
        resumed_from = step
        log.info("rank %d resumed at step %d (data position %s)", rank, step, position)

    def encode(row):
        return encode_sample(processor, row, cfg.max_length, cfg.max_pixels, rope)

    # each worker reads its slice of the files itself: a resume skips by row group (train/rows.py); the row
    # groups come in a seeded order drawn per pass, as image shards (and so the mix's files) cluster by language
    train_rows = WorkerRows(config["paths"]["train"], rank, world, COLUMNS, "train", shuffle_seed=cfg.seed)
    batches = MicroBatches(
        train_rows.rows_from,
        encode,
        cfg.micro_batch,
        cfg.length_group_window,
        pad_id,
        position,
        encode_threads=cfg.encode_threads,
        collate_fn=collate_fn,
    )
    if cfg.prefetch_batches:  # encode the next micro-batches while this one trains
        batches = Prefetched(batches, cfg.prefetch_batches)
    val = (
        MicroBatches(
            WorkerRows(config["paths"]["val"], rank, world, COLUMNS, "val").rows_from,
            encode,
            cfg.micro_batch,
            cfg.length_group_window,
            pad_id,
            collate_fn=collate_fn,
        )
        if config["paths"].get("val")
        else None
    )
    peak = peak_tflops()
    settings = {**cfg.model_dump(exclude={"lora"}), **{f"lora_{k}": v for k, v in cfg.lora.model_dump().items()}}
    runlog = RunLog(
        config["tensorboard_dir"],
        rank,
        cfg.mlflow_uri,
        cfg.mlflow_experiment,
        params={**settings, "world_size": world, "total_steps": total_steps, "packed": rope is not None},
    )
    model.train()
    while step < total_steps:
        t0 = time.perf_counter()
        loss, tokens, flops = accumulate(model, [next(batches) for _ in range(accum)], device, world, split, autocast)
        norm = torch.nn.utils.clip_grad_norm_(params, cfg.grad_clip)
        grad_norm = (norm.full_tensor() if hasattr(norm, "full_tensor") else norm).item()  # FSDP2: a DTensor
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        step += 1
        dt = time.perf_counter() - t0
        tps = tokens / dt  # every rank's tokens
        metrics = {
            "step": step,
            "loss": loss,
            "lr": scheduler.get_last_lr()[0],
            "grad_norm": grad_norm,
            "tokens_per_s": tps,
            "memory_gib": memory_gib(device),
            "resumed_from_step": resumed_from,
            "masked_rows": batches.masked,
        }
        if peak:  # this worker's model FLOPs per second against the card's dense bf16 peak
            metrics["mfu"] = flops / dt / (peak * 1e12)
        if step % cfg.val_every == 0 or step == total_steps:
            metrics["val_loss"] = val_loss(model, val, cfg.val_batches, device, autocast)
        runlog.log(metrics, step)
        if step % cfg.checkpoint_every == 0 or step == total_steps:
            runlog.flush()
            with tempfile.TemporaryDirectory() as tmp:
                ckpt.save(tmp, model, optimizer, scheduler, step, batches.position, rank)
                ray.train.report(
                    metrics, checkpoint=ray.train.Checkpoint.from_directory(tmp), checkpoint_dir_name=f"step-{step:06d}"
                )
        elif step % cfg.log_every == 0:
            ray.train.report(metrics)
        if rank == 0:
            log.info("step %d/%d loss %.4f lr %.2e %.0f tok/s", step, total_steps, metrics["loss"], metrics["lr"], tps)
    batches.close()  # MicroBatches and Prefetched both stop their threads
    runlog.close()
    export_final(
        model,
        cfg,
        config["model_path"],
        config["final_dir"],
        rank,
        torch.float32 if cfg.precision == "fp32" else torch.bfloat16,
    )
