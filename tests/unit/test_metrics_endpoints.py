"""The endpoint contender's client against a real HTTP server on 127.0.0.1: retries on 429/5xx with
Retry-After, final answers on other errors, malformed bodies, and the request it sends."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow as pa
import pytest

from mella_ray import records
from mella_ray.config.evaluate import EvaluateConfig
from mella_ray.evaluate.endpoints import EndpointGenerator

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


class Handler(BaseHTTPRequestHandler):
    script: dict[str, list[tuple[int, str]]] = {}  # the row's prompt text -> answers in order
    seen: list[dict] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append({"body": body, "auth": self.headers.get("Authorization"), "path": self.path})
        key = body["messages"][0]["content"][1]["text"]
        status, text = type(self).script[key].pop(0)
        payload = (
            text
            if status != 200 or text.startswith("{")
            else json.dumps({"choices": [{"message": {"role": "assistant", "content": text}}]})
        )
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "0")
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(payload.encode())


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def _batch(langs):
    return pa.Table.from_pylist(
        [
            {"sample_id": f"s{i}", "lang": lang, "source": "know", "answer": "ref", "keywords": ["k"], "image": PNG}
            for i, lang in enumerate(langs)
        ]
    )


def test_retries_transient_errors_and_records_final_failures(server, monkeypatch):
    from mella_ray.langs import language

    vi, ru, th = (language(x).eval_prompt for x in ("vi", "ru", "th"))
    Handler.script = {
        vi: [(429, "slow down"), (503, "busy"), (200, "Phở bò ở Hà Nội")],  # two retries, then an answer
        ru: [(400, '{"error": {"message": "bad image"}}')],  # a client error is final: no retry
        th: [(200, '{"unexpected": true}')],  # 200 without choices: a recorded failure
    }
    monkeypatch.setenv("TEST_KEY", "sekret")
    gen = EndpointGenerator(
        {
            "name": "hosted",
            "base_url": server,
            "model": "m1",
            "api_key_env": "TEST_KEY",
            "max_retries": 2,
            "backoff_s": 0.0,
            "requests_per_s": 100,
        },
        max_tokens=7,
    )
    out = gen(_batch(["vi", "ru", "th"]))
    assert out.schema.equals(records.PREDICTIONS)
    rows = {r["lang"]: r for r in out.to_pylist()}
    assert rows["vi"]["status"] == "ok" and rows["vi"]["prediction"] == "Phở bò ở Hà Nội"
    assert (rows["vi"]["reason"], rows["vi"]["retries"]) == (None, 2)  # retries counted, not written into text
    assert (rows["ru"]["status"], rows["ru"]["reason"], rows["ru"]["retries"]) == ("failed", "http_error", 0)
    assert rows["ru"]["error"].startswith("HTTP 400")
    assert rows["th"]["reason"] == "bad_response" and "not an OpenAI chat completion" in rows["th"]["error"]
    assert len(Handler.seen) == 5 and all(s["path"] == "/v1/chat/completions" for s in Handler.seen)
    first = Handler.seen[0]
    assert first["auth"] == "Bearer sekret" and first["body"]["model"] == "m1" and first["body"]["max_tokens"] == 7
    assert first["body"]["temperature"] == 0
    assert first["body"]["messages"][0]["content"][0]["image_url"]["url"].startswith("data:image/png;base64,")


def test_gives_up_after_max_retries(server):
    from mella_ray.langs import language

    Handler.script = {language("cs").eval_prompt: [(500, "down")] * 3}
    gen = EndpointGenerator(
        {"name": "flaky", "base_url": server, "model": "m", "max_retries": 2, "backoff_s": 0.0}, max_tokens=4
    )
    row = gen(_batch(["cs"])).to_pylist()[0]
    assert (row["status"], row["reason"], row["retries"]) == ("failed", "http_error", 2)
    assert row["error"] == "HTTP 500: down"


@pytest.mark.parametrize(
    "endpoint, message",
    [
        ({"name": "base", "base_url": "http://x/v1", "model": "m"}, "not 'base' or 'tuned'"),
        ({"name": "ok", "base_url": "ftp://x", "model": "m"}, "not an http"),
        ({"name": "ok", "base_url": "http://x/v1"}, "model"),
    ],
)
def test_bad_endpoint_configs_fail_with_the_fix(endpoint, message):
    with pytest.raises(ValueError, match=message):
        EvaluateConfig.model_validate({"endpoints": [endpoint]})


def test_endpoint_names_must_be_unique():
    ep = {"name": "a", "base_url": "http://127.0.0.1:1/v1", "model": "m"}
    with pytest.raises(ValueError, match="repeated: a"):
        EvaluateConfig.model_validate({"endpoints": [ep, ep]})


def test_score_served_reserves_its_contender_name():
    ep = {"name": "served", "base_url": "http://127.0.0.1:1/v1", "model": "m", "same_as": "tuned"}
    assert EvaluateConfig.model_validate({"endpoints": [ep]}).endpoints[0].same_as == "tuned"
    with pytest.raises(ValueError, match="'served' is taken by score_served; rename that endpoint"):
        EvaluateConfig.model_validate({"endpoints": [ep], "score_served": True})
    with pytest.raises(ValueError, match="same_as"):
        EvaluateConfig.model_validate({"endpoints": [{**ep, "same_as": "other"}]})


def test_score_served_fails_naming_serve_num_cpus_when_serve_leaves_too_few_cpus(monkeypatch, tmp_path):
    """Ray Data would wait forever for the CPU its file listing needs: a bounded wait, then the fix."""
    import ray

    from mella_ray import pipeline
    from mella_ray.config import parse_config

    cfg = parse_config({"output_dir": str(tmp_path), "serve": {"num_cpus": 1.5}})
    monkeypatch.setattr(pipeline, "FREE_CPU_WAIT_S", 0.0)
    monkeypatch.setattr(ray, "available_resources", lambda: {"CPU": 0.5})
    monkeypatch.setattr(ray, "cluster_resources", lambda: {"CPU": 2.0})
    with pytest.raises(RuntimeError, match=r"needs 1.25 free CPUs.*0.5 of the cluster's 2.*serve.num_cpus \(now 1.5\)"):
        pipeline.score_served(cfg, "http://127.0.0.1:1", "mella")
    seen = iter([{"CPU": 0.5}, {"CPU": 2.0}])  # the last stage's workers exit: the wait ends
    monkeypatch.setattr(pipeline, "FREE_CPU_WAIT_S", 5.0)
    monkeypatch.setattr(ray, "available_resources", lambda: next(seen))
    pipeline._wait_for_cpus(pipeline.SERVED_PASS_CPUS, cfg)
