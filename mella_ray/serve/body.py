"""A request body's bounds, enforced before it is parsed: bytes, time, JSON elements and depth.

What a chat request may cost is set by configuration, not by what a client sends:
- bytes: a text budget (serve.max_text_bytes: prompts, JSON syntax, unused fields) apart from the
  image budget (serve.max_images data: URLs of serve.max_image_bytes each). A declared
  Content-Length over the sum is refused before a byte is read; a body that grows past it while
  streaming is refused at that point;
- time: the whole body within serve.body_timeout_s (408 after), so a slow sender frees its slot;
- structure: the number of JSON values and the nesting depth, counted by scanning the bytes
  (C-speed regex and bytes methods) before `json.loads` builds any object. A 50 MB body of `{}`
  is refused by the byte scan alone; a body within the text budget holds at most
  serve.max_json_elements values, so parsing it costs a bounded number of Python objects.

Data-URL payloads (base64: no quotes, brackets or commas) are found by one regex and counted
against the image budget; everything else is text. A payload that only looks like one inside a
text string is still bounded: by the image budget, and then by json.loads and the image checks.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

from mella_ray.config import ServeConfig
from mella_ray.serve.protocol import ApiError

# A JSON string holding a data: URL whose payload is base64 (JSON may escape "/" as "\/"; some
# encoders wrap base64 lines, which JSON writes as "\n").
_DATA_URL = re.compile(rb'"data:[^",\\]{0,200},[A-Za-z0-9+/= ]*(?:\\[/nr][A-Za-z0-9+/= ]*)*"')
# Any JSON string (unrolled loop, no backtracking). An unterminated one runs to the end of the
# body instead of failing: a failed attempt would be retried from every later quote, which is
# quadratic on a body like '"\"\"\"...' (measured: 0.8 s for 16 kB).
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
# base64 of the largest image plus a data: header (the regex's 200) and JSON quoting
DATA_URL_OVERHEAD = 256


@dataclass(frozen=True)
class BodyLimits:
    max_text_bytes: int = 262_144
    max_images: int = 4
    max_image_bytes: int = 10_000_000
    max_elements: int = 4096
    max_depth: int = 16
    timeout_s: float = 10.0

    @classmethod
    def from_config(cls, cfg: ServeConfig) -> BodyLimits:
        return cls(
            cfg.max_text_bytes,
            cfg.max_images,
            cfg.max_image_bytes,
            cfg.max_json_elements,
            cfg.max_json_depth,
            cfg.body_timeout_s,
        )

    @property
    def max_data_url_bytes(self) -> int:
        return self.max_image_bytes * 4 // 3 + 4 + DATA_URL_OVERHEAD

    @property
    def max_body_bytes(self) -> int:
        """The largest body any valid request can need: text plus every image as a data: URL."""
        return self.max_text_bytes + self.max_images * self.max_data_url_bytes


def too_large(what: str, size: int | str, limit: int, key: str) -> ApiError:
    return ApiError(
        413,
        f"{what} is {size} bytes, above this server's limit of {limit} ({key})",
        "invalid_request_error",
        None,
        "request_too_large",
    )


def check_declared_length(content_length: str | None, limits: BodyLimits) -> None:
    """Refuse (413) a body whose declared length is over the cap, before reading any of it."""
    if content_length and content_length.isdigit() and int(content_length) > limits.max_body_bytes:
        raise too_large(
            "the request body",
            content_length,
            limits.max_body_bytes,
            "serve.max_text_bytes + serve.max_images data: URLs",
        )


async def read_body(chunks: AsyncIterator[bytes], limits: BodyLimits) -> bytes:
    """The whole body within the byte cap (413) and the deadline (408)."""
    cap, buf = limits.max_body_bytes, bytearray()

    async def collect() -> None:
        async for chunk in chunks:
            buf.extend(chunk)
            if len(buf) > cap:
                raise too_large(
                    "the request body", f"more than {cap}", cap, "serve.max_text_bytes + serve.max_images data: URLs"
                )

    try:
        await asyncio.wait_for(collect(), limits.timeout_s)
    except TimeoutError:
        raise ApiError(
            408,
            f"the request body did not arrive within {limits.timeout_s:g}s (serve.body_timeout_s)",
            "invalid_request_error",
            None,
            "body_timeout",
        ) from None
    return bytes(buf)


def check_body_shape(body: bytes, limits: BodyLimits) -> None:
    """Refuse a body whose text part, element count or depth is over the limits, without parsing it."""
    image_bytes, n = 0, 0
    for m in _DATA_URL.finditer(body):
        n += 1
        size = m.end() - m.start()
        if n > limits.max_images:
            raise ApiError(
                400,
                f"more than {limits.max_images} images in the request; at most {limits.max_images} are accepted",
                "invalid_request_error",
                "messages",
                "too_many_images",
            )
        if size > limits.max_data_url_bytes:
            raise ApiError(
                400,
                f"an image data: URL is {size} bytes, above the limit of {limits.max_data_url_bytes} "
                f"(serve.max_image_bytes {limits.max_image_bytes} as base64)",
                "invalid_request_error",
                "messages",
                "image_too_large",
            )
        image_bytes += size
    text_bytes = len(body) - image_bytes
    if text_bytes > limits.max_text_bytes:
        raise too_large(
            "the request's text (the body without image data: URLs)",
            text_bytes,
            limits.max_text_bytes,
            "serve.max_text_bytes",
        )
    text = _DATA_URL.sub(b'""', body) if n else body  # at most max_text_bytes + a few bytes per image
    skeleton = _STRING.sub(b'""', text)  # structure only: brackets and commas inside strings do not count
    elements = skeleton.count(b",") + skeleton.count(b"{") + skeleton.count(b"[") + 1
    if elements > limits.max_elements:
        raise ApiError(
            400,
            f"the request body holds about {elements} JSON values, above the limit of "
            f"{limits.max_elements} (serve.max_json_elements)",
            "invalid_request_error",
            None,
            "too_many_elements",
        )
    depth = top = 0
    for b in skeleton.translate(None, _NOT_BRACKET):  # at most 2 * max_elements brackets
        depth += 1 if b in b"[{" else -1
        top = max(top, depth)
    if top > limits.max_depth:
        raise ApiError(
            400,
            f"the request body nests {top} levels deep, above the limit of {limits.max_depth} (serve.max_json_depth)",
            "invalid_request_error",
            None,
            "too_deep",
        )
