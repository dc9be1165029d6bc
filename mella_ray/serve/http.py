"""The HTTP face of the hf backend: a FastAPI app around one ChatCore, behind the ApiGuard.

`build_http_app` returns a plain ASGI app: the Serve deployment (serve.app.ChatServer) hands it
to Serve, and serve.standalone runs the very same app under uvicorn without Ray (fuzzing, local
debugging). Routes: POST /v1/chat/completions (JSON or SSE), GET /v1/models, GET /healthz, GET /
(the page in serve.page); anything else is 404. The key, the content type and a declared
Content-Length are checked by serve.guard before a route runs; the body's bytes, time and
structure by serve.body before it is parsed. Every error leaves in OpenAI's shape.
"""

from __future__ import annotations

import asyncio
import logging
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from mella_ray.serve.body import BodyLimits, check_body_shape, read_body
from mella_ray.serve.core import ChatCore
from mella_ray.serve.guard import ALWAYS_PUBLIC, ApiGuard, request_id
from mella_ray.serve.protocol import (
    ApiError,
    error_body,
    parse_chat_request,
    validation_message,
)
from mella_ray.serve.responses import completion, models_list, stream_chunks

log = logging.getLogger(__name__)

# Handlers run on the replica's event loop (serve.handlers_on_replica_loop): larger bodies are
# scanned and parsed in a thread so that one big request does not stall the others.
PARSE_INLINE_MAX_BYTES = 256 * 1024
_STATUS_TYPES = {
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    429: "rate_limit_error",
    504: "timeout_error",
}


def _parse(body: bytes, limits: BodyLimits, max_tokens_limit: int):
    check_body_shape(body, limits)  # bytes, elements and depth: before any object is built
    return parse_chat_request(body, max_tokens_limit)


def build_http_app(core: ChatCore, page: str, key_sha256: str | None) -> ApiGuard:
    """The ASGI app of one replica: routes over `core`, wrapped by the key/content-type guard."""
    cfg = core.cfg
    limits = BodyLimits.from_config(cfg)
    created = int(time.time())
    app = FastAPI(title="mella-ray chat", docs_url=None, redoc_url=None, openapi_url=None)

    def respond(request: Request, err: ApiError) -> JSONResponse:
        if err.status >= 500:  # the body says only what kind of failure; the log has the rest
            err = ApiError(
                err.status, f"{err.message} (request id {request_id(request.scope)})", err.type, err.param, err.code
            )
        headers = {"WWW-Authenticate": "Bearer"} if err.status == 401 else None
        return JSONResponse(err.body(), status_code=err.status, headers=headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return respond(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        msg, param = validation_message(list(exc.errors()))
        return JSONResponse(error_body(msg, param=param, code="invalid_value"), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        status = exc.status_code
        kind = _STATUS_TYPES.get(status, "invalid_request_error" if status < 500 else "server_error")
        message = (
            f"{request.method} {request.url.path[:200]} is not served here" if status in (404, 405) else str(exc.detail)
        )
        return respond(request, ApiError(status, message, kind, None, "not_found" if status == 404 else None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """A bug still answers in the API's shape (and is logged), never as a plain-text 500."""
        log.error("unhandled error in request %s", request_id(request.scope), exc_info=exc)
        return respond(request, ApiError(500, "internal error", "server_error", None, "internal_error"))

    @app.get("/healthz")
    async def healthz() -> dict:
        return {"status": "ok", "model_name": cfg.model_name, "batching": core.stats}

    @app.get("/", response_class=HTMLResponse)
    async def index() -> HTMLResponse:
        return HTMLResponse(page)

    @app.get("/v1/models")
    async def models() -> dict:
        return models_list(cfg.model_name, created)

    @app.post("/v1/chat/completions")
    async def chat(request: Request):
        body = await read_body(request.stream(), limits)
        if len(body) > PARSE_INLINE_MAX_BYTES:  # megabytes: scanned and parsed off the event loop
            req = await asyncio.to_thread(_parse, body, limits, cfg.max_tokens_limit)
        else:
            req = _parse(body, limits, cfg.max_tokens_limit)
        del body  # the parsed request holds what is needed
        core.check_model(req)
        res = await core.run(req)
        args = (cfg.model_name, res.text or "", res.finish_reason, res.prompt_tokens, res.completion_tokens)
        if req.stream:
            # the hf engine generates whole batches: the finished answer is sent as SSE pieces
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            events = stream_chunks(*args, include_usage=include_usage)

            async def gen():
                for e in events:
                    yield e

            return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        return JSONResponse(completion(*args))

    public = ALWAYS_PUBLIC | ({"/"} if cfg.public_page else set())
    return ApiGuard(app, key_sha256, public, limits)
