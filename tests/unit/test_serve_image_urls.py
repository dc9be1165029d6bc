"""Images in chat requests: data: URLs decoded and checked (formats, bytes and pixel caps before
decoding, the image count), image URLs refused for private addresses before connecting."""

from __future__ import annotations

import asyncio
import io
import ipaddress
import sys
from pathlib import Path

import pytest
from PIL import Image

from mella_ray.config import ServeConfig
from mella_ray.serve.images import (
    ImageError,
    ImageLimits,
    decode_data_url,
    fetch_image,
    is_public,
    load_images,
    require_image,
    resolve_checked,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from serve_requests import data_url, png, refused  # noqa: E402

LIM = ImageLimits(max_images=2, max_bytes=200_000, allow_urls=True, allow_private=False)


def test_data_url_png_ok():
    data = png()
    assert decode_data_url(data_url(data), LIM) == data
    assert decode_data_url(data_url(data).replace("data:image/png;base64", "data:IMAGE/PNG;BASE64"), LIM) == data


def test_a_phone_jpeg_with_a_second_frame_is_accepted():
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 30)).save(
        buf, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 30), (0, 0, 0))]
    )
    assert Image.open(io.BytesIO(buf.getvalue())).format == "MPO"
    assert decode_data_url(data_url(buf.getvalue(), "image/jpeg"), LIM) == buf.getvalue()


def _tiff() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "TIFF")
    return buf.getvalue()


@pytest.mark.parametrize(
    "url,code",
    [
        (data_url(b"hello", "text/plain"), "invalid_image"),  # not an image type
        (data_url(b"not really a png"), "invalid_image"),  # image type, garbage bytes
        ("data:image/png;base64,@@@@", "invalid_image"),  # not base64
        ("data:image/png,rawbytes", "invalid_image"),  # not base64-encoded
        (data_url(png(1300, 1300)), "image_too_large"),  # over 16 x max_pixels below
        (data_url(_tiff()), "invalid_image"),  # a format Pillow knows, not accepted
        (data_url(png(250, 1)), "invalid_image"),  # sides over 200:1
    ],
)
def test_bad_data_urls(url, code):
    lim = ImageLimits(max_bytes=200_000, max_pixels=300 * 300)  # decoding cap 1.44 Mpx
    e = refused(decode_data_url, url, lim)
    assert e.status == 400 and e.code == code


def test_bytes_cap_checked_before_decoding():
    e = refused(decode_data_url, data_url(png()), ImageLimits(max_bytes=10))
    assert e.code == "image_too_large"


@pytest.mark.parametrize("side", [8000, 14000])  # 64 Mpx: our cap; 196 Mpx: Pillow's own refusal too
def test_pixel_bomb_refused_without_decoding(side):
    # a huge one-colour PNG is small on disk; the header alone must refuse it
    buf = io.BytesIO()
    Image.new("1", (side, side)).save(buf, "PNG")
    assert len(buf.getvalue()) < 200_000
    e = refused(require_image, buf.getvalue(), ImageLimits(max_bytes=10_000_000))
    assert e.code == "image_too_large"


def test_too_many_images():
    with pytest.raises(ImageError) as e:
        asyncio.run(load_images([data_url(png())] * 3, LIM))
    assert e.value.code == "too_many_images" and e.value.status == 400


def test_limits_from_config():
    lim = ImageLimits.from_config(ServeConfig(max_images=1, allow_image_urls=True))
    assert lim.max_images == 1 and lim.allow_urls and not lim.allow_private


@pytest.mark.parametrize(
    "addr,public",
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::", False),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_is_public(addr, public):
    assert is_public(ipaddress.ip_address(addr)) is public


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1", "localhost"])
def test_private_hosts_refused(host):
    e = refused(resolve_checked, host, 80, False)
    assert e.code == "image_url_forbidden" and e.status == 400
    assert resolve_checked(host, 80, True)  # allowed when private networks are


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "http://[::1]/x.png",
        "http://10.0.0.1/a.jpg",
        "http://169.254.169.254/latest/meta-data",
        "http://localhost:1/x.png",
    ],
)
def test_fetch_refuses_private_before_connecting(url):
    with pytest.raises(ImageError) as e:
        asyncio.run(fetch_image(url, LIM))
    assert e.value.code == "image_url_forbidden"


def test_urls_disabled_and_bad_schemes():
    with pytest.raises(ImageError) as e:
        asyncio.run(load_images(["https://example.com/a.png"], ImageLimits(allow_urls=False)))
    assert e.value.code == "image_url_forbidden"
    with pytest.raises(ImageError) as e:
        asyncio.run(load_images(["file:///etc/passwd"], LIM))
    assert e.value.code == "invalid_image_url"


@pytest.fixture
def image_server():
    """A loopback HTTP server: /a.png, /moved (redirect to /a.png), /big (too large), /text."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    image = png()
    seen_hosts = []

    class H(BaseHTTPRequestHandler):
        def do_GET(self):
            seen_hosts.append(self.headers.get("Host"))
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/a.png")
                self.end_headers()
                return
            payload = {"/a.png": image, "/big": b"\0" * 300_000, "/text": b"hello"}.get(self.path)
            self.send_response(200 if payload else 404)
            self.end_headers()
            self.wfile.write(payload or b"")

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://localhost:{srv.server_address[1]}", image, seen_hosts
    srv.shutdown()
    srv.server_close()


def test_fetch_when_private_allowed(image_server):
    base, image, seen_hosts = image_server
    lim = ImageLimits(max_bytes=200_000, allow_urls=True, allow_private=True)
    assert asyncio.run(fetch_image(f"{base}/a.png", lim)) == image
    assert asyncio.run(fetch_image(f"{base}/moved", lim)) == image
    assert seen_hosts[0] == base.removeprefix("http://")  # pinned to the address, Host header kept
    for path, code in [("/big", "image_too_large"), ("/text", "invalid_image"), ("/nope", "image_fetch_failed")]:
        with pytest.raises(ImageError) as e:
            asyncio.run(fetch_image(f"{base}{path}", lim))
        assert e.value.code == code, path
    with pytest.raises(ImageError) as e:  # the same server is refused without the permission
        asyncio.run(fetch_image(f"{base}/a.png", LIM))
    assert e.value.code == "image_url_forbidden"
