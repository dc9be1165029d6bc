"""Caption rows in, translation rows out, with any engine (no Ray here: tests pass fakes).

Each ok caption becomes one row per target language, ok or failed with a reason. Captions go
to the engine in sentence chunks (a seq2seq MT model gets the raw text and language codes, an
instruction LLM a prompt naming language and script) and are rejoined with their paragraph
breaks. Serbian is produced in Cyrillic and transliterated when Latin is configured. Optional
back-translation into the pivot with the same engine gives each accepted row a chrF score.
"""
from __future__ import annotations

import logging
from typing import NamedTuple

from mella_ray import records
from mella_ray.config import TranslateConfig
from mella_ray.infer.engine import Engine, GenRequest
from mella_ray.langs import serbian_to_latin
from mella_ray.translate.prompting import (back_translation_prompt, chrf, chunk_reason, chunk_text, detected_language,
                                          join_chunks, quality_reason, translation_prompt)

log = logging.getLogger(__name__)

PASS_PREFIX = "_"  # internal columns (shard, token counts) pass through to the output rows


class Translated(NamedTuple):
    text: str | None
    error: str | None  # the engine's, for a chunk or the whole batch
    tokens: int
    chunk_error: str | None = None  # the first chunk that failed the gate alone


def required_script(lang: str) -> str | None:
    """Serbian is asked for in Cyrillic, whatever script is stored (Latin is transliterated)."""
    return "Cyrillic" if lang == "sr" else None


def targets_for(image_lang: str, cfg: TranslateConfig, languages: list[str]) -> list[str]:
    return [image_lang] if cfg.targets == "image_lang" else list(languages)


class Translator:
    def __init__(self, cfg: TranslateConfig, languages: list[str], engine: Engine):
        self.cfg, self.languages, self.engine = cfg, languages, engine
        self.seq2seq = bool(getattr(engine, "is_seq2seq", False))

    def _request(self, chunk: str, src: str, tgt: str, back: bool) -> GenRequest:
        if self.seq2seq:
            return GenRequest(chunk, src_lang=src, tgt_lang=tgt)
        if back:
            return GenRequest(back_translation_prompt(chunk, src, tgt, self.cfg.prompt))
        return GenRequest(translation_prompt(chunk, tgt, self.cfg.serbian_script, src, self.cfg.prompt))

    def _chunk_error(self, chunk: str, out: str | None, tgt: str, index: int, count: int) -> str | None:
        reason = chunk_reason(chunk, out, tgt, self.cfg.min_length_ratio, self.cfg.max_length_ratio,
                              self.cfg.check_language, required_script(tgt))
        return f"{reason}: chunk {index + 1} of {count}" if reason else None

    def translate(self, jobs: list[tuple[str, str, str]], back: bool = False) -> list[Translated]:
        """(text, source lang, target lang) -> Translated, chunk by chunk. Each chunk of a
        forward translation of several chunks is also judged alone (`chunk_error`)."""
        reqs, where = [], []  # where: (job, chunk, separator after it, index, chunks in the job)
        for k, (text, src, tgt) in enumerate(jobs):
            chunks = chunk_text(text, self.cfg.chunk_chars)
            for j, (chunk, sep) in enumerate(chunks):
                reqs.append(self._request(chunk, src, tgt, back))
                where.append((k, chunk, sep, j, len(chunks)))
        try:
            results = self.engine.generate(reqs)
        except Exception as e:  # an engine that raises for a whole batch: every row records it
            log.warning("translate: engine failed on %d chunks", len(reqs), exc_info=True)
            return [Translated(None, f"engine_error: {type(e).__name__}: {e}"[:500], 0) for _ in jobs]
        parts: list[list[str]] = [[] for _ in jobs]
        part_seps: list[list[str]] = [[] for _ in jobs]
        errors: list[str | None] = [None] * len(jobs)
        chunk_errors: list[str | None] = [None] * len(jobs)
        tokens = [0] * len(jobs)
        for res, (k, chunk, sep, j, n) in zip(results, where):
            tokens[k] += res.completion_tokens
            if res.error:
                errors[k] = errors[k] or res.error
                continue
            if not back and n > 1 and not chunk_errors[k]:
                chunk_errors[k] = self._chunk_error(chunk, res.text, jobs[k][2], j, n)
            parts[k].append(res.text or "")
            part_seps[k].append(sep)
        return [Translated(None, e, n) if e else Translated(join_chunks(p, s), None, n, c)
                for p, s, e, n, c in zip(parts, part_seps, errors, tokens, chunk_errors)]

    def rows(self, captions: list[dict]) -> list[dict]:
        """Translation rows (records.TRANSLATIONS + pass-through '_' columns) for caption rows."""
        captions = [r for r in captions if r["status"] == records.STATUS_OK]
        jobs = [(r, lang) for r in captions for lang in targets_for(r["lang"], self.cfg, self.languages)]
        too_long = {i for i, (r, _) in enumerate(jobs) if len(r["caption"]) > self.cfg.max_source_chars}
        todo = [i for i in range(len(jobs)) if i not in too_long]
        outs = dict(zip(todo, self.translate([(jobs[i][0]["caption"], jobs[i][0].get("pivot_lang") or "en", jobs[i][1])
                                              for i in todo])))
        no_output = Translated(None, None, 0)
        table, accepted = [], []
        for i, (r, lang) in enumerate(jobs):
            text, error, n_tokens, chunk_error = outs.get(i, no_output)
            if i in too_long:
                error = f"input_too_long: {len(r['caption'])} chars > {self.cfg.max_source_chars}"
            reason = error or quality_reason(r["caption"], text, lang, self.cfg.min_length_ratio,
                                             self.cfg.max_length_ratio, self.cfg.check_language,
                                             required_script(lang)) or chunk_error
            stored = serbian_to_latin(text) if text and lang == "sr" and self.cfg.serbian_script == "latin" else text
            n_src, n_txt = len(r["caption"]), len(text or "")
            row = {
                "img_id": r["img_id"], "lang": lang, "text": None if reason else stored, "category": r.get("category"),
                "source_chars": n_src, "text_chars": n_txt, "length_ratio": n_txt / max(n_src, 1),
                "detected_lang": detected_language(text), "backtranslation_chrf": None, "model": self.engine.model,
                "status": records.STATUS_FAILED if reason else records.STATUS_OK, "error": reason,
                "_out_tokens": n_tokens,
                **{k: v for k, v in r.items() if k.startswith(PASS_PREFIX) and k != "_out_tokens"},
            }
            table.append(row)
            if not reason:
                accepted.append((row, text, r))
        if self.cfg.backtranslation and accepted:
            self._back_translate(accepted)
        return table

    def _back_translate(self, accepted: list[tuple[dict, str, dict]]) -> None:
        """Same engine, target -> pivot; chrF against the caption; optional minimum."""
        backs = self.translate([(text, row["lang"], cap.get("pivot_lang") or "en") for row, text, cap in accepted],
                               back=True)
        for (row, _, cap), (back, error, n_tokens, _) in zip(accepted, backs):
            row["_out_tokens"] += n_tokens
            if back is None:
                log.debug("back-translation of %s/%s failed: %s", row["img_id"], row["lang"], error)
                continue  # the translation stands; its score is unknown
            row["backtranslation_chrf"] = chrf(back, cap["caption"])
            floor = self.cfg.min_backtranslation_chrf
            if floor is not None and row["backtranslation_chrf"] < floor:
                row.update(text=None, status=records.STATUS_FAILED,
                           error=f"low_backtranslation_chrf: {row['backtranslation_chrf']:.1f} < {floor}")
