"""Caption rows in, translation rows out, with any engine in the same process (no Ray here:
tests pass fakes). The hf, tiny and MT backends run this in the stage's actor pool.

Each ok caption becomes one row per target language, ok or failed with a reason. Captions go
to the engine in sentence chunks (a seq2seq MT model gets the raw text and language codes, an
instruction LLM a prompt naming language and script) and are rejoined with their paragraph
breaks (assembly.py, shared with the vLLM processor path). Serbian is produced in Cyrillic and
transliterated when Latin is configured. Optional back-translation into the pivot with the same
engine gives each accepted row a chrF score.
"""

from __future__ import annotations

import logging

from mella_ray import records
from mella_ray.config import TranslateConfig
from mella_ray.failures import failure
from mella_ray.infer.engine import Engine, GenRequest
from mella_ray.translate.assembly import (
    Job,
    Translated,
    back_job,
    chunk_prompt,
    combine,
    forward_job,
    forward_jobs,
    plan,
    score_backtranslation,
    too_long,
    translation_row,
)

log = logging.getLogger(__name__)


class Translator:
    def __init__(self, cfg: TranslateConfig, languages: list[str], engine: Engine):
        self.cfg, self.languages, self.engine = cfg, languages, engine
        self.seq2seq = bool(getattr(engine, "is_seq2seq", False))

    def _request(self, chunk: str, job: Job, back: bool) -> GenRequest:
        if self.seq2seq:
            return GenRequest(chunk, src_lang=job.src, tgt_lang=job.tgt)
        return GenRequest(chunk_prompt(chunk, job, self.cfg, back))

    def translate(self, jobs: list[Job], back: bool = False) -> list[Translated]:
        """Each job's chunks, all jobs in one engine call, combined per job."""
        plans = [plan(job, self.cfg) for job in jobs]
        reqs = [self._request(chunk, job, back) for job, chunks in zip(jobs, plans) for chunk, _ in chunks]
        try:
            results = self.engine.generate(reqs)
        except Exception as e:  # an engine that raises for a whole batch: every row records it
            log.warning("translate: engine failed on %d chunks", len(reqs), exc_info=True)
            return [Translated(None, failure("translate", "engine_error", e), 0) for _ in jobs]
        out, start = [], 0
        for job, chunks in zip(jobs, plans):
            out.append(combine(chunks, results[start : start + len(chunks)], job.tgt, self.cfg, back))
            start += len(chunks)
        return out

    def rows(self, captions: list[dict]) -> list[dict]:
        """Translation rows (records.TRANSLATIONS + pass-through '_' columns) for caption rows."""
        jobs = forward_jobs(captions, self.cfg, self.languages)
        todo = [k for k, (r, _) in enumerate(jobs) if not too_long(r, self.cfg)]
        outs = dict(zip(todo, self.translate([forward_job(*jobs[k]) for k in todo])))
        table = [
            translation_row(r, lang, outs.get(k, Translated(None, None, 0)), self.cfg, self.engine.model)
            for k, (r, lang) in enumerate(jobs)
        ]
        if self.cfg.backtranslation:
            accepted = [
                (row, outs[k].text, jobs[k][0]) for k, row in enumerate(table) if row["status"] == records.STATUS_OK
            ]
            backs = self.translate([back_job(*a) for a in accepted], back=True) if accepted else []
            for (row, _, caption), back in zip(accepted, backs):
                if back.text is None:
                    log.debug("back-translation of %s/%s failed: %s", row["img_id"], row["lang"], back.failure)
                score_backtranslation(row, caption, back, self.cfg)
        return table
