"""transformers backend: batched generate with left padding, length-sorted batches, bf16 on GPU."""
from __future__ import annotations

import logging

import torch
from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForImageTextToText, AutoTokenizer

from mella_ray.config import EngineConfig
from mella_ray.infer.engine import GenRequest, GenResult
from mella_ray.infer.processors import decode_image, load_processor

log = logging.getLogger(__name__)

_DTYPES = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}


def pick_dtype(name: str, device: str) -> torch.dtype:
    if name != "auto":
        return _DTYPES[name]
    return torch.bfloat16 if device == "cuda" else torch.float32


def is_vision_config(cfg) -> bool:
    return hasattr(cfg, "vision_config")


class HFEngine:
    def __init__(self, cfg: EngineConfig, model: str):
        self.cfg, self.model = cfg, model
        self.device = "cuda" if torch.cuda.is_available() and cfg.num_gpus > 0 else "cpu"
        if self.device == "cpu":
            torch.set_num_threads(1)  # few-core machines: threads fight, latency swings 100x
        dtype = pick_dtype(cfg.dtype, self.device)
        hf_cfg = AutoConfig.from_pretrained(model)
        self.is_multimodal = is_vision_config(hf_cfg)
        attn = "sdpa"
        if self.is_multimodal:
            self.processor = load_processor(model, max_pixels=cfg.max_pixels)
            self.tokenizer = self.processor.tokenizer
            self.net = AutoModelForImageTextToText.from_pretrained(model, dtype=dtype, attn_implementation=attn)
        else:
            self.processor = None
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            self.net = AutoModelForCausalLM.from_pretrained(model, dtype=dtype, attn_implementation=attn)
        self.tokenizer.padding_side = "left"  # decoder-only batches must pad on the left
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.net.to(self.device).eval()
        log.info("hf engine: %s on %s (%s, multimodal=%s)", model, self.device, dtype, self.is_multimodal)

    def _messages(self, r: GenRequest) -> list[dict]:
        msgs = [{"role": "system", "content": r.system}] if r.system else []
        if self.is_multimodal:
            content = [{"type": "image"} for _ in r.images] + [{"type": "text", "text": r.prompt}]
            msgs.append({"role": "user", "content": content})
        else:
            msgs.append({"role": "user", "content": r.prompt})
        return msgs

    def _encode(self, batch: list[GenRequest]):
        templ = self.processor or self.tokenizer
        texts = [templ.apply_chat_template(self._messages(r), add_generation_prompt=True, tokenize=False) for r in batch]
        if not self.is_multimodal:
            return self.tokenizer(texts, return_tensors="pt", padding=True)
        images = [decode_image(b, self.cfg.max_pixels) for r in batch for b in r.images]
        return self.processor(text=texts, images=images or None, return_tensors="pt", padding=True)

    @torch.inference_mode()
    def _generate_batch(self, batch: list[GenRequest]) -> list[GenResult]:
        inputs = self._encode(batch).to(self.device)
        r0 = batch[0]
        max_new = max(r.max_new_tokens or self.cfg.max_new_tokens for r in batch)
        temp = self.cfg.temperature if r0.temperature is None else r0.temperature
        gen_kwargs = dict(max_new_tokens=max_new, do_sample=temp > 0, pad_token_id=self.tokenizer.pad_token_id)
        if temp > 0:
            gen_kwargs.update(temperature=temp, top_p=self.cfg.top_p)
        out = self.net.generate(**inputs, **gen_kwargs)
        prompt_len = inputs["input_ids"].shape[1]
        results = []
        eos = self.net.generation_config.eos_token_id
        eos = set(eos if isinstance(eos, list) else [eos])
        for i, r in enumerate(batch):
            new = out[i, prompt_len:].tolist()[: r.max_new_tokens or self.cfg.max_new_tokens]
            n_prompt = int(inputs["attention_mask"][i].sum())
            stopped = any(t in eos for t in new)
            if stopped:
                new = new[: next(k for k, t in enumerate(new) if t in eos)]
            pad = self.tokenizer.pad_token_id
            new = [t for t in new if t != pad]
            text = self.tokenizer.decode(new, skip_special_tokens=True).strip()
            results.append(GenResult(text=text, prompt_tokens=n_prompt, completion_tokens=len(new),
                                     finish_reason="stop" if stopped else "length"))
        return results

    def generate(self, requests: list[GenRequest]) -> list[GenResult]:
        """Length-sorted batches of cfg.batch_size; a failing batch is retried row by row."""
        order = sorted(range(len(requests)), key=lambda i: len(requests[i].prompt))
        results: list[GenResult | None] = [None] * len(requests)
        bs = self.cfg.batch_size
        for start in range(0, len(order), bs):
            idx = order[start : start + bs]
            batch = [requests[i] for i in idx]
            try:
                outs = self._generate_batch(batch)
            except Exception:  # one bad row must not fail its neighbours: isolate it
                outs = [self._one(r) for r in batch]
            for i, o in zip(idx, outs):
                results[i] = o
        return results  # type: ignore[return-value]

    def _one(self, r: GenRequest) -> GenResult:
        try:
            return self._generate_batch([r])[0]
        except Exception as e:  # recorded per row, the caller keeps going
            return GenResult(text=None, error=f"{type(e).__name__}: {e}"[:500], finish_reason="error")
