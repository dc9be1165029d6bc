"""data: URLs for images (the OpenAI message format carries images this way)."""

from __future__ import annotations

import base64
import io

from PIL import Image

_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Every format an image from outside may be parsed as: Image.open gets this list wherever such
# bytes are opened (here, infer.processors, serve.images), so no other Pillow plugin ever reads
# them. (The JPEG plugin also opens MPO, a phone's JPEG with a second frame.)
DECODE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")


def to_data_url(data: bytes) -> str:
    fmt = Image.open(io.BytesIO(data), formats=list(DECODE_FORMATS)).format or "PNG"
    return f"data:{_MIME.get(fmt, 'application/octet-stream')};base64,{base64.b64encode(data).decode()}"


def from_data_url(url: str) -> tuple[str, bytes]:
    """(mime, bytes) of a base64 data URL; ValueError with the reason otherwise."""
    if not url.startswith("data:"):
        raise ValueError("not a data: URL")
    head, sep, payload = url.partition(",")
    if not sep:
        raise ValueError("data: URL without a ',' separating header and payload")
    mime = head[5:].split(";")[0] or "text/plain"
    if ";base64" not in head.lower():  # RFC 2397: case-insensitive
        raise ValueError("only base64 data: URLs are accepted")
    try:
        return mime, base64.b64decode(payload, validate=True)
    except Exception:
        raise ValueError("data: URL payload is not valid base64") from None
