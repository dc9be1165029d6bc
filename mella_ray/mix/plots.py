"""PNG plots of the mix for card.md (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

import math

from mella_ray.mix.card import SOURCES
from mella_ray.runtime.plots import png_bytes, pyplot


def _figure(width_items: int):
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(max(4.5, 0.7 * width_items + 2), 3.4), dpi=100)
    return plt, fig, ax


def _grouped(ax, labels: list[str], series: dict[str, list[float | None]]) -> None:
    width = 0.8 / max(len(series), 1)
    for i, (name, vals) in enumerate(series.items()):
        xs = [k + (i - (len(series) - 1) / 2) * width for k in range(len(labels))]
        bars = ax.bar(xs, [math.nan if v is None else v for v in vals], width, label=name)
        ax.bar_label(bars, labels=["" if v is None else f"{v:g}" for v in vals], fontsize=6, padding=1)
    ax.set_xticks(range(len(labels)), labels)
    ax.legend(fontsize="small")


def samples_png(stats: dict) -> bytes:
    """Samples per language, one bar per split and source (stacked splits would hide val/test)."""
    langs = list(stats["pairs"])
    plt, fig, ax = _figure(len(langs) * 2)
    _grouped(
        ax,
        langs,
        {
            f"{split} {src}": [stats["samples"][split][lang][src] for lang in langs]
            for split in ("train", "test")
            for src in SOURCES
        },
    )
    ax.set_ylabel("samples")
    ax.set_title("Samples per language and source (train, test)")
    return png_bytes(fig)


def lengths_png(stats: dict) -> bytes:
    langs = list(stats["pairs"])
    plt, fig, ax = _figure(len(langs))
    _grouped(ax, langs, {src: [stats["avg_chars"][lang][src] for lang in langs] for src in SOURCES})
    ax.set_ylabel("characters")
    ax.set_title("Average answer length per language and source")
    return png_bytes(fig)


def categories_png(stats: dict) -> bytes:
    cats = sorted(set().union(*(stats["categories"][s] for s in SOURCES))) or ["(none)"]
    plt, fig, ax = _figure(len(cats))
    _grouped(ax, cats, {src: [stats["categories"][src].get(c, 0) for c in cats] for src in SOURCES})
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.set_ylabel("distinct pairs")
    ax.set_title("Categories per source")
    return png_bytes(fig)


PLOTS = {"samples": samples_png, "lengths": lengths_png, "categories": categories_png}
