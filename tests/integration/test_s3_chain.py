"""The demo chain with output_dir on S3: every stage reads and writes through the S3 protocol,
against moto's S3 server started here on 127.0.0.1 (the server s3fs's own tests use)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
BUCKET = "mella"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_env():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }
    try:
        deadline = time.monotonic() + 30
        while True:  # bounded wait for the server to listen
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("moto's S3 server did not start")
                time.sleep(0.2)
        old = {k: os.environ.get(k) for k in env}
        os.environ.update(env)
        import s3fs

        s3fs.S3FileSystem.clear_instance_cache()
        s3fs.S3FileSystem().mkdir(BUCKET)
        yield env
    finally:
        server.terminate()
        server.wait(timeout=30)
        for k, v in locals().get("old", {}).items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def test_the_demo_chain_runs_with_its_output_on_s3(s3_env, tmp_path):
    import s3fs

    cfg = yaml.safe_load((ROOT / "configs/demo.yaml").read_text())
    cfg["output_dir"] = f"s3://{BUCKET}/demo"
    cfg["models_dir"] = str(tmp_path / "models")
    cfg["serve"]["port"] = 0
    # what this test is about is storage: a smaller site and a few training steps are enough
    cfg["demo_site"]["images_per_lang"] = 30
    cfg["mix"]["test_per_lang"] = 4
    cfg["evaluate"]["max_per_lang"] = 4
    cfg["train"].update(max_steps=4, checkpoint_every=2, val_every=4, log_every=1)
    path = tmp_path / "demo-s3.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True))
    env = {**os.environ, **s3_env, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "jobs/build.py", "--config", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    fs = s3fs.S3FileSystem()
    root = f"{BUCKET}/demo"
    for table in ("crawl/know", "crawl/pool", "caption", "translate", "mix/train", "mix/test"):
        assert fs.glob(f"{root}/{table}/*.parquet"), table
    assert fs.exists(f"{root}/mix/_SUCCESS") and not fs.exists(f"{root}/mix/_staging")
    assert fs.glob(f"{root}/mix/export/images/*") and fs.glob(f"{root}/mix/export/llava/train/*.jsonl")
    assert fs.exists(f"{root}/eval/report.json") and fs.exists(f"{root}/serve/smoke.json")
    assert not (tmp_path / "demo_site").exists()  # the demo site was built in a temporary folder
