"""The OpenAI ingress of the vllm backend: Ray Serve LLM's OpenAiIngress with our guards in front.

UNTESTED ON HARDWARE: imported only by Ray Serve LLM's build_openai_app (through
`ingress_cls_config`, see serve.llm) on nodes where vLLM is installed; `import ray.serve.llm`
fails without vLLM, so neither the development machines nor CI can load this module.

What it adds to the stock ingress, so that both backends keep the same promises:
- serve.guard.ApiGuard around the whole ASGI app (`__serve_build_asgi_app__`): the key on every
  route but /healthz, whatever routes Ray Serve LLM defines now or later; JSON bodies only, read
  within serve.body's byte, time and structure limits before FastAPI parses them;
- serve.llm.sanitize_request: an allow-list of request fields, n = 1, max_tokens defaulted and
  within the limit, no control-token strings;
- every image_url is fetched and checked by serve.images (no private, loopback or link-local
  addresses, byte and pixel caps), decoded within the budget and handed to vLLM as a PNG data:
  URL: vLLM fetches nothing and decodes nothing larger than serve.max_pixels;
- a time limit to the first answer (serve.request_timeout_s), 504 past it;
- routes this chat model does not serve (embeddings, audio, score, tokenize) answer 404.
"""

# No `from __future__ import annotations`: FastAPI reads these signatures to build the routes.
import asyncio
import json
import logging
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from ray.serve.handle import DeploymentHandle
from ray.serve.llm.ingress import OpenAiIngress
from ray.serve.llm.openai_api_models import ChatCompletionRequest, CompletionRequest

from mella_ray.config import ServeConfig
from mella_ray.serve.body import BodyLimits
from mella_ray.serve.guard import ALWAYS_PUBLIC, ApiGuard
from mella_ray.serve.images import ImageLimits
from mella_ray.serve.llm import COMPLETION_FIELDS, guard_messages, sanitize_request
from mella_ray.serve.protocol import ApiError, bad_request

log = logging.getLogger(__name__)


def _error(e: ApiError) -> JSONResponse:
    return JSONResponse(e.body(), status_code=e.status)


async def _raw_json(request: Request) -> Any:
    """The body as the client sent it (ApiGuard has read and checked it; FastAPI cached it)."""
    try:
        return json.loads(await request.body())
    except ValueError:
        raise bad_request("request body is not valid JSON", code="invalid_json") from None


class MellaOpenAiIngress(OpenAiIngress):
    def __init__(
        self,
        llm_deployments: dict[str, DeploymentHandle],
        model_cards: dict[str, Any],
        *,
        lora_paths: dict[str, str] | None = None,
        serve_cfg: dict,
        api_key_sha256: str | None = None,
        **kwargs: Any,
    ):
        super().__init__(llm_deployments, model_cards, lora_paths=lora_paths, **kwargs)
        self.cfg = ServeConfig.model_validate(serve_cfg)
        self.limits = ImageLimits.from_config(self.cfg)
        self.key_sha256 = api_key_sha256

    def __serve_build_asgi_app__(self):
        """Serve calls this after the constructor: our guard around the app make_fastapi_ingress built."""
        return ApiGuard(
            self._asgi_app, self.key_sha256, ALWAYS_PUBLIC, BodyLimits.from_config(self.cfg), buffer_bodies=True
        )

    async def _timed(self, coro) -> Response:
        try:
            return await asyncio.wait_for(coro, self.cfg.request_timeout_s)
        except TimeoutError:
            return _error(
                ApiError(
                    504,
                    f"the request took longer than {self.cfg.request_timeout_s:g}s",
                    "timeout_error",
                    None,
                    "timeout",
                )
            )

    async def chat(self, body: ChatCompletionRequest, request: Request) -> Response:
        try:
            raw = sanitize_request(await _raw_json(request), self.cfg)
            raw["messages"] = await guard_messages(list(raw.get("messages") or []), self.limits)
            body = ChatCompletionRequest.model_validate(raw)
        except ApiError as e:
            return _error(e)
        return await self._timed(super().chat(body, request))

    async def completions(self, body: CompletionRequest, request: Request) -> Response:
        try:
            body = CompletionRequest.model_validate(
                sanitize_request(await _raw_json(request), self.cfg, COMPLETION_FIELDS)
            )
        except ApiError as e:
            return _error(e)
        return await self._timed(super().completions(body, request))

    async def _not_served(self, request: Request) -> Response:
        return _error(
            ApiError(
                404,
                f"{request.url.path[:200]} is not served by this chat endpoint",
                "not_found_error",
                None,
                "not_found",
            )
        )

    # Same names as the stock routes (make_fastapi_ingress maps names to paths); none of them
    # reads a body, so nothing reaches vLLM through them.
    async def embeddings(self, request: Request) -> Response:
        return await self._not_served(request)

    async def transcriptions(self, request: Request) -> Response:
        return await self._not_served(request)

    async def score(self, request: Request) -> Response:
        return await self._not_served(request)

    async def tokenize(self, request: Request) -> Response:
        return await self._not_served(request)

    async def detokenize(self, request: Request) -> Response:
        return await self._not_served(request)
