"""Loading processors, with an image-only path where torchvision is missing.

transformers 5.x builds Qwen2-VL's video processor on torchvision; CPU machines with the
small torch build have no torchvision. An image-only Qwen2VLProcessor (the PIL image
processor, no video processor) handles every image-text use in mella-ray and loads the
same files a full processor saves.
"""

from __future__ import annotations

import importlib.util
import io
import json
import logging
import os

import numpy as np
from PIL import Image, ImageOps
from transformers import Qwen2VLProcessor

from mella_ray.infer.datauri import DECODE_FORMATS

try:  # transformers >= 5.2x names the PIL image processor explicitly
    from transformers.models.qwen2_vl import Qwen2VLImageProcessorPil
except ImportError:  # older releases: the default Qwen2VLImageProcessor is the PIL one
    from transformers import Qwen2VLImageProcessor as Qwen2VLImageProcessorPil

log = logging.getLogger(__name__)

HAS_TORCHVISION = importlib.util.find_spec("torchvision") is not None


class ImageOnlyQwen2VLProcessor(Qwen2VLProcessor):
    """Qwen2VLProcessor without a video processor (no torchvision needed)."""

    attributes = ["image_processor", "tokenizer"]

    def __init__(self, image_processor=None, tokenizer=None, chat_template=None, **kwargs):
        super().__init__(
            image_processor=image_processor,
            tokenizer=tokenizer,
            video_processor=None,
            chat_template=chat_template,
            **kwargs,
        )

    def save_pretrained(self, save_directory, **kwargs):
        """Save under the stock class name, so that AutoProcessor (with torchvision) loads it."""
        out = super().save_pretrained(save_directory, **kwargs)
        for name in ("processor_config.json", "tokenizer_config.json", "preprocessor_config.json"):
            path = os.path.join(save_directory, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    data = json.load(f)
                if data.get("processor_class") == type(self).__name__:
                    data["processor_class"] = "Qwen2VLProcessor"
                    with open(path, "w", encoding="utf-8") as f:
                        json.dump(data, f, indent=2, ensure_ascii=False)
        return out


def image_only_processor(
    tokenizer, min_pixels: int = 56 * 56, max_pixels: int = 448 * 448
) -> ImageOnlyQwen2VLProcessor:
    ip = Qwen2VLImageProcessorPil(min_pixels=min_pixels, max_pixels=max_pixels)
    return ImageOnlyQwen2VLProcessor(image_processor=ip, tokenizer=tokenizer, chat_template=tokenizer.chat_template)


def load_processor(path: str, max_pixels: int | None = None):
    """AutoProcessor when it can be built; else the image-only Qwen2-VL processor."""
    from transformers import AutoConfig, AutoProcessor, AutoTokenizer

    kwargs = {"max_pixels": max_pixels} if max_pixels else {}
    model_type = AutoConfig.from_pretrained(path).model_type
    image_only_ok = model_type in ("qwen2_vl", "qwen2_5_vl")
    if HAS_TORCHVISION:
        try:
            return AutoProcessor.from_pretrained(path, **kwargs)
        except Exception as e:  # e.g. a folder saved without a video processor: fall back, or re-raise
            if not image_only_ok:
                raise
            log.warning("%s: AutoProcessor failed (%s); using the image-only Qwen2-VL processor", path, e)
    elif not image_only_ok:
        raise RuntimeError(
            f"{path}: processors of model type {model_type!r} need torchvision, which is not installed; "
            "install the torch/torchvision pair that fits the machine (see README, Setup)"
        )
    tok = AutoTokenizer.from_pretrained(path)
    proc = image_only_processor(tok, max_pixels=max_pixels or 448 * 448)
    return proc


MIN_SIDE = 28  # the smallest side vision towers take (two 14-pixel patches)


class ImageTooLarge(ValueError):
    """The image would decode to more pixels than the caller's cap."""


def open_image(data: bytes, formats=DECODE_FORMATS) -> Image.Image:
    """Image.open restricted to `formats`: the header is read, no pixel is decoded yet."""
    return Image.open(io.BytesIO(data), formats=list(formats))


def draft_to(img: Image.Image, max_pixels: int) -> Image.Image:
    """JPEG: ask libjpeg for a reduced decode (1/2, 1/4 or 1/8 per side) still >= max_pixels.

    The DCT scaling happens inside the decoder, so a 12 Mpx photo served at a 0.2 Mpx budget is
    never held at full size. Other formats have no reduced decode and are returned unchanged."""
    w, h = img.size
    if img.format in ("JPEG", "MPO") and w * h > max_pixels:
        scale = (max_pixels / (w * h)) ** 0.5
        img.draft("RGB", (max(1, int(w * scale)), max(1, int(h * scale))))
    return img


def decode_image(
    data: bytes, max_pixels: int, formats=DECODE_FORMATS, max_decode_pixels: int | None = None
) -> Image.Image:
    """Bytes to an RGB image, EXIF orientation applied, shrunk to at most max_pixels.

    Only `formats` are parsed. A JPEG decodes reduced (draft) near max_pixels; any image that
    would still decode to more than max_decode_pixels raises ImageTooLarge before decoding."""
    img = draft_to(open_image(data, formats), max_pixels)
    if max_decode_pixels is not None and img.size[0] * img.size[1] > max_decode_pixels:
        raise ImageTooLarge(
            f"image is {img.size[0]}x{img.size[1]} pixels to decode, above the cap of {max_decode_pixels}"
        )
    img = ImageOps.exif_transpose(img)
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # A plain convert("RGB") keeps whatever colour hides under transparent pixels (often
        # black); web images with alpha are meant to be seen on a light page.
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    if img.mode in ("I", "I;16", "I;16B", "I;16L", "F"):
        img = _to_8bit(img)
    img = img.convert("RGB")
    w, h = img.size
    if w * h > max_pixels:
        scale = (max_pixels / (w * h)) ** 0.5
        nw, nh = max(MIN_SIDE, int(w * scale)), max(MIN_SIDE, int(h * scale))
        if nw * nh > max_pixels:  # a strip: its short side stays at the minimum, so the long side gives
            nw, nh = (max(MIN_SIDE, max_pixels // nh), nh) if nw > nh else (nw, max(MIN_SIDE, max_pixels // nw))
        img = img.resize((nw, nh), Image.Resampling.BICUBIC)
    return img


def _to_8bit(img: Image.Image) -> Image.Image:
    """16-bit, 32-bit and float greyscale (scans, medical and astronomy images) as 8-bit grey.
    Pillow's convert clips them at 255, which turns almost every pixel white. float32: 4 bytes a
    pixel (float64 doubled a 49 Mpx scan to 0.4 GB); its 24-bit mantissa holds every 16-bit value."""
    a = np.asarray(img, dtype=np.float32)
    top = a.max(initial=0.0)
    if img.mode != "F" and a.min(initial=0.0) >= 0 and top <= 65535:
        a = a / 257.0 if top > 255 else a  # the format's range: 16-bit values, or 8-bit ones stored wide
    else:
        lo = a.min(initial=0.0)
        a = (a - lo) * (255.0 / (top - lo)) if top > lo else np.zeros_like(a)
    return Image.fromarray(np.clip(np.rint(a), 0, 255).astype(np.uint8), "L")
