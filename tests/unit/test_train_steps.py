"""The training step's arithmetic and its data position, without Ray: a resumed run trains on
exactly the samples it had not trained on, gradient accumulation weighs every answer token
alike, MFU counts the vision tower under LoRA, and a max_length that fits no prompt fails."""

from __future__ import annotations

import io
import time

import pyarrow as pa
import pytest
import torch
from PIL import Image

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.runtime import storage
from mella_ray.train.data import IGNORE, MicroBatches, collate, encode_sample
from mella_ray.train.model import build_model, parameter_split
from mella_ray.train.prefetch import Prefetched
from mella_ray.train.stage import check_first_row
from mella_ray.train.step import accumulate

PIXELS = 112 * 112


def _png(color=(200, 30, 30)) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (96, 64), color).save(b, "PNG")
    return b.getvalue()


# ---- data position ---------------------------------------------------------------------
ROWS = 40


def _rows_from(skip: int):
    """A worker's rows, the same on every run (as the ordered split gives them), cycled."""

    def gen():
        left = skip
        while True:
            for i in range(ROWS):
                if left > 0:
                    left -= 1
                    continue
                yield {"id": i}

    return gen()


def _encode(row: dict) -> dict | None:
    """Row i: a sample of length 1 + i % 7 whose tokens are all i; every 5th is too long."""
    if row["id"] % 5 == 3:
        return None
    ids = torch.full((1 + row["id"] % 7,), row["id"])
    return {
        "input_ids": ids,
        "labels": ids.clone(),
        "attention_mask": torch.ones_like(ids),
        "pixel_values": torch.zeros(1, 4),
        "image_grid_thw": torch.ones(1, 3, dtype=torch.long),
    }


def _trained(batch: dict) -> list[tuple[int, bool]]:
    """(row id, counts in the loss) for each sample of a micro-batch."""
    return [(int(ids[0]), bool((labels != IGNORE).any())) for ids, labels in zip(batch["input_ids"], batch["labels"])]


def _take(batches: MicroBatches, n: int) -> list:
    return [_trained(next(batches)) for _ in range(n)]


@pytest.mark.parametrize("stop_after", [1, 3, 4, 6, 11])
def test_a_resumed_run_continues_with_exactly_the_micro_batches_not_yet_trained(stop_after):
    whole = _take(MicroBatches(_rows_from, _encode, 2, 4, 0), 16)
    first = MicroBatches(_rows_from, _encode, 2, 4, 0)
    done = _take(first, stop_after)
    resumed = MicroBatches(_rows_from, _encode, 2, 4, 0, position=dict(first.position))
    assert done + _take(resumed, 16 - stop_after) == whole


def test_every_row_read_is_one_sample_and_too_long_rows_add_no_loss():
    batches = MicroBatches(_rows_from, _encode, 2, 4, 0)
    samples = [s for b in _take(batches, 20) for s in b]  # 40 rows: one pass
    in_loss = sorted(i for i, counted in samples if counted)
    assert in_loss == [i for i in range(ROWS) if i % 5 != 3]  # each trainable row once, in the loss
    assert len(samples) == ROWS and batches.masked == ROWS // 5  # the rest are masked copies
    assert batches.position == {"rows": ROWS, "batches": 0}


@pytest.mark.parametrize("threads,depth", [(1, 1), (3, 2), (4, 5)])
def test_prefetched_batches_and_positions_are_those_of_the_plain_iteration(threads, depth):
    plain = MicroBatches(_rows_from, _encode, 2, 4, 0)
    expected = []
    for _ in range(13):
        batch = _trained(next(plain))
        expected.append((batch, dict(plain.position), plain.masked))
    ahead = Prefetched(MicroBatches(_rows_from, _encode, 2, 4, 0, encode_threads=threads), depth)
    try:
        got = []
        for _ in range(13):
            batch = _trained(next(ahead))
            got.append((batch, dict(ahead.position), ahead.masked))  # what was handed out, not what was made
    finally:
        ahead.close()
    assert got == expected
    assert not ahead._thread.is_alive()


def test_an_encoding_error_is_raised_at_its_batch_after_the_batches_before_it():
    def encode(row):
        if row["id"] == 9:  # the 10th row: in the second window of 8
            raise OSError("truncated image")
        return _encode(row)

    ahead = Prefetched(MicroBatches(_rows_from, encode, 2, 4, 0, encode_threads=2), 2)
    assert len([next(ahead) for _ in range(4)]) == 4  # the first window's 4 micro-batches
    with pytest.raises(OSError, match="truncated image"):
        next(ahead)
    with pytest.raises(OSError):  # and stays failed
        next(ahead)
    ahead.close()


def test_closing_stops_a_producer_that_waits_on_a_full_queue():
    ahead = Prefetched(MicroBatches(_rows_from, _encode, 2, 4, 0), 1)
    next(ahead)
    ahead.close(timeout=5)
    assert not ahead._thread.is_alive()


def test_closing_mid_window_drops_the_rows_not_yet_encoded():
    def slow(row):
        time.sleep(0.05)
        return _encode(row)

    ahead = Prefetched(MicroBatches(_rows_from, slow, 8, 4, 0, encode_threads=2), 1)
    for _ in range(4):  # the first window (32 rows, ~0.8 s on 2 threads); the producer is on the next
        next(ahead)
    t0 = time.monotonic()
    ahead.close(timeout=5)
    assert not ahead._thread.is_alive() and time.monotonic() - t0 < 0.5  # not the ~0.8 s of a whole window


def test_a_window_where_no_prompt_fits_fails_with_the_fix():
    batches = MicroBatches(_rows_from, lambda row: None, 2, 4, 0)
    with pytest.raises(ValueError, match="raise train.max_length"):
        next(batches)


# ---- the step ------------------------------------------------------------------------------
def test_accumulation_weighs_every_answer_token_alike(tiny_vlm):
    torch.manual_seed(0)
    model = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=2, lora={"enabled": False}))
    proc = load_processor(tiny_vlm, max_pixels=PIXELS)
    short = encode_sample(proc, {"image": _png(), "instruction": "Popiš.", "answer": "Most."}, 1024, PIXELS)
    long = encode_sample(
        proc,
        {
            "image": _png((20, 90, 200)),
            "instruction": "Popiš.",
            "answer": "Karlův most přes Vltavu za svítání, s gotickými věžemi a sochami. " * 4,
        },
        1024,
        PIXELS,
    )
    pad = proc.tokenizer.pad_token_id

    def grads() -> list[torch.Tensor]:
        out = [p.grad.clone() for p in model.parameters() if p.grad is not None]
        model.zero_grad(set_to_none=True)
        return out

    loss, tokens, _ = accumulate(
        model, [collate([short], pad), collate([long], pad)], torch.device("cpu"), 1, parameter_split(model)
    )
    accumulated = grads()
    whole = model(**collate([short, long], pad))  # one batch: the token mean over both answers
    whole.loss.backward()
    reference = grads()
    assert loss == pytest.approx(whole.loss.item(), rel=1e-5)
    assert tokens == int(short["attention_mask"].sum() + long["attention_mask"].sum())
    for a, b in zip(accumulated, reference):
        torch.testing.assert_close(a, b, rtol=1e-4, atol=1e-6)


@pytest.fixture
def one_process_group():
    import socket

    import torch.distributed as dist

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}", rank=0, world_size=1)
    yield
    dist.destroy_process_group()


@pytest.mark.parametrize("lora", [False, True])
def test_activation_checkpointing_recomputes_blocks_without_a_kv_cache(tiny_vlm, one_process_group, lora):
    from mella_ray.train.parallel import apply_fsdp

    torch.manual_seed(0)
    model = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1, lora={"enabled": lora}))
    proc = load_processor(tiny_vlm, max_pixels=PIXELS)
    samples = [
        encode_sample(proc, {"image": _png(), "instruction": "Popiš.", "answer": answer}, 1024, PIXELS)
        for answer in ("Most přes řeku.", "Tržnice v centru města, plná ovoce a zeleniny. " * 3)
    ]
    split = parameter_split(model)
    model = apply_fsdp(model, "fp32", activation_checkpointing=True, world_size=1)
    batch = collate(samples, proc.tokenizer.pad_token_id)  # padded: the attention mask meets the cache's length
    loss, _, _ = accumulate(model, [batch], torch.device("cpu"), 1, split)
    assert loss > 0
    assert all(p.grad is not None for p in model.parameters() if p.requires_grad)


def test_mfu_counts_the_vision_tower_under_lora_too(tiny_vlm):
    full = parameter_split(build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1, lora={"enabled": False})))
    lora = parameter_split(build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1)))
    assert lora.vision == full.vision > 0
    assert lora.lm > full.lm  # the adapters are language-model parameters
    assert lora.head == full.head > 0 and full.head < full.lm


def test_a_max_length_shorter_than_the_prompt_fails_before_training(tmp_path, tiny_vlm):
    shard = str(tmp_path / "train.parquet")
    storage.write_parquet(shard, pa.table({"image": [_png()], "instruction": ["Popiš."], "answer": ["Most."]}))
    processor = load_processor(tiny_vlm, max_pixels=PIXELS)
    check_first_row(TrainConfig(num_workers=1, global_batch=1, max_pixels=PIXELS), shard, processor)  # fits
    with pytest.raises(ValueError, match=r"max_length=16 is shorter than the prompt of the first training row \(\d+"):
        check_first_row(TrainConfig(num_workers=1, global_batch=1, max_pixels=PIXELS, max_length=16), shard, processor)
