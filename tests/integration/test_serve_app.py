"""Serve stage end to end: a tiny Qwen2-VL behind Ray Serve, spoken to over real HTTP."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import sys
from pathlib import Path

import httpx
import pytest
import yaml

openai = pytest.importorskip("openai")

from mella_ray.config import JobConfig  # noqa: E402
from mella_ray.serve.stage import run_serve  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from serve_app import LANGS, make_cfg, post  # noqa: E402
from serve_requests import image_url, user  # noqa: E402

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


def test_endpoint_written(serve_app):
    with open(os.path.join(serve_app["tmp"], "out", "serve", "endpoint.json")) as f:
        assert json.load(f)["url"] == serve_app["url"] == f"http://127.0.0.1:{serve_app['port']}"
    assert httpx.get(f"{serve_app['url']}/healthz").json()["status"] == "ok"
    models = httpx.get(f"{serve_app['url']}/v1/models").json()
    assert models["data"][0]["id"] == "mella"
    page = httpx.get(f"{serve_app['url']}/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "v1/chat/completions" in page.text and "mô tả bức ảnh" in page.text  # the Vietnamese eval prompt


def test_openai_client_with_image(serve_app):
    client = openai.OpenAI(base_url=f"{serve_app['url']}/v1", api_key="unused", max_retries=0)
    r = client.chat.completions.create(
        model="mella", messages=user("Describe this picture.", image_url()), max_tokens=8
    )
    assert r.object == "chat.completion" and r.choices[0].finish_reason in ("stop", "length")
    assert isinstance(r.choices[0].message.content, str)
    u = r.usage
    assert (
        u.prompt_tokens > 0
        and 0 <= u.completion_tokens <= 8
        and u.total_tokens == u.prompt_tokens + u.completion_tokens
    )
    text_only = client.chat.completions.create(model="mella", messages=user("Describe this picture."), max_tokens=8)
    assert u.prompt_tokens > text_only.usage.prompt_tokens  # the image's tokens are counted


def test_streaming(serve_app):
    client = openai.OpenAI(base_url=f"{serve_app['url']}/v1", api_key="unused", max_retries=0)
    chunks = list(
        client.chat.completions.create(
            model="mella",
            messages=user("Hi", image_url()),
            max_tokens=8,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    assert chunks[0].choices[0].delta.role == "assistant"
    assert any(c.choices and c.choices[0].finish_reason for c in chunks)
    assert chunks[-1].usage is not None and chunks[-1].usage.prompt_tokens > 0
    with httpx.stream(
        "POST",
        f"{serve_app['url']}/v1/chat/completions",
        timeout=60,
        json={"messages": user("Hi"), "stream": True, "max_tokens": 4},
    ) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        lines = [x for x in r.iter_lines() if x]
    assert lines[-1] == "data: [DONE]" and all(x.startswith("data: ") for x in lines)


def test_fifty_concurrent(serve_app):
    async def main():
        async with httpx.AsyncClient(timeout=120) as c:
            payload = {"model": "mella", "messages": user("Describe this picture.", image_url()), "max_tokens": 6}
            return await asyncio.gather(
                *[c.post(f"{serve_app['url']}/v1/chat/completions", json=payload) for _ in range(50)]
            )

    before = httpx.get(f"{serve_app['url']}/healthz").json()["batching"]
    rs = asyncio.run(main())
    assert [r.status_code for r in rs] == [200] * 50
    assert all(r.json()["usage"]["prompt_tokens"] > 0 for r in rs)
    after = httpx.get(f"{serve_app['url']}/healthz").json()["batching"]
    assert after["requests"] - before["requests"] == 50
    assert after["batches"] - before["batches"] < 50 and after["max_batch"] > 1  # @serve.batch gathered them


def test_builder_from_serve_config_file(serve_app):
    """configs/serve/mella-serve.yaml as `serve run` reads it: Ray's schema, then its builder under serve.run."""
    from ray import serve
    from ray.serve.schema import ServeDeploySchema

    doc = yaml.safe_load((ROOT / "configs" / "serve" / "mella-serve.yaml").read_text(encoding="utf-8"))
    app = ServeDeploySchema.model_validate(doc).applications[0]
    module, attr = app.import_path.split(":")
    builder = getattr(importlib.import_module(module), attr)
    overrides = {
        **app.args["overrides"],
        "output_dir": os.path.join(serve_app["tmp"], "out-file"),
        "serve.model": serve_app["model"],
        "serve.num_cpus": 0.5,
        "serve.max_replicas": 1,
    }
    args = {"config": str(ROOT / app.args["config"]), "overrides": overrides}
    serve.run(builder(args), name="mella-file", route_prefix="/file")
    try:
        base = f"{serve_app['url']}/file"
        assert httpx.get(f"{base}/healthz", timeout=30).json()["status"] == "ok"
        r = httpx.post(
            f"{base}/v1/chat/completions",
            timeout=60,
            json={"messages": user("Describe this picture.", image_url()), "max_tokens": 4},
        )
        assert r.status_code == 200 and r.json()["object"] == "chat.completion"
        assert "mô tả bức ảnh" in httpx.get(f"{base}/").text  # demo.yaml's languages include vi
    finally:
        serve.delete("mella-file")


def test_missing_model_is_clear(tmp_path):
    cfg = JobConfig(output_dir=str(tmp_path), languages=LANGS)
    with pytest.raises(FileNotFoundError, match="run the train stage first or set serve.model"):
        run_serve(cfg, blocking=False)


def test_api_key_and_timeout(serve_app, monkeypatch):
    """Redeploys the app (same port) with a key and a timeout too short for any answer, then puts
    the module's deployment back, so that the other tests pass in any order."""
    monkeypatch.setenv("MELLA_TEST_KEY", "s3cret")
    cfg = make_cfg(
        os.path.join(serve_app["tmp"], "out2"),
        serve_app["model"],
        serve_app["port"],
        api_key_env="MELLA_TEST_KEY",
        request_timeout_s=0.001,
    )
    info = run_serve(cfg, blocking=False)
    try:
        assert info["url"] == serve_app["url"]
        models = f"{serve_app['url']}/v1/models"
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "s3cret"}):
            r = httpx.get(models, headers=headers)
            assert r.status_code == 401 and r.json()["error"]["type"] == "authentication_error"
        assert httpx.get(models, headers={"Authorization": "Bearer s3cret"}).status_code == 200
        assert post(serve_app, {"messages": user("x")}).status_code == 401
        r = post(serve_app, {"messages": user("x", image_url())}, headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 504 and r.json()["error"]["code"] == "timeout"
    finally:
        run_serve(
            make_cfg(os.path.join(serve_app["tmp"], "out"), serve_app["model"], serve_app["port"]), blocking=False
        )
