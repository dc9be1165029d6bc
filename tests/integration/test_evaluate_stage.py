"""The evaluate stage end to end on a local Ray: a tiny mix/test, two tiny models, the report."""

from __future__ import annotations

import io
import json
import shutil

import pytest
import torch
from PIL import Image

from mella_ray import records
from mella_ray.config import parse_config
from mella_ray.infer.tiny import ensure_tiny
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput

# Several evaluations on Ray Data, and Serve in the second test: more than the default 300 s on a busy machine.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(900)]

TEXTS = {
    "ru": ("Старый деревянный дом в деревне у реки, рядом растут берёзы.", ["деревянный дом", "берёзы"]),
    "th": ("ตลาดน้ำยามเช้ามีเรือขายผลไม้และอาหารไทยมากมาย", ["ตลาดน้ำ", "อาหารไทย"]),
}
LANGUAGES = ["ru", "th", "ko"]  # ko has no rows: reported as missing


def _png(colour: tuple[int, int, int]) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (56, 56), colour).save(buf, format="PNG")
    return buf.getvalue()


def _rows(shard: int) -> list[dict]:
    rows = []
    for lang, (text, keywords) in TEXTS.items():
        for source in ("know", "ling"):
            for k in range(2):  # 2 shards x 2 = 4 rows per language and source; max_per_lang keeps 3
                sid = f"{lang}-{source}-{shard}{k}"
                rows.append(
                    {
                        "sample_id": sid,
                        "img_id": f"img-{sid}",
                        "image": _png((40 * k, 90 * shard, 120)),
                        "lang": lang,
                        "source": source,
                        "split": "test",
                        "instruction": "describe",
                        "answer": text,
                        "category": "culture/food",
                        "keywords": keywords if source == "know" else None,
                    }
                )
    if shard == 0:  # undecodable image: the generation fails, the row records it
        rows[2]["image"] = b"not an image"
    return rows


@pytest.fixture(scope="module")
def ray_cluster(ray_local):
    torch.set_num_threads(1)
    return ray_local


def test_evaluate_base_and_tuned(tmp_path, ray_cluster):
    models_dir = tmp_path / "models"
    tuned = tmp_path / "tuned"
    shutil.copytree(ensure_tiny("tiny:vlm", str(models_dir)), tuned)
    out = tmp_path / "job"
    test = ShardedOutput(str(out / "mix" / "test"))
    for shard in range(2):
        test.write(f"part-{shard:05d}", records.to_table(_rows(shard), records.CONVERSATIONS))
    cfg = parse_config(
        {
            "output_dir": str(out),
            "models_dir": str(models_dir),
            "languages": LANGUAGES,
            "evaluate": {
                "engine": {"max_new_tokens": 16, "batch_size": 4},
                "tuned_model": str(tuned),
                "max_per_lang": 3,
                "bootstrap_samples": 200,
            },
        }
    )
    from mella_ray.evaluate import ModelLoadError, run_evaluate

    report = run_evaluate(cfg)

    # predictions: both models, 3 rows per language and source, failures as rows
    for name in ("base", "tuned"):
        pred = storage.read_parquet(str(out / "eval" / "predictions" / f"{name}.parquet"))
        assert pred.schema.equals(records.PREDICTIONS)
        rows = pred.to_pylist()
        assert len(rows) == 12 and {r["model_name"] for r in rows} == {name}
        assert {(r["lang"], r["source"]) for r in rows} == {(lang, s) for lang in TEXTS for s in ("know", "ling")}
        failed = [r for r in rows if r["status"] == records.STATUS_FAILED]
        assert [r["sample_id"] for r in failed] == ["ru-ling-00"] and failed[0]["reason"] == "undecodable_image"
        assert failed[0]["error"]
        assert all(r["prediction"] is not None for r in rows if r["status"] == records.STATUS_OK)
        assert {r["prompt"] for r in rows if r["lang"] == "th"} == {"อธิบายภาพนี้"}

    on_disk = json.loads((out / "eval" / "report.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(json.dumps(report))
    assert set(report["results"]) == {"base", "tuned"} and report["models"]["tuned"] == str(tuned)
    assert report["missing_languages"] == ["ko"]
    for name in ("base", "tuned"):
        for lang in LANGUAGES:
            assert lang in report["results"][name]
        for lang in TEXTS:
            res = report["results"][name][lang]
            assert res["status"] == "ok" and res["ling_samples"] == 3 and res["keyword_samples"] == 3
            for m in ("bleu", "chrf", "rougeL", "meteor", "keyword_accuracy"):
                assert res[m] is not None
        assert report["counts"][name]["ru"]["failed"] == 1
    assert "delta" in report and "tok:char" in report["signatures"]["bleu"]["th"]
    md = (out / "eval" / "report.md").read_text(encoding="utf-8")
    assert "base" in md and "tuned" in md and "## Samples" in md
    for m in report["metrics"]:
        assert (out / "eval" / "plots" / f"{m}.png").read_bytes().startswith(b"\x89PNG")
    assert list((out / "eval" / "samples").glob("*.jpg"))
    stats = json.loads((out / "eval" / "stats.json").read_text())
    assert stats["stage"] == "evaluate" and stats["dropped_total"] == 2
    assert stats["dropped"] == {"base:undecodable_image": 1, "tuned:undecodable_image": 1}  # codes, summable
    assert stats["retries"] == {"base": 0, "tuned": 0}

    # a rerun with the same models and rows reuses the predictions instead of generating again
    assert run_evaluate(cfg)["results"] == report["results"]
    assert json.loads((out / "eval" / "stats.json").read_text())["base_reused"] is True

    # a retrained model at the same path (its files rewritten) is generated with again
    weights = next(tuned.glob("*.safetensors"))
    weights.write_bytes(weights.read_bytes())
    run_evaluate(cfg)
    stats = json.loads((out / "eval" / "stats.json").read_text())
    assert stats["base_reused"] is True and "tuned_reused" not in stats and "tuned_generate_s" in stats

    # a model that cannot be loaded: the error names its path (an empty folder is no model)
    broken = tmp_path / "broken-model"
    broken.mkdir()
    cfg.evaluate.tuned_model = str(broken)
    with pytest.raises(ModelLoadError, match="cannot load the tuned model from .*broken-model"):
        run_evaluate(cfg)


def test_missing_test_split_and_missing_tuned_model(tmp_path):
    from mella_ray.evaluate import run_evaluate
    from mella_ray.evaluate.stage import models_to_evaluate

    cfg = parse_config({"output_dir": str(tmp_path), "models_dir": str(tmp_path / "models")})
    with pytest.raises(FileNotFoundError, match="run the mix stage"):
        run_evaluate(cfg)
    cfg = parse_config({"output_dir": str(tmp_path), "evaluate": {"base_model": str(tmp_path / "nope")}})
    with pytest.raises(RuntimeError, match="nope"):
        models_to_evaluate(cfg)
    cfg = parse_config({"output_dir": str(tmp_path), "evaluate": {"base_model": "org/some-model"}})
    models, skipped = models_to_evaluate(cfg)
    assert models == {"base": "org/some-model"} and "train/final" in skipped["tuned"]


def test_served_model_and_a_dead_endpoint_as_contenders(tmp_path, ray_cluster):
    """The project's own Serve app on 127.0.0.1 serves the tuned model; as a contender it must answer
    exactly as the tuned model does in-process (same rows, prompts, template, greedy decoding). A
    dead endpoint's rows become counted failures after retries."""
    import socket

    from mella_ray.evaluate import run_evaluate
    from mella_ray.serve.stage import run_serve, stop_serve

    models_dir = tmp_path / "models"
    tuned = tmp_path / "tuned"
    shutil.copytree(ensure_tiny("tiny:vlm", str(models_dir)), tuned)
    out = tmp_path / "job"
    test = ShardedOutput(str(out / "mix" / "test"))
    test.write("part-00000", records.to_table(_rows(1), records.CONVERSATIONS))
    with socket.socket() as s:  # a port nobody listens on: connection refused
        s.bind(("127.0.0.1", 0))
        dead_port = s.getsockname()[1]
    pixels = 56 * 56
    serve_cfg = parse_config(
        {
            "output_dir": str(out),
            "languages": LANGUAGES,
            "serve": {"model": str(tuned), "port": 0, "num_cpus": 0.5, "max_pixels": pixels},
        }
    )
    info = run_serve(serve_cfg, blocking=False)
    try:
        cfg = parse_config(
            {
                "output_dir": str(out),
                "models_dir": str(models_dir),
                "languages": LANGUAGES,
                "evaluate": {
                    "engine": {"max_new_tokens": 12, "batch_size": 4, "max_pixels": pixels},
                    "tuned_model": str(tuned),
                    "max_per_lang": 2,
                    "bootstrap_samples": 200,
                    "endpoints": [
                        {
                            "name": "served",
                            "base_url": info["url"] + "/v1",
                            "model": info["model_name"],
                            "requests_per_s": 20,
                            "same_as": "tuned",
                        },
                        {
                            "name": "dead",
                            "base_url": f"http://127.0.0.1:{dead_port}/v1",
                            "model": "m",
                            "max_retries": 1,
                            "backoff_s": 0.0,
                            "timeout_s": 5,
                            "same_as": "tuned",
                        },
                    ],
                },
            }
        )
        report = run_evaluate(cfg)
        md = (out / "eval" / "report.md").read_text(encoding="utf-8")
        served = storage.read_parquet(str(out / "eval" / "predictions" / "served.parquet")).to_pylist()
        served_ep = cfg.evaluate.endpoints[0]
        # again: base and tuned are reused, an endpoint checked against the model it serves is asked anew
        run_evaluate(cfg.model_copy(update={"evaluate": cfg.evaluate.model_copy(update={"endpoints": [served_ep]})}))
        again = json.loads((out / "eval" / "stats.json").read_text())
    finally:
        stop_serve()
    assert again["base_reused"] and again["tuned_reused"] and "served_generate_s" in again
    assert "served_reused" not in again
    assert list(report["results"]) == ["base", "tuned", "served", "dead"]
    assert report["models"]["served"] == f"{info['model_name']} @ {info['url']}/v1"
    tuned_rows = {
        r["sample_id"]: r for r in storage.read_parquet(str(out / "eval" / "predictions" / "tuned.parquet")).to_pylist()
    }
    assert len(served) == len(tuned_rows) == 8
    for r in served:
        assert r["prompt"] == tuned_rows[r["sample_id"]]["prompt"]
        assert r["status"] == records.STATUS_OK, r["error"]
        assert r["prediction"] == tuned_rows[r["sample_id"]]["prediction"]
    dead = storage.read_parquet(str(out / "eval" / "predictions" / "dead.parquet")).to_pylist()
    assert all((r["status"], r["reason"], r["retries"]) == ("failed", "connection_error", 1) for r in dead)
    assert report["counts"]["dead"]["ru"] == {"rows": 4, "ok": 0, "failed": 4}
    pairs = [c["difference"] for c in report["comparisons"]]
    assert "served - tuned" in pairs and "served - base" in pairs
    served_vs_tuned = next(c for c in report["comparisons"] if c["difference"] == "served - tuned")
    assert served_vs_tuned["results"]["ru"]["chrf"]["diff"] == 0.0
    assert "| served" in md or "served |" in md
    # the report says in words whether each endpoint answered as the model it serves
    assert report["agreement"]["served"]["same"] and report["agreement"]["served"]["identical"] == 8
    assert "**Yes: served gave tuned's answer on all 8 rows**" in md
    assert not report["agreement"]["dead"]["same"] and report["agreement"]["dead"]["failed"] == 8
    assert "**No: dead's answers differ from tuned's on 0 of 8 rows (none), 8 failed;" in md
