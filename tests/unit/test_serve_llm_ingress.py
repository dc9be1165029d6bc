"""The vllm backend's ingress subclass run against stand-ins for ray.serve.llm (which cannot
import without vLLM): every stock route behind the key, requests sanitized before they are
forwarded, and the time limit."""

from __future__ import annotations

import asyncio
import json
import sys
import types
from pathlib import Path

import httpx
import pytest
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import JSONResponse

from mella_ray.serve.options import key_digest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from serve_requests import bmp_url, parts  # noqa: E402

# Ray 2.60's ray.llm._internal.serve.core.ingress.ingress.DEFAULT_ENDPOINTS (recorded: that module
# imports vLLM); the test below also reads the real table where it imports.
STOCK_ROUTES = [
    ("GET", "/v1/models"),
    ("GET", "/v1/models/{model:path}"),
    ("POST", "/v1/completions"),
    ("POST", "/v1/chat/completions"),
    ("POST", "/v1/embeddings"),
    ("POST", "/v1/audio/transcriptions"),
    ("POST", "/v1/score"),
    ("POST", "/tokenize"),
    ("POST", "/detokenize"),
]


class FakeBase:
    """Stands in for ray.serve.llm.ingress.OpenAiIngress (which needs vLLM to import)."""

    def __init__(self, llm_deployments, model_cards, *, lora_paths=None):
        self.seen = []

    async def chat(self, body, request):
        await asyncio.sleep(getattr(self, "delay", 0))
        self.seen.append(body)
        return JSONResponse({"answered": True})

    async def completions(self, body, request):
        self.seen.append(body)
        return JSONResponse({"answered": True})

    async def models(self):
        return {"data": []}

    async def model_data(self, model: str):
        return {"id": model}


class FakeChat(BaseModel):
    model_config = {"extra": "allow"}
    model: str = "mella"
    messages: list[dict] = []
    prompt: str | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    n: int = 1


@pytest.fixture
def ingress_cls(monkeypatch):
    pkg = types.ModuleType("ray.serve.llm")
    ingress = types.ModuleType("ray.serve.llm.ingress")
    ingress.OpenAiIngress = FakeBase
    models = types.ModuleType("ray.serve.llm.openai_api_models")
    models.ChatCompletionRequest = models.CompletionRequest = FakeChat
    for name, mod in {
        "ray.serve.llm": pkg,
        "ray.serve.llm.ingress": ingress,
        "ray.serve.llm.openai_api_models": models,
    }.items():
        monkeypatch.setitem(sys.modules, name, mod)
    monkeypatch.delitem(sys.modules, "mella_ray.serve.llm_ingress", raising=False)
    from mella_ray.serve.llm_ingress import MellaOpenAiIngress

    yield MellaOpenAiIngress
    sys.modules.pop("mella_ray.serve.llm_ingress", None)  # never leave the stand-in version behind


def stock_routes() -> list[tuple[str, str]]:
    try:  # the real table, where vLLM is installed
        from fastapi import FastAPI
        from ray.llm._internal.serve.core.ingress.ingress import DEFAULT_ENDPOINTS
    except ImportError:
        return STOCK_ROUTES
    app = FastAPI()
    for route in DEFAULT_ENDPOINTS.values():
        route(app)(lambda: None)
    return [(m, r.path) for r in app.routes if getattr(r, "methods", None) for m in r.methods if m != "HEAD"]


def guarded_app(ing):
    """What Ray Serve LLM builds (make_fastapi_ingress: a FastAPI app, each stock route bound to
    the method of that name), then what Serve does with our __serve_build_asgi_app__."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.get("/v1/models")
    async def models():
        return await ing.models()

    @app.get("/v1/models/{model:path}")
    async def model_data(model: str):
        return await ing.model_data(model)

    for (method, path), name in zip(
        STOCK_ROUTES[2:], ["completions", "chat", "embeddings", "transcriptions", "score", "tokenize", "detokenize"]
    ):

        async def route(request: Request, _name=name):
            handler = getattr(ing, _name)
            return await (handler(FakeChat(), request) if _name in ("chat", "completions") else handler(request))

        app.add_api_route(path, route, methods=[method])
    ing._asgi_app = app
    return ing.__serve_build_asgi_app__()


def call(
    app,
    method: str,
    path: str,
    body=None,
    key: str | None = None,
    raw: bytes | None = None,
    ctype: str = "application/json",
) -> httpx.Response:
    async def go():
        headers = {"Content-Type": ctype, **({"Authorization": f"Bearer {key}"} if key else {})}
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
            content = raw if raw is not None else json.dumps(body or {}).encode()
            return await c.request(method, path.replace("{model:path}", "mella"), headers=headers, content=content)

    return asyncio.run(go())


def test_every_stock_route_needs_the_key(ingress_cls):
    ing = ingress_cls({}, {}, serve_cfg={"backend": "vllm"}, api_key_sha256=key_digest("k"))
    app = guarded_app(ing)
    for method, path in stock_routes() + [("GET", "/v1/a-route-a-later-ray-adds"), ("POST", "/v2/anything")]:
        for key in (None, "wrong"):
            r = call(app, method, path, key=key)
            assert r.status_code == 401 and r.json()["error"]["code"] == "invalid_api_key", (method, path)
    assert call(app, "GET", "/v1/models", key="k").status_code == 200
    assert call(app, "POST", "/v1/embeddings", key="k").status_code == 404
    assert ing.seen == []


def test_ingress_sanitizes_then_forwards(ingress_cls):
    ing = ingress_cls(
        {},
        {},
        serve_cfg={"backend": "vllm", "max_tokens_limit": 16, "default_max_tokens": 8, "max_text_bytes": 4096},
        api_key_sha256=key_digest("k"),
    )
    app = guarded_app(ing)
    ok = {"model": "mella", "messages": parts({"type": "image_url", "image_url": {"url": bmp_url()}})}
    assert call(app, "POST", "/v1/chat/completions", ok, key="k").json() == {"answered": True}
    sent = ing.seen[-1]
    assert sent.max_tokens == 8 and sent.n == 1  # defaulted within the limit
    assert sent.messages[1]["content"][0]["image_url"]["url"].startswith("data:image/png;base64,")
    for body, status in [
        ({**ok, "max_tokens": 17}, 400),
        ({**ok, "n": 2}, 400),
        ({**ok, "best_of": 2}, 400),
        ({**ok, "messages": parts({"type": "text", "text": "x" * 5000})}, 413),
    ]:
        assert call(app, "POST", "/v1/chat/completions", body, key="k").status_code == status
    assert call(app, "POST", "/v1/chat/completions", raw=b"[" * 50, key="k").status_code == 400  # before FastAPI
    assert call(app, "POST", "/v1/chat/completions", ok, key="k", ctype="text/plain").status_code == 415
    assert call(app, "POST", "/v1/completions", {"prompt": "Once"}, key="k").status_code == 200
    assert ing.seen[-1].max_tokens == 8 and len(ing.seen) == 2


def test_ingress_time_limit(ingress_cls):
    ing = ingress_cls({}, {}, serve_cfg={"backend": "vllm", "request_timeout_s": 0.05})
    ing.delay = 1.0
    r = call(guarded_app(ing), "POST", "/v1/chat/completions", {"messages": parts({"type": "text", "text": "x"})})
    assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
