"""The crawl's image checks: sizes, formats and decompression bombs refused without decoding,
HTML served under an image URL, the perceptual hash, data: URIs, and which images are checked
on the event loop."""

from __future__ import annotations

import base64
import io
import struct
import zlib

import imagehash
import numpy as np
import pytest
from PIL import Image

from mella_ray.crawl.images import check_crawled_image, perceptual_hash
from mella_ray.infer.datauri import DataUrlError, parse_data_url


def _img(w, h, fmt="JPEG", mode="RGB") -> bytes:
    buf = io.BytesIO()
    Image.new(mode, (w, h), (120, 30, 200) if mode == "RGB" else 0).save(buf, fmt)
    return buf.getvalue()


def _png_bomb(w: int, h: int) -> bytes:
    """A tiny PNG whose header declares w×h pixels (the body is never decoded)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_good_images_pass_with_size_and_format():
    for fmt in ("JPEG", "PNG", "WEBP", "GIF"):
        chk = check_crawled_image(_img(200, 120, fmt))
        assert chk.ok and (chk.width, chk.height, chk.format) == (200, 120, fmt), chk


def test_decompression_bomb_is_refused_without_decoding():
    data = _png_bomb(100_000, 100_000)
    assert len(data) < 200
    chk = check_crawled_image(data, max_pixels=40_000_000)
    assert not chk.ok and chk.reason == "decompression_bomb"
    assert check_crawled_image(_img(300, 300), max_pixels=300 * 300 - 1).reason == "decompression_bomb"


def test_tracking_pixel_small_aspect_format_svg_corrupt():
    assert check_crawled_image(_img(1, 1, "GIF", "L")).reason == "tracking_pixel"
    assert check_crawled_image(_img(40, 100)).reason == "too_small"
    assert check_crawled_image(_img(400, 100)).reason == "bad_aspect"
    assert check_crawled_image(_img(100, 100, "BMP")).reason == "bad_format"
    assert check_crawled_image(b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>').reason == "svg"
    assert check_crawled_image(b"not an image at all").reason == "not_image"
    assert check_crawled_image(b"").reason == "empty"
    assert check_crawled_image(_img(300, 300)[:400]).reason == "corrupt"  # truncated JPEG


def test_html_under_an_image_url_and_content_type():
    assert check_crawled_image(b"<!DOCTYPE html><html><body>404</body></html>").reason == "not_image"
    # the bytes decide, as browsers sniff images: a real picture under a wrong header is a picture
    assert check_crawled_image(_img(200, 200), content_type="text/html; charset=utf-8").ok
    assert check_crawled_image(_img(200, 200), content_type="text/plain").ok
    assert check_crawled_image(b"plain words, no picture", content_type="text/plain").reason == "not_image"


def test_phash_is_stable_across_formats_and_sizes():
    from mella_ray.demo_site import images as pictures

    scene = pictures.random_scene(__import__("random").Random(3))
    a = check_crawled_image(pictures.encode(pictures.render(scene, (200, 150)), "JPEG")).phash
    b = check_crawled_image(pictures.encode(pictures.render(scene, (400, 300)), "PNG")).phash
    c = check_crawled_image(
        pictures.encode(pictures.render(pictures.random_scene(__import__("random").Random(4)), (200, 150)), "JPEG")
    ).phash
    assert len(a) == 16 and (int(a, 16) ^ int(b, 16)).bit_count() <= 6 < (int(a, 16) ^ int(c, 16)).bit_count()


def test_phash_is_imagehash_phash_bit_for_bit():
    from mella_ray.demo_site import images as pictures

    rng = __import__("random").Random(5)
    for _ in range(40):  # the DCT-matrix pHash against imagehash's scipy one, on 32x32 greyscale copies
        small = pictures.render(pictures.random_scene(rng), (32, 32)).convert("L")
        assert perceptual_hash(small) == str(imagehash.phash(small))
    noise = np.random.default_rng(5)
    row, half = noise.integers(0, 256, 32, dtype=np.uint8), noise.integers(0, 256, (32, 16), dtype=np.uint8)
    exact_zeros = [
        np.full((32, 32), 200, np.uint8),
        np.tile(row, (32, 1)),
        np.tile(row[:, None], (1, 32)),
        np.concatenate([half, half[:, ::-1]], 1),
    ]  # flat, stripes both ways, mirror-symmetric
    for pixels in exact_zeros:  # DCT coefficients that are exactly 0: no float noise may flip their bits
        small = Image.fromarray(pixels)
        assert perceptual_hash(small) == str(imagehash.phash(small))
    palette = pictures.render(pictures.random_scene(rng), (120, 90)).convert("P")
    assert perceptual_hash(palette) == str(imagehash.phash(palette.convert("L").resize((32, 32), Image.LANCZOS)))


def test_data_uris():
    """One parser for every data: URL: the crawl's inlined images and the API's image parts."""
    png = _img(80, 80, "PNG")
    url = "data:image/png;base64," + base64.b64encode(png).decode()
    assert parse_data_url(url, 10_000) == ("image/png", png)
    assert parse_data_url("data:text/plain,hello%20world", 100) == ("text/plain", b"hello world")
    assert parse_data_url("data:,hi") == ("text/plain", b"hi")
    for bad, kw, code in (
        (url, {"max_bytes": 100}, "too_large"),
        ("nodata", {}, "bad_data_uri"),
        ("data:image/png;base64,%%%", {"base64_only": True}, "bad_data_uri"),
        ("data:image/png,abc", {"base64_only": True}, "bad_data_uri"),
    ):
        with pytest.raises(DataUrlError) as e:
            parse_data_url(bad, **kw)
        assert e.value.code == code, bad


def test_only_cheap_images_are_checked_on_the_event_loop():
    from mella_ray.crawl.image_jobs import INLINE_MAX_BYTES, image_inline

    big = io.BytesIO()
    Image.new("L", (6000, 6000), 128).save(big, "PNG")  # 36 MP in ~50 kB: half a second to decode
    assert len(big.getvalue()) < INLINE_MAX_BYTES and not image_inline(big.getvalue())
    assert image_inline(_img(640, 480))  # an ordinary picture
    assert not image_inline(b"\xff\xd8" + bytes(INLINE_MAX_BYTES))  # large bodies never inline
    assert image_inline(bytes(40_000))  # no readable header: refused cheaply, inline
