"""Engine configs, model refs and the driver-side model check; the hf engine's inputs and speed-ups."""

from __future__ import annotations

import functools
import io
import json

import pytest
import torch
from PIL import Image

from mella_ray.config import ConfigError, EngineConfig, parse_config
from mella_ray.infer import GenRequest, ModelNotFoundError, check_model, engine_model_ref, load_engine


def _png(size=(96, 64), color=(200, 30, 30)) -> bytes:
    b = io.BytesIO()
    Image.new("RGB", size, color).save(b, "PNG")
    return b.getvalue()


@pytest.mark.parametrize(
    "engine, expected",
    [
        ({"backend": "tgi"}, "caption.engine.backend: Input should be 'hf' or 'vllm' or 'tiny'"),
        ({"compile": True}, "compile: needs static_cache: true"),
        ({"static_cache": True}, "static_cache: needs max_input_tokens"),
        ({"backend": "vllm", "kind": "seq2seq"}, "seq2seq models run on backend hf"),
        ({"kind": "nmt"}, "caption.engine.kind: Input should be 'auto', 'chat' or 'seq2seq'"),
    ],
)
def test_engine_config_errors_are_one_line_and_name_the_key(engine, expected):
    with pytest.raises(ConfigError) as e:
        parse_config({"output_dir": "x", "caption": {"engine": engine}})
    assert expected in str(e.value) and "\n" not in str(e.value)


def test_backend_tiny_picks_the_model_that_fits_the_stage():
    tiny = EngineConfig(backend="tiny")  # model left at its default (tiny:vlm)
    assert engine_model_ref(tiny, "vision") == "tiny:vlm"
    assert engine_model_ref(tiny, "text") == "tiny:lm"
    assert engine_model_ref(EngineConfig(backend="tiny", kind="seq2seq"), "text") == "tiny:mt"
    assert engine_model_ref(EngineConfig(backend="tiny", model="tiny:mt"), "text") == "tiny:mt"
    assert engine_model_ref(EngineConfig(model="tiny:lm"), "text") == "tiny:lm"  # hf with a tiny ref still works
    assert engine_model_ref(tiny, "vision", override="/some/path") == "/some/path"
    with pytest.raises(ModelNotFoundError, match="backend tiny runs the offline tiny models"):
        engine_model_ref(EngineConfig(backend="tiny", model="Qwen/Qwen2-VL-2B-Instruct"), "vision")


def test_missing_or_misnamed_model_fails_naming_what_was_looked_for(tmp_path, monkeypatch, models_dir):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    missing = tmp_path / "no-such-model"
    with pytest.raises(ModelNotFoundError) as e:
        check_model(EngineConfig(model=str(missing)), models_dir, "vision", "caption.engine")
    assert f"caption.engine.model: no model at '{missing}'" in str(e.value) and "config.json" in str(e.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="folder has no config.json"):
        check_model(EngineConfig(model=str(tmp_path / "empty")), models_dir, "vision", "caption.engine")
    with pytest.raises(ModelNotFoundError, match="'Qwen/Qwen2-VL-7B-Instuct' is not in the local Hugging Face cache"):
        check_model(EngineConfig(model="Qwen/Qwen2-VL-7B-Instuct"), models_dir, "vision", "caption.engine")
    # a model that exists but cannot do the stage's job
    with pytest.raises(ModelNotFoundError, match="needs a vision-language model"):
        check_model(EngineConfig(model="tiny:lm"), models_dir, "vision", "caption.engine")
    with pytest.raises(ModelNotFoundError, match="translate.engine.kind is 'seq2seq' but .* is a chat model"):
        check_model(EngineConfig(model="tiny:lm", kind="seq2seq"), models_dir, "text", "translate.engine")
    assert check_model(EngineConfig(backend="tiny"), models_dir, "text", "translate.engine").endswith("tiny-lm")


def test_prepared_features_are_exactly_the_processor_output(tiny_vlm):
    from mella_ray.infer.images import PreparedImage, batch_inputs, prepare_image
    from mella_ray.infer.processors import decode_image, load_processor

    proc = load_processor(tiny_vlm, max_pixels=112 * 112)
    images = [_png(), _png((64, 160), (10, 200, 30))]
    texts = [
        proc.apply_chat_template(
            [{"role": "user", "content": [{"type": "image"}, {"type": "text", "text": t}]}],
            add_generation_prompt=True,
            tokenize=False,
        )
        for t in ("Describe.", "And this one?")
    ]
    stock = proc(
        text=list(texts), images=[decode_image(b, 112 * 112) for b in images], return_tensors="pt", padding=True
    )
    prepared = [PreparedImage.from_bytes(prepare_image(b, 112 * 112, proc).to_bytes()) for b in images]  # via the wire
    mine = batch_inputs(proc, texts, prepared)
    assert sorted(stock.keys()) == sorted(mine.keys())
    for k in stock:
        assert torch.equal(stock[k], mine[k]), k


def test_engine_takes_prepared_images_and_isolates_bad_ones(models_dir, tiny_vlm):
    from mella_ray.infer.images import prepare_image

    eng = load_engine(EngineConfig(max_new_tokens=6, batch_size=4), models_dir)
    raw = [GenRequest("Describe.", [_png()]), GenRequest("Describe.", [b"\x89PNG broken"])]
    prepped = [GenRequest("Describe.", [prepare_image(_png(), eng.cfg.max_pixels)])]
    out = eng.generate(raw + prepped)
    assert out[0].ok and out[2].ok and out[0].text == out[2].text
    assert out[1].reason == "undecodable_image" and out[1].error and " at 0x" not in out[1].error


def test_speedups_give_the_same_tokens(models_dir, tiny_vlm, monkeypatch):
    import mella_ray.infer.hf as hf

    monkeypatch.setattr(hf, "COMPILE_BACKEND", "eager")  # the compile path, without minutes of inductor on CPU
    reqs = [
        GenRequest("Describe.", [_png()]),
        GenRequest("Describe this one.", [_png((64, 160), (1, 2, 200))]),
        GenRequest("Describe the third image, please.", [_png((120, 120), (9, 200, 9))]),
    ]
    base = [r.text for r in load_engine(EngineConfig(max_new_tokens=10, batch_size=2), models_dir).generate(reqs)]
    variants = {
        "static": dict(static_cache=True, max_input_tokens=256),
        "vision": dict(vision_batch_size=1),
        "compiled": dict(static_cache=True, max_input_tokens=256, compile=True),
    }
    for name, kw in variants.items():
        eng = load_engine(EngineConfig(max_new_tokens=10, batch_size=2, **kw), models_dir)
        calls = {"get_compiled_call": 0, "get_image_features": 0}
        for obj, attr in ((eng.net, "get_compiled_call"), (eng.net.model, "get_image_features")):
            setattr(obj, attr, _counting(getattr(obj, attr), calls, attr))
        assert [r.text for r in eng.generate(reqs)] == base, name
        if name == "compiled":
            assert calls["get_compiled_call"] >= 1
        if name == "vision":
            assert calls["get_image_features"] == 3  # one image per chunk, apart from generate


def _counting(fn, calls: dict, name: str):
    @functools.wraps(fn)  # generate inspects the signature of get_image_features
    def wrapper(*a, **k):
        calls[name] += 1
        return fn(*a, **k)

    return wrapper


def test_over_long_input_is_a_failed_row_not_a_failed_batch(models_dir, tiny_lm):
    eng = load_engine(EngineConfig(model="tiny:lm", max_new_tokens=4, max_input_tokens=80, batch_size=4), models_dir)
    out = eng.generate([GenRequest("Short."), GenRequest("word " * 200), GenRequest("Also short.")])
    assert out[0].ok and out[2].ok
    assert out[1].reason == "input_too_long" and "> 80" in out[1].error


def test_vllm_backend_is_imported_only_when_chosen(models_dir, tiny_vlm):
    import importlib.util

    if importlib.util.find_spec("vllm") is not None:
        pytest.skip("vllm is installed here")
    with pytest.raises(RuntimeError, match=r"mella-ray\[vllm\]"):
        load_engine(EngineConfig(backend="vllm"), models_dir)


def test_tiny_models_are_registered_and_reloadable(models_dir):
    from mella_ray.infer.tiny import _BUILDERS, ensure_tiny

    assert set(_BUILDERS) >= {"tiny:vlm", "tiny:lm", "tiny:mt"}
    path = ensure_tiny("tiny:mt", models_dir)
    cfg = json.loads(open(f"{path}/config.json").read())
    assert cfg["is_encoder_decoder"] and cfg["model_type"] == "marian"


@pytest.mark.parametrize("model", ["tiny:lm", "tiny:mt"])
def test_each_request_is_sampled_at_its_own_temperature(models_dir, model):
    """A greedy request stays greedy beside a hot one in the same call (one temperature per batch)."""
    eng = load_engine(EngineConfig(model=model, max_new_tokens=12, batch_size=4), models_dir)
    lang = {"src_lang": "en", "tgt_lang": "cs"} if model == "tiny:mt" else {}
    cold = GenRequest("Describe the weather today please.", temperature=0.0, **lang)
    hot = GenRequest("Hi.", temperature=1.5, **lang)  # the shorter: sorted first in a shared batch
    alone = eng.generate([cold])[0].text
    torch.manual_seed(0)
    assert [eng.generate([hot, cold])[1].text for _ in range(4)] == [alone] * 4


@pytest.mark.parametrize("features", [True, False])
def test_an_image_the_processor_refuses_fails_its_row_for_its_image(models_dir, tiny_vlm, features):
    eng = load_engine(EngineConfig(max_new_tokens=4, batch_size=4), models_dir)
    eng.features = features and eng.features  # False: pixels go to the processor inside the batch
    out = eng.generate(
        [
            GenRequest("Describe.", [_png()]),
            GenRequest("Describe.", [_png((8000, 20))]),
            GenRequest("Describe.", ["/not/bytes.png"]),
        ]
    )
    assert out[0].ok
    assert out[1].reason == "undecodable_image" and out[1].error.startswith("ValueError: absolute aspect ratio")
    assert out[2].reason == "undecodable_image" and out[2].error.startswith("TypeError")


def test_a_model_folder_on_an_object_store_is_copied_once_and_again_after_a_rewrite():
    from mella_ray.infer.models import ModelNotFoundError, local_model
    from mella_ray.runtime import storage

    root = "memory://local-model-test/final"
    storage.write_text(f"{root}/config.json", '{"model_type": "qwen2"}')
    storage.write_bytes(f"{root}/sub/weights.bin", b"\x00" * 64)
    first = local_model(root)
    assert open(f"{first}/config.json").read() == '{"model_type": "qwen2"}'
    assert open(f"{first}/sub/weights.bin", "rb").read() == b"\x00" * 64
    assert local_model(root) == first  # the same files: the same copy
    storage.write_bytes(f"{root}/sub/weights.bin", b"\x01" * 65)  # a retrain to the same URL
    second = local_model(root)
    assert second != first and open(f"{second}/sub/weights.bin", "rb").read() == b"\x01" * 65
    assert local_model("/a/local/path") == "/a/local/path" and local_model("Qwen/Qwen2-VL-2B") == "Qwen/Qwen2-VL-2B"
    with pytest.raises(ModelNotFoundError, match="no files under"):
        local_model("memory://local-model-test/empty")
