"""The dataset at a glance: statistics like the paper's overview figure, and card.md.

Every number is computed from the conversation rows as written (and the image sizes), by the
workers that write them (`partial_stats`) and summed on the driver (`merge_stats`), so a
reader can recompute each from the Parquet tables: samples per split, language and source;
distinct pairs (an image in one language from one source, however often train repeats it);
average answer length in characters over distinct pairs (characters, because Thai has no
spaces); categories over distinct pairs; total size.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from mella_ray import records
from mella_ray.langs import language

SOURCES = (records.SOURCE_KNOW, records.SOURCE_LING)
UNLABELLED = "unlabelled"
MB = 1024 * 1024


def partial_stats(convs: list[dict], image_bytes: dict[str, int], parquet_bytes: int) -> dict:
    """The counts of one worker's rows, in a form `merge_stats` sums. An image lives in one
    crawl shard, so the distinct images and pairs of two workers never overlap."""
    samples: Counter = Counter()
    images: dict[str, set[str]] = defaultdict(set)
    pairs: dict[tuple[str, str, str], dict] = {}
    for c in convs:
        samples[f"{c['split']}/{c['lang']}/{c['source']}"] += 1
        images[c["split"]].add(c["img_id"])
        pairs.setdefault((c["img_id"], c["lang"], c["source"]), c)
    n_pairs: Counter = Counter()
    chars: Counter = Counter()
    cats: Counter = Counter()
    for (_, lang, src), c in pairs.items():
        n_pairs[f"{lang}/{src}"] += 1
        chars[f"{lang}/{src}"] += len(c["answer"])
        cats[f"{src}/{c['category'] or UNLABELLED}"] += 1
    used = set().union(*images.values()) if images else set()
    return {
        "samples": dict(samples),
        "images": {s: len(v) for s, v in images.items()},
        "pairs": dict(n_pairs),
        "chars": dict(chars),
        "categories": dict(cats),
        "totals": {
            "samples": len(convs),
            "pairs": len(pairs),
            "images": len(used),
            "image_bytes": sum(image_bytes[i] for i in used),
            "parquet_bytes": parquet_bytes,
        },
    }


def merge_stats(partials: list[dict], langs: list[str]) -> dict:
    """The dataset's statistics from the workers' partial counts."""
    total: dict[str, Counter] = defaultdict(Counter)
    for p in partials:
        for part, counts in p.items():
            total[part].update(counts)
    samples = {
        s: {lang: {src: total["samples"][f"{s}/{lang}/{src}"] for src in SOURCES} for lang in langs}
        for s in records.SPLITS
    }
    pairs = {lang: {src: total["pairs"][f"{lang}/{src}"] for src in SOURCES} for lang in langs}
    cats: dict[str, dict[str, int]] = {src: {} for src in SOURCES}
    for key, n in sorted(total["categories"].items()):
        src, cat = key.split("/", 1)
        cats[src][cat] = n
    return {
        "samples": samples,
        "samples_per_split": {s: sum(n for per in samples[s].values() for n in per.values()) for s in records.SPLITS},
        "images_per_split": {s: total["images"][s] for s in records.SPLITS},
        "pairs": pairs,
        "avg_chars": {
            lang: {
                src: round(total["chars"][f"{lang}/{src}"] / pairs[lang][src], 1) if pairs[lang][src] else None
                for src in SOURCES
            }
            for lang in langs
        },
        "categories": cats,
        "totals": {k: total["totals"][k] for k in ("samples", "pairs", "images", "image_bytes", "parquet_bytes")},
    }


def _cell(v) -> str:
    return "–" if v is None else str(v)


def _table(head: list[str], rows: list[list]) -> list[str]:
    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + [
        "| " + " | ".join(map(_cell, r)) + " |" for r in rows
    ]


def _prose(*parts: str) -> str:
    return "".join(parts)


def _tables(stats: dict, info: dict) -> list[str]:
    t, langs = stats["totals"], list(stats["pairs"])
    out = ["## Overview", ""]
    out += _table(
        ["", *records.SPLITS, "total"],
        [
            ["samples", *(stats["samples_per_split"][s] for s in records.SPLITS), t["samples"]],
            ["images", *(stats["images_per_split"][s] for s in records.SPLITS), t["images"]],
        ],
    )
    out += [
        "",
        _prose(
            f"Distinct pairs (image, language, source): {t['pairs']}. Total size: ",
            f"{t['image_bytes'] / MB:.2f} MB of images ({t['image_bytes']} bytes), ",
            f"{t['parquet_bytes'] / MB:.2f} MB of Parquet ({t['parquet_bytes']} bytes, images included).",
        ),
        "",
        "## Samples per language and source",
        "",
    ]
    out += _table(
        ["lang", "language", "source", *records.SPLITS, "total", "distinct pairs"],
        [
            [
                lang,
                language(lang).name,
                src,
                *(stats["samples"][s][lang][src] for s in records.SPLITS),
                sum(stats["samples"][s][lang][src] for s in records.SPLITS),
                stats["pairs"][lang][src],
            ]
            for lang in langs
            for src in SOURCES
        ],
    )
    out += ["", "## Average answer length", "", "Characters per answer, over distinct pairs.", ""]
    out += _table(["lang", *SOURCES], [[lang, *(stats["avg_chars"][lang][s] for s in SOURCES)] for lang in langs])
    out += [
        "",
        "## Categories",
        "",
        _prose(
            "Two-level labels (top/sub) over distinct pairs; D_know rows carry ",
            f"the crawl's label when it has one, else `{UNLABELLED}`.",
        ),
        "",
    ]
    cats = sorted(set().union(*(stats["categories"][s] for s in SOURCES)))
    out += _table(["category", *SOURCES], [[c, *(stats["categories"][s].get(c, 0) for s in SOURCES)] for c in cats])
    out += ["", "## Mixing weights (train)", "", info["weights_doc"], ""]
    out += _table(
        ["lang", "source", "available train rows", "weight", "cap", "rows"],
        [[*k.split("/"), p["distinct"], p["weight"], p["cap"], p["rows"]] for k, p in sorted(info["weights"].items())],
    )
    return out


def _notes(info: dict, root: str) -> list[str]:
    sp, kw = info["splits"], info["keywords"]
    files = ", ".join(
        f'"{"validation" if s == "val" else s}": "{root}/{s}/*.parquet"'
        for s in records.SPLITS
        if info["samples_per_split"][s]
    )  # an empty split has no file
    return [
        "## Splits",
        "",
        _prose(
            f"By image and near-duplicate group: {sp['clusters']} clusters, {sp['multi_image_clusters']} of them ",
            f"joined by a near-duplicate group; test holds exactly {sp['test_per_lang']} rows per language and ",
            f"source; val is {sp['val_fraction']} of the clusters left; {sp['test_surplus']} rows of test clusters ",
            f"were left out to keep test exact (never moved to train). Seed {sp['seed']}.",
        ),
        "",
        "## Keywords",
        "",
        _prose(
            f"D_know test rows carry culture keywords for keyword accuracy (method: {kw['method']}); ",
            f"{kw['with_keywords']} of {kw['rows']} rows have at least one, {kw['mean_per_row']} per row on average.",
        ),
        "",
        "## Instructions",
        "",
        _prose(
            "Drawn per sample from mella_ray/data/templates/{lang}.json ",
            f'(pool: {info["instruction_pool"]}); evaluation uses each language\'s "Describe this picture.".',
        ),
        "",
        "## Loading",
        "",
        "```python",
        "from datasets import Image, load_dataset",
        "",
        f'ds = load_dataset("parquet", data_files={{{files}}})',
        'ds = ds.cast_column("image", Image())  # bytes -> PIL images',
        "```",
        "",
        _prose(
            f"JSONL exports (formats: {', '.join(info['exports']) or 'none'}) are under `export/`: ",
            "`llava/{split}/*.jsonl` (`messages` + `images`; LLaMA-Factory: dataset_dir = export, see ",
            "dataset_info.json), `internvl/{split}/*.jsonl` (`conversations` with `<image>`, `width`, `height`; see ",
            "internvl_meta.json); image paths are relative to `export/`, where `images/` holds each image once.",
        ),
        "",
        "## Plots",
        "",
        *(f"![{name}](plots/{name}.png)" for name in info["plots"]),
        "",
    ]


def render_card(stats: dict, info: dict, root: str) -> str:
    """card.md: overview, per-language tables, weights, splits, keywords, how to load, plots."""
    names = ", ".join(f"{language(c).name} ({c})" for c in stats["pairs"])
    head = [
        "# mella-ray mix",
        "",
        _prose(
            "MELLA-style image–text conversations: D_know (native alt-text: culture) ",
            f"and D_ling (captions translated into the language: language), for {names}.",
        ),
        "",
    ]
    return "\n".join(head + _tables(stats, info) + [""] + _notes(info, root))
