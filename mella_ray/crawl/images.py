"""Check downloaded image bytes: decodable, a format we keep, a size worth training on.

The pixel guard runs on the header, before any decoding: a 50 kB PNG can declare
100,000 × 100,000 pixels and take 40 GB to decode (a decompression bomb). Pillow's own
guard (`Image.MAX_IMAGE_PIXELS`) is process-global and only warns below twice the limit,
so we compare width × height against the configured `max_pixels` ourselves and also
catch Pillow's DecompressionBombError for anything beyond its hard limit.

Every kept image is decoded in full, so a truncated file fails here and not inside a
captioning batch. JPEGs are decoded in draft mode (libjpeg's DCT scaling, luminance only):
every byte of the entropy-coded data is still read, so truncation is still caught, at a
fraction of the cost; the same small greyscale picture feeds the perceptual hash.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

TRACKING_PIXEL_MAX_SIDE = 2  # 1×1 and 2×2 images are beacons, not pictures
PHASH_SIDE = 32  # pHash: the DCT of a 32×32 greyscale copy, its 8×8 low frequencies kept
PHASH_DRAFT_SIDE = 64
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # crawl.formats by default
NOT_IMAGE_TYPES = ("text/", "application/json", "application/xhtml", "application/javascript")

# A module-wide switch that some libraries turn on; truncated files must fail here.
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow warns below its own bomb limit; ours (max_pixels) is checked explicitly instead. Set
# once: warnings.catch_warnings() per image is not thread-safe, and images are checked in threads.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


@dataclass
class ImageCheck:
    ok: bool
    reason: str  # "ok" or why the image is refused
    width: int = 0
    height: int = 0
    format: str | None = None  # PIL format name: JPEG, PNG, WEBP, GIF
    detail: str | None = None
    phash: str | None = None  # 64-bit perceptual hash, 16 hex digits

    @classmethod
    def refuse(
        cls, reason: str, detail: str | None = None, width: int = 0, height: int = 0, fmt: str | None = None
    ) -> ImageCheck:
        return cls(False, reason, width, height, fmt, detail)


def image_id(data: bytes) -> str:
    """sha256 hex of the bytes as served: the image's identity across the whole crawl."""
    return hashlib.sha256(data).hexdigest()


def pillow_formats(formats) -> tuple[str, ...]:
    """The Pillow plugins allowed to open crawled bytes: the accepted formats only.

    Every other plugin (PSD, TGA, PCX, EPS via Ghostscript, ...) is attack surface that a
    crawler, which keeps four formats, has no reason to expose to bytes from the web.
    """
    Image.init()
    return tuple(f.upper() for f in formats if f.upper() in Image.OPEN)


def _named_format(data: bytes) -> str | None:
    """The format whose signature `data` starts with (a prefix check only, no plugin parses it)."""
    prefix = data[:16]
    for name, (_, accept) in Image.OPEN.items():
        try:
            if accept is not None and accept(prefix):
                return name
        except Exception:  # an accept() that needs more bytes than the prefix
            continue
    return None


def header_pixels(data: bytes, formats=ACCEPTED_FORMATS) -> int:
    """width × height as the file's header declares them (nothing decoded); 0 when unreadable."""
    try:
        with Image.open(io.BytesIO(data), formats=pillow_formats(formats)) as img:
            return img.size[0] * img.size[1]
    except Exception:  # not an image, or a broken one: check_image says which, cheaply
        return 0


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!doctype svg")) and b"<svg" in head)


def looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body"))


def check_image(
    data: bytes,
    min_side: int = 64,
    max_aspect: float = 3.0,
    max_pixels: int = 40_000_000,
    formats: list[str] | tuple[str, ...] = ACCEPTED_FORMATS,
    content_type: str | None = None,
    with_phash: bool = True,
) -> ImageCheck:
    """Open, measure and fully decode the image; never raises."""
    if not data:
        return ImageCheck.refuse("empty")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "image/svg+xml" or looks_like_svg(data):
        return ImageCheck.refuse("svg")
    if mime.startswith(NOT_IMAGE_TYPES) or looks_like_html(data):  # an error page under a .jpg URL
        return ImageCheck.refuse("not_image", f"served as {mime or 'HTML'}")
    try:
        with Image.open(io.BytesIO(data), formats=pillow_formats(formats)) as img:
            width, height = img.size
            fmt = img.format
            refusal = _refuse_by_header(width, height, fmt, min_side, max_aspect, max_pixels, formats)
            if refusal is not None:
                return refusal
            small = _decode(img, fmt)
            phash = perceptual_hash(small) if with_phash else None
    except Image.DecompressionBombError as e:
        return ImageCheck.refuse("decompression_bomb", str(e))
    except UnidentifiedImageError as e:  # not an accepted format: say which it is, if its signature tells
        named = _named_format(data)
        if named is not None:
            return ImageCheck.refuse("bad_format", f"{named} not in {list(formats)}", fmt=named)
        return ImageCheck.refuse("not_image", f"{type(e).__name__}: {e}")
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        # OSError covers "image file is truncated"; SyntaxError is what some plugins raise.
        return ImageCheck.refuse("corrupt", f"{type(e).__name__}: {e}")
    except Exception as e:  # a Pillow plugin bug must not stop the crawl
        return ImageCheck.refuse("corrupt", f"{type(e).__name__}: {e}")
    return ImageCheck(True, "ok", width, height, fmt, phash=phash)


def _refuse_by_header(
    width: int, height: int, fmt: str | None, min_side: int, max_aspect: float, max_pixels: int, formats
) -> ImageCheck | None:
    if width * height > max_pixels:
        return ImageCheck.refuse("decompression_bomb", f"{width}x{height} > {max_pixels} pixels", width, height, fmt)
    if (fmt or "").upper() not in {f.upper() for f in formats}:
        return ImageCheck.refuse("bad_format", f"{fmt} not in {list(formats)}", width, height, fmt)
    if width <= TRACKING_PIXEL_MAX_SIDE and height <= TRACKING_PIXEL_MAX_SIDE:
        return ImageCheck.refuse("tracking_pixel", f"{width}x{height}", width, height, fmt)
    if min(width, height) < min_side:
        return ImageCheck.refuse("too_small", f"{width}x{height} < {min_side}", width, height, fmt)
    if max(width, height) / max(min(width, height), 1) > max_aspect:
        return ImageCheck.refuse("bad_aspect", f"{width}x{height} > {max_aspect}", width, height, fmt)
    return None


def _decode(img: Image.Image, fmt: str | None) -> Image.Image:
    """Decode every byte (raises on a truncated or corrupt file); JPEGs come back small and grey."""
    if fmt == "JPEG":
        img.draft("L", (PHASH_DRAFT_SIDE, PHASH_DRAFT_SIDE))
    img.load()
    return img


def _dct_rows(n: int, keep: int) -> np.ndarray:
    """The first `keep` rows of the unnormalised DCT-II matrix of size n (scipy's default)."""
    k, i = np.arange(keep)[:, None], np.arange(n)[None, :]
    return 2.0 * np.cos(np.pi * k * (2 * i + 1) / (2 * n))


_DCT8 = _dct_rows(PHASH_SIDE, 8)


def perceptual_hash(img: Image.Image) -> str:
    """imagehash's pHash (DCT of a 32×32 greyscale copy, its 8×8 low frequencies against their
    median), 16 hex digits, bit for bit what `str(imagehash.phash(copy))` gives (a test checks).

    The 32×32 copy is made with a box pre-reduction (reducing_gap) before Lanczos: a tenth of
    the cost of imagehash's plain Lanczos from full size, with the same hash up to a bit or
    two, well inside the near-duplicate distance. Only the 8×8 corner of the DCT is needed,
    so it is two small matrix products: imagehash's full scipy DCT and its wrappers cost
    0.4 ms per image, more than decoding a JPEG in draft mode, for 64 bits.
    """
    grey = img if img.mode == "L" else img.convert("L")  # one pass over the pixels, then 1 channel to shrink
    small = grey.resize((PHASH_SIDE, PHASH_SIDE), Image.Resampling.LANCZOS, reducing_gap=2.0)
    # Rounded: where scipy's DCT gives exactly 0 (flat, striped or mirror-symmetric pictures)
    # the products leave ~1e-13 of either sign, which would make those bits random.
    low = np.round(_DCT8 @ np.asarray(small, dtype=np.float64) @ _DCT8.T, 6).ravel()
    ranked = np.sort(low)
    median = (ranked[31] + ranked[32]) / 2  # np.median of 64 values, without its generic machinery
    return np.packbits(low > median).tobytes().hex()
