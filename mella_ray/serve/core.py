"""The chat logic of the hf backend, apart from HTTP and Serve: one engine, batched generation.

ChatServer (serve.app) owns one ChatCore per replica and adds HTTP: key check, body, routes,
responses. The benchmark (benchmarks/serve_load.py) drives the very same ChatCore in-process,
so that the gap between the two is what Serve and HTTP cost, nothing else.

Images are decoded (reduced where the format allows) and cut into patches in a small image pool
(serve.images.prepare), control-token strings in text are refused, and only then does a request
join a batch; a request whose caller went away (disconnect, timeout) is dropped by @serve.batch
before its batch is formed, so it never reaches the engine.

Requests from many clients are gathered by @serve.batch (asyncio only: it also works outside a
Serve replica) into one engine.generate call, which runs in the engine's own thread so that the
event loop keeps accepting requests, and so that work queued on the loop's shared pool (image
decoding, slow DNS lookups of image URLs) can never hold up generation.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from ray import serve

from mella_ray.config import EngineConfig, ServeConfig
from mella_ray.infer import GenRequest, GenResult, failed, load_engine
from mella_ray.serve.images import ImageLimits, load_images, prepare
from mella_ray.serve.protocol import (
    ApiError,
    ChatRequest,
    check_control_tokens,
    control_tokens,
    split_conversation,
)
from mella_ray.serve.responses import completion

log = logging.getLogger(__name__)
# Engine failure reasons that are the request's fault: 400 with OpenAI's code, not a 500. The
# engine's own text stays in the log: it may name internals.
CLIENT_ERRORS = {
    "input_too_long": (
        "context_length_exceeded",
        "messages",
        "the prompt and images are longer than the model's context",
    ),
    "undecodable_image": ("invalid_image", "messages", "an image could not be decoded by the model"),
}


def allow_batching_outside_serve() -> None:
    """@serve.batch works outside a replica, but its sanity warning asks Serve for the replica's
    context and fails without one: skip that warning (standalone runs, benchmarks, tests)."""
    from ray.serve import batching

    batching._BatchQueue._warn_if_max_batch_size_exceeds_max_ongoing_requests = lambda self: None


def engine_config(cfg: ServeConfig, model_path: str) -> EngineConfig:
    return EngineConfig(
        backend=cfg.backend,
        model=model_path,
        batch_size=cfg.max_batch_size,
        max_new_tokens=min(cfg.default_max_tokens, cfg.max_tokens_limit),
        max_pixels=cfg.max_pixels,
        num_gpus=cfg.num_gpus,
        num_cpus=cfg.num_cpus,
    )


class ChatCore:
    def __init__(self, cfg: ServeConfig, model_path: str, models_dir: str):
        self.cfg = cfg
        self.limits = ImageLimits.from_config(cfg)
        self.stats = {"requests": 0, "batches": 0, "max_batch": 0}  # per replica, shown by /healthz
        self.engine = load_engine(engine_config(cfg, model_path), models_dir, model=model_path)
        self.control = control_tokens(getattr(self.engine, "tokenizer", None))
        # images are decoded (and cut into patches) in the image pool, so the engine's thread only generates
        self.processor = getattr(self.engine, "processor", None) if getattr(self.engine, "features", False) else None
        self._engine_thread = ThreadPoolExecutor(1, thread_name_prefix="engine")  # one batch at a time
        # @serve.batch takes constants at class definition; the config's values apply here
        self._generate_batch.set_max_batch_size(cfg.max_batch_size)
        self._generate_batch.set_batch_wait_timeout_s(cfg.batch_wait_timeout_s)

    def check_model(self, req: ChatRequest) -> None:
        if req.model is not None and req.model != self.cfg.model_name:
            raise ApiError(
                404,
                f"the model {req.model!r} does not exist; this server serves {self.cfg.model_name!r}",
                "invalid_request_error",
                "model",
                "model_not_found",
            )

    async def run(self, req: ChatRequest) -> GenResult:
        """The answer within request_timeout_s; every failure is an ApiError in the API's shape."""
        try:
            res = await asyncio.wait_for(self._answer(req), self.cfg.request_timeout_s)
        except TimeoutError:
            raise ApiError(
                504, f"the request took longer than {self.cfg.request_timeout_s:g}s", "timeout_error", None, "timeout"
            ) from None
        except ApiError:
            raise
        except Exception:  # a bug must still answer in the API's shape; details only in the log
            log.exception("chat request failed")
            raise ApiError(500, "internal error", "server_error", None, "internal_error") from None
        if not res.ok:
            reason = res.reason
            if reason in CLIENT_ERRORS:  # the request's fault, found only once the engine saw it
                code, param, message = CLIENT_ERRORS[reason]
                log.info("request refused by the engine: %s: %s", reason, res.error)
                raise ApiError(400, message, "invalid_request_error", param, code)
            log.error("generation failed: %s: %s", reason, res.error)
            raise ApiError(500, "generation failed", "server_error", None, "generation_failed")
        return res

    async def complete(self, req: ChatRequest) -> dict:
        """The chat.completion body (what the benchmark's in-process path returns)."""
        self.check_model(req)
        res = await self.run(req)
        return completion(
            self.cfg.model_name, res.text or "", res.finish_reason, res.prompt_tokens, res.completion_tokens
        )

    async def _answer(self, req: ChatRequest) -> GenResult:
        system, prompt, urls = split_conversation(req)
        if urls and not self.engine.is_multimodal:
            raise ApiError(
                400, "this model is text-only and does not accept images", param="messages", code="images_not_supported"
            )
        check_control_tokens(self.control, [system, prompt])
        images = [await prepare(data, self.limits, self.processor) for data in await load_images(urls, self.limits)]
        max_new = req.requested_max_tokens() or min(self.cfg.default_max_tokens, self.cfg.max_tokens_limit)
        return await self._generate_batch(GenRequest(prompt, images, system, max_new, req.temperature))

    @serve.batch(max_batch_size=8, batch_wait_timeout_s=0.02)
    async def _generate_batch(self, reqs: list[GenRequest]) -> list[GenResult]:
        return await asyncio.get_running_loop().run_in_executor(self._engine_thread, self._generate, reqs)

    def _generate(self, reqs: list[GenRequest]) -> list[GenResult]:
        self.stats["requests"] += len(reqs)
        self.stats["batches"] += 1
        self.stats["max_batch"] = max(self.stats["max_batch"], len(reqs))
        try:  # engines batch per temperature themselves
            return self.engine.generate(reqs)
        except Exception as e:  # fails these requests, not the replica
            log.exception("engine.generate failed")
            return [failed("engine_error", e)] * len(reqs)
