"""Check downloaded image bytes: decodable, a format we keep, a size worth training on.

The pixel guard runs on the header, before any decoding: a 50 kB PNG can declare
100,000 × 100,000 pixels and take 40 GB to decode (a decompression bomb). Pillow's own
guard (`Image.MAX_IMAGE_PIXELS`) is process-global and only warns below twice the limit,
so we compare width × height against the configured `max_pixels` ourselves and also
catch Pillow's DecompressionBombError for anything beyond its hard limit.
"""
from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

TRACKING_PIXEL_MAX_SIDE = 2  # 1×1 and 2×2 images are beacons, not pictures


@dataclass
class ImageCheck:
    ok: bool
    reason: str  # "ok" or why the image is refused
    width: int = 0
    height: int = 0
    format: str | None = None  # PIL format name: JPEG, PNG, WEBP, GIF
    detail: str | None = None

    @classmethod
    def refuse(cls, reason: str, detail: str | None = None, width: int = 0, height: int = 0,
               fmt: str | None = None) -> "ImageCheck":
        return cls(False, reason, width, height, fmt, detail)


def image_id(data: bytes) -> str:
    """sha256 hex of the bytes as served: the image's identity across the whole crawl."""
    return hashlib.sha256(data).hexdigest()


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!doctype svg")) and b"<svg" in head)


def check_image(
    data: bytes,
    min_side: int = 64,
    max_aspect: float = 3.0,
    max_pixels: int = 40_000_000,
    formats: list[str] | tuple[str, ...] = ("JPEG", "PNG", "WEBP", "GIF"),
    content_type: str | None = None,
) -> ImageCheck:
    """Open, measure and fully decode the image; never raises."""
    if not data:
        return ImageCheck.refuse("empty")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "image/svg+xml" or looks_like_svg(data):
        return ImageCheck.refuse("svg")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                fmt = img.format
                if width * height > max_pixels:
                    return ImageCheck.refuse(
                        "decompression_bomb", f"{width}x{height} > {max_pixels} pixels", width, height, fmt
                    )
                if (fmt or "").upper() not in {f.upper() for f in formats}:
                    return ImageCheck.refuse("bad_format", f"{fmt} not in {list(formats)}", width, height, fmt)
                if width <= TRACKING_PIXEL_MAX_SIDE and height <= TRACKING_PIXEL_MAX_SIDE:
                    return ImageCheck.refuse("tracking_pixel", f"{width}x{height}", width, height, fmt)
                if min(width, height) < min_side:
                    return ImageCheck.refuse("too_small", f"{width}x{height} < {min_side}", width, height, fmt)
                if max(width, height) / max(min(width, height), 1) > max_aspect:
                    return ImageCheck.refuse("bad_aspect", f"{width}x{height} > {max_aspect}", width, height, fmt)
                # Decode everything now: a truncated file passes the header checks above
                # and would otherwise fail later, inside a captioning batch.
                img.load()
    except Image.DecompressionBombError as e:
        return ImageCheck.refuse("decompression_bomb", str(e))
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as e:
        # OSError covers "image file is truncated"; SyntaxError is what some plugins raise.
        return ImageCheck.refuse("not_image" if isinstance(e, UnidentifiedImageError) else "corrupt",
                                 f"{type(e).__name__}: {e}")
    except Exception as e:  # a Pillow plugin bug must not stop the crawl
        return ImageCheck.refuse("corrupt", f"{type(e).__name__}: {e}")
    return ImageCheck(True, "ok", width, height, fmt)
