"""From a caption to its translation rows, around the engine call: what to ask, and what the
answers make. Shared by both ways translate runs (no Ray, no engine here):
- the engine in the actor (translator.py): a batch's chunks go to `engine.generate` at once;
- a ray.data.llm processor (processor.py): one row per chunk through vLLM, regrouped after.

A caption is split into sentence chunks (`plan`); each chunk gets a prompt (`chunk_prompt`);
the chunks' answers are joined and each chunk of a longer caption is judged alone (`combine`);
the whole text passes the quality gate into a row (`translation_row`); an optional
back-translation scores it (`score_backtranslation`).
"""

from __future__ import annotations

from typing import NamedTuple

from mella_ray import records
from mella_ray.config import TranslateConfig
from mella_ray.failures import Failure, check_reason, failure
from mella_ray.infer.engine import GenResult
from mella_ray.langs import serbian_to_latin
from mella_ray.translate.prompting import (
    back_translation_prompt,
    chrf,
    chunk_reason,
    chunk_text,
    detected_language,
    join_chunks,
    quality_reason,
    translation_prompt,
)

PASS_PREFIX = "_"  # internal columns (shard, token counts) pass through to the output rows


class Translated(NamedTuple):
    text: str | None
    failure: Failure | None  # the engine's, for a chunk or the whole batch
    tokens: int
    chunk_failure: Failure | None = None  # the first chunk that failed the gate alone


class Job(NamedTuple):
    """One text to translate: a caption into a target, or a translation back into the pivot."""

    text: str
    src: str
    tgt: str


def required_script(lang: str) -> str | None:
    """Serbian is asked for in Cyrillic, whatever script is stored (Latin is transliterated)."""
    return "Cyrillic" if lang == "sr" else None


def targets_for(image_lang: str, cfg: TranslateConfig, languages: list[str]) -> list[str]:
    return [image_lang] if cfg.targets == "image_lang" else list(languages)


def too_long(caption: dict, cfg: TranslateConfig) -> bool:
    return len(caption["caption"]) > cfg.max_source_chars


def forward_jobs(captions: list[dict], cfg: TranslateConfig, languages: list[str]) -> list[tuple[dict, str]]:
    """(caption row, target language) for every ok caption."""
    return [
        (r, lang)
        for r in captions
        if r["status"] == records.STATUS_OK
        for lang in targets_for(r["lang"], cfg, languages)
    ]


def forward_job(caption: dict, lang: str) -> Job:
    return Job(caption["caption"], caption.get("pivot_lang") or "en", lang)


def back_job(row: dict, text: str, caption: dict) -> Job:
    """The accepted translation (before any transliteration) back into the caption's pivot."""
    return Job(text, row["lang"], caption.get("pivot_lang") or "en")


def plan(job: Job, cfg: TranslateConfig) -> list[tuple[str, str]]:
    """(chunk, separator after it) pairs of one job."""
    return chunk_text(job.text, cfg.chunk_chars)


def chunk_prompt(chunk: str, job: Job, cfg: TranslateConfig, back: bool) -> str:
    """The instruction an LLM gets for one chunk (a seq2seq model gets the bare chunk)."""
    if back:
        return back_translation_prompt(chunk, job.src, job.tgt, cfg.prompt)
    return translation_prompt(chunk, job.tgt, cfg.serbian_script, job.src, cfg.prompt)


def combine(
    chunks: list[tuple[str, str]], results: list[GenResult], tgt: str, cfg: TranslateConfig, back: bool
) -> Translated:
    """The answers to one job's chunks, in order, as one text. A forward translation of several
    chunks also has each chunk judged alone: a chunk handed back untranslated would hide in a
    text that passes as a whole."""
    tokens = sum(r.completion_tokens for r in results)
    bad = next((r for r in results if not r.ok), None)
    if bad:
        return Translated(None, failure("translate", bad.reason, bad.error), tokens)
    chunk_failure = None
    if not back and len(chunks) > 1:
        for j, ((chunk, _), res) in enumerate(zip(chunks, results, strict=True)):
            reason = chunk_reason(
                chunk,
                res.text,
                tgt,
                cfg.min_length_ratio,
                cfg.max_length_ratio,
                cfg.check_language,
                required_script(tgt),
            )
            if reason:
                chunk_failure = failure("translate", reason, f"chunk {j + 1} of {len(chunks)}")
                break
    return Translated(join_chunks([r.text or "" for r in results], [s for _, s in chunks]), None, tokens, chunk_failure)


def translation_row(caption: dict, lang: str, t: Translated, cfg: TranslateConfig, model: str) -> dict:
    """One records.TRANSLATIONS row (plus the caption's '_' columns): ok, or failed with the
    engine's failure, the quality gate's reason, or the first failed chunk."""
    f = t.failure
    if too_long(caption, cfg):
        f = failure("translate", "input_too_long", f"{len(caption['caption'])} chars > {cfg.max_source_chars}")
    if f is None:
        gate = quality_reason(
            caption["caption"],
            t.text,
            lang,
            cfg.min_length_ratio,
            cfg.max_length_ratio,
            cfg.check_language,
            required_script(lang),
        )
        f = failure("translate", gate) if gate else t.chunk_failure
    text = t.text
    stored = serbian_to_latin(text) if text and lang == "sr" and cfg.serbian_script == "latin" else text
    n_src, n_txt = len(caption["caption"]), len(text or "")
    return {
        "img_id": caption["img_id"],
        "lang": lang,
        "text": None if f else stored,
        "category": caption.get("category"),
        "source_chars": n_src,
        "text_chars": n_txt,
        "length_ratio": n_txt / max(n_src, 1),
        "detected_lang": detected_language(text),
        "backtranslation_chrf": None,
        "model": model,
        "status": records.STATUS_FAILED if f else records.STATUS_OK,
        "reason": f.reason if f else None,
        "error": f.error if f else None,
        "_out_tokens": t.tokens,
        **{k: v for k, v in caption.items() if k.startswith(PASS_PREFIX) and k != "_out_tokens"},
    }


def score_backtranslation(row: dict, caption: dict, back: Translated, cfg: TranslateConfig) -> None:
    """chrF of the back-translation against the caption, in place; below the configured floor
    the row fails. A failed back-translation leaves the row as it is (its score unknown)."""
    row["_out_tokens"] += back.tokens
    if back.text is None:
        return
    row["backtranslation_chrf"] = chrf(back.text, caption["caption"])
    floor = cfg.min_backtranslation_chrf
    if floor is not None and row["backtranslation_chrf"] < floor:
        row.update(
            text=None,
            status=records.STATUS_FAILED,
            reason=check_reason("translate", "low_backtranslation_chrf"),
            error=f"{row['backtranslation_chrf']:.1f} < {floor}",
        )
