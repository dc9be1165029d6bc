"""Serve a built demo site over real HTTP on the loopback interface, in a background thread.

Static files only, with two things a plain file server would get wrong for a crawler:
HTML responses carry the charset the page declares (windows-1251 for the legacy page),
and the base-URL token in HTML is replaced by the server's own address so that pages
can use full absolute URLs even though the port is chosen at start-up.
"""

from __future__ import annotations

import logging
import posixpath
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mella_ray.demo_site.manifest import BASE_URL_TOKEN

log = logging.getLogger(__name__)

CONTENT_TYPES = {
    ".html": "text/html",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".json": "application/json",
}
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SNIFF_BYTES = 1024  # browsers look for the charset declaration in the first 1024 bytes


def html_charset(body: bytes) -> str:
    """The charset an HTML document declares, utf-8 when it declares none."""
    match = _META_CHARSET.search(body[:_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else "utf-8"


class _SiteRequestHandler(BaseHTTPRequestHandler):
    server: _SiteHTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers' connection pools expect
    timeout = 30  # an idle keep-alive connection frees its thread after this long
    # Headers and body go out as two writes; with Nagle on, each response would wait
    # for the client's delayed ACK (~40 ms), making a crawl of many small files crawl.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        self._respond(include_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(include_body=False)

    def _respond(self, include_body: bool) -> None:
        file_path = self._resolve(urlsplit(self.path).path)
        if file_path is None:
            self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found\n", include_body)
            return
        body = file_path.read_bytes()
        content_type = CONTENT_TYPES.get(file_path.suffix.lower(), "application/octet-stream")
        if content_type == "text/html":
            body = body.replace(BASE_URL_TOKEN.encode("ascii"), self.server.base_url.encode("ascii"))
            content_type = f"text/html; charset={html_charset(body)}"
        self._send(HTTPStatus.OK, content_type, body, include_body)

    def _resolve(self, url_path: str) -> Path | None:
        """The file for a URL path, or None; never a path outside the site root."""
        normalized = posixpath.normpath(unquote(url_path))
        parts = [part for part in normalized.split("/") if part]
        # Hidden files (the build marker) and parent references are not part of the site.
        if any(part.startswith(".") for part in parts):
            return None
        candidate = self.server.root.joinpath(*parts)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.server.root)
        except ValueError:
            return None
        return candidate if candidate.is_file() else None

    def _send(self, status: HTTPStatus, content_type: str, body: bytes, include_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if include_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base-class signature)
        log.debug("%s %s", self.address_string(), format % args)


class _SiteHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # open keep-alive connections must not block shutdown
    # The default backlog of 5 drops the SYNs of a crawler that opens dozens of
    # connections at once, and each dropped one costs a 1 s+ retransmission.
    request_queue_size = 128
    root: Path
    base_url: str

    def handle_error(self, request: object, client_address: object) -> None:
        # A crawler hanging up mid-response is normal here, not worth a traceback on stderr.
        log.debug("demo site request from %s failed", client_address, exc_info=True)


class DemoSite:
    """A running (or ready to run) HTTP server for a site folder.

    Use as a context manager, or call start() and stop(). `port=0` lets the OS choose
    a free port; `base_url` tells which one it chose.
    """

    def __init__(self, root: Path | str, host: str = "127.0.0.1", port: int = 0) -> None:
        self.root = Path(root).resolve()
        if not (self.root / "index.html").is_file():
            raise FileNotFoundError(f"{self.root} holds no site (no index.html); run build_site first")
        self.host = host
        self.port = port
        self._server: _SiteHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("the demo site is not running; call start() first")
        return self._server.base_url

    def url(self, site_path: str) -> str:
        """The full URL of a site path such as "/cs/index.html"."""
        return self.base_url + "/" + site_path.lstrip("/")

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> DemoSite:
        if self._server is not None:
            raise RuntimeError("the demo site is already running")
        server = _SiteHTTPServer((self.host, self.port), _SiteRequestHandler)
        server.root = self.root
        host, port = server.server_address[:2]
        server.base_url = f"http://{host}:{port}"
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.1}, name=f"demo-site-{port}", daemon=True
        )
        self._thread.start()
        log.info("demo site %s served at %s", self.root, server.base_url)
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, close the socket, wait for the thread; safe to call twice."""
        server, thread = self._server, self._thread
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("demo site thread did not stop within %.1f s", timeout)
        self._server, self._thread = None, None
        log.info("demo site %s stopped", self.root)

    def __enter__(self) -> DemoSite:
        if self._server is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_site(root: Path | str, host: str = "127.0.0.1", port: int = 0) -> DemoSite:
    """Start serving `root` and return the running site (a context manager that stops it)."""
    return DemoSite(root, host, port).start()
