"""The one image check: is this byte string one image we accept, by a policy the caller names.

The crawl and the API both take image bytes from strangers; they differ only in policy
(`ImagePolicy`): the crawl keeps four photo formats, refuses beacons and thumbnails, decodes
every kept image in full now (a truncated file fails here, not inside a captioning batch) and
hashes it for near-duplicates; the API caps the upload's bytes, allows a larger pixel count
for JPEGs (they decode reduced) and leaves the decode to its image threads.

The pixel guard runs on the header, before any decoding: a 50 kB PNG can declare
100,000 x 100,000 pixels and take 40 GB to decode (a decompression bomb). Pillow's own guard
(`Image.MAX_IMAGE_PIXELS`) is process-global and only warns below twice its limit, so the
policy's cap is compared with width x height here, and Pillow's DecompressionBombError is
caught for anything beyond its hard limit. Only the policy's formats are ever parsed: every
other Pillow plugin (PSD, TGA, EPS via Ghostscript, ...) is attack surface.

A refusal is an `ImageCheck` with a reason code of the crawl's list in failures.py (never an
exception); the API turns it into its own error answer. JPEGs are decoded in draft mode
(libjpeg's DCT scaling, luminance only): every byte of the entropy-coded data is still read, so
truncation is still caught, at a fraction of the cost; the same small greyscale picture feeds
the perceptual hash.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageFile, UnidentifiedImageError

TRACKING_PIXEL_MAX_SIDE = 2  # 1x1 and 2x2 images are beacons, not pictures
PHASH_SIDE = 32  # pHash: the DCT of a 32x32 greyscale copy, its 8x8 low frequencies kept
PHASH_DRAFT_SIDE = 64
NOT_IMAGE_TYPES = ("text/", "application/json", "application/xhtml", "application/javascript")

# A module-wide switch that some libraries turn on; truncated files must fail here.
ImageFile.LOAD_TRUNCATED_IMAGES = False
# Pillow warns below its own bomb limit; the policy's cap is checked explicitly instead. Set
# once: warnings.catch_warnings() per image is not thread-safe, and images are checked in threads.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


@dataclass(frozen=True)
class ImagePolicy:
    """What one caller accepts."""

    formats: tuple[str, ...]  # Pillow format names that may be parsed and kept
    max_pixels: int  # width x height from the header, at most (per format: format_max_pixels)
    max_aspect: float  # longer side / shorter side, at most
    min_side: int = 1  # shorter side, at least
    max_bytes: int | None = None
    format_max_pixels: dict[str, int] = field(default_factory=dict)  # e.g. JPEG decodes reduced: more
    refuse_tracking_pixels: bool = False
    decode: bool = False  # decode every byte now (finds truncated files), else the header only
    with_phash: bool = False  # the perceptual hash of the decoded picture (needs decode)

    def pixel_cap(self, fmt: str | None) -> int:
        return self.format_max_pixels.get(fmt or "", self.max_pixels)


@dataclass
class ImageCheck:
    ok: bool
    reason: str  # "ok" or why the image is refused (a crawl code of failures.py)
    width: int = 0
    height: int = 0
    format: str | None = None  # Pillow format name: JPEG, PNG, WEBP, GIF
    detail: str | None = None
    phash: str | None = None  # 64-bit perceptual hash, 16 hex digits

    @classmethod
    def refuse(
        cls, reason: str, detail: str | None = None, width: int = 0, height: int = 0, fmt: str | None = None
    ) -> ImageCheck:
        return cls(False, reason, width, height, fmt, detail)


def pillow_formats(formats) -> tuple[str, ...]:
    """The Pillow plugins allowed to open the bytes: the accepted formats that Pillow knows."""
    Image.init()
    return tuple(f.upper() for f in formats if f.upper() in Image.OPEN)


def named_format(data: bytes) -> str | None:
    """The format whose signature `data` starts with (a prefix check only, no plugin parses it)."""
    prefix = data[:16]
    for name, (_, accept) in Image.OPEN.items():
        try:
            if accept is not None and accept(prefix):
                return name
        except Exception:  # an accept() that needs more bytes than the prefix
            continue
    return None


def looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith(b"<svg") or (head.startswith((b"<?xml", b"<!doctype svg")) and b"<svg" in head)


def looks_like_html(data: bytes) -> bool:
    """An HTML document by its first 512 bytes (an error page under an image URL; a page served
    without a Content-Type)."""
    head = data[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head


def check_image(data: bytes, policy: ImagePolicy, content_type: str | None = None) -> ImageCheck:
    """Open and measure the image (and decode it, if the policy says so) under `policy`; never raises."""
    if not data:
        return ImageCheck.refuse("empty")
    if policy.max_bytes is not None and len(data) > policy.max_bytes:
        return ImageCheck.refuse("too_large", f"{len(data)} bytes > {policy.max_bytes}")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime == "image/svg+xml" or looks_like_svg(data):
        return ImageCheck.refuse("svg")
    if looks_like_html(data):  # an error page under a .jpg URL
        return ImageCheck.refuse("not_image", f"served as {mime or 'HTML'}")
    phash = None
    try:
        with Image.open(io.BytesIO(data), formats=pillow_formats(policy.formats)) as img:
            width, height = img.size
            fmt = img.format
            refusal = _refuse_by_header(width, height, fmt, policy)
            if refusal is not None:
                return refusal
            if policy.decode:
                small = _decode(img, fmt)
                phash = perceptual_hash(small) if policy.with_phash else None
    except Image.DecompressionBombError as e:
        return ImageCheck.refuse("decompression_bomb", str(e))
    except UnidentifiedImageError as e:  # not an accepted format: say which it is, if its signature tells
        named = named_format(data)
        if named is not None:
            return ImageCheck.refuse("bad_format", f"{named} not in {list(policy.formats)}", fmt=named)
        # The header is not trusted for real image bytes (a server that sends .JPG as text/plain: browsers
        # sniff and show it); it only names what the unreadable bytes were said to be.
        served = f" (served as {mime})" if mime.startswith(NOT_IMAGE_TYPES) else ""
        return ImageCheck.refuse("not_image", f"{type(e).__name__}: {e}{served}")
    except (OSError, ValueError, SyntaxError, EOFError) as e:
        # OSError covers "image file is truncated"; SyntaxError is what some plugins raise.
        return ImageCheck.refuse("corrupt", f"{type(e).__name__}: {e}")
    except Exception as e:  # a Pillow plugin bug must not stop the caller
        return ImageCheck.refuse("corrupt", f"{type(e).__name__}: {e}")
    return ImageCheck(True, "ok", width, height, fmt, phash=phash)


def _refuse_by_header(width: int, height: int, fmt: str | None, policy: ImagePolicy) -> ImageCheck | None:
    cap = policy.pixel_cap(fmt)
    if width * height > cap:
        return ImageCheck.refuse("decompression_bomb", f"{width}x{height} > {cap} pixels", width, height, fmt)
    if (fmt or "").upper() not in {f.upper() for f in policy.formats}:
        return ImageCheck.refuse("bad_format", f"{fmt} not in {list(policy.formats)}", width, height, fmt)
    if policy.refuse_tracking_pixels and width <= TRACKING_PIXEL_MAX_SIDE and height <= TRACKING_PIXEL_MAX_SIDE:
        return ImageCheck.refuse("tracking_pixel", f"{width}x{height}", width, height, fmt)
    if min(width, height) < policy.min_side:
        return ImageCheck.refuse("too_small", f"{width}x{height} < {policy.min_side}", width, height, fmt)
    if max(width, height) / max(min(width, height), 1) > policy.max_aspect:
        return ImageCheck.refuse("bad_aspect", f"{width}x{height} > {policy.max_aspect}", width, height, fmt)
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
    """imagehash's pHash (DCT of a 32x32 greyscale copy, its 8x8 low frequencies against their
    median), 16 hex digits, bit for bit what `str(imagehash.phash(copy))` gives (a test checks).

    The 32x32 copy is made with a box pre-reduction (reducing_gap) before Lanczos: a tenth of
    the cost of imagehash's plain Lanczos from full size, with the same hash up to a bit or
    two, well inside the near-duplicate distance. Only the 8x8 corner of the DCT is needed,
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
