"""Model-against-model comparisons of the report: paired bootstrap intervals and the plain verdict.

For every pair of evaluated models (in report order: base, tuned, then contenders) and every
language, each metric's difference B − A with its 95% interval (bootstrap.py). The verdict says
in words, per language, whether tuned beats base on keyword accuracy, and where it does not. An
endpoint that serves one of the evaluated models (`same_as`, e.g. the serve stage's endpoint of
tuned) is checked row by row against it: same model and greedy decoding should give the same answers.
"""

from __future__ import annotations

from typing import Any

from mella_ray.evaluate import bootstrap

VERDICT_METRIC = "keyword_accuracy"


def model_order(names: list[str]) -> list[str]:
    """base, tuned, then the contenders in their configured order."""
    fixed = [n for n in ("base", "tuned") if n in names]
    return fixed + [n for n in names if n not in fixed]


def build_comparisons(
    scored: dict[str, dict[str, list[dict]]],
    languages: list[str],
    metric_names: list[str],
    mode: str,
    n_samples: int,
    seed: int,
) -> list[dict[str, Any]]:
    """scored: model -> lang -> scored rows. One entry per model pair (a earlier in the order, b later)."""
    names = model_order(list(scored))
    out = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            results: dict[str, dict] = {}
            for lang in languages:
                rows_a, rows_b = scored[a].get(lang, []), scored[b].get(lang, [])
                if rows_a and rows_b and n_samples > 0:
                    results[lang] = bootstrap.language_differences(rows_a, rows_b, lang, mode, n_samples, seed)
                else:
                    results[lang] = {m: None for m in metric_names}
            out.append({"a": a, "b": b, "difference": f"{b} - {a}", "results": results})
    return out


def verdict(report: dict[str, Any]) -> dict[str, Any] | None:
    """Does tuned beat base on keyword accuracy, language by language? None without both models."""
    res = report["results"]
    if "base" not in res or "tuned" not in res:
        return None
    cmp = next((c for c in report.get("comparisons", []) if c["a"] == "base" and c["b"] == "tuned"), None)
    beats, significant, not_beating = [], [], []
    for lang in report["languages"]:
        t, b = res["tuned"][lang].get(VERDICT_METRIC), res["base"][lang].get(VERDICT_METRIC)
        if t is None or b is None or t <= b:
            not_beating.append(lang)
            continue
        beats.append(lang)
        ci = (cmp or {}).get("results", {}).get(lang, {}).get(VERDICT_METRIC)
        if ci and ci["significant"]:
            significant.append(lang)
    return {
        "metric": VERDICT_METRIC,
        "tuned_beats_base": beats,
        "significant": significant,
        "not_beating": not_beating,
        "all_languages": not not_beating,
    }


def agreement(
    predictions: dict[str, list[dict]], same_as: dict[str, str], results: dict[str, dict], languages: list[str]
) -> dict[str, dict[str, Any]]:
    """For each endpoint that serves an evaluated model: rows answered alike, unlike, failed; the
    languages where answers or keyword accuracy differ."""
    out = {}
    for name, ref in same_as.items():
        if name not in predictions or ref not in predictions:
            continue
        theirs = {r["sample_id"]: r for r in predictions[ref]}
        rows = [(r, theirs.get(r["sample_id"])) for r in predictions[name]]
        failed = sum(r["status"] != "ok" for r, _ in rows)
        differ = [r for r, t in rows if r["status"] == "ok" and (t is None or t["prediction"] != r["prediction"])]
        kw_differ = [
            lang
            for lang in languages
            if (results[name][lang].get(VERDICT_METRIC) or 0) != (results[ref][lang].get(VERDICT_METRIC) or 0)
        ]
        out[name] = {
            "same_as": ref,
            "rows": len(rows),
            "identical": len(rows) - failed - len(differ),
            "different": len(differ),
            "failed": failed,
            "languages_with_different_answers": sorted({r["lang"] for r in differ}),
            f"{VERDICT_METRIC}_differs_in": kw_differ,
            "same": not differ and not failed and not kw_differ,
        }
    return out


def render_agreement(report: dict[str, Any]) -> list[str]:
    """Markdown lines: does each serving endpoint answer as the model it serves?"""
    out: list[str] = []
    for name, a in (report.get("agreement") or {}).items():
        ref = a["same_as"]
        out += ["", f"## Does {name} answer as {ref}?", ""]
        if a["same"]:
            out.append(
                f"**Yes: {name} gave {ref}'s answer on all {a['rows']} rows** (same model, greedy decoding), "
                f"so its scores equal {ref}'s."
            )
            continue
        kw = a[f"{VERDICT_METRIC}_differs_in"]
        out.append(
            f"**No: {name}'s answers differ from {ref}'s on {a['different']} of {a['rows']} rows "
            f"({', '.join(a['languages_with_different_answers']) or 'none'}), {a['failed']} failed; "
            f"{VERDICT_METRIC} differs in {', '.join(kw) or 'no language'}.** The same model with greedy decoding "
            "should answer alike: look for another model or image size behind the endpoint (serve.max_pixels against "
            "evaluate.engine.max_pixels), failed requests (Generation failures), or float differences of batching."
        )
    return out


def _fmt(v: float, scale: str) -> str:
    return f"{v:+.2f}" if scale == "0-100" else f"{v:+.3f}"


def cell(ci: dict[str, Any] | None, scale: str) -> str:
    """'+0.250 [+0.100, +0.400] *' (the star marks an interval that excludes 0)."""
    if not ci:
        return "–"
    return f"{_fmt(ci['diff'], scale)} [{_fmt(ci['ci_low'], scale)}, {_fmt(ci['ci_high'], scale)}]" + (
        " **\\***" if ci["significant"] else ""
    )


def render(report: dict[str, Any], scale: dict[str, str]) -> list[str]:
    """Markdown lines: the verdict, then one table per model pair."""
    out: list[str] = []
    v = report.get("verdict")
    if v:
        out += ["", "## Does tuning help?", ""]
        n = len(report["languages"])
        if v["all_languages"]:
            out.append(
                f"**Yes: tuned beats base on {v['metric']} in all {n} languages** "
                f"(significant at 95% in {len(v['significant'])}: {', '.join(v['significant']) or 'none'})."
            )
        else:
            out.append(
                f"**No: tuned does not beat base on {v['metric']} in {len(v['not_beating'])} of {n} "
                f"languages: {', '.join(v['not_beating'])}.** It beats base in "
                f"{', '.join(v['tuned_beats_base']) or 'none'} (significant in "
                f"{', '.join(v['significant']) or 'none'})."
            )
    out += render_agreement(report)
    comparisons = report.get("comparisons") or []
    if comparisons:
        out += [
            "",
            "## Differences with 95% paired bootstrap intervals",
            "",
            f"{report.get('bootstrap', {}).get('samples', '?')} resamples; **\\*** marks an interval that "
            "excludes 0 (significant). BLEU/chrF: sacrebleu's paired bootstrap; the others: rows resampled.",
        ]
    for c in comparisons:
        out += [
            "",
            f"### {c['difference']}",
            "",
            "| language | " + " | ".join(report["metrics"]) + " |",
            "|---|" + "---|" * len(report["metrics"]),
        ]
        for lang in report["languages"]:
            out.append(
                f"| {lang} | " + " | ".join(cell(c["results"][lang].get(m), scale[m]) for m in report["metrics"]) + " |"
            )
    return out
