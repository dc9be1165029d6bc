"""What a bookkeeping read of many files costs the driver: Ray Data against plain Ray tasks.

    python benchmarks/scale.py --sizes 200000 --root /tmp/mella-scale    # makes the shards once
    python benchmarks/driver_reads.py --root /tmp/mella-scale/n200000 --files 10 100

Each run is a fresh driver process that reads the key columns of the first K crawl/know shards
(img_id, lang, alt turned into has_alt on the worker) and iterates them, once through a Ray Data
read + map (as the stages did) and once through runtime/tasks.map_tasks (as they do now). It
prints the driver's private memory (RssAnon) added by the read, and the wall time.
"""

from __future__ import annotations

import argparse
import subprocess
import sys

_CHILD = r"""
import json, sys, time
def anon():
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon"):
            return int(line.split()[1]) / 1024
import ray
ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
from mella_ray.mix.sources import has_text
from mella_ray.mix.stage import _scan
from mella_ray.runtime.shards import ShardedOutput
mode, root, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
paths = ShardedOutput(root + "/crawl/know").shard_paths()[:k]
cols = ["img_id", "lang", "alt", "dup_group"]
before, t0 = anon(), time.monotonic()
if mode == "ray_data":
    def keys(b):
        return b.append_column("has_alt", has_text(b.column("alt"))).drop_columns(["alt"])
    ds = ray.data.read_parquet(paths, include_paths=True).select_columns([*cols, "path"])
    batches = ds.map_batches(keys, batch_format="pyarrow", batch_size=None, num_cpus=0.25).iter_batches(
        batch_size=8192, batch_format="pyarrow")
else:
    batches = _scan(paths, cols, ("alt",))
rows = sum(b.num_rows for b in batches)
print("RESULT " + json.dumps({"mode": mode, "files": len(paths), "rows": rows,
                              "driver_mb_added": round(anon() - before, 1), "wall_s": round(time.monotonic() - t0, 1)}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True, help="a scale.py output folder (with crawl/know shards)")
    ap.add_argument("--files", type=int, nargs="+", default=[10, 100])
    args = ap.parse_args()
    for k in args.files:
        for mode in ("ray_data", "tasks"):
            out = subprocess.run(
                [sys.executable, "-c", _CHILD, mode, args.root, str(k)], capture_output=True, text=True
            )
            line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
            print(line[len("RESULT ") :] if line else f"{mode} {k} failed: {out.stderr[-2000:]}", flush=True)


if __name__ == "__main__":
    main()
