"""Caption and translate end to end on a local Ray with the tiny models: every pool row is
accounted for, reruns skip finished work and write nothing twice, a crash mid-shard resumes by
img_id, an undecodable image is a recorded failure, a rewritten input shard is redone, and the
vLLM translate glue holds together (test_caption_translate_engines.py: models and the vLLM
caption glue).

One module fixture runs caption and translate once; a test that changes the output works on
its own copy of it, so that every test passes alone and in any order."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from mella_ray import failures, records
from mella_ray.config import parse_config
from mella_ray.runtime.shards import ShardedOutput

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from caption_translate_job import LANGS, job_config, pool_picture, read_table, write_pool  # noqa: E402

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def finished(tmp_path_factory, models_dir, ray_local):
    """The job captioned and translated once: (output dir, config, caption stats, translate stats)."""
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out = tmp_path_factory.mktemp("finished")
    write_pool(out)
    cfg = job_config(out, models_dir)
    return out, cfg, run_caption(cfg), run_translate(cfg)


@pytest.fixture
def own_copy(finished, tmp_path):
    """This test's own copy of the finished job (copy2 keeps the mtimes its markers record)."""
    out = tmp_path / "job"
    shutil.copytree(finished[0], out)
    return out, job_config(out, finished[1].models_dir)


def test_every_pool_row_gets_a_caption_and_translations_or_a_recorded_failure(finished):
    out, cfg, stats, translate_stats = finished
    caps = {r["img_id"]: r for r in read_table(out / "caption").to_pylist()}
    assert len(caps) == 10
    assert (caps["img01"]["status"], caps["img01"]["reason"]) == ("failed", "undecodable_image")
    assert caps["img01"]["error"]  # the decoder's message
    ok = [r for r in caps.values() if r["status"] == "ok"]
    assert len(ok) == 9 and all(r["caption"] and r["category"] for r in ok)
    assert stats["failures_by_reason"] == {"undecodable_image": 1} and stats["rows_this_run"] == 10
    assert stats["rows_per_s"] > 0 and stats["output_tokens"] > 0 and stats["output_tokens_per_s"] > 0

    stats = translate_stats
    trans = read_table(out / "translate").to_pylist()
    assert sorted((r["img_id"], r["lang"]) for r in trans) == sorted(
        (i, lang) for i in (r["img_id"] for r in ok) for lang in LANGS
    )
    assert all(failures.is_reason("translate", r["reason"]) for r in trans if r["status"] != "ok")
    assert all(r["text"] and r["reason"] is None for r in trans if r["status"] == "ok")
    assert set(stats["failures_by_reason"]) <= set(failures.TRANSLATE)  # codes, not messages
    assert all(r["detected_lang"] for r in trans if r["text_chars"])
    assert all(r["backtranslation_chrf"] is not None for r in trans if r["status"] == "ok")
    assert {r["model"] for r in trans} == {str(Path(cfg.models_path) / "tiny-mt")}  # the seq2seq tiny translator
    assert stats["kept_total"] + stats["dropped_total"] == 27
    on_disk = json.loads((out / "translate" / "stats.json").read_text())
    assert on_disk["rows_this_run"] == 27 and "failures_by_reason" in on_disk and "output_tokens_per_s" in on_disk


def test_rerun_skips_done_rows_and_writes_no_duplicates(own_copy, ray_local):
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out, cfg = own_copy
    files = sorted(out.glob("caption/*.parquet")) + sorted(out.glob("translate/*.parquet"))
    before = {p: p.stat().st_mtime_ns for p in files}
    assert run_caption(cfg)["skipped"] and run_translate(cfg)["skipped"]
    assert {p: p.stat().st_mtime_ns for p in files} == before
    ids = [r["img_id"] for r in read_table(out / "caption").to_pylist()]
    assert len(ids) == len(set(ids)) == 10


def test_a_crash_mid_shard_resumes_by_img_id(own_copy, ray_local):
    from mella_ray.caption.stage import run_caption
    from mella_ray.runtime.batch_stage import shard_source
    from mella_ray.runtime.shard_parts import ShardParts

    out, cfg = own_copy
    caption = ShardedOutput(str(out / "caption"))
    done = read_table(out / "caption").to_pylist()
    # As a crash leaves it: shard 1 has no marker and no file, but two of its rows in parts.
    (out / "caption" / "_done" / "part-00001").unlink()
    (out / "caption" / "part-00001.parquet").unlink()
    kept = [r for r in done if r["img_id"] in ("img10", "img13")]
    sources = {"part-00001": shard_source(str(out / "crawl" / "pool" / "part-00001.parquet"))}
    ShardParts(caption, records.CAPTIONS, "img_id", ("img_id",), 1, sources).add(
        "part-00001", records.to_table(kept, records.CAPTIONS)
    )
    stats = run_caption(cfg)
    assert stats["resumed_rows"] == 2 and stats["rows_this_run"] == 3 and stats["shards_written"] == 1
    rows = read_table(out / "caption").to_pylist()
    assert sorted(r["img_id"] for r in rows) == sorted(r["img_id"] for r in done)  # no duplicates, none lost
    assert [r for r in rows if r["img_id"] in ("img10", "img13")] == kept  # taken over, not recomputed
    assert not (out / "caption" / "_parts").exists()


def test_a_rewritten_input_shard_is_redone_and_a_removed_one_dropped(own_copy, ray_local):
    """A recrawl writes pool shards anew under the same names: captions made from the old
    contents must not pass for done, and those of a shard that is gone must not linger."""
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate

    out, cfg = own_copy
    pool = ShardedOutput(str(out / "crawl" / "pool"))
    rows = [
        {
            "img_id": f"new{k}",
            "image": pool_picture(k + 1),
            "image_url": "u",
            "page_url": "p",
            "lang": LANGS[k],
            "alt": None,
            "width": 56,
            "height": 56,
            "format": "PNG",
        }
        for k in range(3)
    ]
    pool.write("part-00000", records.to_table(rows, records.CRAWL_IMAGES))
    pool.remove("part-00001")
    stats = run_caption(cfg)
    assert stats["shards_written"] == 1 and stats["rows_this_run"] == 3
    assert sorted(r["img_id"] for r in read_table(out / "caption").to_pylist()) == ["new0", "new1", "new2"]
    run_translate(cfg)
    trans = read_table(out / "translate").to_pylist()
    assert sorted({r["img_id"] for r in trans}) == ["new0", "new1", "new2"] and len(trans) == 9
    assert not list((out / "caption").glob("part-00001*"))


def test_vllm_translate_path_gives_the_rows_of_the_engine_in_the_actor(finished, tmp_path, ray_local, monkeypatch):
    """Chunks through a processor, regrouped and gated after it, in waves of one shard, give
    the same rows as the same engine called in the actor: same texts, statuses, reasons and
    back-translation scores."""
    import mella_ray.infer.vllm_backend as vb
    from mella_ray.translate.stage import run_translate

    class StandInLLM:
        """Stands in for ray.data.llm's vLLM stage (vLLM cannot be installed here): the tiny LM
        answers each row's messages alone, and a batch's rows come back in reverse order, as
        continuous batching may return them."""

        def __init__(self, engine: dict, models_dir: str, model: str, to_messages, max_tokens):
            from mella_ray.config import EngineConfig
            from mella_ray.infer import load_engine

            self.to_messages, self.max_tokens = to_messages, max_tokens
            self.engine = load_engine(EngineConfig.model_validate(engine), models_dir, model=model, role="text")

        def __call__(self, batch):
            import pyarrow as pa

            from mella_ray.infer import GenRequest

            out = []
            for row in reversed(batch.to_pylist()):
                prompt = self.to_messages(row)[-1]["content"]
                res = self.engine.generate([GenRequest(prompt, max_new_tokens=self.max_tokens(row))])[0]
                out.append(
                    {
                        **row,
                        "generated_text": res.text,
                        "num_generated_tokens": res.completion_tokens,
                        "num_input_tokens": res.prompt_tokens,
                        "__inference_error__": res.error or "",
                    }
                )
            return pa.Table.from_pylist(out)

    def config(out: Path, backend: str):
        engine = {"backend": backend, "model": "tiny:lm", "kind": "chat", "max_new_tokens": 12, "batch_size": 1}
        return parse_config(
            {
                "output_dir": str(out),
                "models_dir": finished[1].models_dir,
                "languages": LANGS,
                "translate": {
                    "engine": engine,
                    "targets": "all",
                    "check_language": False,
                    "max_length_ratio": 50.0,
                    "chunk_chars": 50,
                    "backtranslation": True,
                    "wave_shards": 1,
                },
            }
        )

    def stand_in(cfg, model, model_config, to_messages, max_tokens=None, drop=()):
        engine = {**cfg.model_dump(), "backend": "tiny"}
        return lambda ds: ds.map_batches(
            StandInLLM,
            fn_constructor_kwargs={
                "engine": engine,
                "models_dir": finished[1].models_path,
                "model": model,
                "to_messages": to_messages,
                "max_tokens": max_tokens,
            },
            batch_size=4,
            batch_format="pyarrow",
            concurrency=1,
            num_cpus=0.25,
        )

    monkeypatch.setattr(vb, "build_llm_processor", stand_in)
    rows = {}
    for backend in ("tiny", "vllm"):
        out = tmp_path / backend
        for stage in ("crawl", "caption"):
            shutil.copytree(finished[0] / stage, out / stage)
        stats = run_translate(config(out, backend))
        assert stats["kept_total"] + stats["dropped_total"] == 27 and stats["shards_written"] == 2
        rows[backend] = sorted(
            (r["img_id"], r["lang"], r["status"], r["reason"], r["error"], r["text"], r["backtranslation_chrf"])
            for r in read_table(out / "translate").to_pylist()
        )
    assert rows["vllm"] == rows["tiny"]
    assert any(r[2] == "ok" for r in rows["vllm"]) and all(r[6] is not None for r in rows["vllm"] if r[2] == "ok")
