"""The OpenAI ingress of the vllm backend: Ray Serve LLM's OpenAiIngress with our guards in front.

UNTESTED ON HARDWARE: imported only by Ray Serve LLM's build_openai_app (through
`ingress_cls_config`, see serve.llm) on nodes where vLLM is installed; `import ray.serve.llm`
fails without vLLM, so neither the development machines nor CI can load this module.

What it adds to the stock ingress, so that both backends keep the same promises:
- the optional Bearer API key on every route;
- max_tokens over the limit, non-text/image parts and bad images are 4xx with OpenAI bodies;
- every image_url is fetched and checked by serve.images (no private, loopback or link-local
  addresses, byte and pixel caps) and handed to vLLM as a data: URL: vLLM fetches nothing;
- a time limit to the first answer (serve.request_timeout_s), 504 past it;
- routes this chat model does not serve (embeddings, audio, score, tokenize) answer 404.
"""
# No `from __future__ import annotations`: FastAPI reads these signatures to build the routes.
import asyncio
import logging
from typing import Any, Dict, Optional

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from ray.serve.handle import DeploymentHandle
from ray.serve.llm.ingress import OpenAiIngress
from ray.serve.llm.openai_api_models import ChatCompletionRequest, CompletionRequest

from mella_ray.config import ServeConfig
from mella_ray.serve.images import ImageLimits
from mella_ray.serve.llm import check_max_tokens, guard_messages
from mella_ray.serve.options import check_api_key
from mella_ray.serve.protocol import ApiError

log = logging.getLogger(__name__)


def _error(e: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if e.status == 401 else None
    return JSONResponse(e.body(), status_code=e.status, headers=headers)


class MellaOpenAiIngress(OpenAiIngress):
    def __init__(self, llm_deployments: Dict[str, DeploymentHandle], model_cards: Dict[str, Any], *,
                 lora_paths: Optional[Dict[str, str]] = None, serve_cfg: dict, api_key_sha256: Optional[str] = None,
                 **kwargs: Any):
        super().__init__(llm_deployments, model_cards, lora_paths=lora_paths, **kwargs)
        self.cfg = ServeConfig.model_validate(serve_cfg)
        self.limits = ImageLimits.from_config(self.cfg)
        self.key_sha256 = api_key_sha256

    def _check_key(self, request: Request) -> None:
        check_api_key(request.headers.get("authorization", ""), self.key_sha256)

    async def _timed(self, coro) -> Response:
        try:
            return await asyncio.wait_for(coro, self.cfg.request_timeout_s)
        except (asyncio.TimeoutError, TimeoutError):
            return _error(ApiError(504, f"the request took longer than {self.cfg.request_timeout_s:g}s",
                                   "timeout_error", None, "timeout"))

    async def chat(self, body: ChatCompletionRequest, request: Request) -> Response:
        try:
            self._check_key(request)
            check_max_tokens(body.model_dump(include={"max_tokens", "max_completion_tokens"}),
                             self.cfg.max_tokens_limit)
            messages = await guard_messages(list(body.messages), self.limits)
        except ApiError as e:
            return _error(e)
        body = body.model_copy(update={"messages": messages})
        return await self._timed(super().chat(body, request))

    async def completions(self, body: CompletionRequest, request: Request) -> Response:
        try:
            self._check_key(request)
            check_max_tokens(body.model_dump(include={"max_tokens"}), self.cfg.max_tokens_limit)
        except ApiError as e:
            return _error(e)
        return await self._timed(super().completions(body, request))

    async def models(self, request: Request):
        try:
            self._check_key(request)
        except ApiError as e:
            return _error(e)
        return await super().models()

    async def model_data(self, model: str, request: Request):
        try:
            self._check_key(request)
        except ApiError as e:
            return _error(e)
        return await super().model_data(model)

    async def _not_served(self, request: Request) -> Response:
        return _error(ApiError(404, f"{request.url.path} is not served by this chat endpoint",
                               "not_found_error", None, "not_found"))

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
