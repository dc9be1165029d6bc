"""Paired bootstrap confidence intervals for the per-language difference between two models.

Both models answered the same test rows, so the rows are resampled with replacement once per
resample and both models are scored on the same resampled rows (paired). For BLEU and chrF
this is sacrebleu's paired bootstrap (Koehn 2004, as sacrebleu's `PairedTest(test_type="bs")`
runs it): sentence-level sufficient statistics from sacrebleu's own metric objects, the same
index draws (numpy `default_rng(seed).choice`), the same p-value (Moses' "difference larger
than chance" count). For keyword accuracy, ROUGE-L and METEOR the resampled unit is a row's
score and the statistic the difference of means.

The interval is the 2.5th-97.5th percentile of the resampled differences (B − A); a difference
is marked significant when that interval excludes 0.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from mella_ray.evaluate import metrics
from mella_ray.evaluate.tokenize import bleu_tokenizer, fold_script

ALPHA = 0.05


def _p_value(diffs: np.ndarray, real: float) -> float:
    """sacrebleu's paired-bootstrap p-value: resampled |differences| recentred on 0 vs the real one."""
    sample = np.abs(diffs)
    centred = sample - sample.mean()
    return float((np.sum(centred > abs(real)) + 1) / (len(diffs) + 1))


def _summary(real: float, diffs: np.ndarray, n: int) -> dict[str, Any]:
    lo, hi = (float(x) for x in np.percentile(diffs, [100 * ALPHA / 2, 100 * (1 - ALPHA / 2)]))
    return {
        "diff": float(real),
        "ci_low": lo,
        "ci_high": hi,
        "p_value": _p_value(diffs, real),
        "significant": bool(lo > 0 or hi < 0),
        "n": n,
    }


def _indices(n_rows: int, n_samples: int, seed: int) -> np.ndarray:
    # exactly sacrebleu's draw (significance._paired_bs_test), so BLEU/chrF p-values equal its own
    return np.random.default_rng(seed).choice(n_rows, size=(n_samples, n_rows), replace=True)


def mean_difference(a: list[float], b: list[float], n_samples: int, seed: int) -> dict[str, Any] | None:
    """Paired bootstrap of mean(b) − mean(a) over rows; None without rows or resamples."""
    if not a or n_samples <= 0:
        return None
    xa, xb = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    idx = _indices(len(xa), n_samples, seed)
    return _summary(xb.mean() - xa.mean(), xb[idx].mean(1) - xa[idx].mean(1), len(xa))


def _sacrebleu_metric(name: str, lang: str):
    from sacrebleu.metrics import BLEU, CHRF

    return BLEU(tokenize=bleu_tokenizer(lang)) if name == "bleu" else CHRF()


def corpus_difference(
    name: str, hyps_a: list[str], hyps_b: list[str], refs: list[str], lang: str, n_samples: int, seed: int
) -> dict[str, Any] | None:
    """Paired bootstrap of corpus BLEU or chrF (B − A) with sacrebleu's sufficient statistics."""
    if not refs or n_samples <= 0:
        return None
    metric = _sacrebleu_metric(name, lang)
    ref_streams = [[fold_script(r, lang) for r in refs]]
    scored = []
    for hyps in (hyps_a, hyps_b):
        stats = np.asarray(
            metric._extract_corpus_statistics([fold_script(h, lang) for h in hyps], ref_streams), dtype="float32"
        )
        scored.append(stats)
    real = [metric._compute_score_from_stats(s.sum(0)).score for s in scored]
    idx = _indices(len(refs), n_samples, seed)
    per_model = [np.array([metric._compute_score_from_stats(s.sum(0)).score for s in stats[idx]]) for stats in scored]
    return _summary(real[1] - real[0], per_model[1] - per_model[0], len(refs))


def language_differences(
    rows_a: list[dict], rows_b: list[dict], lang: str, mode: str, n_samples: int, seed: int
) -> dict[str, dict[str, Any] | None]:
    """Every metric's paired difference (B − A) in one language; rows are paired by sample_id.

    rows: scored rows as metrics.score_language takes them (prediction None for a failed generation)."""
    by_id = {r["sample_id"]: r for r in rows_b}
    ordered = sorted(rows_a, key=lambda r: r["sample_id"])
    pairs = [(r, by_id[r["sample_id"]]) for r in ordered if r["sample_id"] in by_id]
    know = [(a, b) for a, b in pairs if a["source"] == "know"]
    ling = [(a, b) for a, b in pairs if a["source"] == "ling"]
    out: dict[str, dict[str, Any] | None] = {}
    shares_a = metrics.keyword_shares([a for a, _ in know], lang, mode)
    shares_b = metrics.keyword_shares([b for _, b in know], lang, mode)
    kept = [(x, y) for x, y in zip(shares_a, shares_b) if x is not None and y is not None]
    out["keyword_accuracy"] = mean_difference([x for x, _ in kept], [y for _, y in kept], n_samples, seed)
    refs = [a["reference"] or "" for a, _ in ling]
    hyps_a = [a.get("prediction") or "" for a, _ in ling]
    hyps_b = [b.get("prediction") or "" for _, b in ling]
    for name in ("bleu", "chrf"):
        out[name] = corpus_difference(name, hyps_a, hyps_b, refs, lang, n_samples, seed)
    sentence: dict[str, Callable[[str, str, str, str], float]] = {"rougeL": metrics.rouge_l, "meteor": metrics.meteor}
    for name, fn in sentence.items():
        out[name] = mean_difference(
            [fn(h, r, lang, mode) for h, r in zip(hyps_a, refs)],
            [fn(h, r, lang, mode) for h, r in zip(hyps_b, refs)],
            n_samples,
            seed,
        )
    return out
