"""Translate stage: caption/*.parquet -> translate/*.parquet (one row per caption and target)."""
from __future__ import annotations

import logging

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray import records
from mella_ray.config import JobConfig, TranslateConfig
from mella_ray.infer import GenRequest, load_engine
from mella_ray.langs import serbian_to_latin
from mella_ray.runtime import storage
from mella_ray.runtime.batch_stage import SHARD_COL, engine_resources, map_shards, shard_name
from mella_ray.runtime.shards import ShardedOutput
from mella_ray.runtime.stats import StageStats
from mella_ray.translate.prompting import quality_reason, split_sentences, translation_prompt

log = logging.getLogger(__name__)

OUT_SCHEMA = records.TRANSLATIONS.append(pa.field(SHARD_COL, pa.string()))


def targets_for(image_lang: str, cfg: TranslateConfig, languages: list[str]) -> list[str]:
    return [image_lang] if cfg.targets == "image_lang" else list(languages)


class Translator:
    """Ray Data callable: one engine per actor; each ok caption becomes one row per target."""

    def __init__(self, translate_cfg: dict, languages: list[str], models_dir: str):
        self.cfg = TranslateConfig.model_validate(translate_cfg)
        self.languages = languages
        self.engine = load_engine(self.cfg.engine, models_dir)

    def _translate(self, jobs: list[tuple[str, str]]) -> list[tuple[str | None, str | None]]:
        """(text, lang) pairs -> (translation, error); long texts go sentence chunk by chunk."""
        chunks, owner = [], []
        for k, (text, lang) in enumerate(jobs):
            for c in split_sentences(text):
                chunks.append(GenRequest(translation_prompt(c, lang)))
                owner.append(k)
        results = self.engine.generate(chunks)
        parts: list[list[str]] = [[] for _ in jobs]
        errors: list[str | None] = [None] * len(jobs)
        for k, res in zip(owner, results):
            if res.error:
                errors[k] = res.error
            else:
                parts[k].append(res.text or "")
        return [(None, e) if e else (" ".join(p).strip(), None) for p, e in zip(parts, errors)]

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = [r for r in batch.to_pylist() if r["status"] == records.STATUS_OK]
        jobs = [(r, lang) for r in rows for lang in targets_for(r["lang"], self.cfg, self.languages)]
        outs = self._translate([(r["caption"], lang) for r, lang in jobs])
        table = []
        for (r, lang), (text, error) in zip(jobs, outs):
            if text and lang == "sr" and self.cfg.serbian_script == "latin":
                text = serbian_to_latin(text)
            reason = error or quality_reason(r["caption"], text, lang, self.cfg.min_length_ratio,
                                                 self.cfg.max_length_ratio, self.cfg.check_language)
            n_src, n_txt = len(r["caption"]), len(text or "")
            table.append({
                "img_id": r["img_id"], "lang": lang, "text": None if reason else text, "category": r["category"],
                "source_chars": n_src, "text_chars": n_txt, "length_ratio": n_txt / max(n_src, 1),
                "model": self.engine.model, "status": records.STATUS_FAILED if reason else records.STATUS_OK,
                "error": reason, SHARD_COL: shard_name(r["path"]),
            })
        return pa.Table.from_pylist(table, schema=OUT_SCHEMA)


def run_translate(cfg: JobConfig) -> dict:
    captions = ShardedOutput(cfg.path("caption"))
    inputs = captions.shard_paths()
    if not inputs:
        raise FileNotFoundError(f"translate: no finished shards in {captions.folder}; run the caption stage first")
    needed = ["img_id", "lang", "caption", "category", "status"]
    records.require_columns("caption", storage.parquet_schema(inputs[0]).names, needed)
    per_caption = 1 if cfg.translate.targets == "image_lang" else len(cfg.languages)
    expected = {}
    for p in inputs:
        status = storage.read_parquet(p, ["status"]).column("status")
        expected[shard_name(p)] = int(pc.sum(pc.equal(status, records.STATUS_OK)).as_py() or 0) * per_caption
    out = ShardedOutput(cfg.path("translate"))
    stats = StageStats("translate")
    written = map_shards(
        inputs=inputs, expected_rows=expected, out=out, schema=records.TRANSLATIONS, fn=Translator,
        fn_kwargs={"translate_cfg": cfg.translate.model_dump(), "languages": cfg.languages, "models_dir": cfg.models_path},
        columns=needed, batch_size=cfg.translate.engine.batch_size,
        resources=engine_resources(cfg.translate.engine), what="translate",
    )
    stats.count_status(out.read_all(columns=["lang", "status", "error"]))
    stats.extra.update(shards_written=written, shards_total=len(inputs), skipped=written == 0, model=cfg.translate.engine.model)
    out.mark_complete()
    return stats.write(out.folder)
