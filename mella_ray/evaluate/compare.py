"""Model-against-model comparisons of the report: paired bootstrap intervals and the plain verdict.

For every pair of evaluated models (in report order: base, tuned, then contenders) and every
language, each metric's difference B − A with its 95% interval (bootstrap.py). The verdict says
in words, per language, whether tuned beats base on keyword accuracy, and where it does not.
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
