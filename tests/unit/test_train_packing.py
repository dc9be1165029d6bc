"""Sequence packing: first-fit rows, positions restarting per sample (Qwen2-VL's 3-D ones too), and
a packed micro-batch whose loss and gradients are those of the same samples padded, on the tiny
Qwen2-VL with SDPA."""

from __future__ import annotations

import io

import pytest
import torch
from PIL import Image

from mella_ray.config import TrainConfig
from mella_ray.infer.processors import load_processor
from mella_ray.train.data import IGNORE, collate, encode_sample, real_tokens
from mella_ray.train.loss import answer_loss_sum, answer_tokens
from mella_ray.train.model import build_model
from mella_ray.train.packing import (
    TOKENS,
    first_fit,
    pack,
    packing_unsupported,
    rope_index_of,
)

PIXELS = 112 * 112
ANSWERS = [
    "Most přes řeku.",
    "Tržnice v centru města, plná ovoce a zeleniny. " * 3,
    "Kostel.",
    "Hrad na kopci nad městem při západu slunce, s věžemi a hradbami. " * 2,
]


def _png(i: int) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", (56 + 28 * (i % 3), 56 + 14 * (i % 2)), (60 * i % 255, 90, 200)).save(b, "PNG")
    return b.getvalue()


@pytest.fixture(scope="module")
def setup(tiny_vlm):
    torch.manual_seed(0)
    model = build_model(tiny_vlm, TrainConfig(num_workers=1, global_batch=1, lora={"enabled": False}))
    proc = load_processor(tiny_vlm, max_pixels=PIXELS)
    rope = rope_index_of(model)
    rows = [{"image": _png(i), "instruction": "Popiš obrázek.", "answer": a} for i, a in enumerate(ANSWERS)]
    samples = [encode_sample(proc, r, 1024, PIXELS, rope_index=rope) for r in rows]
    return model, samples, proc.tokenizer.pad_token_id


def _loss_and_grads(model, batch) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    loss = answer_loss_sum(model, batch) / answer_tokens(batch["labels"])
    loss.backward()
    grads = {n: p.grad.clone() for n, p in model.named_parameters() if p.grad is not None}
    model.zero_grad(set_to_none=True)
    return loss.detach(), grads


def test_first_fit_decreasing_fills_rows_up_to_the_capacity():
    assert first_fit([5, 3, 4, 2], 7) == [[0, 3], [2, 1]]  # 5+2, 4+3
    assert first_fit([8, 1, 1], 7) == [[0], [1, 2]]  # a sample longer than a row gets its own
    assert sorted(i for row in first_fit([3] * 10, 9) for i in row) == list(range(10))


def test_each_sample_keeps_its_own_3d_positions_and_the_text_positions_restart(setup, tiny_vlm):
    model, samples, pad = setup
    lengths = [s["input_ids"].shape[0] for s in samples]
    batch = pack(samples, max(lengths) + min(lengths), pad)
    pos = batch["position_ids"]
    assert pos.shape[0] == 4 and pos.shape[1] == batch["input_ids"].shape[0] < len(samples)  # some rows hold two
    # every sample's 3-D positions equal what the model computes for it alone, padded or not
    reference, _ = model.model.get_rope_index(
        input_ids=samples[1]["input_ids"][None],
        mm_token_type_ids=samples[1]["mm_token_type_ids"][None],
        image_grid_thw=samples[1]["image_grid_thw"],
    )
    assert torch.equal(samples[1]["position_ids"], reference[:, 0])
    assert samples[1]["position_ids"][1:].ne(samples[1]["position_ids"][0]).any()  # image tokens: truly 3-D
    starts = (pos[0] == 0).sum().item()
    tail = int((batch["input_ids"].shape[1] * batch["input_ids"].shape[0]) - sum(lengths))
    assert starts == len(samples) + (1 if tail else 0)  # one restart per sample, plus the padding tail's
    assert real_tokens(batch) == sum(lengths) and int(batch[TOKENS]) == sum(lengths)
    assert answer_tokens(batch["labels"]) == sum(answer_tokens(s["labels"][None]) for s in samples)


# rows exactly full, rows with a padded tail, and one row of every sample (the flash-attention layout)
@pytest.mark.parametrize("extra,one_row", [(0, False), (40, False), (0, True)])
def test_a_packed_batch_has_the_loss_and_gradients_of_the_same_samples_padded(setup, extra, one_row):
    model, samples, pad = setup
    assert packing_unsupported(model) is None
    lengths = [s["input_ids"].shape[0] for s in samples]
    packed = pack(samples, max(lengths) + min(lengths) + extra, pad, one_row)
    assert packed["input_ids"].shape[0] == (1 if one_row else 2)
    assert packed["input_ids"].numel() < collate(samples, pad)["input_ids"].numel()  # less padding
    loss_packed, g_packed = _loss_and_grads(model, packed)
    loss_padded, g_padded = _loss_and_grads(model, collate(samples, pad))
    torch.testing.assert_close(loss_packed, loss_padded, rtol=1e-5, atol=1e-6)
    assert g_packed.keys() == g_padded.keys() and len(g_packed) > 0
    for name in g_padded:
        torch.testing.assert_close(g_packed[name], g_padded[name], rtol=1e-4, atol=1e-6, msg=name)


def test_without_the_block_mask_samples_would_see_each_other(setup):
    """The test above can fail: with 1-D positions that do not restart, one causal row mixes samples."""
    model, samples, pad = setup
    packed = pack(samples[:2], 10_000, pad)  # one row
    leaky = dict(packed, position_ids=packed["position_ids"].clone())
    leaky["position_ids"][0] = torch.arange(packed["input_ids"].shape[1])  # no restarts: plain causal mask
    with torch.no_grad():
        exact = answer_loss_sum(model, packed)
        mixed = answer_loss_sum(model, leaky)
    assert not torch.allclose(exact, mixed, rtol=1e-5, atol=0)  # the tolerance the equality test uses


def test_a_model_without_a_tested_packed_path_is_reported(tiny_lm):
    from transformers import AutoModelForCausalLM

    assert "not one whose packed attention path is tested" in packing_unsupported(
        AutoModelForCausalLM.from_pretrained(tiny_lm)
    )


def test_the_masked_labels_survive_packing(setup):
    model, samples, pad = setup
    packed = pack([dict(s, labels=torch.full_like(s["labels"], IGNORE)) for s in samples], 4096, pad)
    assert answer_tokens(packed["labels"]) == 0


def test_in_bf16_the_packed_loss_and_gradients_match_within_bf16_tolerance(setup):
    import copy

    model, samples, pad = setup
    half = copy.deepcopy(model).to(torch.bfloat16)
    bf16 = [{k: v.to(torch.bfloat16) if v.is_floating_point() else v for k, v in s.items()} for s in samples]
    lengths = [s["input_ids"].shape[0] for s in samples]
    loss_packed, g_packed = _loss_and_grads(half, pack(bf16, max(lengths) + min(lengths), pad))
    loss_padded, g_padded = _loss_and_grads(half, collate(bf16, pad))
    torch.testing.assert_close(loss_packed, loss_padded, rtol=1e-2, atol=1e-2)
    for name in g_padded:
        scale = float(g_padded[name].abs().max()) + 1e-6  # bf16 keeps ~3 significant digits of the largest entry
        torch.testing.assert_close(g_packed[name], g_padded[name], rtol=0, atol=4e-2 * scale, msg=name)
