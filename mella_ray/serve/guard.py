"""One ASGI middleware in front of every route of both backends: the key, the content type, the id.

Routes do not check the key themselves: `ApiGuard` wraps the whole ASGI app, so a route that a
later FastAPI or Ray version adds is behind the key too. For each HTTP request it
- gives it a request id (`x-request-id` on every answer; error bodies of 5xx carry it and the
  log has the details);
- answers 401 without a valid `Authorization: Bearer <key>` when a key is set, on every path
  except the explicit allow-list (`/healthz`, and `/` when serve.public_page is on);
- answers 415 to a POST whose content type is not application/json: a browser sends a
  cross-site form post (text/plain, form-urlencoded, multipart) without asking first, and a
  JSON content type makes it ask (CORS preflight), which this server never grants;
- answers 413 to a declared Content-Length above the body cap, before reading any of it;
- with buffer_bodies (the vllm ingress, whose routes FastAPI parses before any code of ours
  runs), reads the body within serve.body's byte, time and structure limits and hands the app
  the checked bytes. The hf app reads and checks its body in its one route itself.
Unknown paths then reach the app, which answers 404.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from mella_ray.serve.body import BodyLimits, check_body_shape, check_declared_length, read_body
from mella_ray.serve.options import check_api_key
from mella_ray.serve.protocol import ApiError

log = logging.getLogger(__name__)

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]
ALWAYS_PUBLIC = frozenset({"/healthz"})
JSON_TYPES = ("application/json",)


def request_id(scope: dict) -> str:
    """The id that ApiGuard gave this request ('-' outside it)."""
    return scope.get("state", {}).get("request_id", "-")


def app_path(scope: dict) -> str:
    """The path inside the app: Serve passes the route prefix as root_path and keeps it in path."""
    path, root = scope.get("path", "/"), scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return path or "/"


async def send_error(send, err: ApiError, rid: str) -> None:
    body = json.dumps(err.body()).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"x-request-id", rid.encode()),
    ]
    if err.status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await send({"type": "http.response.start", "status": err.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ApiGuard:
    def __init__(
        self,
        app: ASGIApp,
        key_sha256: str | None,
        public_paths: frozenset[str] = ALWAYS_PUBLIC,
        body_limits: BodyLimits | None = None,
        buffer_bodies: bool = False,
    ):
        self.app, self.key_sha256, self.public = app, key_sha256, frozenset(public_paths) | ALWAYS_PUBLIC
        self.body_limits, self.buffer_bodies = body_limits, buffer_bodies and body_limits is not None

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] != "http":  # lifespan (and websockets, which no route accepts)
            await self.app(scope, receive, send)
            return
        rid = f"req-{uuid.uuid4().hex[:16]}"
        scope.setdefault("state", {})["request_id"] = rid
        headers = _headers(scope)
        try:
            if app_path(scope) not in self.public:
                check_api_key(headers.get("authorization", ""), self.key_sha256)
            if scope.get("method") == "POST":
                ctype = headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype not in JSON_TYPES:
                    raise ApiError(
                        415,
                        f"content type {ctype or '(none)'!r} is not accepted; send the body as "
                        "JSON with 'Content-Type: application/json'",
                        "invalid_request_error",
                        None,
                        "unsupported_media_type",
                    )
                if self.body_limits is not None:
                    check_declared_length(headers.get("content-length"), self.body_limits)
                if self.buffer_bodies:
                    receive = await self._checked_body(receive)
        except ApiError as e:
            await send_error(send, e, rid)
            return

        async def send_with_id(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"x-request-id", rid.encode())]}
            await send(message)

        await self.app(scope, receive, send_with_id)

    async def _checked_body(self, receive):
        """The body read and checked (bytes, deadline, JSON structure), replayed to the app."""

        async def chunks():
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ApiError(400, "the client went away while sending the body", code="client_disconnected")
                yield message.get("body", b"")
                if not message.get("more_body", False):
                    return

        body = await read_body(chunks(), self.body_limits)
        await asyncio.to_thread(check_body_shape, body, self.body_limits)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # after the body: the disconnect, when it comes

        return replay


def _headers(scope: dict) -> dict[str, str]:
    """Request headers by lower-case name (the last of repeated ones)."""
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
