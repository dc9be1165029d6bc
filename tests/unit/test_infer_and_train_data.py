import io

import pytest
import torch
from PIL import Image

from mella_ray.config import EngineConfig
from mella_ray.infer import GenRequest, load_engine
from mella_ray.infer.processors import load_processor
from mella_ray.train.data import IGNORE, _messages, collate, encode_sample, prompt_length


def _png(size=(96, 64), color=(200, 30, 30)) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", size, color).save(b, "PNG")
    return b.getvalue()


def test_tiny_models_are_deterministic(tmp_path, tiny_vlm):
    from mella_ray.infer.tiny import ensure_tiny

    again = ensure_tiny("tiny:vlm", str(tmp_path))
    a = (tmp_path / "tiny-vlm" / "model.safetensors").read_bytes()
    from pathlib import Path

    assert a == (Path(tiny_vlm) / "model.safetensors").read_bytes()
    assert again == str(tmp_path / "tiny-vlm")


def test_hf_engine_generates_per_row_and_isolates_bad_rows(models_dir, tiny_vlm):
    eng = load_engine(EngineConfig(max_new_tokens=8, batch_size=4), models_dir)
    assert eng.is_multimodal
    reqs = [
        GenRequest("Describe.", [_png()]),
        GenRequest("Describe this one.", [_png((64, 160))]),
        GenRequest("x", [b"not an image"]),
    ]
    out = eng.generate(reqs)
    assert [r.ok for r in out] == [True, True, False]
    assert out[0].text and 0 < out[0].completion_tokens <= 8 and out[0].prompt_tokens > 10
    assert "UnidentifiedImageError" in out[2].error
    # batched and single generation agree (left padding is right)
    single = eng.generate([reqs[1]])[0]
    assert single.text == out[1].text


def test_text_engine(models_dir, tiny_lm):
    eng = load_engine(EngineConfig(model="tiny:lm", max_new_tokens=6), models_dir)
    assert not eng.is_multimodal
    out = eng.generate([GenRequest("Translate: hello"), GenRequest("Translate: a much longer sentence here")])
    assert all(r.ok and r.text for r in out)


def test_loss_mask_covers_only_the_answer(tiny_vlm):
    proc = load_processor(tiny_vlm, max_pixels=112 * 112)
    row = {"image": _png(), "instruction": "Popište tento obrázek.", "answer": "Karlův most v Praze."}
    s = encode_sample(proc, row, max_length=1024, max_pixels=112 * 112)
    labels = s["labels"][s["labels"] != IGNORE]
    decoded = proc.tokenizer.decode(labels, skip_special_tokens=True)
    assert decoded.strip() == "Karlův most v Praze."
    assert s["mm_token_type_ids"].shape == s["input_ids"].shape
    assert encode_sample(proc, row, max_length=8, max_pixels=112 * 112) is None  # prompt alone too long
    batch = collate(
        [s, encode_sample(proc, {**row, "answer": "Krátce."}, 1024, 112 * 112)], proc.tokenizer.pad_token_id
    )
    assert batch["input_ids"].shape == batch["labels"].shape == batch["attention_mask"].shape
    assert batch["image_grid_thw"].shape[0] == 2


@pytest.mark.parametrize(
    "size,instruction,answer",
    [
        ((96, 64), "Popište tento obrázek.", "Karlův most v Praze."),
        ((224, 160), "صف هذه الصورة بالتفصيل.", "سوق السمك في الإسكندرية صباحاً، صناديق من السردين على الثلج."),
        ((64, 200), "อธิบายภาพนี้", "ตลาดน้ำดำเนินสะดวกยามเช้า"),
        ((150, 150), "이 사진을 설명하세요.", "<image> 태그가 들어 있는 답변: 경복궁 근정전 앞의 관광객들"),
    ],
)
def test_prompt_length_is_the_length_of_the_prompt_processed_with_its_image(tiny_vlm, size, instruction, answer):
    """The loss mask's boundary, counted without a second pass over the image, equals the length
    of the prompt processed with the image, for image shapes that give different token counts."""
    proc = load_processor(tiny_vlm, max_pixels=112 * 112)
    image = Image.open(io.BytesIO(_png(size)))
    prompt = proc.apply_chat_template(_messages(instruction, None), add_generation_prompt=True, tokenize=False)
    full = proc.apply_chat_template(_messages(instruction, answer), tokenize=False)
    enc = proc(text=[full], images=[image], return_tensors="pt")["input_ids"][0]
    alone = proc(text=[prompt], images=[image], return_tensors="pt")["input_ids"][0]
    n = prompt_length(proc.tokenizer, prompt, full, enc.shape[0])
    assert n == alone.shape[0] and enc[:n].tolist() == alone.tolist()


def test_tiny_vlm_trains_a_step(tiny_vlm):
    from mella_ray.config import TrainConfig
    from mella_ray.train.model import build_model

    cfg = TrainConfig(num_workers=1, global_batch=1)
    model = build_model(tiny_vlm, cfg)
    trainable = {n for n, p in model.named_parameters() if p.requires_grad}
    assert trainable and all("lora_" in n for n in trainable)
    assert not any("visual" in n for n in trainable)  # LoRA stays on the language model
    proc = load_processor(tiny_vlm, max_pixels=112 * 112)
    s = encode_sample(proc, {"image": _png(), "instruction": "Describe.", "answer": "A red square."}, 1024, 112 * 112)
    batch = collate([s], proc.tokenizer.pad_token_id)
    loss = model(**batch).loss
    loss.backward()
    assert torch.isfinite(loss) and any(p.grad is not None for p in model.parameters() if p.requires_grad)
