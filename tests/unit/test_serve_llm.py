"""The vllm backend without vLLM: ServeConfig -> Ray Serve LLM config, the request guard, and the
ingress subclass run against stand-ins for ray.serve.llm (which cannot import without vLLM).

What these tests cannot show (untested on hardware): that vLLM loads the model, that Ray Serve
LLM starts the ingress with our class, and the answers it gives."""
from __future__ import annotations

import asyncio
import base64
import io
import sys
import types

import pytest
from PIL import Image
from pydantic import BaseModel
from starlette.requests import Request

from mella_ray.config import ServeConfig
from mella_ray.serve.images import ImageLimits
from mella_ray.serve.llm import INGRESS_CLS, check_max_tokens, guard_messages, llm_config_kwargs, serving_args
from mella_ray.serve.options import key_digest
from mella_ray.serve.protocol import ApiError


def bmp_url() -> str:
    buf = io.BytesIO()
    Image.new("RGB", (16, 12), (1, 2, 3)).save(buf, "BMP")
    return "data:image/bmp;base64," + base64.b64encode(buf.getvalue()).decode()


def parts(*items) -> list[dict]:
    return [{"role": "system", "content": "Be brief."}, {"role": "user", "content": list(items)}]


IMG = {"type": "image_url", "image_url": {"url": None}}


def test_llm_config_kwargs_translation():
    s = ServeConfig(backend="vllm", model_name="mella", min_replicas=0, max_replicas=3, target_ongoing_requests=5,
                    max_ongoing_requests=20, max_queued_requests=50, accelerator_type="H100", tensor_parallel_size=2,
                    max_images=2, max_pixels=50176, vllm_engine_kwargs={"max_model_len": 8192})
    kw = llm_config_kwargs(s, "/models/final")
    assert kw["model_loading_config"] == {"model_id": "mella", "model_source": "/models/final"}
    assert kw["deployment_config"] == {
        "autoscaling_config": {"min_replicas": 0, "max_replicas": 3, "initial_replicas": 1,
                               "target_ongoing_requests": 5},
        "max_ongoing_requests": 20, "max_queued_requests": 50}
    assert kw["accelerator_type"] == "H100" and "lora_config" not in kw
    assert kw["engine_kwargs"] == {"tensor_parallel_size": 2, "limit_mm_per_prompt": {"image": 2},
                                   "mm_processor_kwargs": {"max_pixels": 50176}, "max_model_len": 8192}


def test_llm_config_kwargs_lora():
    s = ServeConfig(backend="vllm", lora_adapters="s3://bucket/adapters", max_lora_rank=32)
    kw = llm_config_kwargs(s, "Qwen/Qwen2-VL-7B-Instruct")
    assert kw["lora_config"] == {"dynamic_lora_loading_path": "s3://bucket/adapters"}
    assert kw["engine_kwargs"]["enable_lora"] is True and kw["engine_kwargs"]["max_lora_rank"] == 32


@pytest.mark.parametrize("serve", [
    {}, {"lora_adapters": "s3://b/adapters", "accelerator_type": "L4", "min_replicas": 0},
])
def test_kwargs_pass_ray_llm_config(serve):
    # Ray's own LLMConfig model imports without vLLM: it checks deployment options, LoRA and accelerator
    mod = pytest.importorskip("ray.llm._internal.serve.core.configs.llm_config")
    kw = llm_config_kwargs(ServeConfig(backend="vllm", **serve), "s3://bucket/run/train/final")
    cfg = mod.LLMConfig(**kw)
    assert cfg.model_id == "mella" and cfg.deployment_config["autoscaling_config"]["max_replicas"] == 1
    assert (cfg.lora_config is not None) == ("lora_adapters" in serve)
    assert "vllm" not in sys.modules  # the translation is checked without vLLM


def test_serving_args_use_our_ingress():
    args = serving_args(ServeConfig(backend="vllm", api_key_env="K"), "/m", key_digest("k"))
    ing = args["ingress_cls_config"]
    assert ing["ingress_cls"] == INGRESS_CLS == "mella_ray.serve.llm_ingress:MellaOpenAiIngress"
    assert ing["ingress_extra_kwargs"]["api_key_sha256"] == key_digest("k")
    assert ServeConfig.model_validate(ing["ingress_extra_kwargs"]["serve_cfg"]).backend == "vllm"


def test_build_llm_app_says_what_to_install():
    from mella_ray.serve.llm import build_llm_app

    with pytest.raises(RuntimeError, match="needs Ray Serve LLM and vLLM"):
        build_llm_app(ServeConfig(backend="vllm"), "/m", None)


# --- the guard ----------------------------------------------------------------------------

def test_guard_inlines_checked_images():
    msgs = parts({"type": "text", "text": "Describe."}, {"type": "image_url", "image_url": {"url": bmp_url()}},
                 {"type": "image_url", "image_url": bmp_url()})  # vLLM also takes a bare string
    out = asyncio.run(guard_messages(msgs, ImageLimits()))
    images = [p for p in out[1]["content"] if p["type"] == "image_url"]
    assert len(images) == 2 and all(p["image_url"]["url"].startswith("data:image/bmp;base64,") for p in images)
    assert out[0] == msgs[0] and out[1]["content"][0] == {"type": "text", "text": "Describe."}


@pytest.mark.parametrize("part,code", [
    ({"type": "input_audio", "input_audio": {"data": "x", "format": "wav"}}, "unsupported_content"),
    ({"image_url": "http://example.com/a.png"}, "unsupported_content"),  # untyped part
    ({"type": "video_url", "video_url": {"url": "http://example.com/v.mp4"}}, "unsupported_content"),
    ({"type": "image_url", "image_url": {"url": "http://127.0.0.1:9/a.png"}}, "image_url_forbidden"),
    ({"type": "image_url", "image_url": {"url": "file:///etc/passwd"}}, "invalid_image_url"),
    ({"type": "image_url", "image_url": {"url": 5}}, "invalid_image_url"),
    ({"type": "image_url", "image_url": {"url": "data:text/plain;base64,aGk="}}, "invalid_image"),
])
def test_guard_refuses(part, code):
    limits = ImageLimits(allow_urls=True, allow_private=False)
    with pytest.raises(ApiError) as e:
        asyncio.run(guard_messages(parts(part), limits))
    assert e.value.status == 400 and e.value.code == code


def test_guard_counts_images_and_tokens():
    many = [{"type": "image_url", "image_url": {"url": bmp_url()}}] * 3
    with pytest.raises(ApiError, match="at most 2"):
        asyncio.run(guard_messages(parts(*many), ImageLimits(max_images=2)))
    check_max_tokens({"max_tokens": 10, "max_completion_tokens": None}, 10)
    with pytest.raises(ApiError) as e:
        check_max_tokens({"max_completion_tokens": 11}, 10)
    assert e.value.code == "max_tokens_exceeded" and e.value.param == "max_completion_tokens"


# --- the ingress, against stand-ins for ray.serve.llm ----------------------------------------

class FakeBase:
    def __init__(self, llm_deployments, model_cards, *, lora_paths=None):
        self.seen = []

    async def chat(self, body, request):
        await asyncio.sleep(getattr(self, "delay", 0))
        self.seen.append(body)
        return "answered"

    async def models(self):
        return "models"


class FakeChat(BaseModel):
    model: str = "mella"
    messages: list[dict]
    max_tokens: int | None = None
    max_completion_tokens: int | None = None


@pytest.fixture
def ingress_cls(monkeypatch):
    pkg = types.ModuleType("ray.serve.llm")
    ingress = types.ModuleType("ray.serve.llm.ingress")
    ingress.OpenAiIngress = FakeBase
    models = types.ModuleType("ray.serve.llm.openai_api_models")
    models.ChatCompletionRequest = models.CompletionRequest = FakeChat
    for name, mod in {"ray.serve.llm": pkg, "ray.serve.llm.ingress": ingress,
                      "ray.serve.llm.openai_api_models": models}.items():
        monkeypatch.setitem(sys.modules, name, mod)
    monkeypatch.delitem(sys.modules, "mella_ray.serve.llm_ingress", raising=False)
    from mella_ray.serve.llm_ingress import MellaOpenAiIngress

    yield MellaOpenAiIngress
    sys.modules.pop("mella_ray.serve.llm_ingress", None)  # never leave the stand-in version behind


def request(path: str = "/v1/chat/completions", key: str | None = None) -> Request:
    headers = [(b"authorization", f"Bearer {key}".encode())] if key else []
    return Request({"type": "http", "method": "POST", "path": path, "headers": headers, "query_string": b""})


def test_ingress_guards_then_forwards(ingress_cls):
    ing = ingress_cls({}, {}, serve_cfg={"backend": "vllm", "max_tokens_limit": 16}, api_key_sha256=key_digest("k"))
    body = FakeChat(messages=parts({"type": "image_url", "image_url": {"url": bmp_url()}}))
    assert asyncio.run(ing.chat(body, request())).status_code == 401
    assert asyncio.run(ing.models(request(key="wrong"))).status_code == 401
    assert asyncio.run(ing.models(request(key="k"))) == "models"
    assert asyncio.run(ing.chat(body, request(key="k"))) == "answered"
    assert ing.seen[0].messages[1]["content"][0]["image_url"]["url"].startswith("data:image/bmp;base64,")
    too_long = FakeChat(messages=parts({"type": "text", "text": "x"}), max_tokens=17)
    assert asyncio.run(ing.chat(too_long, request(key="k"))).status_code == 400
    r = asyncio.run(ing.embeddings(request("/v1/embeddings", key="k")))
    assert r.status_code == 404 and b'"not_found"' in r.body and len(ing.seen) == 1


def test_ingress_time_limit(ingress_cls):
    ing = ingress_cls({}, {}, serve_cfg={"backend": "vllm", "request_timeout_s": 0.05})
    ing.delay = 1.0
    r = asyncio.run(ing.chat(FakeChat(messages=parts({"type": "text", "text": "x"})), request()))
    assert r.status_code == 504 and b'"timeout"' in r.body
