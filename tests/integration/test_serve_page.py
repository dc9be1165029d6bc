"""The page at / in headless Chromium: choose a language, upload an image, click, read the answer.

Debian's chromium (/usr/bin/chromium, installed by .ci/run) is driven by Playwright's Python
package; Playwright's own browser download is never used. Skipped, with the reason, where
either is missing.
"""

from __future__ import annotations

import base64
import os
import shutil
import socket
import tempfile

import httpx
import pytest
from PIL import Image

from mella_ray.config import JobConfig
from mella_ray.infer.tiny import ensure_tiny
from mella_ray.langs import language
from mella_ray.serve.stage import run_serve, stop_serve

pytestmark = pytest.mark.integration

CHROMIUM = "/usr/bin/chromium"
# headless, no sandbox (root in CI), and nothing that reaches beyond loopback
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-proxy-server",
]
LANGS = ["vi", "th", "ar"]


@pytest.fixture(scope="module")
def browser_env(ray_local):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing: pip install playwright")
    tmp = tempfile.mkdtemp(prefix="mella-page-")
    try:
        model = ensure_tiny("tiny:vlm", os.path.join(tmp, "models"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        cfg = JobConfig(
            output_dir=os.path.join(tmp, "out"),
            languages=LANGS,
            serve={"model": model, "port": port, "num_cpus": 1, "default_max_tokens": 12, "max_pixels": 50176},
        )
        info = run_serve(cfg, blocking=False)
        with sync_api.sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                os.path.join(tmp, "chromium-profile"), headless=True, executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
            try:
                yield {"tmp": tmp, "page": ctx.new_page(), **info}
            finally:
                ctx.close()
    finally:
        stop_serve()
        shutil.rmtree(tmp, ignore_errors=True)


def test_page_describes_an_uploaded_image(browser_env):
    env, page = browser_env, browser_env["page"]
    path = os.path.join(env["tmp"], "photo.png")
    Image.new("RGB", (96, 64), (200, 140, 40)).save(path, "PNG")
    page.goto(f"{env['url']}/")
    assert page.locator("#lang option").count() == len(LANGS)

    page.select_option("#lang", "th")
    prompt = language("th").eval_prompt
    assert page.input_value("#prompt") == prompt  # the language's own evaluation prompt
    page.set_input_files("#file", path)
    page.wait_for_function("() => !document.getElementById('preview').hidden", timeout=10_000)
    page.click("#go")
    page.wait_for_selector("#out[data-state=done]", timeout=60_000)
    shown = page.inner_text("#out")

    # The same request through the API (greedy decoding): the page shows exactly the model's answer.
    with open(path, "rb") as f:
        url = "data:image/png;base64," + base64.b64encode(f.read()).decode()
    r = httpx.post(
        f"{env['url']}/v1/chat/completions",
        timeout=60,
        json={
            "model": "mella",
            "messages": [
                {
                    "role": "user",
                    "content": [{"type": "image_url", "image_url": {"url": url}}, {"type": "text", "text": prompt}],
                }
            ],
        },
    )
    answer = r.json()["choices"][0]["message"]["content"]
    assert shown.strip() == (answer.strip() or "(the model returned an empty answer)")
    assert page.get_attribute("#out", "lang") == "th"


def test_page_reports_errors(browser_env):
    env, page = browser_env, browser_env["page"]
    page.goto(f"{env['url']}/")
    page.click("#go")  # no image yet
    assert page.get_attribute("#out", "data-state") == "error" and "Choose an image" in page.inner_text("#out")
    bad = os.path.join(env["tmp"], "not-an-image.png")
    with open(bad, "wb") as f:
        f.write(b"\x89PNG this is not an image")
    page.set_input_files("#file", bad)
    page.wait_for_function("() => !document.getElementById('preview').hidden", timeout=10_000)
    page.click("#go")
    page.wait_for_selector("#out[data-state=error]:not(:empty)", timeout=30_000)
    page.wait_for_function("() => document.getElementById('out').textContent.startsWith('Error:')", timeout=30_000)
    assert "not an image of an accepted format" in page.inner_text("#out")  # the server's 400 message, shown
