"""WARC in and out (ISO 28500, the archive format of Common Crawl and Heritrix), with warcio.

Out (`crawl.warc: true`): every HTML page the crawl fetches is written as a `response` record
under crawl/warc/, so the pages can be re-extracted (a new alt filter, a new parser) without
fetching them again. Each actor writes its own files, `{actor}-{start}-{n}.warc.gz`, a new one
past WARC_FILE_BYTES, one gzip member per record (the Common Crawl layout: a reader can seek
to any record, and a file cut short by a crash loses only its last record). The body is
stored as decoded (after gzip/deflate): the Content-Encoding header is dropped with it.

In (`crawl.warc_inputs`): D_know from existing WARC files, such as Common Crawl's, without
fetching a single page. Actor i reads the files `sorted(glob)[i::num_actors]`; every HTML
`response` record with status 200 becomes a page of the crawl as if it had been fetched
(links are not followed), and its images are fetched politely by the actors that own their
hosts. A resumed crawl reads the files it had not finished again; images already done are
not fetched twice (the crawler's seen sets dedupe them).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from mella_ray.crawl.fetch import FetchResult
from mella_ray.crawl.urls import canonicalize, host_key
from mella_ray.runtime import storage

log = logging.getLogger(__name__)

WARC_FILE_BYTES = 1 << 30  # Common Crawl's files are about 1 GB
DROPPED_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}  # the body is stored decoded
HTML_TYPES = ("text/html", "application/xhtml+xml")


class WarcOut:
    """Writes one actor's fetched pages; the writes run on a thread of their own, in order."""

    def __init__(self, folder: str, actor: int, user_agent: str):
        self.folder, self.actor, self.user_agent = folder, actor, user_agent
        self.start = time.strftime("%Y%m%d%H%M%S", time.gmtime())
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=f"warc-{actor}")
        self._file = self._writer = None
        self._n = 0
        self.records = 0

    def write(self, res: FetchResult) -> None:
        """Queue `res` (a fetched page) for writing; never blocks the event loop."""
        self._pool.submit(self._write, res.final_url, res.status or 200, dict(res.headers), res.body or b"")

    def _open(self) -> None:
        name = f"{self.actor:03d}-{self.start}-{self._n:05d}.warc.gz"
        fs, path = storage.fs_and_path(storage.join(self.folder, name))
        fs.makedirs(os.path.dirname(path), exist_ok=True)
        self._file = fs.open(path, "wb")
        self._writer = WARCWriter(self._file, gzip=True)
        self._writer.write_record(
            self._writer.create_warcinfo_record(
                os.path.basename(path),
                {
                    "software": "mella-ray crawl",
                    "http-header-user-agent": self.user_agent,
                    "format": "WARC File Format 1.1",
                },
            )
        )
        self._n += 1

    def _write(self, url: str, status: int, headers: dict[str, str], body: bytes) -> None:
        try:
            if self._writer is None:
                self._open()
            pairs = [(k, v) for k, v in headers.items() if k.lower() not in DROPPED_HEADERS]
            pairs.append(("Content-Length", str(len(body))))
            http = StatusAndHeaders(f"{status} OK", pairs, protocol="HTTP/1.1")
            self._writer.write_record(
                self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
            )
            self.records += 1
            if self._file.tell() >= WARC_FILE_BYTES:
                self._close_file()
        except Exception:  # an archive that cannot be written must not stop the crawl
            log.exception("crawl actor %d: writing a WARC record of %s failed", self.actor, url)

    def _close_file(self) -> None:
        if self._file is not None:
            self._file.close()
        self._file = self._writer = None

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._pool, self._close_file)
        self._pool.shutdown(wait=True)


def warc_files(pattern: str) -> list[str]:
    """The files a `crawl.warc_inputs` path names (a file, a folder or a glob), sorted."""
    fs, path = storage.fs_and_path(pattern)
    if fs.isdir(path):
        found = [p for p in fs.find(path) if p.endswith((".warc", ".warc.gz"))]
    else:
        found = fs.glob(path) if any(c in path for c in "*?[") else ([path] if fs.exists(path) else [])
    protocol = pattern.split("://", 1)[0] + "://" if "://" in pattern else ""
    return sorted(protocol + p if protocol and not p.startswith(protocol) else p for p in found)


def read_pages(path: str, max_bytes: int) -> Iterator[FetchResult]:
    """The HTML pages of a WARC file: status-200 `response` records, bodies decoded, at most max_bytes."""
    fs, p = storage.fs_and_path(path)
    with fs.open(p, "rb") as f:
        for record in ArchiveIterator(f):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            url = canonicalize(record.rec_headers.get_header("WARC-Target-URI") or "")
            status = record.http_headers.get_statuscode()
            content_type = record.http_headers.get_header("Content-Type") or ""
            if url is None or status != "200" or content_type.split(";")[0].strip().lower() not in HTML_TYPES:
                continue
            body = record.content_stream().read(max_bytes + 1)
            if len(body) > max_bytes:
                continue
            headers = {k.lower(): v for k, v in record.http_headers.headers if k.lower() not in DROPPED_HEADERS}
            yield FetchResult(url=url, final_url=url, status=200, body=body, headers=headers, attempts=0)


class WarcIn:
    """One actor's share of the WARC inputs, read in a thread, handed to the crawl page by page."""

    def __init__(self, inputs: list, actor: int, num_actors: int, max_bytes: int):
        self.files = [(f, i.lang) for i in inputs for f in warc_files(i.path)][actor::num_actors]
        self.max_bytes = max_bytes
        self.reading = bool(self.files)

    async def run(self, take_page, failed) -> None:
        """Read every file: `take_page(res, lang)` for each page, `failed(path, lang, error)` for a file
        that cannot be read (from where it broke: the pages before it are taken)."""
        loop = asyncio.get_running_loop()
        try:
            for path, lang in self.files:
                pages = read_pages(path, self.max_bytes)
                try:
                    while (res := await loop.run_in_executor(None, next, pages, None)) is not None:
                        await take_page(res, lang)
                except (OSError, ValueError, EOFError, ArchiveLoadFailed) as e:
                    failed(path, lang, f"{type(e).__name__}: {e}")
        finally:
            self.reading = False


async def read_warcs(crawler) -> None:
    """A Crawler's share of crawl.warc_inputs, each page taken as if fetched (its links not followed)."""

    async def take(res: FetchResult, lang: str) -> None:
        crawler.counters.count("warc_pages_read", lang=lang)
        await crawler.run_job(("warc", host_key(res.url), (res, lang)))

    def failed(path: str, lang: str, error: str) -> None:
        crawler.fail(path, "warc", lang, "warc_unreadable", error)

    if crawler.warc_in is not None:
        await crawler.warc_in.run(take, failed)
