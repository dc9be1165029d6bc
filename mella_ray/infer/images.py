"""Images prepared on CPU workers, apart from the accelerator that runs the model.

A caption pipeline spends real CPU time per image before the model sees it: decoding, EXIF
rotation, RGB conversion, resizing to the pixel budget and, for Qwen2-VL-family processors,
cutting the image into normalised patches. Done inside the GPU actor, that work leaves the GPU
idle; done in a separate Ray Data map stage, it overlaps with generation. `prepare_image` is
that CPU work; `PreparedImage` is what crosses the stage boundary (as bytes in a binary column),
and `batch_inputs` rebuilds exactly the tensors the stock processor would have produced.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass

import numpy as np
from PIL import Image

from mella_ray.infer.processors import decode_image

_MAGIC = b"MPI1"  # mella prepared image, format 1


@dataclass
class PreparedImage:
    """One image after CPU preprocessing: RGB pixels, or the image processor's own output."""

    rgb: np.ndarray | None = None  # H x W x 3 uint8, rotated and within the pixel budget
    features: dict[str, np.ndarray] | None = None  # e.g. pixel_values (patches, dim), image_grid_thw (1, 3)

    def to_bytes(self) -> bytes:
        """A JSON header (names, dtypes, shapes) then the raw arrays: readable without copying."""
        arrays = {"rgb": self.rgb} if self.rgb is not None else {f"f.{k}": v for k, v in (self.features or {}).items()}
        arrays = {k: np.ascontiguousarray(v) for k, v in arrays.items()}
        header = json.dumps({k: [v.dtype.str, list(v.shape)] for k, v in arrays.items()}).encode()
        return b"".join([_MAGIC, struct.pack("<I", len(header)), header, *(v.tobytes() for v in arrays.values())])

    @classmethod
    def from_bytes(cls, data) -> PreparedImage:
        """From bytes or any buffer (a pyarrow Buffer: the arrays then view it, no copy)."""
        view = memoryview(data)
        if bytes(view[:4]) != _MAGIC:
            raise ValueError("not a prepared image")
        (n,) = struct.unpack("<I", view[4:8])
        pos, arrays = 8 + n, {}
        for k, (dtype, shape) in json.loads(bytes(view[8 : 8 + n])).items():
            count = int(np.prod(shape))
            arrays[k] = np.frombuffer(view, dtype=np.dtype(dtype), count=count, offset=pos).reshape(shape)
            pos += count * np.dtype(dtype).itemsize
        if "rgb" in arrays:
            return cls(rgb=arrays["rgb"])
        return cls(features={k[2:]: v for k, v in arrays.items()})

    def to_pil(self) -> Image.Image:
        if self.rgb is None:
            raise ValueError("this image was prepared as processor features; it has no pixels")
        return Image.fromarray(self.rgb, "RGB")


def supports_features(processor) -> bool:
    """Processors whose per-image output can be batched later (Qwen2-VL family: patches + grid)."""
    ip = getattr(processor, "image_processor", None)
    return (
        ip is not None
        and hasattr(ip, "merge_size")
        and hasattr(processor, "replace_image_token")
        and hasattr(processor, "get_text_with_replacements")
        and getattr(processor, "image_token", None)
    )


def prepare_image(data: bytes, max_pixels: int, processor=None, max_decode_pixels: int | None = None) -> PreparedImage:
    """Decode (EXIF, RGB, pixel budget); with a processor that supports it, also its patches.
    max_decode_pixels: refuse (ImageTooLarge) an image that would decode to more, JPEG drafts included."""
    img = decode_image(data, max_pixels, max_decode_pixels=max_decode_pixels)
    if processor is not None and supports_features(processor):
        out = processor.image_processor(images=[img], return_tensors="np")
        return PreparedImage(features={k: np.asarray(v) for k, v in out.items()})
    return PreparedImage(rgb=np.asarray(img, dtype=np.uint8))


def as_prepared(image, processor, max_pixels: int) -> PreparedImage:
    """Bytes or a PreparedImage, as features when the processor supports them."""
    if isinstance(image, PreparedImage):
        if image.features is None and supports_features(processor):
            out = processor.image_processor(images=[image.to_pil()], return_tensors="np")
            return PreparedImage(features={k: np.asarray(v) for k, v in out.items()})
        return image
    return prepare_image(image, max_pixels, processor)


def image_size_hint(image) -> int:
    """A number proportional to the image's token count, known without decoding (length sorting)."""
    if isinstance(image, PreparedImage):
        if image.features is not None and "image_grid_thw" in image.features:
            return int(np.prod(image.features["image_grid_thw"][0]))
        if image.rgb is not None:
            return image.rgb.shape[0] * image.rgb.shape[1] // 196  # 14x14 patches
    return 0


def batch_inputs(processor, texts: list[str], images: list[PreparedImage]):
    """The stock processor's output for (texts, images), from images prepared beforehand.

    Same steps as ProcessorMixin.__call__: the per-image outputs are concatenated, each image
    placeholder in the texts is expanded to its token count, the texts are tokenised with left
    padding, and mm_token_type_ids (needed for Qwen2-VL's M-RoPE) are derived from the ids.
    """
    import torch
    from transformers import BatchFeature

    keys = images[0].features.keys()
    processed = {k: np.concatenate([im.features[k] for im in images], axis=0) for k in keys}  # one copy, here
    replacements = [processor.replace_image_token(processed, image_idx=i) for i in range(len(images))]
    expanded, _ = processor.get_text_with_replacements(list(texts), replacements)
    enc = processor.tokenizer(expanded, padding=True, return_tensors="pt")
    data = dict(enc)
    if "mm_token_type_ids" in processor.model_input_names:  # how both 5.1x and 5.2x processors say it
        data["mm_token_type_ids"] = torch.tensor(processor.create_mm_token_type_ids(enc["input_ids"]))
    data.update({k: torch.from_numpy(v) for k, v in processed.items()})
    return BatchFeature(data)
