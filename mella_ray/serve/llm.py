"""The vllm backend: Ray Serve LLM (`ray.serve.llm.build_openai_app`) configured from ServeConfig.

UNTESTED ON HARDWARE: vLLM cannot be installed on the development machines or in CI. What is
tested here is everything that does not need vLLM: the translation of our settings into
LLMConfig keyword arguments (checked against Ray's own LLMConfig model, which imports without
vLLM), the serving args, and the request guard below. `build_llm_app` and `llm_ingress` only
run where `ray[llm]` and vLLM are installed (GPU nodes).

Why a custom ingress (llm_ingress.MellaOpenAiIngress, wired in through build_openai_app's
`ingress_cls_config`) instead of the stock one: vLLM fetches image URLs itself, with no check
of the address, and the stock ingress has no API key. Our ingress checks the key, applies the
same limits as the hf backend and replaces every image_url by a data: URL of bytes that
serve.images fetched and checked (no private addresses, size and pixel caps), so vLLM never
opens a connection on a client's behalf.
"""
from __future__ import annotations

import base64
import io
from typing import Any

from PIL import Image

from mella_ray.config import ServeConfig
from mella_ray.serve.images import ImageError, ImageLimits, load_images
from mella_ray.serve.protocol import bad_request

INGRESS_CLS = "mella_ray.serve.llm_ingress:MellaOpenAiIngress"


def llm_config_kwargs(s: ServeConfig, model: str) -> dict[str, Any]:
    """Keyword arguments of `ray.serve.llm.LLMConfig` for the served model (a path, hub id or s3:// URI)."""
    engine: dict[str, Any] = {
        "tensor_parallel_size": s.tensor_parallel_size,
        "limit_mm_per_prompt": {"image": s.max_images},
        "mm_processor_kwargs": {"max_pixels": s.max_pixels},  # Qwen2-VL's visual-token budget, as in hf
    }
    out: dict[str, Any] = {
        # model_id is what clients send as "model"; LoRA adapters answer as "<model_id>:<adapter folder>"
        "model_loading_config": {"model_id": s.model_name, "model_source": model},
        "deployment_config": {
            "autoscaling_config": {
                "min_replicas": s.min_replicas,
                "max_replicas": s.max_replicas,
                "initial_replicas": max(1, s.min_replicas),
                "target_ongoing_requests": s.target_ongoing_requests,
            },
            "max_ongoing_requests": s.max_ongoing_requests,
            "max_queued_requests": s.max_queued_requests,
        },
    }
    if s.lora_adapters:
        engine.update(enable_lora=True, max_lora_rank=s.max_lora_rank)
        out["lora_config"] = {"dynamic_lora_loading_path": s.lora_adapters}
    if s.accelerator_type:
        out["accelerator_type"] = s.accelerator_type
    engine.update(s.vllm_engine_kwargs)  # the config refuses keys that would clash with the ones above
    out["engine_kwargs"] = engine
    return out


def serving_args(s: ServeConfig, model: str, api_key_sha256: str | None) -> dict[str, Any]:
    """The argument of `build_openai_app`: one model behind our guarding ingress."""
    return {
        "llm_configs": [llm_config_kwargs(s, model)],
        "ingress_cls_config": {
            "ingress_cls": INGRESS_CLS,
            "ingress_extra_kwargs": {"serve_cfg": s.model_dump(), "api_key_sha256": api_key_sha256},
        },
    }


def build_llm_app(s: ServeConfig, model: str, api_key_sha256: str | None):
    """The Serve application for `backend: vllm` (imports ray.serve.llm, which needs vLLM)."""
    try:
        from ray.serve.llm import LLMConfig, build_openai_app
    except ImportError as e:
        raise RuntimeError("serve.backend 'vllm' needs Ray Serve LLM and vLLM on the serving nodes: "
                           "pip install 'mella-ray[vllm]' 'ray[llm]' (GPU machines only)") from e
    args = serving_args(s, model, api_key_sha256)
    args["llm_configs"] = [LLMConfig(**kw) for kw in args["llm_configs"]]
    return build_openai_app(args)


def _data_url(data: bytes) -> str:
    # the format Pillow found (checked in serve.images), so vLLM gets a correct image/* type
    fmt = (Image.open(io.BytesIO(data)).format or "png").lower().replace("mpo", "jpeg")
    return f"data:image/{fmt};base64,{base64.b64encode(data).decode()}"


def check_max_tokens(body: dict[str, Any], limit: int) -> None:
    for name in ("max_completion_tokens", "max_tokens"):
        asked = body.get(name)
        if isinstance(asked, int) and asked > limit:
            raise bad_request(f"{name} is {asked}, above this server's limit of {limit}", param=name,
                              code="max_tokens_exceeded")


async def guard_messages(messages: list[Any], limits: ImageLimits) -> list[dict[str, Any]]:
    """Messages with every image checked and inlined as a data: URL; ApiError (4xx) otherwise.

    Only text and image_url parts pass: vLLM also takes audio, video, files and untyped
    `{"image_url": "..."}` parts, each a way around the checks, so they are refused here.
    """
    out, urls, where = [], [], []
    for i, m in enumerate(messages):
        m = dict(m)
        content = m.get("content")
        if isinstance(content, list):
            parts = []
            for j, p in enumerate(content):
                kind = p.get("type") if isinstance(p, dict) else None
                if kind == "image_url":
                    ref = p.get("image_url")
                    url = ref.get("url") if isinstance(ref, dict) else ref
                    if not isinstance(url, str):
                        raise ImageError(f"messages.{i}.content.{j}.image_url.url must be a string",
                                         "invalid_image_url")
                    urls.append(url)
                    where.append((len(out), len(parts)))
                elif kind != "text":
                    raise bad_request(f"messages.{i}.content.{j}: part type {kind!r} is not accepted; "
                                      "use 'text' and 'image_url' parts", param=f"messages.{i}.content",
                                      code="unsupported_content")
                parts.append(dict(p))
            m["content"] = parts
        out.append(m)
    images = await load_images(urls, limits)  # count, size, pixel and address checks
    for (mi, pi), data in zip(where, images):
        out[mi]["content"][pi] = {"type": "image_url", "image_url": {"url": _data_url(data)}}
    return out
