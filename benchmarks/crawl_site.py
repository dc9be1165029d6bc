"""A large generated multilingual site on loopback, for the crawl benchmark (not run by CI).

    python benchmarks/crawl_site.py build --root /tmp/crawl-bench-site --hosts 8 --images 20000
    python benchmarks/crawl_site.py serve --root /tmp/crawl-bench-site --port 18080

Host i (127.0.0.{i+1}) is a site in the i-th demo language: an index page that links every
article page, article pages of 25 images each (alt-texts from the demo phrase banks, a
fifth without alt), robots.txt that disallows /private/ (linked from every page, never to be
fetched). Images are 128-640 px JPEG/PNG/WebP, drawn like the demo site's, built once and
reused (the build is keyed by its parameters). The server is a small asyncio HTTP/1.1
server with keep-alive that holds every file in memory, one listener per loopback address,
so that it costs both clients as little CPU as possible. It counts requests per host and
path class and writes them to --stats on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import signal
import sys
from collections import Counter
from html import escape
from pathlib import Path

from mella_ray.demo_site import images as pictures
from mella_ray.demo_site.phrases import PHRASE_LANGS, load_phrase_bank

IMAGES_PER_PAGE = 25
NO_ALT_SHARE = 0.2
TYPES = {
    ".html": b"text/html; charset=utf-8",
    ".txt": b"text/plain",
    ".jpg": b"image/jpeg",
    ".png": b"image/png",
    ".webp": b"image/webp",
}


def _draw(job: tuple[str, int, int, int]) -> str:
    """Draw and write one image file (runs in a worker process); returns its site path."""
    root, host, index, seed = job
    rng = random.Random(f"crawl-bench:{seed}:{host}:{index}")
    fmt = pictures.random_format(rng)
    path = f"img/{index:05d}.{pictures.EXTENSIONS[fmt]}"
    target = Path(root) / f"h{host}" / path
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        size = pictures.random_size(rng, 128, 640)
        target.write_bytes(pictures.encode(pictures.render(pictures.random_scene(rng), size), fmt))
    return path


def build(root: Path, hosts: int, images: int, seed: int) -> dict:
    key = {"hosts": hosts, "images": images, "seed": seed, "version": 1}
    manifest_path = root / "manifest.json"
    if manifest_path.exists() and json.loads(manifest_path.read_text())["key"] == key:
        return json.loads(manifest_path.read_text())
    per_host = images // hosts
    jobs = [(str(root), h, i, seed) for h in range(hosts) for i in range(per_host)]
    with multiprocessing.Pool() as pool:
        drawn = pool.map(_draw, jobs, chunksize=64)
    manifest = {"key": key, "hosts": []}
    for h in range(hosts):
        lang = PHRASE_LANGS[h % len(PHRASE_LANGS)]
        bank = load_phrase_bank(lang)
        rng = random.Random(f"crawl-bench:{seed}:{h}:alts")
        site = root / f"h{h}"
        (site / "img").mkdir(parents=True, exist_ok=True)
        (site / "private").mkdir(exist_ok=True)
        files = drawn[h * per_host : (h + 1) * per_host]
        pages, know = [], 0
        for p in range(0, per_host, IMAGES_PER_PAGE):
            elements = []
            for i in range(p, min(p + IMAGES_PER_PAGE, per_host)):
                path = files[i]
                alt = None if rng.random() < NO_ALT_SHARE else bank.compose_alt(rng)
                know += alt is not None
                alt_attr = f' alt="{escape(alt)}"' if alt else ""
                elements.append(f'<figure><img src="/{path}"{alt_attr} loading="lazy"></figure>')
            name = f"page-{p // IMAGES_PER_PAGE + 1}.html"
            pages.append(name)
            body = "\n".join(elements) + '\n<a href="/private/staff.html">staff</a> <a href="/index.html">home</a>'
            (site / name).write_text(_html(bank.html_lang, f"{bank.site_name} {len(pages)}", body), encoding="utf-8")
        links = "\n".join(
            f'<li><a href="/{name}">{escape(bank.page_titles[k % len(bank.page_titles)])}</a></li>'
            for k, name in enumerate(pages)
        )
        (site / "index.html").write_text(_html(bank.html_lang, bank.site_name, f"<ul>{links}</ul>"), encoding="utf-8")
        (site / "private" / "staff.html").write_text(_html("en", "staff", "secret"), encoding="utf-8")
        (site / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="ascii")
        manifest["hosts"].append({"host": h, "lang": lang, "images": per_host, "know": know, "pages": len(pages)})
    manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


def _html(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"</head><body>\n{body}\n</body></html>\n"
    )


def load_files(root: Path, hosts: int) -> dict[int, dict[bytes, tuple[bytes, bytes]]]:
    """host index -> URL path -> (content type, body), everything in memory."""
    sites = {}
    for h in range(hosts):
        site = root / f"h{h}"
        sites[h] = {
            ("/" + str(p.relative_to(site))).encode(): (
                TYPES.get(p.suffix, b"application/octet-stream"),
                p.read_bytes(),
            )
            for p in site.rglob("*")
            if p.is_file()
        }
    return sites


class _Http(asyncio.Protocol):
    """Just enough HTTP/1.1 for GET with keep-alive."""

    def __init__(self, files: dict, counts: Counter, host: int):
        self.files, self.counts, self.host = files, counts, host
        self.buf = b""

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buf += data
        while b"\r\n\r\n" in self.buf:
            head, self.buf = self.buf.split(b"\r\n\r\n", 1)
            path = head.split(b" ", 2)[1].split(b"?", 1)[0]
            self.counts[f"h{self.host}:{path.split(b'/')[1].decode(errors='replace') or 'root'}"] += 1
            hit = self.files.get(path)
            if hit is None:
                status, ctype, body = b"404 Not Found", b"text/plain", b"not found\n"
            else:
                status, (ctype, body) = b"200 OK", hit
            self.transport.writelines(
                [
                    b"HTTP/1.1 ",
                    status,
                    b"\r\nContent-Type: ",
                    ctype,
                    b"\r\nContent-Length: ",
                    str(len(body)).encode(),
                    b"\r\n\r\n",
                    body,
                ]
            )


async def serve(root: Path, hosts: int, port: int, stats: Path | None) -> None:
    files = load_files(root, hosts)
    counts: Counter = Counter()
    loop = asyncio.get_running_loop()
    servers = [
        await loop.create_server(lambda h=h: _Http(files[h], counts, h), f"127.0.0.{h + 1}", port, backlog=1024)
        for h in range(hosts)
    ]
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    print(f"serving {hosts} hosts on 127.0.0.1-{hosts}:{port}", flush=True)
    await stop.wait()
    for s in servers:
        s.close()
    if stats:
        stats.write_text(json.dumps(dict(sorted(counts.items())), indent=1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("build", "serve"))
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--hosts", type=int, default=8)
    parser.add_argument("--images", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port", type=int, default=18080)
    parser.add_argument("--stats", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "build":
        manifest = build(args.root, args.hosts, args.images, args.seed)
        print(json.dumps(manifest["hosts"]))
    else:
        asyncio.run(serve(args.root, args.hosts, args.port, args.stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
