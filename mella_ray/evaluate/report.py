"""The evaluation report: scores per model and language, report.json, report.md, plots, samples.

No Ray here: `build_report` turns prediction rows into the report dict (pure), `write_report`
puts it on storage (local or s3://) with the plots and a few side-by-side samples
(report_render.py draws report.md and the plots).
"""

from __future__ import annotations

import io
import re
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from mella_ray import records
from mella_ray.evaluate import compare, matching, metrics
from mella_ray.evaluate.report_render import plot_png, render_markdown
from mella_ray.evaluate.tokenize import describe
from mella_ray.runtime import storage


def _version(pkg: str) -> str:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return "unknown"


def _mean(values: list[float | None]) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def build_report(
    predictions: dict[str, list[dict]],
    models: dict[str, str],
    languages: list[str],
    skipped: dict[str, str] | None = None,
    mode: str = matching.MATCHING_LANGUAGE,
    bootstrap_samples: int = 1000,
    bootstrap_seed: int = 12345,
    same_as: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Score every model on every language; the dict written as report.json.

    predictions: model name ("base", "tuned", or a contender's name) -> PREDICTIONS rows; models: name ->
    path/hub id/endpoint; languages: the configured ones (those without rows are reported as missing);
    mode: evaluate.matching; bootstrap_*: the paired intervals of every model pair (0 samples: none);
    same_as: endpoint -> the evaluated model it serves (its answers are checked against that model's).
    """
    present = sorted({r["lang"] for rows in predictions.values() for r in rows})
    missing = [lang for lang in languages if lang not in present]
    results: dict[str, dict] = {}
    counts: dict[str, dict] = {}
    sigs: dict[str, dict[str, str]] = {"bleu": {}, "chrf": {}}
    scored_rows: dict[str, dict[str, list[dict]]] = {}
    for name, rows in predictions.items():
        results[name], counts[name], scored_rows[name] = {}, {}, {}
        for lang in languages:
            lang_rows = [r for r in rows if r["lang"] == lang]
            failed = sum(r["status"] != records.STATUS_OK for r in lang_rows)
            counts[name][lang] = {"rows": len(lang_rows), "ok": len(lang_rows) - failed, "failed": failed}
            if not lang_rows:
                results[name][lang] = {"status": "missing", **{m: None for m in metrics.METRICS}}
                continue
            scored = [
                {**r, "prediction": r["prediction"] if r["status"] == records.STATUS_OK else None} for r in lang_rows
            ]
            scored_rows[name][lang] = scored
            scores, lang_sigs = metrics.score_language(scored, lang, mode)
            results[name][lang] = {"status": "ok", **scores, "failed": failed}
            for k, s in lang_sigs.items():
                sigs[k][lang] = s
    means = {
        name: {m: _mean([results[name][lang][m] for lang in languages]) for m in metrics.METRICS} for name in results
    }
    report: dict[str, Any] = {
        "stage": "evaluate",
        "languages": list(languages),
        "evaluated_languages": [lang for lang in languages if lang in present],
        "missing_languages": missing,
        "models": {name: models[name] for name in results},
        "skipped_models": dict(skipped or {}),
        "metrics": list(metrics.METRICS),
        "scale": metrics.SCALE,
        "results": results,
        "means": means,
        "counts": counts,
        "signatures": {
            **sigs,
            "rougeL": f"rouge_score {_version('rouge-score')}|rougeL F-measure, per-sample mean|tok:mella-unicode",
            "meteor": f"nltk {_version('nltk')}|single_meteor_score alpha=0.9 beta=3 gamma=0.5|stem:porter|"
            f"wordnet:{metrics.wordnet()[1]}|tok:mella-unicode",
        },
        "matching": mode,
        "tokenizers": {
            lang: {**describe(lang), **(matching.describe(lang) if mode == matching.MATCHING_LANGUAGE else {})}
            for lang in languages
        },
        "bootstrap": {
            "samples": bootstrap_samples,
            "seed": bootstrap_seed,
            "confidence": 0.95,
            "interval": "percentile of paired resampled differences",
        },
        "comparisons": compare.build_comparisons(
            scored_rows, languages, list(metrics.METRICS), mode, bootstrap_samples, bootstrap_seed
        ),
        "caveats": metrics.caveats(mode),
    }
    if "base" in results and "tuned" in results:
        report["delta"] = {
            "results": {
                lang: {m: _diff(results["tuned"][lang][m], results["base"][lang][m]) for m in metrics.METRICS}
                for lang in languages
            },
            "means": {m: _diff(means["tuned"][m], means["base"][m]) for m in metrics.METRICS},
        }
    report["verdict"] = compare.verdict(report)
    report["agreement"] = compare.agreement(predictions, same_as or {}, results, languages)
    return report


def _diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


# ---------------------------------------------------------------- samples
def thumbnail(image: bytes, max_side: int = 160) -> bytes | None:
    """A small JPEG of the image for the markdown report; None if it cannot be decoded."""
    from PIL import Image

    try:
        img = Image.open(io.BytesIO(image)).convert("RGB")
        img.thumbnail((max_side, max_side))
        buf = io.BytesIO()
        img.save(buf, format="JPEG", quality=80)
        return buf.getvalue()
    except Exception:  # a bad image must not sink the report; the row says "(no image)"
        return None


def pick_samples(predictions: dict[str, list[dict]], per_source: int = 1) -> list[dict]:
    """A few samples (the first know and ling rows of each language by sample_id) with every model's output."""
    by_model = {n: {r["sample_id"]: r for r in rows} for n, rows in predictions.items()}
    first = next(iter(predictions.values()), [])
    chosen: list[dict] = []
    seen: dict[tuple[str, str], int] = {}
    for r in sorted(first, key=lambda r: (r["lang"], r["source"], r["sample_id"])):
        key = (r["lang"], r["source"])
        if seen.get(key, 0) >= per_source:
            continue
        seen[key] = seen.get(key, 0) + 1
        chosen.append(
            {
                "sample_id": r["sample_id"],
                "lang": r["lang"],
                "source": r["source"],
                "reference": r["reference"],
                "outputs": {n: (m.get(r["sample_id"]) or {}).get("prediction") for n, m in by_model.items()},
            }
        )
    return chosen


def write_report(
    report: dict[str, Any], folder: str, predictions: dict[str, list[dict]], images: dict[str, bytes] | None = None
) -> dict[str, str]:
    """report.json, report.md, plots/<metric>.png and samples/*.jpg under `folder`; returns their paths."""
    paths: dict[str, str] = {}
    plots = {}
    for m in report["metrics"]:
        rel = f"plots/{m}.png"
        storage.write_bytes(storage.join(folder, rel), plot_png(report, m))
        plots[m] = rel
        paths[f"plot_{m}"] = storage.join(folder, rel)
    samples = pick_samples(predictions)
    for s in samples:
        thumb = thumbnail(images[s["sample_id"]]) if images and s["sample_id"] in images else None
        if thumb:
            rel = f"samples/{re.sub(r'[^A-Za-z0-9_.-]', '_', s['sample_id'])[:80]}.jpg"
            storage.write_bytes(storage.join(folder, rel), thumb)
            s["image"] = rel
    paths["json"] = storage.join(folder, "report.json")
    storage.write_json(paths["json"], report)
    paths["md"] = storage.join(folder, "report.md")
    storage.write_text(paths["md"], render_markdown(report, samples, plots))
    return paths
