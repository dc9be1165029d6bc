"""Images bounded by the configured pixel budget (serve.images + infer.processors): the header
decides, JPEGs decode reduced, other formats are refused above the cap, only accepted formats
are ever parsed, and decoding happens once, in the image pool."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image, UnidentifiedImageError

from mella_ray.infer.processors import ImageTooLarge, decode_image, draft_to, open_image
from mella_ray.serve.images import DECODE_FACTOR, ImageError, ImageLimits, prepare, require_image

LIM = ImageLimits(max_bytes=5_000_000, max_pixels=200_704)  # the default serve.max_pixels (448 x 448)


def encode(img: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def refusal(data: bytes, limits: ImageLimits = LIM) -> ImageError:
    with pytest.raises(ImageError) as e:
        require_image(data, limits)
    return e.value


def test_a_phone_photo_jpeg_decodes_reduced_to_near_the_budget():
    data = encode(Image.new("RGB", (4000, 3000), (20, 90, 160)), "JPEG", quality=80)  # 12 Mpx
    assert require_image(data, LIM) == data  # within 64 x max_pixels for a JPEG
    img = draft_to(open_image(data), LIM.max_pixels)
    # libjpeg scales the decode by 1/4: the largest reduction that stays >= the budget (0.75 Mpx of 12)
    assert img.size == (1000, 750) and img.size[0] * img.size[1] <= 4 * LIM.max_pixels
    prepared = asyncio.run(prepare(data, LIM))
    h, w, _ = prepared.rgb.shape
    assert w * h <= LIM.max_pixels and abs(w / h - 4 / 3) < 0.02


def test_other_formats_above_the_decode_cap_are_refused_from_the_header():
    side = int((DECODE_FACTOR * LIM.max_pixels) ** 0.5) + 2
    e = refusal(encode(Image.new("1", (side, side)), "PNG"))  # a few kB that would decode to 3.2 Mpx
    assert e.code == "image_too_large" and "a JPEG may have up to" in e.message
    ok = encode(Image.new("L", (side - 4, side - 4)), "PNG")
    assert require_image(ok, LIM) == ok


@pytest.mark.parametrize("fmt", ["TIFF", "ICO", "PCX", "TGA", "PPM"])
def test_formats_outside_the_list_are_never_parsed(fmt):
    data = encode(Image.new("RGB", (16, 16)), fmt)
    assert refusal(data).code == "invalid_image"
    with pytest.raises(UnidentifiedImageError):  # infer's decoder takes the same list: never parsed
        decode_image(data, 10_000)


def test_corrupt_pixels_are_found_by_the_one_decode():
    data = encode(Image.effect_noise((200, 200), 50), "PNG")[:2000]  # header intact, data cut
    assert require_image(data, LIM) == data  # the header alone looks fine...
    with pytest.raises(ImageError) as e:
        asyncio.run(prepare(data, LIM))  # ...the decode in the image pool finds it
    assert e.value.code == "invalid_image" and "Error" not in e.value.message


def test_decode_cap_is_enforced_where_a_draft_cannot_reach_it():
    data = encode(Image.new("RGB", (1200, 900)), "PNG")
    with pytest.raises(ImageTooLarge):
        decode_image(data, 10_000, max_decode_pixels=500_000)
    assert decode_image(data, 10_000, max_decode_pixels=2_000_000).size[0] * 1 > 0


def test_sixteen_bit_greyscale_png_at_the_cap_decodes_to_grey_tones():
    import numpy as np

    ramp = np.tile(np.linspace(0, 65535, 1024).astype(np.uint16), (1024, 1))
    data = encode(Image.fromarray(ramp), "PNG")
    out = np.asarray(decode_image(data, LIM.max_pixels))
    assert out[:, :4].max() <= 8 and out[:, -4:].min() >= 247
