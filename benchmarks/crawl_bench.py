"""Crawl benchmark: mella-ray's crawler against img2dataset on the same loopback images.

    python -m venv /work/i2d-venv && /work/i2d-venv/bin/pip install img2dataset==1.47.0
    python benchmarks/crawl_bench.py --img2dataset /work/i2d-venv/bin/img2dataset --rounds 3
    python benchmarks/crawl_bench.py --img2dataset ... --images 60000 \
        --site /tmp/crawl-site-60k --work /tmp/crawl-work-60k

One generated site (benchmarks/crawl_site.py: 8 hosts on 127.0.0.1-8, 20,000 images) is
served by one process; then, one after the other and `--rounds` times:
- img2dataset downloads the image URLs from a URL list (2 processes x 64 threads,
  --resize_mode no: it decodes and re-encodes every image, writes Parquet);
- `mella crawl` crawls the 8 sites from their index pages: it fetches robots.txt and every
  page, parses HTML, follows per-host limits, decodes and hashes every image (sha256 and
  pHash), filters alt-texts and writes Parquet with resume checkpoints.
Reported per tool: images stored; wall seconds of the whole command (Ray start and stop
included for mella) and images/s over it; the steady-state rate (img2dataset's own figure,
mella's crawl time from stats.json: both without process start-up); each divided by the
machine's cores ("per core"); images per CPU-second actually used by the tool's process
tree (the server excluded); peak memory (summed RSS of the process tree). The server counts
requests to /private/ (robots-disallowed): mella must send none. It prints a Markdown table
and writes --out (JSON). The machine should be otherwise idle; run --rounds 3 or more and
compare best rounds. Not run by CI.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import pyarrow.parquet as pq
import yaml

HERE = Path(__file__).resolve().parent
I2D, MELLA = "img2dataset 1.47", "mella crawl"
ROOT = HERE.parent


class TreeSampler:
    """Peak summed RSS and total CPU seconds of a process and all its descendants."""

    def __init__(self, pid: int, every_s: float = 0.2):
        self.root = psutil.Process(pid)
        self.every_s = every_s
        self.peak_rss = 0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                procs = [self.root, *self.root.children(recursive=True)]
            except psutil.Error:
                break
            rss = 0
            for p in procs:
                try:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()  # own time only: children_* would count reaped children twice
                        self.cpu[p.pid] = t.user + t.system
                except psutil.Error:
                    continue
            self.peak_rss = max(self.peak_rss, rss)
            self._stop.wait(self.every_s)

    def stop(self) -> tuple[int, float]:
        self._stop.set()
        self._thread.join()
        return self.peak_rss, sum(self.cpu.values())


def run_measured(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> dict:
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    sampler = TreeSampler(proc.pid)
    out, _ = proc.communicate()
    wall = time.monotonic() - t0
    peak, cpu = sampler.stop()
    if proc.returncode != 0:
        sys.stderr.write(out[-4000:])
        raise SystemExit(f"{cmd[0]} failed with {proc.returncode}")
    return {"wall_s": wall, "peak_rss_mb": peak / 2**20, "cpu_s": cpu, "log": out}


def run_img2dataset(exe: str, urls: Path, work: Path) -> dict:
    out = work / "i2d"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        exe,
        "--url_list",
        str(urls),
        "--input_format",
        "txt",
        "--output_folder",
        str(out),
        "--output_format",
        "parquet",
        "--processes_count",
        "2",
        "--thread_count",
        "64",
        "--resize_mode",
        "no",
        "--timeout",
        "10",
        "--retries",
        "0",
        "--enable_wandb",
        "False",
        "--number_sample_per_shard",
        "2500",
        "--distributor",
        "multiprocessing",
    ]
    env = {**os.environ, "NO_ALBUMENTATIONS_UPDATE": "1"}
    res = run_measured(cmd, env)
    res["images"] = sum(json.loads(p.read_text())["successes"] for p in out.glob("*_stats.json"))
    # its own figure, start-up excluded: the last "total ... images per sec: N" line
    rates = re.findall(r"^total .*images per sec: (\d+)", res["log"], re.M)
    res["own_rate"] = float(rates[-1]) if rates else None
    return res


def run_mella(base: str, hosts: list[dict], work: Path) -> dict:
    out = work / "mella"
    shutil.rmtree(out, ignore_errors=True)
    langs = sorted({h["lang"] for h in hosts})
    cfg = {
        "output_dir": str(out),
        "languages": langs,
        "stages": ["crawl"],
        "ray": {"num_cpus": os.cpu_count()},
        "crawl": {
            "seeds": [{"url": f"http://127.0.0.{h['host'] + 1}:{base}/index.html", "lang": h["lang"]} for h in hosts],
            "allow_private_networks": True,  # the benchmark site is on loopback
            "per_host_concurrency": 16,
            "min_host_interval_s": 0.0,
            "concurrency_per_actor": 64,
            "max_pages": 100_000,
            "max_pages_per_host": 10_000,
            "max_depth": 2,
            "min_side": 64,
            "progress_every_s": 5.0,
        },
    }
    path = work / "mella.yaml"
    path.write_text(yaml.safe_dump(cfg, allow_unicode=True))
    env = dict(os.environ)
    res = run_measured([sys.executable, "-m", "mella_ray.cli", "crawl", str(path)], env)
    stats = json.loads((out / "crawl" / "stats.json").read_text())
    rows = sum(pq.read_metadata(p).num_rows for d in ("know", "pool") for p in (out / "crawl" / d).glob("*.parquet"))
    res.update(images=rows, know=stats["know_total"], pages=stats["pages_fetched"], crawl_s=stats["elapsed_s"])
    return res


def summarize(name: str, r: dict, cores: int) -> dict:
    """Rates over the whole command (start-up included) and in steady state (the tool's own work:
    img2dataset's reported rate, the crawl's elapsed time without Ray start-up and finalize)."""
    rate = r["images"] / r["wall_s"]
    steady = r["own_rate"] if "own_rate" in r else r["images"] / r["crawl_s"]
    row = {
        "tool": name,
        "images": r["images"],
        "wall_s": round(r["wall_s"], 2),
        "images_per_s": round(rate, 1),
        "images_per_s_per_core": round(rate / cores, 1),
        "steady_images_per_s": round(steady or 0, 1),
        "steady_per_core": round((steady or 0) / cores, 1),
        "images_per_cpu_s": round(r["images"] / r["cpu_s"], 1),
        "cpu_s": round(r["cpu_s"], 1),
        "peak_rss_mb": round(r["peak_rss_mb"]),
    }
    if "crawl_s" in r:
        row.update(crawl_phase_s=round(r["crawl_s"], 2), pages=r["pages"], know=r["know"])
    return row


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--img2dataset", required=True, help="path of the img2dataset executable (its own venv)")
    p.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "crawl-bench-site")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "crawl-bench-work")
    p.add_argument("--images", type=int, default=20000)
    p.add_argument("--hosts", type=int, default=8)
    p.add_argument("--port", type=int, default=18080)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "crawl-bench.json")
    args = p.parse_args(argv)
    cores = len(os.sched_getaffinity(0))
    site = [sys.executable, str(HERE / "crawl_site.py")]
    subprocess.run(
        [*site, "build", "--root", str(args.site), "--hosts", str(args.hosts), "--images", str(args.images)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    hosts = json.loads((args.site / "manifest.json").read_text())["hosts"]
    args.work.mkdir(parents=True, exist_ok=True)
    urls = args.work / "urls.txt"
    lines = []
    for h in hosts:
        for img in sorted((args.site / f"h{h['host']}" / "img").iterdir()):
            lines.append(f"http://127.0.0.{h['host'] + 1}:{args.port}/img/{img.name}\n")
    urls.write_text("".join(lines))
    server_stats = args.work / "server.json"
    server = subprocess.Popen(
        [
            *site,
            "serve",
            "--root",
            str(args.site),
            "--hosts",
            str(args.hosts),
            "--port",
            str(args.port),
            "--stats",
            str(server_stats),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    rows = []
    try:
        server.stdout.readline()  # "serving ..." once every file is in memory
        for _ in range(args.rounds):
            rows.append(summarize(I2D, run_img2dataset(args.img2dataset, urls, args.work), cores))
            rows.append(summarize(MELLA, run_mella(str(args.port), hosts, args.work), cores))
    finally:
        server.terminate()
        server.wait(30)
    hits = json.loads(server_stats.read_text()) if server_stats.exists() else {}
    ratios = {}
    for key in ("images_per_s", "steady_images_per_s", "images_per_cpu_s"):
        best = {name: max(r[key] for r in rows if r["tool"] == name) for name in (I2D, MELLA)}
        ratios[key] = round(best[MELLA] / best[I2D], 2)
    result = {
        "cores": cores,
        "rows": rows,
        "ratios_mella_over_img2dataset": ratios,
        "private_requests": sum(n for k, n in hits.items() if k.endswith(":private")),
    }
    args.out.write_text(json.dumps(result, indent=1))
    cols = [
        "tool",
        "images",
        "wall_s",
        "images_per_s",
        "images_per_s_per_core",
        "steady_images_per_s",
        "steady_per_core",
        "images_per_cpu_s",
        "peak_rss_mb",
    ]
    print("| " + " | ".join(cols) + " |")
    for r in rows:
        print("| " + " | ".join(str(r[c]) for c in cols) + " |")
    print(
        f"mella / img2dataset (best rounds, {cores} cores): whole command {ratios['images_per_s']}x, "
        f"steady state {ratios['steady_images_per_s']}x, per CPU-second {ratios['images_per_cpu_s']}x; "
        f"requests to robots-disallowed paths: {result['private_requests']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
