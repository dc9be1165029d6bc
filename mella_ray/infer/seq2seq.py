"""transformers backend for seq2seq MT models (NLLB, M2M100, Marian): the translate engine's
alternative to an instruction LLM.

Requests carry the source text as `prompt` and ISO language codes in src_lang/tgt_lang;
LangCodes turns those into what the model family expects. Batches group one language pair
(the tokenizer's src_lang and the forced first token are per batch), sorted by length so that
padding is small. Inputs longer than the model's limit are failed rows, not silent truncation.
"""

from __future__ import annotations

import logging
from collections import defaultdict

import torch
from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

from mella_ray.config import EngineConfig
from mella_ray.infer.engine import GenRequest, GenResult, failed, sampling, temperature_of
from mella_ray.infer.hf import load_weights, pick_device, pick_dtype
from mella_ray.infer.langcodes import CodePlan, LangCodes

log = logging.getLogger(__name__)

_HUGE = 10**6  # tokenizers without a real limit report model_max_length as ~1e30


class Seq2SeqEngine:
    is_multimodal = False
    is_seq2seq = True

    def __init__(self, cfg: EngineConfig, model: str):
        self.cfg, self.model = cfg, model
        self.device = pick_device(cfg)
        dtype = pick_dtype(cfg.dtype, self.device)
        self.tokenizer = AutoTokenizer.from_pretrained(model)
        self.net = load_weights(AutoModelForSeq2SeqLM, model, dtype, cfg.attn_implementation).to(self.device).eval()
        self.codes = LangCodes(self.tokenizer, cfg.lang_codes)
        limits = [cfg.max_input_tokens, getattr(self.net.config, "max_position_embeddings", None)]
        if self.tokenizer.model_max_length < _HUGE:
            limits.append(self.tokenizer.model_max_length)
        self.max_input = min(x for x in limits if x) if any(limits) else None
        log.info("seq2seq engine: %s on %s (%s), input limit %s tokens", model, self.device, dtype, self.max_input)

    def generate(self, requests: list[GenRequest]) -> list[GenResult]:
        results: list[GenResult | None] = [None] * len(requests)
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i, r in enumerate(requests):  # one language pair and one temperature per generate call
            groups[(r.src_lang, r.tgt_lang, temperature_of(r, self.cfg))].append(i)
        for (src, tgt, _), idx in groups.items():
            try:
                plan = self.codes.plan(src, tgt)
            except KeyError as e:
                for i in idx:
                    results[i] = failed("unknown_language", str(e))
                continue
            idx.sort(key=lambda i: len(requests[i].prompt))
            for start in range(0, len(idx), self.cfg.batch_size):
                part = idx[start : start + self.cfg.batch_size]
                batch = [requests[i] for i in part]
                try:
                    outs = self._generate_batch(batch, plan)
                except Exception:  # one bad row must not fail its neighbours: isolate it
                    outs = [self._one(r, plan) for r in batch]
                for i, o in zip(part, outs):
                    results[i] = o
        return results  # type: ignore[return-value]

    def _one(self, r: GenRequest, plan: CodePlan) -> GenResult:
        try:
            return self._generate_batch([r], plan)[0]
        except Exception as e:  # recorded per row, the caller keeps going
            return failed("engine_error", e)

    def _encode(self, texts: list[str], plan: CodePlan):
        if plan.src_lang is not None and hasattr(self.tokenizer, "src_lang"):
            self.tokenizer.src_lang = plan.src_lang  # NLLB/M2M100 put the source code token in front
        return self.tokenizer([plan.prefix + t for t in texts], return_tensors="pt", padding=True)

    @torch.inference_mode()
    def _generate_batch(self, batch: list[GenRequest], plan: CodePlan) -> list[GenResult]:
        enc = self._encode([r.prompt for r in batch], plan)
        lengths = enc["attention_mask"].sum(dim=1).tolist()
        too_long = {k for k, n in enumerate(lengths) if self.max_input and n > self.max_input}
        if too_long:  # drop them, generate the rest
            keep = [k for k in range(len(batch)) if k not in too_long]
            rest = iter(self._generate_batch([batch[k] for k in keep], plan) if keep else [])
            return [
                failed("input_too_long", f"{lengths[k]} tokens > {self.max_input}") if k in too_long else next(rest)
                for k in range(len(batch))
            ]
        max_new = max(r.max_new_tokens or self.cfg.max_new_tokens for r in batch)
        temp = temperature_of(batch[0], self.cfg)  # one per batch: generate() groups by it
        kwargs = dict(max_new_tokens=max_new, do_sample=sampling(temp), num_beams=1)
        if sampling(temp):
            kwargs.update(temperature=temp, top_p=self.cfg.top_p)
        if plan.forced_bos_token_id is not None:
            kwargs["forced_bos_token_id"] = plan.forced_bos_token_id
        out = self.net.generate(**enc.to(self.device), **kwargs)
        pad, eos = self.tokenizer.pad_token_id, self.tokenizer.eos_token_id
        results = []
        for k, r in enumerate(batch):
            ids = out[k, 1:].tolist()  # position 0 is the decoder start token
            # Truncated, even when a forced EOS closes it: every step was used.
            used_all = len([t for t in ids if t != pad]) >= (r.max_new_tokens or self.cfg.max_new_tokens)
            if plan.forced_bos_token_id is not None and ids and ids[0] == plan.forced_bos_token_id:
                ids = ids[1:]
            stopped = eos in ids
            ids = ids[: ids.index(eos)] if stopped else ids
            ids = [t for t in ids if t != pad][: r.max_new_tokens or self.cfg.max_new_tokens]
            text = self.tokenizer.decode(ids, skip_special_tokens=True).strip()
            results.append(
                GenResult(
                    text=text,
                    prompt_tokens=int(lengths[k]),
                    completion_tokens=len(ids),
                    finish_reason="stop" if stopped and not used_all else "length",
                )
            )
        return results
