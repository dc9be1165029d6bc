"""Downloaded image bytes under the crawl's policy: a format we keep, a size worth training on,
decoded in full, with its perceptual hash. The check itself is infer/image_check.py, the one
image check that the API uses too under its own policy; this module names the crawl's policy.
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image

from mella_ray.infer.image_check import ImageCheck, ImagePolicy, perceptual_hash, pillow_formats
from mella_ray.infer.image_check import check_image as check_by_policy

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # crawl.formats by default

__all__ = ["ACCEPTED_FORMATS", "ImageCheck", "check_crawled_image", "crawl_policy", "header_pixels", "image_id"]
__all__ += ["perceptual_hash", "pillow_formats"]


def image_id(data: bytes) -> str:
    """sha256 hex of the bytes as served: the image's identity across the whole crawl."""
    return hashlib.sha256(data).hexdigest()


def header_pixels(data: bytes, formats=ACCEPTED_FORMATS) -> int:
    """width × height as the file's header declares them (nothing decoded); 0 when unreadable."""
    try:
        with Image.open(io.BytesIO(data), formats=pillow_formats(formats)) as img:
            return img.size[0] * img.size[1]
    except Exception:  # not an image, or a broken one: the image check says which, cheaply
        return 0


def crawl_policy(
    min_side: int = 64,
    max_aspect: float = 3.0,
    max_pixels: int = 40_000_000,
    formats: tuple[str, ...] = ACCEPTED_FORMATS,
    with_phash: bool = True,
) -> ImagePolicy:
    """The crawl's policy: photos only (no beacons, thumbnails or banners), every kept image
    decoded now, so a truncated file fails here and not inside a captioning batch."""
    return ImagePolicy(
        formats=tuple(formats),
        max_pixels=max_pixels,
        max_aspect=max_aspect,
        min_side=min_side,
        refuse_tracking_pixels=True,
        decode=True,
        with_phash=with_phash,
    )


def check_crawled_image(
    data: bytes,
    min_side: int = 64,
    max_aspect: float = 3.0,
    max_pixels: int = 40_000_000,
    formats: list[str] | tuple[str, ...] = ACCEPTED_FORMATS,
    content_type: str | None = None,
    with_phash: bool = True,
) -> ImageCheck:
    """The one image check (infer/image_check.py) under the crawl's policy; never raises."""
    policy = crawl_policy(min_side, max_aspect, max_pixels, tuple(formats), with_phash)
    return check_by_policy(data, policy, content_type)
