"""Serve stage end to end: a tiny Qwen2-VL behind Ray Serve, spoken to over real HTTP."""
from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import shutil
import socket
import tempfile

import httpx
import pytest
from PIL import Image

ray = pytest.importorskip("ray")
openai = pytest.importorskip("openai")

from mella_ray.config import JobConfig  # noqa: E402
from mella_ray.infer.tiny import ensure_tiny  # noqa: E402
from mella_ray.serve.stage import run_serve, stop_serve  # noqa: E402

pytestmark = pytest.mark.integration

LANGS = ["vi", "ar"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def image_url(w: int = 64, h: int = 48) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (30, 120, 200)).save(buf, "JPEG")
    return "data:image/jpeg;base64," + base64.b64encode(buf.getvalue()).decode()


def user(text: str, *urls: str) -> list[dict]:
    parts = [{"type": "image_url", "image_url": {"url": u}} for u in urls] + [{"type": "text", "text": text}]
    return [{"role": "user", "content": parts}]


def make_cfg(out: str, model: str, port: int, **serve) -> JobConfig:
    return JobConfig(output_dir=out, languages=LANGS, serve={
        "model": model, "port": port, "num_cpus": 1, "max_images": 2, "max_tokens_limit": 64,
        "default_max_tokens": 8, "allow_image_urls": True, "max_image_bytes": 200_000, "max_batch_size": 8, **serve})


@pytest.fixture(scope="module")
def env():
    tmp = tempfile.mkdtemp(prefix="mella-serve-")
    ray.init(num_cpus=2, include_dashboard=False, _temp_dir=os.path.join(tmp, "ray"))
    try:
        model = ensure_tiny("tiny:vlm", os.path.join(tmp, "models"))
        port = free_port()
        info = run_serve(make_cfg(os.path.join(tmp, "out"), model, port), blocking=False)
        yield {"tmp": tmp, "model": model, "port": port, **info}
    finally:
        stop_serve()
        ray.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def post(env, payload, raw: bytes | None = None, **kw) -> httpx.Response:
    return httpx.post(f"{env['url']}/v1/chat/completions", content=raw if raw is not None else json.dumps(payload),
                      headers={"Content-Type": "application/json", **kw.pop("headers", {})}, timeout=60, **kw)


def test_endpoint_written(env):
    with open(os.path.join(env["tmp"], "out", "serve", "endpoint.json")) as f:
        assert json.load(f)["url"] == env["url"] == f"http://127.0.0.1:{env['port']}"
    assert httpx.get(f"{env['url']}/healthz").json()["status"] == "ok"
    models = httpx.get(f"{env['url']}/v1/models").json()
    assert models["data"][0]["id"] == "mella"
    page = httpx.get(f"{env['url']}/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "v1/chat/completions" in page.text and "mô tả bức ảnh" in page.text  # the Vietnamese eval prompt


def test_openai_client_with_image(env):
    client = openai.OpenAI(base_url=f"{env['url']}/v1", api_key="unused", max_retries=0)
    r = client.chat.completions.create(model="mella", messages=user("Describe this picture.", image_url()),
                                       max_tokens=8)
    assert r.object == "chat.completion" and r.choices[0].finish_reason in ("stop", "length")
    assert isinstance(r.choices[0].message.content, str)
    u = r.usage
    assert u.prompt_tokens > 0 and 0 <= u.completion_tokens <= 8 and u.total_tokens == u.prompt_tokens + u.completion_tokens
    text_only = client.chat.completions.create(model="mella", messages=user("Describe this picture."), max_tokens=8)
    assert u.prompt_tokens > text_only.usage.prompt_tokens  # the image's tokens are counted


def test_streaming(env):
    client = openai.OpenAI(base_url=f"{env['url']}/v1", api_key="unused", max_retries=0)
    chunks = list(client.chat.completions.create(model="mella", messages=user("Hi", image_url()), max_tokens=8,
                                                 stream=True, stream_options={"include_usage": True}))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert any(c.choices and c.choices[0].finish_reason for c in chunks)
    assert chunks[-1].usage is not None and chunks[-1].usage.prompt_tokens > 0
    with httpx.stream("POST", f"{env['url']}/v1/chat/completions", timeout=60,
                      json={"messages": user("Hi"), "stream": True, "max_tokens": 4}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [x for x in r.iter_lines() if x]
    assert lines[-1] == "data: [DONE]" and all(x.startswith("data: ") for x in lines)


BAD = [
    ("malformed json", None, b'{"messages": [', 400, None),
    ("wrong types", {"messages": "hello"}, None, 400, "messages"),
    ("wrong max_tokens type", {"messages": user("x"), "max_tokens": "many"}, None, 400, "max_tokens"),
    ("no messages", {"model": "mella", "messages": []}, None, 400, "messages"),
    ("non-image data url", {"messages": user("x", "data:text/plain;base64,aGVsbG8=")}, None, 400, "invalid_image"),
    ("corrupt image", {"messages": user("x", "data:image/png;base64," + base64.b64encode(b"\x89PNG junk").decode())},
     None, 400, "invalid_image"),
    ("too many images", {"messages": user("x", image_url(), image_url(), image_url())}, None, 400, "too_many_images"),
    ("max_tokens over limit", {"messages": user("x"), "max_tokens": 65}, None, 400, "max_tokens_exceeded"),
    ("body too large", {"messages": user("x" * 2_000_000)}, None, 413, "request_too_large"),
    ("unknown model", {"model": "gpt-9", "messages": user("x")}, None, 404, "model_not_found"),
    ("private image url", {"messages": user("x", "http://127.0.0.1:9/cat.png")}, None, 400, "image_url_forbidden"),
    ("link-local image url", {"messages": user("x", "http://169.254.169.254/latest")}, None, 400, "image_url_forbidden"),
]


@pytest.mark.parametrize("name,payload,raw,status,what", BAD, ids=[b[0] for b in BAD])
def test_bad_inputs(env, name, payload, raw, status, what):
    r = post(env, payload, raw)
    assert r.status_code == status, r.text
    err = r.json()["error"]
    assert set(err) == {"message", "type", "param", "code"} and err["message"]
    if what:
        assert what in (err["code"], err["param"]), err


def test_unknown_route_and_openai_errors(env):
    r = httpx.get(f"{env['url']}/v1/nothing")
    assert r.status_code == 404 and "error" in r.json()
    client = openai.OpenAI(base_url=f"{env['url']}/v1", api_key="unused", max_retries=0)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="nope", messages=user("x"))
    with pytest.raises(openai.BadRequestError):
        client.chat.completions.create(model="mella", messages=user("x"), max_tokens=1000)


def test_twenty_concurrent(env):
    async def main():
        async with httpx.AsyncClient(timeout=120) as c:
            payload = {"model": "mella", "messages": user("Describe this picture.", image_url()), "max_tokens": 6}
            return await asyncio.gather(*[c.post(f"{env['url']}/v1/chat/completions", json=payload) for _ in range(20)])

    before = httpx.get(f"{env['url']}/healthz").json()["batching"]
    rs = asyncio.run(main())
    assert [r.status_code for r in rs] == [200] * 20
    assert all(r.json()["usage"]["prompt_tokens"] > 0 for r in rs)
    after = httpx.get(f"{env['url']}/healthz").json()["batching"]
    assert after["requests"] - before["requests"] == 20
    assert after["batches"] - before["batches"] < 20 and after["max_batch"] > 1  # @serve.batch gathered them


def test_missing_model_is_clear(tmp_path):
    cfg = JobConfig(output_dir=str(tmp_path), languages=LANGS)
    with pytest.raises(FileNotFoundError, match="run the train stage first or set serve.model"):
        run_serve(cfg, blocking=False)


def test_api_key_and_timeout(env, monkeypatch):
    # Last: redeploys the app (same port) with a key, and a timeout too short for any answer.
    monkeypatch.setenv("MELLA_TEST_KEY", "s3cret")
    cfg = make_cfg(os.path.join(env["tmp"], "out2"), env["model"], env["port"], api_key_env="MELLA_TEST_KEY",
                   request_timeout_s=0.001)
    info = run_serve(cfg, blocking=False)
    assert info["url"] == env["url"]
    models = f"{env['url']}/v1/models"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
        r = httpx.get(models, headers=headers)
        assert r.status_code == 401 and r.json()["error"]["type"] == "authentication_error"
    assert httpx.get(models, headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert post(env, {"messages": user("x")}).status_code == 401
    r = post(env, {"messages": user("x", image_url())}, headers={"Authorization": "Bearer s3cret"})
    assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
