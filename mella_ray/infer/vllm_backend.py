"""vLLM backend for production GPUs. vLLM is imported only when `backend: vllm` is chosen.

Two ways in, one translation of the YAML into vLLM's arguments (pure functions below, tested
without vLLM):
- `build_llm_processor`: a `ray.data.llm` processor (chat template, tokenize, the vLLM engine
  stage with continuous batching across Ray Data batches, detokenize), for one-request-per-row
  work such as captioning. Tensor parallelism and one replica per GPU come from its config.
- `VLLMEngine`: one `vllm.LLM` inside a map_batches actor (or a Serve replica), for callers that
  need the common engine interface (translation's sentence chunks and back-translation).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mella_ray.config import EngineConfig
from mella_ray.infer.engine import GenRequest, GenResult, failed

log = logging.getLogger(__name__)

MAX_IMAGES_PER_PROMPT = 4
INFERENCE_ERROR = "__inference_error__"  # the column ray.data.llm fills when a row fails


def is_multimodal_config(model_config: dict) -> bool:
    return "vision_config" in model_config


def vllm_engine_kwargs(cfg: EngineConfig, model_config: dict) -> dict[str, Any]:
    """vllm.LLM / engine_kwargs from an EngineConfig and the model's config.json (no vLLM needed)."""
    kw: dict[str, Any] = {"tensor_parallel_size": cfg.tensor_parallel_size, "dtype": cfg.dtype, "seed": cfg.seed}
    if cfg.tensor_parallel_size > 1:  # workers on other GPUs: vLLM places them with Ray
        kw["distributed_executor_backend"] = "ray"
    if cfg.max_input_tokens:  # over-long prompts are refused per request instead of growing the cache
        kw["max_model_len"] = cfg.max_input_tokens + cfg.max_new_tokens
    if is_multimodal_config(model_config):
        kw["limit_mm_per_prompt"] = {"image": MAX_IMAGES_PER_PROMPT}
        if str(model_config.get("model_type", "")).startswith("qwen2"):
            kw["mm_processor_kwargs"] = {"max_pixels": cfg.max_pixels}  # the same budget as the hf path
    kw.update(cfg.vllm_kwargs)  # the YAML has the last word (gpu_memory_utilization, max_num_seqs, ...)
    return kw


def sampling_kwargs(cfg: EngineConfig, max_new_tokens: int | None = None, temperature: float | None = None) -> dict:
    return {
        "max_tokens": max_new_tokens or cfg.max_new_tokens,
        "temperature": cfg.temperature if temperature is None else temperature,
        "top_p": cfg.top_p,
        "seed": cfg.seed,
    }


def processor_config_kwargs(cfg: EngineConfig, model: str, model_config: dict) -> dict[str, Any]:
    """Arguments of ray.data.llm.vLLMEngineProcessorConfig for this engine (no vLLM needed)."""
    engine = vllm_engine_kwargs(cfg, model_config)
    kw: dict[str, Any] = {
        "model_source": model,
        "engine_kwargs": engine,
        "batch_size": cfg.batch_size,
        "concurrency": cfg.concurrency,  # replicas; each holds tensor_parallel_size GPUs
        "should_continue_on_error": True,  # a failed row is data, not a failed job
        "chat_template_stage": True,
        "tokenize_stage": True,
        "detokenize_stage": True,
        "prepare_multimodal_stage": {"enabled": is_multimodal_config(model_config)},
    }
    if cfg.accelerator_type:
        kw["accelerator_type"] = cfg.accelerator_type
    return kw


def build_llm_processor(
    cfg: EngineConfig,
    model: str,
    model_config: dict,
    to_messages: Callable[[dict], list[dict]],
    max_tokens: Callable[[dict], int | None] | None = None,
    drop: tuple[str, ...] = (),
):
    """A ray.data.llm processor whose rows keep the input columns (less `drop`, e.g. image
    bytes already inside the messages) and gain generated_text, num_generated_tokens,
    num_input_tokens and __inference_error__ (empty when fine)."""
    from ray.data.llm import build_processor, vLLMEngineProcessorConfig

    config = vLLMEngineProcessorConfig(**processor_config_kwargs(cfg, model, model_config))

    def preprocess(row: dict) -> dict:
        n = max_tokens(row) if max_tokens else None
        kept = {k: v for k, v in row.items() if k not in drop}
        return {**kept, "messages": to_messages(row), "sampling_params": sampling_kwargs(cfg, n)}

    return build_processor(config, preprocess=preprocess, preprocess_map_kwargs={"num_cpus": 0.25})


def result_from_row(row: dict) -> GenResult:
    """A GenResult from a ray.data.llm output row (failed rows carry __inference_error__)."""
    error = row.get(INFERENCE_ERROR) or ""
    if error:
        reason = "input_too_long" if "longer than the maximum model length" in error else "engine_error"
        return failed(reason, error)
    n = int(row.get("num_generated_tokens") or 0)
    limit = int((row.get("sampling_params") or {}).get("max_tokens") or 1 << 30)
    return GenResult(
        text=(row.get("generated_text") or "").strip(),
        prompt_tokens=int(row.get("num_input_tokens") or 0),
        completion_tokens=n,
        finish_reason="length" if n >= limit else "stop",
    )


def chat_messages(r: GenRequest, image_urls: list[str]) -> list[dict]:
    msgs: list[dict] = [{"role": "system", "content": r.system}] if r.system else []
    content: list[dict] = [{"type": "image_url", "image_url": {"url": u}} for u in image_urls]
    content.append({"type": "text", "text": r.prompt})
    msgs.append({"role": "user", "content": content})
    return msgs


class VLLMEngine:
    is_seq2seq = False

    def __init__(self, cfg: EngineConfig, model: str):
        try:
            from vllm import LLM, SamplingParams
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise RuntimeError(
                "backend 'vllm' needs the vllm extra on a GPU machine: pip install 'mella-ray[vllm]'"
            ) from e
        from mella_ray.infer.models import read_model_config

        self.cfg, self.model = cfg, model
        self._SamplingParams = SamplingParams
        model_config = read_model_config(model)
        self.llm = LLM(model=model, **vllm_engine_kwargs(cfg, model_config))
        self.is_multimodal = is_multimodal_config(model_config)
        log.info("vllm engine: %s (tp=%d)", model, cfg.tensor_parallel_size)

    def _messages(self, r: GenRequest) -> list[dict]:
        from mella_ray.infer.datauri import to_data_url
        from mella_ray.infer.images import PreparedImage

        urls = []
        for im in r.images:  # vLLM does its own patching: hand it the (already resized) pixels
            urls.append(to_data_url(png_bytes(im.to_pil()) if isinstance(im, PreparedImage) else im))
        return chat_messages(r, urls)

    def _params(self, r: GenRequest):
        return self._SamplingParams(**sampling_kwargs(self.cfg, r.max_new_tokens, r.temperature))

    def _run(self, requests: list[GenRequest]) -> list[GenResult]:
        outs = self.llm.chat(
            [self._messages(r) for r in requests], sampling_params=[self._params(r) for r in requests], use_tqdm=False
        )
        results = []
        for o in outs:
            c = o.outputs[0]
            results.append(
                GenResult(
                    text=c.text.strip(),
                    prompt_tokens=len(o.prompt_token_ids or []),
                    completion_tokens=len(c.token_ids),
                    finish_reason=c.finish_reason or "stop",
                )
            )
        return results

    def generate(self, requests: list[GenRequest]) -> list[GenResult]:
        """One continuous-batching call; if vLLM refuses it (e.g. one over-long prompt), row by row."""
        try:
            return self._run(requests)
        except Exception:
            log.warning("vllm engine: a call of %d requests failed; retrying one by one", len(requests), exc_info=True)
        results = []
        for r in requests:
            try:
                results.extend(self._run([r]))
            except Exception as e:  # recorded per row
                long = "maximum model length" in str(e) or "too long" in str(e)
                results.append(failed("input_too_long" if long else "engine_error", e))
        return results


def png_bytes(img) -> bytes:
    import io

    buf = io.BytesIO()
    img.save(buf, "PNG")
    return buf.getvalue()
