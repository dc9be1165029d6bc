"""vLLM backend for production GPUs. Imported only when `backend: vllm` is chosen.

One `vllm.LLM` per actor (the heavy engine is created once); continuous batching inside
`generate`; tensor parallelism from EngineConfig.tensor_parallel_size.
"""
from __future__ import annotations

import logging

from mella_ray.config import EngineConfig
from mella_ray.infer.engine import GenRequest, GenResult

log = logging.getLogger(__name__)


class VLLMEngine:
    def __init__(self, cfg: EngineConfig, model: str):
        try:
            from vllm import LLM, SamplingParams
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise RuntimeError(
                "backend 'vllm' needs the vllm extra on a GPU machine: pip install 'mella-ray[vllm]'"
            ) from e
        self.cfg, self.model = cfg, model
        self._SamplingParams = SamplingParams
        self.llm = LLM(
            model=model,
            tensor_parallel_size=cfg.tensor_parallel_size,
            dtype="auto" if cfg.dtype == "auto" else cfg.dtype,
            seed=cfg.seed,
            limit_mm_per_prompt={"image": 4},
            mm_processor_kwargs={"max_pixels": cfg.max_pixels},
        )
        self.is_multimodal = self.llm.llm_engine.model_config.is_multimodal_model
        log.info("vllm engine: %s (tp=%d)", model, cfg.tensor_parallel_size)

    def _messages(self, r: GenRequest) -> list[dict]:
        from mella_ray.infer.datauri import to_data_url

        msgs = [{"role": "system", "content": r.system}] if r.system else []
        content = [{"type": "image_url", "image_url": {"url": to_data_url(b)}} for b in r.images]
        content.append({"type": "text", "text": r.prompt})
        msgs.append({"role": "user", "content": content})
        return msgs

    def generate(self, requests: list[GenRequest]) -> list[GenResult]:
        params = [
            self._SamplingParams(
                max_tokens=r.max_new_tokens or self.cfg.max_new_tokens,
                temperature=self.cfg.temperature if r.temperature is None else r.temperature,
                top_p=self.cfg.top_p,
                seed=self.cfg.seed,
            )
            for r in requests
        ]
        outs = self.llm.chat([self._messages(r) for r in requests], sampling_params=params, use_tqdm=False)
        results = []
        for o in outs:
            c = o.outputs[0]
            results.append(GenResult(text=c.text.strip(), prompt_tokens=len(o.prompt_token_ids or []),
                                     completion_tokens=len(c.token_ids), finish_reason=c.finish_reason or "stop"))
        return results
