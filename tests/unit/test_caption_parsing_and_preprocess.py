"""Caption logic without Ray: category labels, degenerate output, rows, and CPU preprocessing."""
from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pytest
from PIL import Image

from mella_ray.caption.parsing import caption_fields, degenerate_reason, split_category
from mella_ray.caption.preprocess import PREP_ERROR_COL, PREPARED_COL, prepare_batch, prepare_one
from mella_ray.config import CaptionConfig
from mella_ray.infer.images import PreparedImage

TAX = CaptionConfig().categories


@pytest.mark.parametrize("text, label", [
    ("A man dancing.\nCategory: culture/folk_traditions", "culture/folk traditions"),
    ("A man dancing.\nCategory: `Culture - Folk-Traditions`.", "culture/folk traditions"),
    ("Tall towers.\n**Category**: Scene > City", "scene/city"),
    ("Tall towers at dusk. Category: scene/city", "scene/city"),  # on the paragraph's last line
    ("Lanterns everywhere.\nCategory: festival", "culture/festivals"),  # singular of a sub-category
    ("A dog.\nCategory: general / animal", "general/animals"),
    ("A dog.\nCategory: culture", "culture/religion"),  # a bare top: its last sub-category
    ("A dog.\nCategory: Category: none of these", "general/other"),
])
def test_category_labels_are_parsed_loosely(text, label):
    caption, got = split_category(text, TAX, "general/other")
    assert got == label and "ategory" not in caption


def test_the_word_category_inside_a_sentence_is_not_a_label():
    text = "A shop sign reads the category: sweets and cakes, in red letters."
    assert split_category(text, TAX, "general/other") == (text, "general/other")


def test_a_looping_tail_is_degenerate_even_after_a_good_start():
    good = "A wooden boat floats on a calm river at dawn, with mist over the reeds and a fisherman casting a net."
    assert degenerate_reason(good) is None
    assert degenerate_reason(good + " and the and the and the and the and the and the") == "repetition"
    assert degenerate_reason("Numbers 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13.") is None


def test_caption_fields_per_row():
    assert caption_fields("A boat.\nCategory: scene/nature", None, TAX, "general/other") == {
        "caption": "A boat.", "category": "scene/nature", "status": "ok", "error": None}
    assert caption_fields(None, "engine_error: boom", TAX, "general/other")["error"] == "engine_error: boom"
    assert caption_fields("Category: scene/city", None, TAX, "general/other")["error"] == "empty"
    assert caption_fields("la " * 30, None, TAX, "general/other")["error"] == "repetition"


def _encode(img: Image.Image, fmt: str = "PNG", **kw) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **kw)
    return buf.getvalue()


def test_preprocessing_applies_exif_rgb_and_the_pixel_budget():
    # EXIF orientation 6 (rotate 90): a 200x100 JPEG is shown 100x200
    exif = Image.Exif()
    exif[0x0112] = 6
    rotated = _encode(Image.new("RGB", (200, 100), (10, 20, 30)), "JPEG", exif=exif.tobytes())
    img = PreparedImage.from_bytes(prepare_one(rotated, 10**6)[0]).to_pil()
    assert img.size == (100, 200)
    # transparent pixels become white, not whatever colour hides under them
    rgba = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    img = PreparedImage.from_bytes(prepare_one(_encode(rgba), 10**6)[0]).to_pil()
    assert img.mode == "RGB" and img.getpixel((5, 5)) == (255, 255, 255)
    # the pixel budget
    big = _encode(Image.new("L", (1000, 800), 128))
    img = PreparedImage.from_bytes(prepare_one(big, 200_000)[0]).to_pil()
    assert img.mode == "RGB" and img.size[0] * img.size[1] <= 200_000 and abs(img.size[0] / img.size[1] - 1.25) < 0.02


def test_unusable_images_become_reasons(monkeypatch):
    import mella_ray.caption.preprocess as pre

    assert prepare_one(b"garbage", 10**6)[1].startswith("undecodable_image: UnidentifiedImageError")
    truncated = _encode(Image.new("RGB", (300, 300), (1, 2, 3)), "JPEG")[:200]
    assert prepare_one(truncated, 10**6)[1].startswith("undecodable_image: ")
    monkeypatch.setattr(pre, "MAX_SOURCE_PIXELS", 1000)  # refused from the header, before decoding
    assert prepare_one(_encode(Image.new("RGB", (100, 100))), 10**6)[1] == "image_too_large: 100x100 pixels > 1000"


def test_prepare_batch_columns(tiny_vlm):
    batch = pa.table({"img_id": ["a", "b"], "image": [_encode(Image.new("RGB", (80, 60), (9, 9, 9))), b"bad"],
                      "lang": ["cs", "cs"], "_shard": ["s", "s"]})
    out = prepare_batch(batch, tiny_vlm, 112 * 112, features=True)
    assert out.column_names == ["img_id", "lang", "_shard", PREPARED_COL, PREP_ERROR_COL]
    first = PreparedImage.from_bytes(out.column(PREPARED_COL)[0].as_py())
    assert set(first.features) == {"pixel_values", "image_grid_thw"} and first.rgb is None
    assert out.column(PREP_ERROR_COL).to_pylist()[1].startswith("undecodable_image")
    png = prepare_batch(batch, tiny_vlm, 112 * 112, features=False, png=True).column(PREPARED_COL)[0].as_py()
    assert np.asarray(Image.open(io.BytesIO(png))).shape == (60, 80, 3)  # for vLLM: plain pixels
