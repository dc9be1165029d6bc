"""The chat deployment of the hf backend, and the Serve application builder of both backends.

ChatServer: a FastAPI ingress on a Ray Serve replica around one ChatCore (serve.core: the
engine and @serve.batch). Routes: POST /v1/chat/completions (JSON or SSE), GET /v1/models,
GET /healthz, GET / (the page in serve.page). Every error leaves in OpenAI's shape; see
protocol.ApiError.

`build_app(args)` is what Serve config files import (`serve run` / `serve deploy`);
`application(cfg)` is shared with the serve stage. backend vllm goes to Ray Serve LLM
(serve.llm), imported only then.
"""
# No `from __future__ import annotations` here: the deployment class travels pickled by
# value, and FastAPI must see real annotation objects (Request), not names it cannot resolve.
import asyncio
import logging
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from ray import serve
from starlette.exceptions import HTTPException as StarletteHTTPException

from mella_ray.config import JobConfig, ServeConfig
from mella_ray.serve.core import ChatCore
from mella_ray.serve.options import (
    api_key_digest, check_api_key, hf_deployment_options, job_from_args, model_path,
)
from mella_ray.serve.page import render_page
from mella_ray.serve.protocol import (
    ApiError, completion, error_body, models_list, parse_chat_request, stream_chunks, validation_message,
)

log = logging.getLogger(__name__)

app = FastAPI(title="mella-ray chat", docs_url=None, redoc_url=None, openapi_url=None)

# Handlers run on the replica's event loop (serve.handlers_on_replica_loop): larger bodies are
# parsed in a thread so that one big request does not stall the others.
PARSE_INLINE_MAX_BYTES = 256 * 1024
_STATUS_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error",
                 429: "rate_limit_error", 504: "timeout_error"}


@app.exception_handler(ApiError)
async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


@app.exception_handler(RequestValidationError)
async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    msg, param = validation_message(list(exc.errors()))
    return JSONResponse(error_body(msg, param=param, code="invalid_value"), status_code=400)


@app.exception_handler(StarletteHTTPException)
async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    kind = _STATUS_TYPES.get(exc.status_code, "invalid_request_error" if exc.status_code < 500 else "server_error")
    return JSONResponse(error_body(str(exc.detail), kind), status_code=exc.status_code)


@app.exception_handler(Exception)
async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
    """A bug still answers in the API's shape (and is logged), never as a plain-text 500."""
    log.error("unhandled error in a request", exc_info=exc)
    return JSONResponse(error_body(f"internal error: {type(exc).__name__}", "server_error", code="internal_error"),
                        status_code=500)


# The helpers come before the deployment class: @serve.deployment pickles the class when it
# is defined (by value, since the module does not hold the name yet), and only names that
# already exist then travel with it.
@serve.deployment(name="MellaChat")
@serve.ingress(app)
class ChatServer:
    def __init__(self, serve_cfg: dict, model_path: str, models_dir: str, languages: list[str],
                 api_key_sha256: str | None = None):
        import torch

        torch.set_num_threads(1)  # few-core hosts: more threads made latency swing 0.08 s -> 6 s
        self.cfg = ServeConfig.model_validate(serve_cfg)
        self.core = ChatCore(self.cfg, model_path, models_dir)
        self.key_sha256 = api_key_sha256
        self.created = int(time.time())
        self.page = render_page(self.cfg.model_name, languages)
        log.info("serving %s as %r", model_path, self.cfg.model_name)

    def _check_key(self, request: Request) -> None:
        check_api_key(request.headers.get("authorization", ""), self.key_sha256)

    async def _read_body(self, request: Request) -> bytes:
        """The body, refused (413) past what max_images data URLs plus text can need."""
        cap = self.cfg.max_images * (self.cfg.max_image_bytes * 4 // 3 + 64) + 1_000_000
        too_big = ApiError(413, f"request body is larger than {cap} bytes", param=None, code="request_too_large")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise too_big
        buf = bytearray()
        async for chunk in request.stream():
            buf += chunk
            if len(buf) > cap:
                raise too_big
        return bytes(buf)

    @app.get("/healthz")
    async def healthz(self) -> dict:
        return {"status": "ok", "model_name": self.cfg.model_name, "batching": self.core.stats}

    @app.get("/", response_class=HTMLResponse)
    async def index(self) -> HTMLResponse:
        return HTMLResponse(self.page)

    @app.get("/v1/models")
    async def models(self, request: Request) -> dict:
        self._check_key(request)
        return models_list(self.cfg.model_name, self.created)

    @app.post("/v1/chat/completions")
    async def chat(self, request: Request):
        self._check_key(request)
        body = await self._read_body(request)
        if len(body) > PARSE_INLINE_MAX_BYTES:  # megabytes of JSON: parsed off the event loop
            req = await asyncio.to_thread(parse_chat_request, body, self.cfg.max_tokens_limit)
        else:
            req = parse_chat_request(body, self.cfg.max_tokens_limit)
        self.core.check_model(req)
        res = await self.core.run(req)
        args = (self.cfg.model_name, res.text or "", res.finish_reason, res.prompt_tokens, res.completion_tokens)
        if req.stream:
            # the hf engine generates whole batches: the finished answer is sent as SSE pieces
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            events = stream_chunks(*args, include_usage=include_usage)

            async def gen():
                for e in events:
                    yield e

            return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        return JSONResponse(completion(*args))


def application(cfg: JobConfig, model: str | None = None, api_key_sha256: str | None = None):
    """The bound Serve application for cfg.serve; model and key digest are resolved when not given."""
    s = cfg.serve
    model = model or model_path(cfg)
    key = api_key_sha256 if api_key_sha256 is not None else api_key_digest(s)
    if s.backend == "vllm":
        from mella_ray.serve.llm import build_llm_app  # Ray Serve LLM needs vLLM: only on GPU nodes

        return build_llm_app(s, model, key)
    return ChatServer.options(**hf_deployment_options(s)).bind(
        s.model_dump(), model, cfg.models_path, list(cfg.languages), key)


def build_app(args: dict):
    """Application builder for Serve config files (`serve run` / `serve deploy`).

    args: {"config": "<job YAML>"} or {"job": {...inline job settings...}}, plus optional
    {"overrides": {"serve.model": ..., ...}}; see options.BuilderArgs. The HTTP host and port
    come from the config file's http_options, not from serve.host/serve.port.
    """
    cfg = job_from_args(args)
    log.info("building the %s app for %s (backend %s)", cfg.serve.model_name, cfg.output_dir, cfg.serve.backend)
    return application(cfg)
