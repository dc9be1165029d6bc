"""The vllm backend: Ray Serve LLM (`ray.serve.llm.build_openai_app`) configured from ServeConfig.

UNTESTED ON HARDWARE: vLLM cannot be installed on the development machines or in CI. What is
tested here is everything that does not need vLLM: the translation of our settings into
LLMConfig keyword arguments (checked against Ray's own LLMConfig model, which imports without
vLLM), the serving args, and the request guard below. `build_llm_app` and `llm_ingress` only
run where `ray[llm]` and vLLM are installed (GPU nodes).

Why a custom ingress (llm_ingress.MellaOpenAiIngress, wired in through build_openai_app's
`ingress_cls_config`) instead of the stock one: vLLM fetches image URLs itself, with no check
of the address, and the stock ingress has no API key. Our ingress puts the same ApiGuard as the hf backend in front
of every route (key, JSON only, body bytes/time/structure), passes on an allow-list of request
fields (n = 1, max_tokens within the limit and defaulted, no control tokens: `sanitize_request`)
and replaces every image_url by a PNG data: URL of the image that serve.images fetched, checked
and decoded within the pixel budget, so vLLM never opens a connection on a client's behalf and
never decodes an image larger than serve.max_pixels.
"""

from __future__ import annotations

import asyncio
import base64
import io
from typing import Any

from PIL import Image

from mella_ray.config import ServeConfig
from mella_ray.serve.images import ImageError, ImageLimits, load_images, prepare
from mella_ray.serve.protocol import bad_request, check_control_tokens, control_tokens

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
        raise RuntimeError(
            "serve.backend 'vllm' needs Ray Serve LLM and vLLM on the serving nodes: "
            "pip install 'mella-ray[vllm]' 'ray[llm]' (GPU machines only)"
        ) from e
    args = serving_args(s, model, api_key_sha256)
    args["llm_configs"] = [LLMConfig(**kw) for kw in args["llm_configs"]]
    return build_openai_app(args)


# The request fields the vllm ingress passes on; anything else is a 400 that names it. vLLM
# accepts many more, several of which undo a limit or run client-supplied code: chat_template
# (a Jinja template), mm_processor_kwargs (the pixel budget), best_of/n (several generations),
# logits_processors, guided decoding, prompt_logprobs, add_special_tokens, priority...
COMMON_FIELDS = frozenset(
    {
        "model",
        "max_tokens",
        "temperature",
        "top_p",
        "stream",
        "stream_options",
        "stop",
        "seed",
        "presence_penalty",
        "frequency_penalty",
        "user",
        "n",
    }
)
CHAT_FIELDS = COMMON_FIELDS | {"messages", "max_completion_tokens"}
COMPLETION_FIELDS = COMMON_FIELDS | {"prompt"}
MARKERS = control_tokens(None)  # the ingress has no tokenizer: the chat templates' markers


def sanitize_request(body: Any, cfg: ServeConfig, fields: frozenset[str] = CHAT_FIELDS) -> dict[str, Any]:
    """The request as vLLM will get it: allowed fields only, n = 1, max_tokens within the limit
    (the server's default when absent: vLLM would otherwise generate to the model's length), no
    control-token strings in text. ApiError (400) for anything else."""
    if not isinstance(body, dict):
        raise bad_request("request body must be a JSON object", code="invalid_json")
    extra = sorted(set(body) - fields)
    if extra:
        raise bad_request(
            f"request field(s) {', '.join(extra)[:200]} are not accepted; this server takes "
            f"{', '.join(sorted(fields))}",
            param=extra[0],
            code="unsupported_field",
        )
    out = dict(body)
    if out.get("n", 1) != 1:
        raise bad_request("n must be 1: one choice per request", param="n", code="invalid_value")
    out["n"] = 1
    for name in ("max_tokens", "max_completion_tokens"):
        if out.get(name) is not None and (
            not isinstance(out[name], int) or isinstance(out[name], bool) or out[name] < 1
        ):
            raise bad_request(f"{name} must be a positive integer", param=name, code="invalid_value")
    check_max_tokens(out, cfg.max_tokens_limit)
    if out.get("max_tokens") is None and out.get("max_completion_tokens") is None:
        out["max_tokens"] = min(cfg.default_max_tokens, cfg.max_tokens_limit)
    if isinstance(out.get("stream_options"), dict):
        out["stream_options"] = {"include_usage": bool(out["stream_options"].get("include_usage", False))}
    check_control_tokens(MARKERS, list(_texts(out)))
    return out


def _texts(body: dict[str, Any]):
    prompt = body.get("prompt")
    if isinstance(prompt, str):
        yield prompt
    elif isinstance(prompt, list):  # a list of prompts, or of token ids (ints: nothing to check)
        yield from (p for p in prompt if isinstance(p, str))
    for m in body.get("messages") or []:
        content = m.get("content") if isinstance(m, dict) else None
        if isinstance(content, str):
            yield content
        elif isinstance(content, list):
            yield from (p.get("text") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))


def _png_data_url(img: Image.Image) -> str:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # lossless; fast over small size: it only crosses to vLLM
    return f"data:image/png;base64,{base64.b64encode(buf.getvalue()).decode()}"


def check_max_tokens(body: dict[str, Any], limit: int) -> None:
    for name in ("max_completion_tokens", "max_tokens"):
        asked = body.get(name)
        if isinstance(asked, int) and asked > limit:
            raise bad_request(
                f"{name} is {asked}, above this server's limit of {limit}", param=name, code="max_tokens_exceeded"
            )


async def guard_messages(messages: list[Any], limits: ImageLimits) -> list[dict[str, Any]]:
    """Messages with every image checked, decoded within the budget and inlined as a PNG data:
    URL of at most serve.max_pixels pixels; ApiError (4xx) otherwise.

    vLLM thus decodes only images this server has already decoded and shrunk. Only text and
    image_url parts pass: vLLM also takes audio, video, files and untyped `{"image_url": "..."}`
    parts, each a way around the checks, so they are refused here.
    """
    out, urls, where = [], [], []
    for i, m in enumerate(messages):
        if not isinstance(m, dict):
            raise bad_request(f"messages.{i} must be an object", param=f"messages.{i}", code="invalid_value")
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
                        raise ImageError(
                            f"messages.{i}.content.{j}.image_url.url must be a string", "invalid_image_url"
                        )
                    urls.append(url)
                    where.append((len(out), len(parts)))
                elif kind != "text":
                    raise bad_request(
                        f"messages.{i}.content.{j}: part type {kind!r} is not accepted; "
                        "use 'text' and 'image_url' parts",
                        param=f"messages.{i}.content",
                        code="unsupported_content",
                    )
                parts.append(dict(p))
            m["content"] = parts
        out.append(m)
    images = await load_images(urls, limits)  # count, size, format, pixel and address checks
    for (mi, pi), data in zip(where, images):
        prepared = await prepare(data, limits)  # one bounded decode, in the image pool
        url = await asyncio.to_thread(_png_data_url, prepared.to_pil())
        out[mi]["content"][pi] = {"type": "image_url", "image_url": {"url": url}}
    return out
