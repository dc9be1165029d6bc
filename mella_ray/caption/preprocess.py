"""CPU preprocessing of pool images, run as its own Ray Data map stage before the engine.

Decoding, EXIF rotation, RGB conversion and the pixel budget (and, for Qwen2-VL-family
processors, the patches themselves) happen here on CPU workers, so that the engine actors on
the accelerator only run the model. An image that cannot be decoded, or is absurdly large,
leaves this stage as a row with `prep_reason` (a caption code of failures.py) and `prep_error`
set; it never reaches (or crashes) an engine.
"""

from __future__ import annotations

import io
import logging

import pyarrow as pa
from PIL import Image

from mella_ray.failures import Failure, failure
from mella_ray.infer.images import prepare_image
from mella_ray.infer.processors import decode_image

log = logging.getLogger(__name__)

PREPARED_COL = "prepared"  # PreparedImage bytes (hf engines) or PNG bytes (vLLM)
PREP_REASON_COL = "prep_reason"  # failures.py code when the image cannot be used, else null
PREP_ERROR_COL = "prep_error"  # its free-text detail
MAX_SOURCE_PIXELS = 100_000_000  # beyond this, decoding alone needs gigabytes: refuse it

_processors: dict[tuple[str, int], object] = {}  # one per worker process, reused across tasks


def _processor(model: str, max_pixels: int):
    key = (model, max_pixels)
    if key not in _processors:
        from mella_ray.infer.processors import load_processor

        _processors[key] = load_processor(model, max_pixels=max_pixels)
    return _processors[key]


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", compress_level=1)  # fast: it is decoded again a moment later
    return buf.getvalue()


def prepare_one(data: bytes, max_pixels: int, processor=None, png: bool = False) -> tuple[bytes | None, Failure | None]:
    """(prepared bytes, None) or (None, the failure) for one image."""
    try:
        with Image.open(io.BytesIO(data)) as probe:  # header only: refuse bombs before decoding
            w, h = probe.size
        if w * h > MAX_SOURCE_PIXELS:
            return None, failure("caption", "image_too_large", f"{w}x{h} pixels > {MAX_SOURCE_PIXELS}")
        if png:
            return _png(decode_image(data, max_pixels)), None
        return prepare_image(data, max_pixels, processor).to_bytes(), None
    except Exception as e:  # PIL raises many types for bad bytes; the row records which
        return None, failure("caption", "undecodable_image", e)


def prepare_batch(batch: pa.Table, model: str, max_pixels: int, features: bool, png: bool = False) -> pa.Table:
    """The image column replaced by `prepared`, `prep_reason` and `prep_error` columns."""
    processor = _processor(model, max_pixels) if features and not png else None
    outs = [prepare_one(d, max_pixels, processor, png) for d in batch.column("image").to_pylist()]
    bad = sum(1 for _, e in outs if e)
    if bad:
        log.info("caption preprocess: %d of %d images unusable", bad, len(outs))
    batch = batch.drop_columns(["image"])
    # large_binary: a batch of 2B-model patches (~5 MB an image) passes 2 GB, binary's offset limit
    batch = batch.append_column(PREPARED_COL, pa.array([p for p, _ in outs], pa.large_binary()))
    batch = batch.append_column(PREP_REASON_COL, pa.array([f and f.reason for _, f in outs], pa.string()))
    return batch.append_column(PREP_ERROR_COL, pa.array([f and f.error for _, f in outs], pa.string()))
