"""Caption and translate engines fail the right way and the vLLM caption glue holds together: a
missing model fails before any data is read, a bad engine name is one line, and ray.data.llm's
rows (text, tokens, errors) become caption rows through a stand-in processor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mella_ray.config import ConfigError, load_config

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from caption_translate_job import job_config, read_table, write_pool  # noqa: E402

pytestmark = pytest.mark.integration


def test_missing_model_fails_before_any_data_is_read(tmp_path, models_dir, monkeypatch):
    import ray.data

    from mella_ray.caption.stage import run_caption
    from mella_ray.infer import ModelNotFoundError

    monkeypatch.setattr(ray.data, "read_parquet", lambda *a, **k: pytest.fail("data was read"))
    cfg = job_config(tmp_path, models_dir, backend="hf", model=str(tmp_path / "Qwen2-VL-7B"))
    with pytest.raises(ModelNotFoundError, match=r"caption\.engine\.model: no model at '.*Qwen2-VL-7B'"):
        run_caption(cfg)  # no pool exists either: the model is checked first


def test_bad_engine_name_in_the_yaml_is_one_line(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(f"output_dir: {tmp_path}\ntranslate:\n  engine: {{backend: marian, model: Helsinki-NLP/opus-mt}}\n")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert "translate.engine.backend: Input should be 'hf' or 'vllm' or 'tiny'" in str(e.value)
    assert "(got 'marian')" in str(e.value) and "\n" not in str(e.value)


def test_vllm_caption_path_through_a_stand_in_processor(tmp_path, models_dir, ray_local, monkeypatch):
    """The ray.data.llm glue (messages in, generated_text / __inference_error__ out), with a
    stand-in for the processor: vLLM itself needs a GPU."""
    import mella_ray.infer.vllm_backend as vb
    from mella_ray.caption.stage import run_caption

    def fake_build(cfg, model, model_config, to_messages, max_tokens=None, drop=()):
        assert vb.processor_config_kwargs(cfg, model, model_config)["prepare_multimodal_stage"] == {"enabled": True}

        def answer(row):
            msgs = to_messages(row)
            has_image = isinstance(msgs[-1]["content"], list) and msgs[-1]["content"][0]["type"] == "image_url"
            error = "" if row["img_id"] != "img12" else "engine died"
            text = "A street at dusk.\nCategory: scene/city" if has_image else "."
            return {
                **{k: v for k, v in row.items() if k not in drop},
                "generated_text": text,
                "num_generated_tokens": 7,
                "num_input_tokens": 90,
                "__inference_error__": error,
            }

        return lambda ds: ds.map(answer)

    monkeypatch.setattr(vb, "build_llm_processor", fake_build)
    out = tmp_path / "vllm-job"
    write_pool(out)
    stats = run_caption(job_config(out, models_dir, backend="vllm", model="tiny:vlm"))
    rows = {r["img_id"]: r for r in read_table(out / "caption").to_pylist()}
    assert len(rows) == 10
    assert (rows["img00"]["caption"], rows["img00"]["category"]) == ("A street at dusk.", "scene/city")
    assert rows["img01"]["reason"] == "undecodable_image"
    assert (rows["img12"]["reason"], rows["img12"]["error"]) == ("engine_error", "engine died")
    assert stats["failures_by_reason"] == {"engine_error": 1, "undecodable_image": 1}
    assert stats["output_tokens"] == 8 * 7  # ok rows only
