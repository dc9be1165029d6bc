"""The Serve app under attack: one key rule for every route, JSON only, bodies bounded in bytes,
structure and time, large images kept off the path of small requests. Real Ray Serve on
127.0.0.1 with the tiny Qwen2-VL and an API key, spoken to over real HTTP and raw sockets."""

from __future__ import annotations

import base64
import io
import os
import select
import shutil
import socket
import statistics
import tempfile
import threading
import time
from types import SimpleNamespace

import httpx
import pytest
from PIL import Image

from mella_ray.config import JobConfig, ServeConfig
from mella_ray.infer.tiny import ensure_tiny
from mella_ray.serve.stage import free_port, run_serve, stop_serve

pytestmark = pytest.mark.integration

KEY = "k-" + "7" * 30
AUTH = {"Authorization": f"Bearer {KEY}"}
BODY_TIMEOUT_S = 3.0
SLOW_CLIENTS = 40


@pytest.fixture(scope="module")
def env(ray_local):
    tmp = tempfile.mkdtemp(prefix="mella-serve-limits-")
    os.environ["MELLA_LIMITS_TEST_KEY"] = KEY
    try:
        model = ensure_tiny("tiny:vlm", os.path.join(tmp, "models"))
        cfg = JobConfig(
            output_dir=os.path.join(tmp, "out"),
            languages=["vi"],
            serve={
                "model": model,
                "port": free_port(),
                "num_cpus": 1,
                "api_key_env": "MELLA_LIMITS_TEST_KEY",
                "max_tokens_limit": 16,
                "default_max_tokens": 4,
                "max_images": 4,
                "max_image_bytes": 4_000_000,
                "body_timeout_s": BODY_TIMEOUT_S,
                "max_ongoing_requests": 32,
            },
        )
        info = run_serve(cfg, blocking=False)
        yield {"tmp": tmp, "cfg": cfg, **info}
    finally:
        stop_serve()
        os.environ.pop("MELLA_LIMITS_TEST_KEY", None)
        shutil.rmtree(tmp, ignore_errors=True)


def chat(env, payload=None, raw: bytes | None = None, headers=None, timeout=60) -> httpx.Response:
    h = {"Content-Type": "application/json", **AUTH, **(headers or {})}
    if raw is None:
        return httpx.post(f"{env['url']}/v1/chat/completions", json=payload, headers=h, timeout=timeout)
    return httpx.post(f"{env['url']}/v1/chat/completions", content=raw, headers=h, timeout=timeout)


def routes_of_the_hf_app() -> list[tuple[str, str]]:
    """(method, path) of every route the hf app defines, read from the app itself."""
    from mella_ray.serve.http import build_http_app

    # build_http_app reads only cfg and stats from the core while it builds the routes: a stand-in
    # for listing them (the requests below go to the real app on Serve)
    app = build_http_app(SimpleNamespace(cfg=ServeConfig(), stats={}), "<html></html>", None).app
    out = [(m, r.path) for r in app.routes for m in sorted(getattr(r, "methods", None) or ["GET"]) if m != "HEAD"]
    assert {p for _, p in out} >= {"/healthz", "/", "/v1/models", "/v1/chat/completions"}
    return out


def test_every_route_needs_the_key_except_healthz(env):
    routes = routes_of_the_hf_app() + [("GET", "/v1/not-a-route"), ("POST", "/v1/embeddings"), ("GET", "/-x")]
    for method, path in routes:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}):
            r = httpx.request(
                method,
                f"{env['url']}{path}",
                headers={"Content-Type": "application/json", **headers},
                content=b"{}",
                timeout=30,
            )
            if path == "/healthz":
                assert r.status_code == 200
            else:
                assert r.status_code == 401, (method, path, r.status_code)
                assert r.json()["error"]["code"] == "invalid_api_key" and r.headers["www-authenticate"] == "Bearer"
    assert httpx.get(f"{env['url']}/v1/models", headers=AUTH).status_code == 200
    r = httpx.get(f"{env['url']}/v1/not-a-route", headers=AUTH)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; b=x", None])
def test_only_json_bodies_are_accepted(env, ctype):
    headers = {**AUTH, **({"Content-Type": ctype} if ctype else {})}
    r = httpx.post(
        f"{env['url']}/v1/chat/completions",
        headers=headers,
        timeout=30,
        content=b'{"messages": [{"role": "user", "content": "hi"}]}',
    )
    assert r.status_code == 415 and r.json()["error"]["code"] == "unsupported_media_type"


def test_fifty_megabytes_of_empty_objects_are_refused_unread(env):
    """The body cap here: 256 KiB of text + 4 data: URLs of 4 MB images (about 21.6 MB)."""
    body = b"{}" * 25_000_000
    r = chat(env, raw=body)  # declared Content-Length above the cap: refused before the body is read
    assert r.status_code == 413 and r.json()["error"]["code"] == "request_too_large"
    # within the byte cap, but far over the text budget: refused by the scan, without parsing
    r = chat(env, raw=b"{}" * 5_000_000)
    assert r.status_code == 413 and "serve.max_text_bytes" in r.json()["error"]["message"]
    # 50 MB without a Content-Length (chunked): refused once the cap is passed
    host, port = env["url"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as s:
        s.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + KEY.encode() + b"\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        chunk = b"{}" * 32768
        try:
            for _ in range(800):  # 50 MB, unless the server answers and closes first
                s.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                if select.select([s], [], [], 0)[0]:
                    break
        except (BrokenPipeError, ConnectionResetError):
            pass
        answer = s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert httpx.get(f"{env['url']}/healthz").status_code == 200


def _slow_client(url: str, results: list, stop_at: float) -> None:
    """Sends headers, then one body byte every 0.2 s; records the status the server answers with."""
    host, port = url.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=10) as s:
            s.sendall(
                b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Authorization: Bearer " + KEY.encode() + b"\r\nContent-Length: 100000\r\n\r\n"
            )
            while time.monotonic() < stop_at:
                s.sendall(b" ")
                if select.select([s], [], [], 0.2)[0]:
                    results.append(s.recv(64).split(b" ")[1].decode())
                    return
            results.append("no answer")
    except OSError as e:
        results.append(type(e).__name__)


def test_slow_bodies_do_not_block_healthz(env):
    results: list[str] = []
    stop_at = time.monotonic() + 4 * BODY_TIMEOUT_S + 10
    threads = [threading.Thread(target=_slow_client, args=(env["url"], results, stop_at)) for _ in range(SLOW_CLIENTS)]
    for t in threads:
        t.start()
    time.sleep(1.0)  # every slot of the replica (max_ongoing_requests 32) is now held by a trickling body
    t0 = time.monotonic()
    r = httpx.get(f"{env['url']}/healthz", timeout=4 * BODY_TIMEOUT_S)
    waited = time.monotonic() - t0
    print(f"\n/healthz answered after {waited:.2f} s with {SLOW_CLIENTS} slow bodies")
    for t in threads:
        t.join()
    assert r.status_code == 200
    assert waited < BODY_TIMEOUT_S + 2.0, f"/healthz answered after {waited:.1f}s"
    assert results.count("408") == SLOW_CLIENTS, results  # every trickler was cut off at the deadline


def _png_url(img: Image.Image) -> str:
    buf = io.BytesIO()
    img.save(buf, "PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()


def test_large_images_do_not_hold_up_a_small_request(env):
    """4 PNGs at the decoding cap (16 x serve.max_pixels, 3.2 Mpx) in flight at once; a text
    request sent meanwhile is answered within SMALL_BOUND_S of its time alone."""
    side = int((16 * ServeConfig().max_pixels) ** 0.5) - 1
    big = _png_url(Image.effect_noise((side, side), 40))  # noise: real zlib work to decode
    small = {"messages": [{"role": "user", "content": "Xin chào"}], "max_tokens": 2}
    alone = []
    for _ in range(3):
        t0 = time.monotonic()
        assert chat(env, small).status_code == 200
        alone.append(time.monotonic() - t0)
    big_results: list[int] = []

    def send_big():
        payload = {
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "image_url", "image_url": {"url": big}}, {"type": "text", "text": "Mô tả"}],
                }
            ],
            "max_tokens": 2,
        }
        big_results.append(chat(env, payload, timeout=120).status_code)

    threads = [threading.Thread(target=send_big) for _ in range(4)]
    for t in threads:
        t.start()
    time.sleep(0.3)  # the large bodies are arriving and decoding
    t0 = time.monotonic()
    assert chat(env, small).status_code == 200
    during = time.monotonic() - t0
    for t in threads:
        t.join()
    assert big_results == [200] * 4
    bound = 3 * statistics.median(alone) + SMALL_BOUND_S
    print(f"\nsmall request alone {[round(a, 2) for a in alone]} s; with 4 large PNGs in flight {during:.2f} s")
    assert during < bound, f"small request took {during:.2f}s with 4 large images in flight (alone {alone})"


SMALL_BOUND_S = 2.0
