"""The training loss projects only answer positions onto the vocabulary, in fp32 chunks that
backward rebuilds, and equals the model's own loss; a micro-batch with no answer token
still sends gradients to every parameter (FSDP's reduction needs each rank's backward)."""

from __future__ import annotations

import io

import pytest
import torch
import torch.nn.functional as F
from PIL import Image

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.train.data import IGNORE, collate, encode_sample, masked_copy
from mella_ray.train.loss import answer_loss_sum, answer_tokens, chunked_ce_sum, label_positions
from mella_ray.train.model import build_model, parameter_split
from mella_ray.train.throughput import batch_flops

PIXELS = 112 * 112


def _png(color) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (96, 64), color).save(b, "PNG")
    return b.getvalue()


@pytest.fixture(scope="module")
def setup(tiny_vlm):
    torch.manual_seed(0)
    model = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=2, lora={"enabled": False}))
    proc = load_processor(tiny_vlm, max_pixels=PIXELS)
    rows = [
        {"image": _png((200, 30, 30)), "instruction": "Popiš obrázek.", "answer": "Most přes řeku."},
        {"image": _png((20, 90, 200)), "instruction": "Opiši.", "answer": "Tržnica u centru grada, puna voća. " * 3},
    ]
    samples = [encode_sample(proc, r, 1024, PIXELS) for r in rows]
    return model, samples, proc.tokenizer.pad_token_id


def _grads(model) -> dict[str, torch.Tensor]:
    out = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    model.zero_grad(set_to_none=True)
    return out


def test_chunks_give_the_sum_and_gradient_of_one_cross_entropy():
    torch.manual_seed(1)
    logits = torch.randn(11, 50, requires_grad=True)
    targets = torch.randint(0, 50, (11,))
    targets[[2, 7]] = IGNORE
    chunked = chunked_ce_sum(logits, targets, chunk_rows=3)
    chunked.backward()
    g_chunked = logits.grad.clone()
    logits.grad = None
    whole = F.cross_entropy(logits, targets, ignore_index=IGNORE, reduction="sum")
    whole.backward()
    torch.testing.assert_close(chunked, whole)
    torch.testing.assert_close(g_chunked, logits.grad)


def test_only_positions_before_answer_tokens_are_projected_and_the_loss_is_the_models(setup):
    model, samples, pad = setup
    batch = collate(samples, pad)
    rows_projected = []
    hook = model.get_output_embeddings().register_forward_hook(
        lambda mod, args, out: rows_projected.append(args[0].shape[0] * args[0].shape[1])
    )
    try:
        ours = answer_loss_sum(model, batch) / answer_tokens(batch["labels"])
    finally:
        hook.remove()
    keep = label_positions(batch["labels"])
    # positions t with an answer token at t+1 in some sample: the shorter prompt's answer start .. the end
    first_answer = min(int((s["labels"] != IGNORE).nonzero()[0]) for s in samples)
    assert keep.tolist() == list(range(first_answer - 1, batch["labels"].shape[1] - 1))
    assert rows_projected == [2 * keep.numel()] and keep.numel() < batch["labels"].shape[1] - 1
    ours.backward()
    g_ours = _grads(model)
    reference = model(**batch).loss
    reference.backward()
    torch.testing.assert_close(ours, reference, rtol=1e-5, atol=1e-6)
    g_ref = _grads(model)
    assert g_ours.keys() == g_ref.keys()
    for name in g_ref:
        torch.testing.assert_close(g_ours[name], g_ref[name], rtol=1e-4, atol=1e-6, msg=name)


def test_a_micro_batch_without_answer_tokens_still_reaches_every_parameter(setup):
    model, samples, pad = setup
    batch = collate([masked_copy(s) for s in samples], pad)
    assert label_positions(batch["labels"]).numel() == 0
    loss = answer_loss_sum(model, batch)
    assert loss.item() == 0.0
    loss.backward()
    grads = _grads(model)
    trainable = [n for n, p in model.named_parameters() if p.requires_grad]
    assert sorted(grads) == sorted(trainable)  # every one has a (zero) gradient: FSDP reduces them all
    assert all(float(g.abs().max()) == 0.0 for g in grads.values())


def test_mfu_counts_the_output_projection_on_answer_tokens_only(setup):
    model, samples, pad = setup
    batch = collate(samples, pad)
    split = parameter_split(model)
    tokens, answers = int(batch["attention_mask"].sum()), answer_tokens(batch["labels"])
    patches = batch["pixel_values"].shape[0]
    expected = 6 * ((split.lm - split.head) * tokens + split.head * answers + split.vision * patches)
    assert batch_flops(batch, split.lm, split.vision, split.head) == expected
    assert batch_flops(batch, split.lm, split.vision) > expected  # every position projected
