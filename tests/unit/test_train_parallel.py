"""LoRA's data parallelism: the frozen base stays whole on each worker (no sharding), only the
adapters train, and two gloo workers (DDP) end a step with the gradients of one worker that saw
both micro-batches. Full fine-tuning still shards with FSDP2."""

from __future__ import annotations

import io
import socket

import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from PIL import Image

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.train.data import collate, encode_sample
from mella_ray.train.model import build_model, parameter_split
from mella_ray.train.parallel import unwrap, wrap
from mella_ray.train.step import accumulate

PIXELS = 112 * 112
ANSWERS = ("Most přes řeku.", "Tržnice v centru města, plná ovoce a zeleniny. " * 2)


def _png(i: int) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (84, 56 + 28 * i), (200, 30 + 60 * i, 30)).save(b, "PNG")
    return b.getvalue()


def _batches(path: str) -> list[dict]:
    proc = load_processor(path, max_pixels=PIXELS)
    rows = [{"image": _png(i), "instruction": "Popiš.", "answer": a} for i, a in enumerate(ANSWERS)]
    return [collate([encode_sample(proc, r, 1024, PIXELS)], proc.tokenizer.pad_token_id) for r in rows]


def _lora(path: str):
    torch.manual_seed(0)
    return build_model(path, TrainConfig(num_workers=1, global_batch=1, lora={"dropout": 0.0}))


def _adapter_grads(model) -> dict[str, torch.Tensor]:
    return {n.removeprefix("module."): p.grad.clone() for n, p in model.named_parameters() if p.requires_grad}


def _worker(rank: int, port: int, path: str, out: dict) -> None:
    torch.set_num_threads(1)
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=rank, world_size=2)
    try:
        model = _lora(path)
        split = parameter_split(model)
        model = wrap(model, True, "fp32", torch.device("cpu"), False, False, world_size=2)
        assert isinstance(model, torch.nn.parallel.DistributedDataParallel)
        accumulate(model, [_batches(path)[rank]], torch.device("cpu"), 2, split)
        out[rank] = _adapter_grads(model)
    finally:
        dist.destroy_process_group()


def test_two_workers_reduce_the_adapter_gradients_to_those_of_one_worker_with_both_batches(tiny_vlm):
    model = _lora(tiny_vlm)
    accumulate(model, _batches(tiny_vlm), torch.device("cpu"), 1, parameter_split(model))
    reference = _adapter_grads(model)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with mp.Manager() as manager:
        out = manager.dict()
        mp.spawn(_worker, args=(port, tiny_vlm, out), nprocs=2, join=True)
        got = dict(out)
    assert reference.keys() == got[0].keys() == got[1].keys() and all("lora_" in n for n in reference)
    for name in reference:
        torch.testing.assert_close(got[0][name], got[1][name], rtol=0, atol=0, msg=name)  # replicas agree
        torch.testing.assert_close(got[0][name], reference[name], rtol=1e-4, atol=1e-7, msg=name)


@pytest.fixture
def one_process_group():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=1)
    yield
    dist.destroy_process_group()


def test_lora_keeps_the_base_whole_in_bf16_with_fp32_adapters_and_full_finetuning_shards(tiny_vlm, one_process_group):
    from torch.distributed.tensor import DTensor

    torch.manual_seed(0)
    lora = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1), dtype=torch.bfloat16)
    lora = unwrap(wrap(lora, True, "bf16", torch.device("cpu"), False, False, world_size=1))
    assert not any(isinstance(p, DTensor) for p in lora.parameters())  # nothing sharded, nothing to gather
    assert {p.dtype for p in lora.parameters() if not p.requires_grad} == {torch.bfloat16}
    assert {p.dtype for p in lora.parameters() if p.requires_grad} == {torch.float32}
    split = parameter_split(lora)
    loss, _, _ = accumulate(lora, _batches(tiny_vlm)[:1], torch.device("cpu"), 1, split, autocast=torch.bfloat16)
    assert loss > 0
    assert all(p.grad is not None and p.grad.dtype == torch.float32 for p in lora.parameters() if p.requires_grad)
    assert all(p.grad is None for p in lora.parameters() if not p.requires_grad)
    full = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1, lora={"enabled": False}))
    full = wrap(full, False, "bf16", torch.device("cpu"), False, False, world_size=1)
    assert all(isinstance(p, DTensor) for p in full.parameters())  # FSDP2
