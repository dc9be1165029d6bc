"""data: URLs: images in the OpenAI message format, and images inlined in web pages. The one
parser of them, for serve, infer and the crawl."""

from __future__ import annotations

import base64
import binascii
import io
from urllib.parse import unquote_to_bytes

from PIL import Image

_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
# Every format an image from outside may be parsed as: Image.open gets this list wherever such
# bytes are opened (here, infer.processors, serve.images), so no other Pillow plugin ever reads
# them. (The JPEG plugin also opens MPO, a phone's JPEG with a second frame.)
DECODE_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP")


def to_data_url(data: bytes) -> str:
    fmt = Image.open(io.BytesIO(data), formats=list(DECODE_FORMATS)).format or "PNG"
    return f"data:{_MIME.get(fmt, 'application/octet-stream')};base64,{base64.b64encode(data).decode()}"


class DataUrlError(ValueError):
    """A data: URL that cannot be used; `code` is the failure reason (bad_data_uri, too_large)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def media_type(url: str) -> str:
    """The media type a data: URL declares (RFC 2397: text/plain when none), lower case."""
    return url[5:].split(",", 1)[0].split(";")[0].strip().lower() or "text/plain"


def parse_data_url(url: str, max_bytes: int | None = None, base64_only: bool = False) -> tuple[str, bytes]:
    """(media type, bytes) of a data: URL (RFC 2397: base64 or percent-encoded), refusing a payload
    over `max_bytes` before decoding it; DataUrlError otherwise. `base64_only` (the OpenAI image
    format): a percent-encoded payload, or base64 with stray characters, is refused."""
    head, sep, payload = url.partition(",")
    if not sep or not head.lower().startswith("data:"):
        raise DataUrlError("bad_data_uri", "not a data: URL with a ',' between header and payload")
    mime = media_type(url)
    is_base64 = any(p.strip().lower() == "base64" for p in head[5:].split(";")[1:])
    if base64_only and not is_base64:
        raise DataUrlError("bad_data_uri", "only base64 data: URLs are accepted")
    if max_bytes is not None and len(payload) > max_bytes * 4 // 3 + 4:  # base64: 4 chars per 3 bytes
        raise DataUrlError("too_large", f"data: URL payload is larger than the limit of {max_bytes} bytes")
    try:
        data = base64.b64decode(payload.strip(), validate=base64_only) if is_base64 else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        raise DataUrlError("bad_data_uri", "data: URL payload is not valid base64") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise DataUrlError("too_large", f"data: URL payload is larger than the limit of {max_bytes} bytes")
    return mime, data
