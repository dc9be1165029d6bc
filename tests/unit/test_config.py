import subprocess
import sys
from pathlib import Path

import pytest

from mella_ray.config import ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parents[2]


def _write(tmp_path, text):
    p = tmp_path / "job.yaml"
    p.write_text(text)
    return p


def test_minimal_crawl_config_is_valid(tmp_path):
    cfg = load_config(
        _write(tmp_path, f"output_dir: {tmp_path}/out\ncrawl:\n  seeds: [{{url: 'http://a.cz/', lang: cs}}]\n")
    )
    assert cfg.crawl.seeds[0].lang == "cs"
    assert cfg.train.lora.r == 16 and cfg.train.lr == 4e-5 and cfg.train.global_batch == 16  # the paper's recipe


def test_relative_output_dir_becomes_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert parse_config({"output_dir": "out"}).output_dir == str(tmp_path / "out")


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"output_dir": "x", "crawl": {"max_dept": 3}}, "crawl.max_dept: unknown key"),
        (
            {"output_dir": "x", "train": {"lora": {"rank": 8}}},
            "train.lora.rank: unknown key (value 8); allowed keys here: alpha",
        ),
        ({"output_dir": "x", "train": {"lr": 0}}, "train.lr: Input should be greater than 0 (got 0)"),
        ({"crawl": {}}, "output_dir: required key is missing"),
        ({"output_dir": "x", "languages": ["cs", "xx"]}, "unknown language(s) ['xx']"),
        ({"output_dir": "x", "train": {"global_batch": 15}}, "global_batch (15) must be a multiple"),
        (
            {"output_dir": "x", "caption": {"engine": {"backend": "tgi"}}},
            "caption.engine.backend: Input should be 'hf' or 'vllm'",
        ),
        (
            {"output_dir": "x", "crawl": {"seeds": [{"url": "http://a/", "lang": "de"}]}},
            "crawl.seeds.0.lang: 'de' is not in languages",
        ),
        ({"output_dir": "x", "crawl": {"seeds": [{"url": "{demo_site}/cs/", "lang": "cs"}]}}, "no demo_site section"),
        ({"output_dir": "x", "stages": ["crawl", "deploy"]}, "stages.1: Input should be"),
    ],
)
def test_bad_config_names_key_and_fix(data, expected):
    with pytest.raises(ConfigError) as e:
        parse_config(data)
    assert expected in str(e.value)
    assert "\n" not in str(e.value)  # one line


def test_yaml_typo_fails_before_any_stage_starts(tmp_path):
    cfg = _write(tmp_path, f"output_dir: {tmp_path}/out\ncrawl:\n  max_dept: 2\n")
    r = subprocess.run(
        [sys.executable, "jobs/build.py", "--config", str(cfg)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 2
    assert "crawl.max_dept: unknown key" in r.stderr
    assert "=== stage" not in r.stderr
    assert not (tmp_path / "out").exists()


def test_demo_config_is_valid():
    cfg = load_config(ROOT / "configs/demo.yaml")
    assert set(cfg.languages) == {"ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"}
    assert {s.lang for s in cfg.crawl.seeds} == set(cfg.languages)


def test_cluster_recipe_config_is_valid():
    cfg = load_config(ROOT / "configs/mella-8lang.yaml")
    assert cfg.output_dir.startswith("s3://")  # remote paths stay as they are
    assert cfg.caption.engine.backend == "vllm" and cfg.train.use_gpu


def test_readme_reference_lists_every_key_with_its_default():
    from mella_ray.config_reference import render

    assert render() in (ROOT / "README.md").read_text(encoding="utf-8")


def _models(model, seen):
    """Every pydantic model reachable from `model` through its fields (Optional, list and dict unwrapped)."""
    import typing

    from pydantic import BaseModel

    if model in seen:
        return seen
    seen.add(model)
    for field in model.model_fields.values():
        stack = [field.annotation]
        while stack:
            ann = stack.pop()
            if isinstance(ann, type) and issubclass(ann, BaseModel):
                _models(ann, seen)
            stack.extend(typing.get_args(ann))
    return seen


def test_every_config_field_has_a_description():
    from mella_ray.config import JobConfig

    models = _models(JobConfig, set())
    assert {"EngineConfig", "LoraConfig", "Seed", "SeedIndexConfig", "KeywordsConfig"} <= {m.__name__ for m in models}
    missing = [
        f"{m.__name__}.{name}"
        for m in models
        for name, f in m.model_fields.items()
        if not (f.description or "").strip()
    ]
    assert missing == [], f"fields without Field(description=...): {missing}"


def test_reference_prints_each_key_under_its_description():
    from mella_ray.config_reference import described_keys, render

    text = render()
    lines = text.splitlines()
    for key, default, description in described_keys():
        i = lines.index(f"{key}: {default}")
        assert lines[i - 1].startswith("# ") and lines[i - 1] != "# ", key
        assert description.split()[-1] in "\n".join(lines[max(0, i - 12) : i]), key
    assert "# Pixels per image before the vision tower" in text  # a nested model's key (caption.engine.max_pixels)
