"""The evaluation report's views: report.md (tables per metric and language, failures, samples,
signatures) and one bar plot per metric, both drawn from the report dict that report.py builds."""

from __future__ import annotations

import math
from typing import Any

from mella_ray.evaluate import compare
from mella_ray.evaluate.metrics import SCALE
from mella_ray.runtime.plots import png_bytes, pyplot


# ---------------------------------------------------------------- markdown
def _fmt(v: float | None, metric: str) -> str:
    if v is None:
        return "–"
    return f"{v:.2f}" if SCALE[metric] == "0-100" else f"{v:.3f}"


def _fmt_delta(v: float | None, metric: str) -> str:
    return "–" if v is None else ("+" if v >= 0 else "") + _fmt(v, metric)


def _cell(text: str | None, limit: int = 280) -> str:
    """Text fit for one markdown table cell: one line, pipes escaped, shortened."""
    if text is None:
        return "*(failed)*"
    text = " ".join(text.split())
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("|", "\\|") or "*(empty)*"


def render_markdown(
    report: dict[str, Any], samples: list[dict] | None = None, plots: dict[str, str] | None = None
) -> str:
    names = compare.model_order(list(report["results"]))
    both = "delta" in report
    out = ["# Evaluation report", ""]
    for n in names:
        out.append(f"- **{n}**: `{report['models'][n]}`")
    for n, why in report["skipped_models"].items():
        out.append(f"- **{n}**: skipped — {why}")
    if report["missing_languages"]:
        out.append(f"- **missing languages** (no rows in the test split): {', '.join(report['missing_languages'])}")
    out.append(f"- **matching**: `{report.get('matching', 'strict')}`")
    out += compare.render(report, SCALE)
    out += [
        "",
        "## Means over languages",
        "",
        "| metric | scale | " + " | ".join(names) + (" | Δ tuned−base |" if both else " |"),
        "|---|---|" + "---|" * (len(names) + both),
    ]
    for m in report["metrics"]:
        row = [_fmt(report["means"][n][m], m) for n in names] + (
            [_fmt_delta(report["delta"]["means"][m], m)] if both else []
        )
        out.append(f"| {m} | {SCALE[m]} | " + " | ".join(row) + " |")
    for m in report["metrics"]:
        out += [
            "",
            f"## {m} ({SCALE[m]})",
            "",
            "| language | " + " | ".join(names) + (" | Δ |" if both else " |") + " n |",
            "|---|" + "---|" * (len(names) + both + 1),
        ]
        for lang in report["languages"]:
            res = {n: report["results"][n][lang] for n in names}
            cells = [_fmt(res[n].get(m), m) for n in names]
            if both:
                cells.append(_fmt_delta(report["delta"]["results"][lang][m], m))
            first = res[names[0]] if names else {}
            n_rows = (
                first.get("keyword_samples" if m == "keyword_accuracy" else "ling_samples", 0)
                if first.get("status") == "ok"
                else "missing"
            )
            out.append(f"| {lang} | " + " | ".join(cells) + f" | {n_rows} |")
        if plots and m in plots:
            out += ["", f"![{m}]({plots[m]})"]
    out += [
        "",
        "## Generation failures",
        "",
        "| language | " + " | ".join(f"{n} failed/rows" for n in names) + " |",
        "|---|" + "---|" * len(names),
    ]
    for lang in report["languages"]:
        out.append(
            f"| {lang} | "
            + " | ".join(f"{report['counts'][n][lang]['failed']}/{report['counts'][n][lang]['rows']}" for n in names)
            + " |"
        )
    if samples:
        out += [
            "",
            "## Samples",
            "",
            "| image | lang/source | reference | " + " | ".join(names) + " |",
            "|---|---|---|" + "---|" * len(names),
        ]
        for s in samples:
            img = f"![{s['sample_id']}]({s['image']})" if s.get("image") else "*(no image)*"
            out.append(
                f"| {img} | {s['lang']}/{s['source']} | {_cell(s['reference'])} | "
                + " | ".join(_cell(s["outputs"].get(n)) for n in names)
                + " |"
            )
    out += ["", "## Caveats", ""] + [f"- {c}" for c in report["caveats"]]
    out += ["", "## Tokenisation and signatures", "", "```"]
    for lang in report["languages"]:
        out.append(f"{lang}: " + "; ".join(f"{k}={v}" for k, v in report["tokenizers"][lang].items()))
    for k in ("bleu", "chrf"):
        for lang, sig in sorted(report["signatures"][k].items()):
            out.append(f"{k} {lang}: {sig}")
    out += [f"rougeL: {report['signatures']['rougeL']}", f"meteor: {report['signatures']['meteor']}", "```", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- plots
def plot_png(report: dict[str, Any], metric: str) -> bytes:
    """Grouped bars, base vs tuned per language, for one metric (Agg backend: no display)."""
    plt = pyplot()
    names = compare.model_order(list(report["results"]))
    langs = report["languages"]
    width = 0.8 / max(len(names), 1)
    fig, ax = plt.subplots(figsize=(max(4.0, 0.9 * len(langs) + 1.5), 3.2), dpi=100)
    try:
        for i, n in enumerate(names):
            vals = [report["results"][n][lang].get(metric) for lang in langs]
            xs = [k + (i - (len(names) - 1) / 2) * width for k in range(len(langs))]
            bars = ax.bar(xs, [math.nan if v is None else v for v in vals], width, label=n)
            # values written on the bars: on a fixed 0-1 / 0-100 axis small scores are otherwise invisible
            ax.bar_label(
                bars, labels=["" if v is None else _fmt(v, metric) for v in vals], fontsize=6, rotation=90, padding=2
            )
        for k, lang in enumerate(langs):
            if all(report["results"][n][lang].get("status") == "missing" for n in names):
                ax.text(k, 0.02 * (100 if SCALE[metric] == "0-100" else 1), "missing", ha="center", fontsize=7)
        ax.set_xticks(range(len(langs)), langs)
        ax.set_ylabel(f"{metric} ({SCALE[metric]})")
        ax.set_title(f"{metric}: {' vs '.join(names)}")
        ax.set_ylim(0, 100 if SCALE[metric] == "0-100" else 1)
        ax.legend(loc="upper right", fontsize="small")
    except BaseException:
        plt.close(fig)
        raise
    return png_bytes(fig)
