"""Does the data path stay flat as it grows? Crawl finalize and the mix at two sizes, side by side.

    python benchmarks/scale.py --sizes 20000 200000 --root /tmp/mella-scale
    python benchmarks/scale.py --near-duplicates 4000000     # the search alone, at a larger N

For each N it writes a synthetic crawl output (8 languages, half D_know and half pool images
with one translation each, 50-100 KB JPEGs, alt-text candidates for 5% of the images, and
planted near-duplicate pairs at Hamming distance 1-4 in the perceptual hashes), then runs each
stage in a fresh driver process on a local Ray and reports: wall time, rows/s, the driver's
peak RSS while the stage runs (the driver's own, not the workers'; Ray's client
libraries alone hold ~380 MB before it starts), the driver's storage requests, and the share of
planted near-duplicate pairs that finalize found. Results go to <root>/scale.json.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import random
import subprocess
import sys
import time
from pathlib import Path

LANGS = ["ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"]
SHARD_ROWS = 1000
PLANTED_EVERY = 50  # one planted near-duplicate pair per 50 images


def _base_jpegs(n: int, seed: int) -> list[tuple[bytes, int]]:
    """Noise JPEGs of 50-100 KB; the generator appends a unique tail to each use (a new sha256)."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        side = int(rng.integers(260, 360))  # noise at quality 85: ~0.77 bytes a pixel
        buf = io.BytesIO()
        Image.fromarray(rng.integers(0, 256, (side, side, 3), dtype=np.uint8)).save(buf, "JPEG", quality=85)
        out.append((buf.getvalue(), side))
    return out


def generate(root: Path, n: int, seed: int = 0) -> dict:
    from mella_ray import records
    from mella_ray.crawl.checkpoint import ALT_CANDIDATES
    from mella_ray.runtime.shards import ShardedOutput

    rng = random.Random(seed)
    bases = _base_jpegs(64, seed)
    crawl = root / "crawl"
    planted, rows = [], {"know": [], "pool": []}
    cands, trans = [], []
    prev_hash = None
    for i in range(n):
        base, side = bases[i % len(bases)]
        data = base + f"mella-scale-{seed}-{i}".encode()
        img_id = hashlib.sha256(data).hexdigest()
        lang = LANGS[i % len(LANGS)]
        phash = rng.getrandbits(64) | 0xF0F0  # never flat: flat hashes are grouped by rule
        if i % PLANTED_EVERY == 1 and prev_hash is not None:  # a near duplicate of the previous image
            phash = prev_hash[1]
            for bit in rng.sample(range(64), rng.randint(1, 4)):
                phash ^= 1 << bit
            planted.append((prev_hash[0], img_id))
        prev_hash = (img_id, phash)
        know = (i // len(LANGS)) % 2 == 0  # every language in both sources
        row = {
            "img_id": img_id,
            "image": data,
            "image_url": f"http://{lang}.example/{i}.jpg",
            "page_url": f"http://{lang}.example/p{i // 10}",
            "lang": lang,
            "alt": f"Místní památka číslo {i} v regionu {lang}" if know else None,
            "width": side,
            "height": side,
            "format": "JPEG",
            "category": None,
            "page_title": "t",
            "figcaption": None,
            "phash": f"{phash:016x}",
            "dup_group": None,
        }
        rows["know" if know else "pool"].append(row)
        if know and i % 20 == 0:
            cands.append(
                {
                    "img_id": img_id,
                    "alt": f"Delší a podrobnější popis památky číslo {i} v regionu {lang}",
                    "page_url": f"http://{lang}.example/q{i}",
                    "image_url": row["image_url"],
                    "lang": lang,
                    "page_title": None,
                    "figcaption": None,
                    "source": "alt",
                }
            )
        if not know:
            trans.append(
                {
                    "img_id": img_id,
                    "lang": lang,
                    "text": f"Podrobný popis obrázku {i}. " * 20,
                    "category": "scene/city",
                    "model": "m",
                    "status": "ok",
                }
            )
        for output in ("know", "pool"):
            if len(rows[output]) == SHARD_ROWS or (i == n - 1 and rows[output]):
                shard = f"a0-{i:08d}"
                ShardedOutput(str(crawl / output)).write(shard, records.to_table(rows[output], records.CRAWL_IMAGES))
                if output == "pool":
                    ShardedOutput(str(root / "translate")).write(shard, records.to_table(trans, records.TRANSLATIONS))
                    trans = []
                rows[output] = []
    ShardedOutput(str(crawl / "alt_candidates")).write("a0-cands", records.to_table(cands, ALT_CANDIDATES))
    return {"rows": n, "planted_pairs": planted}


# ---- one stage in a fresh driver process ------------------------------------------------
_CHILD = r"""
import json, sys, time, collections
import fsspec.implementations.local as local
import threading
calls, depth = collections.Counter(), threading.local()
for name in ("open", "ls", "info", "exists", "rm", "makedirs", "pipe_file", "cat_file", "find"):
    orig = getattr(local.LocalFileSystem, name)
    def wrap(self, *a, __orig=orig, __name=name, **k):
        # one request per outermost call: ls(detail=True) stats each file locally, but is one
        # LIST request on an object store
        outer = not getattr(depth, "n", 0)
        calls[__name] += outer
        depth.n = getattr(depth, "n", 0) + 1
        try:
            return __orig(self, *a, **k)
        finally:
            depth.n -= 1
    setattr(local.LocalFileSystem, name, wrap)
import ray
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
stage, root = sys.argv[1], sys.argv[2]
def rss_mb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
base = rss_mb("VmRSS:")
open("/proc/self/clear_refs", "w").write("5")  # resets VmHWM: the peak from here on is the stage's
t0 = time.monotonic()
if stage == "finalize":
    from mella_ray.crawl.finalize import finalize, read_groups
    from mella_ray.crawl.stage import _ray_map
    out = finalize(root + "/crawl", "flag", 4, mapper=_ray_map)
    groups = read_groups(root + "/crawl")
    extra = {"groups": groups}
elif stage in ("caption", "translate"):
    from mella_ray.config import parse_config
    from mella_ray.caption.stage import run_caption
    from mella_ray.translate.stage import run_translate
    # the tiny engines at their shortest output: what is measured is the data path around them
    cfg = parse_config({"output_dir": root, "languages": __LANGS__, "models_dir": root + "/../models",
                        "caption": {"engine": {"backend": "tiny", "max_new_tokens": 1, "batch_size": 64,
                                               "max_pixels": 3136}},
                        "translate": {"engine": {"backend": "tiny", "kind": "seq2seq", "max_new_tokens": 2,
                                                 "batch_size": 64}, "targets": "image_lang",
                                      "check_language": False, "max_length_ratio": 1000.0, "min_length_ratio": 0.001}})
    out = (run_caption if stage == "caption" else run_translate)(cfg)
    extra = {"rows": out["rows_this_run"]}
else:
    from mella_ray.config import parse_config
    from mella_ray.mix.stage import run_mix
    cfg = parse_config({"output_dir": root, "languages": __LANGS__, "models_dir": root + "/models",
                        "mix": {"test_per_lang": 100, "val_fraction": 0.05, "weights": {"know": 1.0, "ling": 0.5}}})
    out = run_mix(cfg)
    extra = {"samples": out["samples_per_split"]}
wall = time.monotonic() - t0
print("RESULT " + json.dumps({"wall_s": wall, "peak_rss_mb": rss_mb("VmHWM:"), "rss_before_mb": base,
                              "storage_requests": sum(calls.values()), **extra}))
""".replace("__LANGS__", json.dumps(LANGS))


def run_stage(stage: str, root: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", _CHILD, stage, str(root)], capture_output=True, text=True)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        raise SystemExit(f"{stage} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return json.loads(line[len("RESULT ") :])


def near_duplicate_rate(n: int, distance: int = 4) -> dict:
    """The complete near-duplicate search alone on n uniform random hashes: time and pairs compared
    (the work grows as n²; this is the figure docs/capacity.md extrapolates to 6.8M images)."""
    import numpy as np

    from mella_ray.crawl.dedup import comparisons, group_labels

    values = np.random.default_rng(0).integers(0, 2**63, n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    t0 = time.monotonic()
    labels = group_labels(values, np.ones(n, bool), distance)
    wall = time.monotonic() - t0
    pairs = comparisons(np.unique(values), distance)
    return {
        "hashes": n,
        "wall_s": round(wall, 2),
        "pairs_compared": pairs,
        "pairs_per_s": round(pairs / wall),
        "grouped_rows": int((labels >= 0).sum()),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20000, 100000])
    ap.add_argument("--root", default="/tmp/mella-scale")
    ap.add_argument(
        "--engine-sizes",
        type=int,
        nargs="*",
        default=[],
        help="instead: caption and translate (tiny engines) at these sizes of crawl output",
    )
    ap.add_argument(
        "--near-duplicates",
        type=int,
        default=0,
        metavar="N",
        help="instead: time the near-duplicate search alone on N random hashes",
    )
    args = ap.parse_args()
    if args.near_duplicates:
        print(json.dumps(near_duplicate_rate(args.near_duplicates)))
        return
    if args.engine_sizes:
        return engines(args)
    report = {}
    for n in args.sizes:
        root = Path(args.root) / f"n{n}"
        subprocess.run(["rm", "-rf", str(root)], check=True)
        t0 = time.monotonic()
        gen = generate(root, n)
        print(f"N={n}: generated in {time.monotonic() - t0:.0f}s", flush=True)
        fin = run_stage("finalize", root)
        groups = fin.pop("groups")
        found = sum(1 for a, b in gen["planted_pairs"] if a in groups and groups.get(a) == groups.get(b))
        mix = run_stage("mix", root)
        report[n] = {
            "finalize": {
                **fin,
                "rows_per_s": n / fin["wall_s"],
                "planted_pairs_found": f"{found}/{len(gen['planted_pairs'])}",
            },
            "mix": {**mix, "rows_per_s": n / mix["wall_s"]},
        }
        print(json.dumps({n: report[n]}, indent=1), flush=True)
    summarize(report, ("finalize", "mix"), Path(args.root, "scale.json"))


def summarize(report: dict, stages: tuple[str, ...], path: Path) -> None:
    """The smallest size against the largest, per stage; the whole report to `path`."""
    small, large = min(report), max(report)
    for stage in stages:
        a, b = report[small][stage], report[large][stage]
        print(
            f"{stage}: peak RSS {a['peak_rss_mb']:.0f} -> {b['peak_rss_mb']:.0f} MB "
            f"(x{b['peak_rss_mb'] / a['peak_rss_mb']:.2f}); rows/s {a['rows_per_s']:.0f} -> {b['rows_per_s']:.0f} "
            f"(x{b['rows_per_s'] / a['rows_per_s']:.2f}); storage requests {a['storage_requests']} -> "
            f"{b['storage_requests']}"
        )
    path.write_text(json.dumps(report, indent=1))


def engines(args) -> None:
    """Caption then translate over the pool half of a synthetic crawl, at each size."""
    report = {}
    for n in args.engine_sizes:
        root = Path(args.root) / f"engines-n{n}"
        subprocess.run(["rm", "-rf", str(root)], check=True)
        generate(root, n)
        subprocess.run(["rm", "-rf", str(root / "translate")], check=True)  # made here, from the captions
        report[n] = {}
        for stage in ("caption", "translate"):
            r = run_stage(stage, root)
            report[n][stage] = {**r, "rows_per_s": r["rows"] / r["wall_s"]}
        print(json.dumps({n: report[n]}, indent=1), flush=True)
    summarize(report, ("caption", "translate"), Path(args.root, "engines.json"))


if __name__ == "__main__":
    main()
