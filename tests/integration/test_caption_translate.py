"""Caption and translate end to end on a local Ray with the tiny models: every pool row is
accounted for, reruns skip finished work and write nothing twice, a crash mid-shard resumes by
img_id, bad images and bad models fail the right way, and the vLLM glue holds together."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from PIL import Image

from mella_ray import records
from mella_ray.config import ConfigError, load_config, parse_config
from mella_ray.runtime.shards import ShardedOutput

pytestmark = pytest.mark.integration
LANGS = ["cs", "ru", "sr"]


def _png(i: int) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (56 + 8 * i, 56), (30 * i % 255, 90, 160)).save(buf, "PNG")
    return buf.getvalue()


def _config(out: Path, models_dir: str, **caption_engine):
    return parse_config({
        "output_dir": str(out), "models_dir": models_dir, "languages": LANGS,
        "caption": {"engine": {"backend": "tiny", "max_new_tokens": 12, "batch_size": 4, **caption_engine}},
        # the tiny MT model writes noise in every script: the language gate would reject it all
        "translate": {"engine": {"backend": "tiny", "kind": "seq2seq", "max_new_tokens": 12, "batch_size": 8},
                      "targets": "all", "check_language": False, "max_length_ratio": 50.0, "backtranslation": True},
    })


@pytest.fixture(scope="module")
def job(tmp_path_factory, models_dir):
    out = tmp_path_factory.mktemp("job")
    pool = ShardedOutput(str(out / "crawl" / "pool"))
    for s in range(2):
        rows = [{"img_id": f"img{s}{k}", "image": b"\x89PNG\r\n not an image" if (s, k) == (0, 1) else _png(5 * s + k),
                 "image_url": "u", "page_url": "p", "lang": LANGS[k % 3], "alt": None, "width": 56, "height": 56,
                 "format": "PNG"} for k in range(5)]
        pool.write(f"part-{s:05d}", records.to_table(rows, records.CRAWL_IMAGES))
    return out, _config(out, models_dir)


def _table(folder: Path):
    return pq.read_table(sorted(folder.glob("*.parquet")))


def test_every_pool_row_gets_a_caption_and_translations_or_a_recorded_failure(job, ray_local):
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out, cfg = job
    stats = run_caption(cfg)
    caps = {r["img_id"]: r for r in _table(out / "caption").to_pylist()}
    assert len(caps) == 10
    assert caps["img01"]["status"] == "failed" and caps["img01"]["error"].startswith("undecodable_image: ")
    ok = [r for r in caps.values() if r["status"] == "ok"]
    assert len(ok) == 9 and all(r["caption"] and r["category"] for r in ok)
    assert stats["failures_by_reason"] == {"undecodable_image": 1} and stats["rows_this_run"] == 10
    assert stats["rows_per_s"] > 0 and stats["output_tokens"] > 0 and stats["output_tokens_per_s"] > 0

    stats = run_translate(cfg)
    trans = _table(out / "translate").to_pylist()
    assert sorted((r["img_id"], r["lang"]) for r in trans) == sorted((i, lang) for i in
                                                                      (r["img_id"] for r in ok) for lang in LANGS)
    assert all(r["error"] for r in trans if r["status"] != "ok") and all(r["text"] for r in trans if r["status"] == "ok")
    assert all(r["detected_lang"] for r in trans if r["text_chars"])
    assert all(r["backtranslation_chrf"] is not None for r in trans if r["status"] == "ok")
    assert {r["model"] for r in trans} == {str(Path(cfg.models_path) / "tiny-mt")}  # the seq2seq tiny translator
    assert stats["kept_total"] + stats["dropped_total"] == 27
    on_disk = json.loads((out / "translate" / "stats.json").read_text())
    assert on_disk["rows_this_run"] == 27 and "failures_by_reason" in on_disk and "output_tokens_per_s" in on_disk


def test_rerun_skips_done_rows_and_writes_no_duplicates(job, ray_local):
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out, cfg = job
    files = sorted(out.glob("caption/*.parquet")) + sorted(out.glob("translate/*.parquet"))
    before = {p: p.stat().st_mtime_ns for p in files}
    assert run_caption(cfg)["skipped"] and run_translate(cfg)["skipped"]
    assert {p: p.stat().st_mtime_ns for p in files} == before
    ids = [r["img_id"] for r in _table(out / "caption").to_pylist()]
    assert len(ids) == len(set(ids)) == 10


def test_a_crash_mid_shard_resumes_by_img_id(job, ray_local):
    from mella_ray.caption.stage import run_caption
    from mella_ray.runtime.batch_stage import shard_source
    from mella_ray.runtime.shard_parts import ShardParts

    out, cfg = job
    caption = ShardedOutput(str(out / "caption"))
    done = _table(out / "caption").to_pylist()
    # As a crash leaves it: shard 1 has no marker and no file, but two of its rows in parts.
    (out / "caption" / "_done" / "part-00001").unlink()
    (out / "caption" / "part-00001.parquet").unlink()
    kept = [r for r in done if r["img_id"] in ("img10", "img13")]
    sources = {"part-00001": shard_source(str(out / "crawl" / "pool" / "part-00001.parquet"))}
    ShardParts(caption, records.CAPTIONS, "img_id", ("img_id",), 1, sources).add(
        "part-00001", records.to_table(kept, records.CAPTIONS))
    stats = run_caption(cfg)
    assert stats["resumed_rows"] == 2 and stats["rows_this_run"] == 3 and stats["shards_written"] == 1
    rows = _table(out / "caption").to_pylist()
    assert sorted(r["img_id"] for r in rows) == sorted(r["img_id"] for r in done)  # no duplicates, none lost
    assert [r for r in rows if r["img_id"] in ("img10", "img13")] == kept  # taken over, not recomputed
    assert not (out / "caption" / "_parts").exists()


def test_missing_model_fails_before_any_data_is_read(tmp_path, models_dir, monkeypatch):
    import ray.data

    from mella_ray.caption.stage import run_caption
    from mella_ray.infer import ModelNotFoundError

    monkeypatch.setattr(ray.data, "read_parquet", lambda *a, **k: pytest.fail("data was read"))
    cfg = _config(tmp_path, models_dir, backend="hf", model=str(tmp_path / "Qwen2-VL-7B"))
    with pytest.raises(ModelNotFoundError, match=r"caption\.engine\.model: no model at '.*Qwen2-VL-7B'"):
        run_caption(cfg)  # no pool exists either: the model is checked first


def test_bad_engine_name_in_the_yaml_is_one_line(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text(f"output_dir: {tmp_path}\ntranslate:\n  engine: {{backend: marian, model: Helsinki-NLP/opus-mt}}\n")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert "translate.engine.backend: Input should be 'hf' or 'vllm' or 'tiny'" in str(e.value)
    assert "(got 'marian')" in str(e.value) and "\n" not in str(e.value)


def test_vllm_caption_path_through_a_stand_in_processor(tmp_path, job, models_dir, ray_local, monkeypatch):
    """The ray.data.llm glue (messages in, generated_text / __inference_error__ out), with a
    stand-in for the processor: vLLM itself needs a GPU."""
    import shutil

    import mella_ray.infer.vllm_backend as vb
    from mella_ray.caption.stage import run_caption

    def fake_build(cfg, model, model_config, to_messages, max_tokens=None, drop=()):
        assert vb.processor_config_kwargs(cfg, model, model_config)["prepare_multimodal_stage"] == {"enabled": True}

        def answer(row):
            msgs = to_messages(row)
            has_image = isinstance(msgs[-1]["content"], list) and msgs[-1]["content"][0]["type"] == "image_url"
            error = "" if row["img_id"] != "img12" else "engine died"
            text = "A street at dusk.\nCategory: scene/city" if has_image else "."
            return {**{k: v for k, v in row.items() if k not in drop}, "generated_text": text,
                    "num_generated_tokens": 7, "num_input_tokens": 90, "__inference_error__": error}

        return lambda ds: ds.map(answer)

    monkeypatch.setattr(vb, "build_llm_processor", fake_build)
    out = tmp_path / "vllm-job"
    shutil.copytree(job[0] / "crawl", out / "crawl")
    stats = run_caption(_config(out, models_dir, backend="vllm", model="tiny:vlm"))
    rows = {r["img_id"]: r for r in _table(out / "caption").to_pylist()}
    assert len(rows) == 10
    assert (rows["img00"]["caption"], rows["img00"]["category"]) == ("A street at dusk.", "scene/city")
    assert rows["img01"]["error"].startswith("undecodable_image: ")
    assert rows["img12"]["error"] == "engine_error: engine died"
    assert stats["failures_by_reason"] == {"engine_error": 1, "undecodable_image": 1}
    assert stats["output_tokens"] == 8 * 7  # ok rows only


def test_a_rewritten_input_shard_is_redone_and_a_removed_one_dropped(job, ray_local):
    """A recrawl writes pool shards anew under the same names: captions made from the old
    contents must not pass for done, and those of a shard that is gone must not linger."""
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out, cfg = job
    pool = ShardedOutput(str(out / "crawl" / "pool"))
    rows = [{"img_id": f"new{k}", "image": _png(k + 1), "image_url": "u", "page_url": "p", "lang": LANGS[k],
             "alt": None, "width": 56, "height": 56, "format": "PNG"} for k in range(3)]
    pool.write("part-00000", records.to_table(rows, records.CRAWL_IMAGES))
    pool.remove("part-00001")
    stats = run_caption(cfg)
    assert stats["shards_written"] == 1 and stats["rows_this_run"] == 3
    assert sorted(r["img_id"] for r in _table(out / "caption").to_pylist()) == ["new0", "new1", "new2"]
    run_translate(cfg)
    trans = _table(out / "translate").to_pylist()
    assert sorted({r["img_id"] for r in trans}) == ["new0", "new1", "new2"] and len(trans) == 9
    assert not list((out / "caption").glob("part-00001*"))
