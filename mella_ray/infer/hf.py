"""transformers backend for chat models (LLMs and VLMs): batched generate, left padding,
length-sorted batches, bf16 and SDPA on GPU.

Images are prepared per request before batching (decode, EXIF, RGB, pixel budget, and the
processor's patches where it allows), so an undecodable image fails its own row only. Optional
speed-ups keep the tokens the same: a static KV cache with fixed shapes (batches padded to
batch_size, one cache length), torch.compile of the decode step, and the vision tower run in
chunks apart from the decoder batch.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import torch
from PIL import Image, UnidentifiedImageError
from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForImageTextToText, AutoTokenizer

from mella_ray.config import EngineConfig
from mella_ray.infer.engine import GenRequest, GenResult, failed, sampling, temperature_of
from mella_ray.infer.images import (
    PreparedImage,
    as_prepared,
    batch_inputs,
    image_size_hint,
    prepare_image,
    supports_features,
)
from mella_ray.infer.processors import load_processor

log = logging.getLogger(__name__)

# torch.compile backend of the decode step; tests switch it to "eager" to check the path quickly.
COMPILE_BACKEND = "inductor"
_DTYPES = {"bfloat16": torch.bfloat16, "float16": torch.float16, "float32": torch.float32}
# TypeError: an image that is not encoded bytes (a path string, a number) is that row's failure.
IMAGE_ERRORS = (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError, TypeError)


def pick_dtype(name: str, device: str) -> torch.dtype:
    if name != "auto":
        return _DTYPES[name]
    return torch.bfloat16 if device == "cuda" else torch.float32


def pick_device(cfg: EngineConfig) -> str:
    device = "cuda" if torch.cuda.is_available() and cfg.num_gpus > 0 else "cpu"
    if device == "cpu":
        torch.set_num_threads(1)  # few-core machines: threads fight, latency swings 100x
    return device


def load_weights(cls, path: str, dtype: torch.dtype, attn: str):
    """from_pretrained with the configured attention, falling back to eager where unsupported."""
    try:
        return cls.from_pretrained(path, dtype=dtype, attn_implementation=attn)
    except (ValueError, ImportError) as e:
        if attn == "eager":
            raise
        log.warning("%s: attention %r unavailable (%s); using eager", path, attn, str(e).splitlines()[0][:120])
        return cls.from_pretrained(path, dtype=dtype, attn_implementation="eager")


def is_vision_config(cfg) -> bool:
    return hasattr(cfg, "vision_config")


def _takes(model, arg: str) -> bool:
    import inspect

    return arg in inspect.signature(model.forward).parameters


def classify(e: BaseException) -> str:
    """The short reason a row failed with, for stats by reason."""
    if isinstance(e, torch.OutOfMemoryError):
        return "out_of_memory"
    return "engine_error"


class HFEngine:
    is_seq2seq = False

    def __init__(self, cfg: EngineConfig, model: str):
        self.cfg, self.model = cfg, model
        self.device = pick_device(cfg)
        dtype = pick_dtype(cfg.dtype, self.device)
        self.is_multimodal = is_vision_config(AutoConfig.from_pretrained(model))
        if self.is_multimodal:
            self.processor = load_processor(model, max_pixels=cfg.max_pixels)
            self.tokenizer = self.processor.tokenizer
            self.net = load_weights(AutoModelForImageTextToText, model, dtype, cfg.attn_implementation)
        else:
            self.processor = None
            self.tokenizer = AutoTokenizer.from_pretrained(model)
            self.net = load_weights(AutoModelForCausalLM, model, dtype, cfg.attn_implementation)
        self.tokenizer.padding_side = "left"  # decoder-only batches must pad on the left
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.net.to(self.device).eval()
        self.features = self.is_multimodal and bool(supports_features(self.processor))
        limit = getattr(self.net.config.get_text_config(decoder=True), "max_position_embeddings", None)
        self.max_input = cfg.max_input_tokens or (limit - cfg.max_new_tokens if limit else None)
        self.vision_chunk = cfg.vision_batch_size if self.is_multimodal else None
        if self.vision_chunk and not _takes(self.net, "mm_encoder_outputs"):
            log.warning(
                "hf engine: this transformers cannot take pre-encoded images (mm_encoder_outputs); "
                "vision_batch_size is ignored"
            )
            self.vision_chunk = None
        eos = self.net.generation_config.eos_token_id
        self.eos = set(eos if isinstance(eos, list) else [eos])
        log.info(
            "hf engine: %s on %s (%s, multimodal=%s, static_cache=%s, compile=%s)",
            model,
            self.device,
            dtype,
            self.is_multimodal,
            cfg.static_cache,
            cfg.compile,
        )

    # -- inputs -------------------------------------------------------------------------------
    def _messages(self, r: GenRequest) -> list[dict]:
        msgs = [{"role": "system", "content": r.system}] if r.system else []
        if self.is_multimodal:
            content = [{"type": "image"} for _ in r.images] + [{"type": "text", "text": r.prompt}]
            msgs.append({"role": "user", "content": content})
        else:
            msgs.append({"role": "user", "content": r.prompt})
        return msgs

    def _prepare(self, image) -> PreparedImage:
        """Decoded once per request: features where the processor allows, else RGB pixels."""
        if self.features:
            return as_prepared(image, self.processor, self.cfg.max_pixels)
        return image if isinstance(image, PreparedImage) else prepare_image(image, self.cfg.max_pixels)

    def _encode(self, batch: list[GenRequest]):
        templ = self.processor or self.tokenizer
        texts = [
            templ.apply_chat_template(self._messages(r), add_generation_prompt=True, tokenize=False) for r in batch
        ]
        if not self.is_multimodal:
            return self.tokenizer(texts, return_tensors="pt", padding=True)
        images = [im for r in batch for im in r.images]
        if self.features and images:
            return batch_inputs(self.processor, texts, images)
        return self.processor(
            text=texts, images=[im.to_pil() for im in images] or None, return_tensors="pt", padding=True
        )

    # -- generation ---------------------------------------------------------------------------
    def _speedup_kwargs(self) -> dict:
        if not self.cfg.static_cache:
            return {}
        # One cache length for every batch: a compiled decode step is reused, never recompiled.
        kw: dict = {
            "cache_implementation": "static",
            "max_cache_len": self.cfg.max_input_tokens + self.cfg.max_new_tokens,
        }
        if self.cfg.compile:
            from transformers import CompileConfig

            mode = (
                ("reduce-overhead" if self.device == "cuda" else "default") if COMPILE_BACKEND == "inductor" else None
            )
            cc = CompileConfig(backend=COMPILE_BACKEND, mode=mode)  # reduce-overhead: CUDA graphs
            cc._compile_all_devices = self.device != "cuda"  # CPU: only for testing the path
            kw["compile_config"] = cc
        else:
            kw["disable_compile"] = True
        return kw

    def _vision_outputs(self, inputs) -> None:
        """Encode images in chunks of vision_batch_size and hand generate the embeddings."""
        from transformers.modeling_outputs import BaseModelOutputWithPooling

        pv, grid = inputs.pop("pixel_values"), inputs["image_grid_thw"]
        patches = grid.prod(-1).tolist()
        chunk, start, pooled = self.vision_chunk, 0, []
        for k in range(0, len(patches), chunk):
            n = sum(patches[k : k + chunk])
            out = self.net.model.get_image_features(pv[start : start + n], grid[k : k + chunk], return_dict=True)
            pooled.extend(out.pooler_output)
            start += n
        inputs["mm_encoder_outputs"] = {"image": BaseModelOutputWithPooling(pooler_output=tuple(pooled))}

    @torch.inference_mode()
    def _generate_batch(self, batch: list[GenRequest]) -> list[GenResult]:
        n_real = len(batch)
        if self.cfg.static_cache and n_real < self.cfg.batch_size:  # fixed batch shape: pad with copies
            batch = batch + [batch[-1]] * (self.cfg.batch_size - n_real)
        inputs = self._encode(batch)
        lengths = inputs["attention_mask"].sum(dim=1).tolist()
        too_long = {k for k in range(n_real) if self.max_input and lengths[k] > self.max_input}
        if too_long:  # generate the others, fail these with the numbers
            keep = [k for k in range(n_real) if k not in too_long]
            rest = iter(self._generate_batch([batch[k] for k in keep]) if keep else [])
            return [
                failed("input_too_long", f"{lengths[k]} tokens > {self.max_input}") if k in too_long else next(rest)
                for k in range(n_real)
            ]
        inputs = inputs.to(self.device)
        if self.vision_chunk and "pixel_values" in inputs and "image_grid_thw" in inputs:
            self._vision_outputs(inputs)
        max_new = max(r.max_new_tokens or self.cfg.max_new_tokens for r in batch)
        temp = temperature_of(batch[0], self.cfg)  # one per batch: _batches never mixes them
        gen_kwargs = dict(max_new_tokens=max_new, do_sample=sampling(temp), pad_token_id=self.tokenizer.pad_token_id)
        if sampling(temp):
            gen_kwargs.update(temperature=temp, top_p=self.cfg.top_p)
        out = self.net.generate(**inputs, **gen_kwargs, **self._speedup_kwargs())
        prompt_len = inputs["input_ids"].shape[1]
        results = []
        for i, r in enumerate(batch[:n_real]):
            new = out[i, prompt_len:].tolist()[: r.max_new_tokens or self.cfg.max_new_tokens]
            stopped = any(t in self.eos for t in new)
            if stopped:
                new = new[: next(k for k, t in enumerate(new) if t in self.eos)]
            new = [t for t in new if t != self.tokenizer.pad_token_id]
            text = self.tokenizer.decode(new, skip_special_tokens=True).strip()
            results.append(
                GenResult(
                    text=text,
                    prompt_tokens=int(lengths[i]),
                    completion_tokens=len(new),
                    finish_reason="stop" if stopped else "length",
                )
            )
        return results

    def generate(self, requests: list[GenRequest]) -> list[GenResult]:
        """Length-sorted batches of cfg.batch_size, one temperature each; bad images and failing
        rows are isolated."""
        results: list[GenResult | None] = [None] * len(requests)
        ready: list[tuple[int, GenRequest]] = []
        for i, r in enumerate(requests):
            try:
                ready.append((i, replace(r, images=[self._prepare(im) for im in r.images])))
            except IMAGE_ERRORS as e:
                results[i] = failed("undecodable_image", e)
        for part in self._batches(ready):
            batch = [r for _, r in part]
            try:
                outs = self._generate_batch(batch)
            except Exception:  # one bad row must not fail its neighbours: isolate it
                log.warning("hf engine: a batch of %d failed; retrying its rows one by one", len(batch), exc_info=True)
                outs = [self._one(r) for r in batch]
            for (i, _), o in zip(part, outs):
                results[i] = o
        return results  # type: ignore[return-value]

    def _batches(self, ready: list[tuple[int, GenRequest]]):
        """Batches of at most batch_size, sorted by image size and prompt length so padding is
        small, never mixing temperatures (generate applies one to the whole batch)."""
        groups: dict[float, list[tuple[int, GenRequest]]] = {}
        for item in ready:
            groups.setdefault(temperature_of(item[1], self.cfg), []).append(item)
        bs = self.cfg.batch_size
        for group in groups.values():
            group.sort(key=lambda p: (sum(image_size_hint(im) for im in p[1].images), len(p[1].prompt)))
            for start in range(0, len(group), bs):
                yield group[start : start + bs]

    def _one(self, r: GenRequest) -> GenResult:
        try:
            return self._generate_batch([r])[0]
        except Exception as e:  # recorded per row, the caller keeps going
            image_error = self._image_error(r)
            return failed("undecodable_image", image_error) if image_error else failed(classify(e), e)

    def _image_error(self, r: GenRequest) -> Exception | None:
        """Whether the processor refuses this row's images (on the pixel path that shows only in
        the batch: an aspect ratio it cannot take, say), so the row fails for its image."""
        if not (self.processor and r.images):
            return None
        try:
            self.processor.image_processor(images=[im.to_pil() for im in r.images])
        except Exception as e:
            return e
        return None
