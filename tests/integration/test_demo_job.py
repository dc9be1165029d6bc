"""The demo job end to end, as a user runs it: `python jobs/build.py --config ...` on a local Ray,
with its output_dir on S3 as on a cluster: moto's S3 server on 127.0.0.1, so that every stage
reads and writes through the S3 protocol (each stage's local-disk path has its own tests).

Checks real outputs of every stage (read from a copy of the bucket), then reruns the data
stages and checks that nothing is redone or written twice.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from mella_ray import failures
from mella_ray.langs import LANGUAGES

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from s3_server import s3_server  # noqa: E402

# The demo job builds 800 pictures and trains 800 steps: minutes on 2 cores, more than the suite's 300 s default.
pytestmark = [pytest.mark.integration, pytest.mark.timeout(1200)]
ROOT = Path(__file__).resolve().parents[2]
BUCKET = "mella"
OUTPUT = f"s3://{BUCKET}/demo"


def _run(config: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "jobs/build.py", "--config", str(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _table(folder: Path):
    files = sorted(folder.glob("*.parquet"))
    assert files, f"no parquet in {folder}"
    return pq.read_table(files)


def _objects() -> dict[str, str]:
    """Every object under the demo's output: key -> its ETag and modification time."""
    import s3fs

    fs = s3fs.S3FileSystem()
    fs.invalidate_cache()
    return {k: f"{v['ETag']} {v['LastModified']}" for k, v in fs.find(OUTPUT, detail=True).items()}


@pytest.fixture(scope="module")
def demo(tmp_path_factory, no_shared_ray):
    """(a local copy of the output, the job's YAML, the finished build); the S3 server runs on
    for the tests of the module."""
    out = tmp_path_factory.mktemp("demo")
    cfg = yaml.safe_load((ROOT / "configs/demo.yaml").read_text())
    cfg["output_dir"] = OUTPUT
    cfg["models_dir"] = str(out / "out" / "models")  # models are built on local disk, as on a node
    cfg["serve"]["port"] = 0  # any free port: CI machines may have 8000 taken
    path = out / "demo.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True))
    with s3_server(BUCKET):
        proc = _run(path)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
        import s3fs

        s3fs.S3FileSystem().get(f"{OUTPUT}/", str(out / "out"), recursive=True)
        yield out / "out", path, proc


def test_summary_names_every_stage_and_output(demo):
    out, _, proc = demo
    for stage in ("crawl", "caption", "translate", "mix", "train", "evaluate", "serve"):
        assert f"\n{stage}" in proc.stdout
    assert "OK: ran crawl, caption, translate, mix, train, evaluate, serve" in proc.stdout
    assert f"{OUTPUT}/eval/report.md" in proc.stdout


def test_every_output_is_on_s3_and_nothing_is_left_behind(demo):
    keys = _objects()
    for table in ("crawl/know", "crawl/pool", "caption", "translate", "mix/train", "mix/test"):
        assert any(k.startswith(f"{BUCKET}/demo/{table}/") and k.endswith(".parquet") for k in keys), table
    assert f"{BUCKET}/demo/mix/_SUCCESS" in keys and not any("/_staging" in k for k in keys)
    assert any(k.startswith(f"{BUCKET}/demo/mix/export/images/") for k in keys)
    assert any(k.startswith(f"{BUCKET}/demo/mix/export/llava/train/") and k.endswith(".jsonl") for k in keys)
    for name in ("eval/report.json", "serve/smoke.json", "train/final/config.json", "crawl/stats.json"):
        assert f"{BUCKET}/demo/{name}" in keys, name
    assert not any("/demo_site/" in k for k in keys)  # the demo site was built in a local temporary folder


def test_a_healthy_run_reads_as_healthy(demo):
    """No error line, no traceback and no dump of Ray's internals on a run that succeeds: one
    progress line per stage and the summary (Ray's own output needs --verbose)."""
    _, _, proc = demo
    lines = (proc.stdout + proc.stderr).splitlines()
    assert not [x for x in lines if "Traceback" in x or re.search(r"\bERROR\b|^\[[^]]* E \d+ ", x)]
    assert not [x for x in lines if "logging_progress" in x or "streaming_executor" in x]
    assert len(lines) < 80, "\n".join(lines)


def test_crawl_rows_per_language(demo):
    out, _, _ = demo
    know, pool = _table(out / "crawl/know"), _table(out / "crawl/pool")
    langs_know = know.column("lang").to_pylist()
    langs_pool = pool.column("lang").to_pylist()
    assert {lang: langs_know.count(lang) >= 10 for lang in LANGUAGES} == dict.fromkeys(LANGUAGES, True)
    assert set(langs_pool) == set(LANGUAGES)
    assert all(a for a in know.column("alt").to_pylist()) and not any(pool.column("alt").to_pylist())
    ids = know.column("img_id").to_pylist() + pool.column("img_id").to_pylist()
    assert len(ids) == len(set(ids))  # deduplicated by content hash
    stats = json.loads((out / "crawl/stats.json").read_text())
    assert stats["dropped"].get("image:tracking_pixel", 0) > 0 and stats["dropped"].get("image:svg", 0) > 0


def test_captions_and_translations_present(demo):
    out, _, _ = demo
    caps = _table(out / "caption")
    assert caps.num_rows == _table(out / "crawl/pool").num_rows  # every pool image: ok or a recorded failure
    assert "ok" in caps.column("status").to_pylist()
    trans = _table(out / "translate")
    ok = [r for r in trans.to_pylist() if r["status"] == "ok"]
    assert ok and {r["lang"] for r in ok} <= set(LANGUAGES) and all(r["text"] for r in ok)
    failed = [r for r in trans.to_pylist() if r["status"] != "ok"]
    assert all(failures.is_reason("translate", r["reason"]) for r in failed)


def test_mix_splits_are_leak_free(demo):
    out, _, _ = demo
    seen = {}
    for split in ("train", "val", "test"):
        for img in _table(out / "mix" / split).column("img_id").to_pylist():
            seen.setdefault(img, set()).add(split)
    assert all(len(s) == 1 for s in seen.values())
    test = _table(out / "mix/test").to_pylist()
    assert {r["lang"] for r in test} == set(LANGUAGES)
    assert all(r["keywords"] for r in test if r["source"] == "know")


def test_checkpoint_loads_and_generates(demo):
    out, _, _ = demo
    from mella_ray.config import EngineConfig
    from mella_ray.infer import GenRequest, load_engine

    final = out / "train/final"
    assert (final / "_SUCCESS").exists() and (final / "config.json").exists()
    assert sorted(p.name for p in (out / "train/checkpoints").glob("step-*"))  # sharded checkpoints
    engine = load_engine(EngineConfig(max_new_tokens=4), str(out / "models"), model=str(final))
    image = _table(out / "mix/test").column("image")[0].as_py()
    assert engine.generate([GenRequest("Describe.", [image])])[0].ok


def test_evaluation_report_covers_every_language(demo):
    out, _, _ = demo
    report = json.loads((out / "eval/report.json").read_text())
    assert set(report["evaluated_languages"]) == set(LANGUAGES)
    for model in ("base", "tuned", "served"):
        assert set(report["results"][model]) >= set(LANGUAGES)
    assert (out / "eval/report.md").read_text().count("|") > 20


def test_report_sets_the_served_endpoint_beside_base_and_tuned(demo):
    """evaluate.score_served: after the serve stage answers, its endpoint (the tuned model over HTTP) is
    scored on the same rows with the same prompts; the report says whether it answered as tuned."""
    out, _, proc = demo
    report = json.loads((out / "eval/report.json").read_text())
    endpoint = json.loads((out / "serve/endpoint.json").read_text())
    assert report["models"]["served"] == f"{endpoint['model_name']} @ {endpoint['url']}/v1"
    preds = {n: pq.read_table(out / "eval/predictions" / f"{n}.parquet").to_pylist() for n in ("tuned", "served")}
    tuned = {r["sample_id"]: r for r in preds["tuned"]}
    assert sorted(r["sample_id"] for r in preds["served"]) == sorted(tuned)  # the same rows...
    assert all(r["prompt"] == tuned[r["sample_id"]]["prompt"] for r in preds["served"])  # ...and prompts
    agree = report["agreement"]["served"]
    assert agree["same_as"] == "tuned" and agree["rows"] == len(tuned) and agree["failed"] == 0
    identical = sum(r["prediction"] == tuned[r["sample_id"]]["prediction"] for r in preds["served"])
    assert agree["identical"] == identical
    md = (out / "eval/report.md").read_text()
    assert "| base | tuned | served |" in md
    # same model, same greedy decoding: identical answers (seen on every demo run measured)
    assert agree["same"] and agree["identical"] == len(tuned), agree
    assert f"**Yes: served gave tuned's answer on all {len(tuned)} rows**" in md
    assert "serve: scored beside base and tuned; answers as tuned on" in proc.stdout + proc.stderr


def test_endpoint_answered_with_the_tuned_model(demo):
    out, _, _ = demo
    endpoint = json.loads((out / "serve/endpoint.json").read_text())
    assert endpoint["model"] == f"{OUTPUT}/train/final"
    assert json.loads((out / "serve/smoke.json").read_text())["answer"]


def test_rerun_skips_finished_work_and_writes_nothing_twice(demo):
    _, path, _ = demo
    before = _objects()
    cfg = yaml.safe_load(path.read_text())
    cfg["stages"] = ["crawl", "caption", "translate", "mix", "train"]
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True))
    proc = _run(path, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "skipped crawl, caption, translate, mix, train" in proc.stdout
    stages = ("crawl/", "caption/", "translate/", "mix/", "train/")

    def data(objects: dict) -> dict:  # the stages' rows, files and checkpoints; a skip may restate its markers
        return {
            k: v
            for k, v in objects.items()
            if k.split("/demo/")[1].startswith(stages) and not k.endswith(("/_SUCCESS", "/stats.json"))
        }

    assert data(_objects()) == data(before)


def test_tuned_beats_base_beyond_noise(demo):
    """The claim the product exists for: training on the mix teaches the model what the base does
    not know. Asserted: tuned beats base on keyword accuracy in every one of the 8 languages, each by
    a 95% paired bootstrap interval that excludes 0, and the report says so. Measured on three demo
    runs (demo_site.seed and train.seed 0, 1, 2): all 8 significant in each; the smallest lower bounds
    were ru +0.035 (seed 0), ru +0.105 (seed 1), th +0.090 (seed 2). It held once the training read
    its rows in a shuffled order (the mix's files follow the crawl's image shards, which group
    languages: ru was only ever trained on at the end of a pass) and was asked the prompt it is
    evaluated with."""
    out, _, _ = demo
    report = json.loads((out / "eval/report.json").read_text())
    res = report["results"]
    kw = {lang: (res["base"][lang]["keyword_accuracy"], res["tuned"][lang]["keyword_accuracy"]) for lang in LANGUAGES}
    assert all(t > b for b, t in kw.values()), kw
    cis = next(c for c in report["comparisons"] if c["difference"] == "tuned - base")["results"]
    assert all(cis[lang]["keyword_accuracy"]["ci_low"] > 0 for lang in LANGUAGES), {
        lang: cis[lang]["keyword_accuracy"] for lang in LANGUAGES
    }
    verdict = report["verdict"]
    assert verdict["all_languages"] and sorted(verdict["significant"]) == sorted(LANGUAGES)
    assert verdict["not_beating"] == []
    md = (out / "eval/report.md").read_text()
    assert "**Yes: tuned beats base on keyword_accuracy in all 8 languages** (significant at 95% in 8:" in md


def test_evaluation_prompts_the_tuned_model_as_training_did(demo):
    """Same chat template and message layout in training and evaluation; every prediction was asked
    with its language's evaluation prompt."""
    out, _, _ = demo
    from mella_ray.config import EngineConfig
    from mella_ray.infer import GenRequest, load_engine
    from mella_ray.infer.processors import load_processor
    from mella_ray.langs import language
    from mella_ray.train.data import _messages

    final = str(out / "train/final")
    base = load_processor(str(out / "models/tiny-vlm"))
    tuned = load_processor(final)
    assert tuned.chat_template == base.chat_template
    engine = load_engine(EngineConfig(max_new_tokens=4), str(out / "models"), model=final)
    image = _table(out / "mix/test").column("image")[0].as_py()
    for lang in LANGUAGES:
        prompt = language(lang).eval_prompt
        trained = tuned.apply_chat_template(_messages(prompt, None), add_generation_prompt=True, tokenize=False)
        evaluated = engine.processor.apply_chat_template(
            engine._messages(GenRequest(prompt, [image])), add_generation_prompt=True, tokenize=False
        )
        assert evaluated == trained
    for name in ("base", "tuned"):
        preds = pq.read_table(out / "eval/predictions" / f"{name}.parquet").to_pylist()
        assert {r["prompt"] for r in preds if r["lang"] == "ru"} == {language("ru").eval_prompt}
    # the model was trained on the prompt it is scored with, in every language (the paper's practice)
    train = _table(out / "mix/train").select(["lang", "instruction"]).to_pylist()
    for lang in LANGUAGES:
        assert language(lang).eval_prompt in {r["instruction"] for r in train if r["lang"] == lang}, lang


def test_exported_model_differs_from_the_base(demo):
    out, _, _ = demo
    from safetensors.torch import load_file

    def weights(folder: Path) -> dict:
        return {k: v for f in sorted(folder.glob("*.safetensors")) for k, v in load_file(f).items()}

    base, final = weights(out / "models/tiny-vlm"), weights(out / "train/final")
    shared = sorted(set(base) & set(final))
    assert len(shared) == len(base)  # same architecture, every tensor exported
    changed = [k for k in shared if not (base[k].float() == final[k].float()).all()]
    assert any("lm_head" in k or "language_model" in k for k in changed), changed[:5]
