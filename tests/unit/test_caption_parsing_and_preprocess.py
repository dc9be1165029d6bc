"""Caption logic without Ray: category labels, degenerate output, rows, and CPU preprocessing."""

from __future__ import annotations

import io

import numpy as np
import pyarrow as pa
import pytest
from PIL import Image

from mella_ray.caption.parsing import caption_fields, split_category
from mella_ray.caption.preprocess import PREP_ERROR_COL, PREP_REASON_COL, PREPARED_COL, prepare_batch, prepare_one
from mella_ray.config import CaptionConfig
from mella_ray.failures import Failure, UnknownReasonError
from mella_ray.infer.degenerate import degenerate_reason
from mella_ray.infer.images import PreparedImage
from mella_ray.infer.processors import decode_image

TAX = CaptionConfig().categories


@pytest.mark.parametrize(
    "text, label",
    [
        ("A man dancing.\nCategory: culture/folk_traditions", "culture/folk traditions"),
        ("A man dancing.\nCategory: `Culture - Folk-Traditions`.", "culture/folk traditions"),
        ("Tall towers.\n**Category**: Scene > City", "scene/city"),
        ("Tall towers at dusk. Category: scene/city", "scene/city"),  # on the paragraph's last line
        ("Lanterns everywhere.\nCategory: festival", "culture/festivals"),  # singular of a sub-category
        ("A dog.\nCategory: general / animal", "general/animals"),
        ("A dog.\nCategory: culture", "culture/religion"),  # a bare top: its last sub-category
        ("A dog.\nCategory: Category: none of these", "general/other"),
        ("Tall towers.\n### Category: scene/city", "scene/city"),  # markdown heading
        ("Tall towers.\n- Category (top/sub): scene/city", "scene/city"),  # list item, note in brackets
        ("Tall towers.\ncategory - scene > city", "scene/city"),  # a dash for the colon
        ('The sign reads "Open." Category: scene/city', "scene/city"),  # after a closing quote
        ("Tall towers.\n\nCategory:\nscene/city", "scene/city"),  # the label on the next line
    ],
)
def test_category_labels_are_parsed_loosely(text, label):
    caption, got = split_category(text, TAX, "general/other")
    assert got == label and "ategory" not in caption


def test_the_word_category_inside_a_sentence_is_not_a_label():
    text = "A shop sign reads the category: sweets and cakes, in red letters."
    assert split_category(text, TAX, "general/other") == (text, "general/other")


def test_a_looping_tail_is_degenerate_even_after_a_good_start():
    good = "A wooden boat floats on a calm river at dawn, with mist over the reeds and a fisherman casting a net."
    assert degenerate_reason(good) is None
    assert degenerate_reason(good + " and the" * 12) == "repetition"  # to the token limit
    # a chant or sign quoted at the end is text, not a loop
    assert degenerate_reason(good + " The banner reads YNWA YNWA YNWA YNWA YNWA") is None
    assert degenerate_reason("ป้ายไฟนีออนหน้าร้านเขียนว่า เปิด เปิด เปิด เปิด เปิด เปิด") is None
    assert degenerate_reason("Numbers 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13.") is None


# Long, structured captions as a good model writes them: one paragraph, no loop.
PROSE = {
    "en": (
        "The photograph shows a busy open-air market in the old town at midday. Wooden stalls under striped "
        "awnings are stacked with tomatoes, peppers, cabbages and bunches of dill, and a woman in a blue apron "
        "weighs apples on a brass scale while an older man counts coins into her palm. Behind them, pastel "
        "facades with wrought-iron balconies rise above the square, and a church tower with a green copper dome "
        "catches the sunlight. The mood is lively and unhurried; shoppers carry woven baskets, a child holds a "
        "paper cone of cherries, and pigeons gather near a fountain. The light is bright and warm, with sharp "
        "shadows under the awnings, and the colours are saturated reds, greens and ochres. The style is a "
        "candid documentary photograph taken at eye level with a wide lens."
    ),
    "vi": (
        "Bức ảnh chụp một khu chợ nổi trên sông vào buổi sáng sớm. Nhiều chiếc thuyền gỗ nhỏ chở đầy dưa hấu, "
        "chuối, xoài và rau thơm, người bán đội nón lá và mặc áo bà ba. Một người phụ nữ đang chèo thuyền bằng "
        "hai mái chèo bắt chéo, trong khi người đàn ông trên thuyền bên cạnh treo một cây sào có buộc trái khóm "
        "để báo hàng mình bán. Mặt nước màu nâu phản chiếu ánh nắng vàng nhạt, xa xa là hàng dừa và những ngôi "
        "nhà mái tôn. Không khí nhộn nhịp nhưng thân thiện, mang đậm nét văn hóa miền Tây Nam Bộ."
    ),
    "th": (
        "ภาพนี้แสดงตลาดน้ำในยามเช้า เรือไม้ลำเล็กหลายลำบรรทุกผลไม้ เช่น มะม่วง มังคุด และกล้วย แม่ค้าสวมหมวกงอบ"
        "และเสื้อม่อฮ่อมสีน้ำเงิน กำลังพายเรือเข้าหาฝั่งเพื่อขายสินค้าให้นักท่องเที่ยว ด้านหลังเป็นบ้านไม้ริมคลองที่มีกระถางต้นไม้"
        "และธงชาติไทยโบกสะบัด แสงแดดอ่อนส่องลงบนผิวน้ำสีเขียว บรรยากาศคึกคักแต่เป็นกันเอง สะท้อนวิถีชีวิตริมน้ำของชาวไทยภาคกลาง"
    ),
    "ko": (
        "사진은 한옥 마을의 좁은 골목을 보여 준다. 기와지붕 아래 흰 벽과 나무 대문이 줄지어 있고, 한복을 입은 두 여성이 "
        "돌계단을 천천히 내려오고 있다. 담장 위로는 붉게 물든 단풍나무 가지가 늘어져 있으며, 멀리 남산 타워가 "
        "희미하게 보인다. 오후의 부드러운 햇빛이 골목에 긴 그림자를 드리우고, 전체적으로 차분하고 고즈넉한 분위기가 느껴진다."
    ),
    "ru": (
        "На фотографии изображена заснеженная улица старого города вечером. Вдоль тротуара стоят деревянные "
        "дома с резными наличниками, в окнах горит тёплый жёлтый свет. Мужчина в меховой шапке тянет санки с "
        "ребёнком, а за ними видна белая церковь с синими куполами, усыпанными золотыми звёздами. Атмосфера "
        "тихая и праздничная, свет фонарей отражается в сугробах."
    ),
    "ar": (
        "تظهر الصورة سوقاً تقليدياً مسقوفاً في المدينة القديمة. تصطف على الجانبين دكاكين صغيرة تعرض التوابل "
        "والأقمشة الملونة والفوانيس النحاسية، ويقف بائع مسن يرتدي كوفية حمراء أمام أكياس من الكمون والزعفران. "
        "يتسلل ضوء الشمس من فتحات السقف الحجري فيرسم خطوطاً ذهبية على الأرض، والأجواء مفعمة بالحركة والروائح."
    ),
}


@pytest.mark.parametrize("lang", sorted(PROSE))
def test_long_prose_is_not_degenerate(lang):
    assert degenerate_reason(PROSE[lang]) is None


@pytest.mark.parametrize(
    "unit",
    [
        "A red car is parked beside an old stone wall. ",
        "The image shows a red car parked on a quiet street in the old town, next to a bakery with a blue door. ",
        "이 사진은 오래된 마을의 조용한 거리에 주차된 빨간 자동차를 보여줍니다. ",
        "Bức ảnh cho thấy một chiếc xe màu đỏ đỗ trên con phố yên tĩnh. ",
        "ภาพนี้แสดงให้เห็นรถยนต์สีแดงคันหนึ่งจอดอยู่ริมถนนที่เงียบสงบ ",
    ],
)
def test_a_sentence_repeated_until_the_token_limit_is_degenerate(unit):
    looped = PROSE["en"] + " " + unit * 12
    assert degenerate_reason(looped) == "repetition"
    assert degenerate_reason(looped[:-17]) == "repetition"  # cut off mid-unit by max_new_tokens


def test_caption_fields_per_row():
    assert caption_fields("A boat.\nCategory: scene/nature", None, None, TAX, "general/other") == {
        "caption": "A boat.",
        "category": "scene/nature",
        "status": "ok",
        "reason": None,
        "error": None,
    }
    boom = caption_fields(None, "engine_error", "boom", TAX, "general/other")
    assert (boom["status"], boom["reason"], boom["error"]) == ("failed", "engine_error", "boom")
    assert caption_fields("Category: scene/city", None, None, TAX, "general/other")["reason"] == "empty"
    assert caption_fields("la " * 30, None, None, TAX, "general/other")["reason"] == "repetition"
    with pytest.raises(UnknownReasonError):  # a code that is not the caption stage's
        caption_fields(None, "copy_of_source", None, TAX, "general/other")


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


def test_a_strip_keeps_to_the_pixel_budget():
    img = decode_image(_encode(Image.new("RGB", (60000, 8), (1, 2, 3))), 200_704)
    assert min(img.size) == 28 and img.size[0] * img.size[1] <= 200_704


@pytest.mark.parametrize("mode,top", [("I;16", 65535), ("I", 65535), ("I", 255), ("F", 1.0)])
def test_wide_greyscale_images_keep_their_tones(mode, top):
    """16-bit scans, 32-bit and float images: a dark-to-light ramp stays a ramp, not a white sheet."""
    ramp = np.tile(np.linspace(0, top, 256), (32, 1))
    img = Image.fromarray(ramp.astype({"I;16": np.uint16, "I": np.int32, "F": np.float32}[mode]))
    assert img.mode == mode
    data = _encode(img, "TIFF")
    out = np.asarray(decode_image(data, 10**6, formats=("TIFF",)))  # the one format that holds them all
    assert out.shape == (32, 256, 3)
    assert out[:, :8].max() <= 8 and out[:, -8:].min() >= 247 and 100 <= out.mean() <= 155


def test_unusable_images_become_reasons(monkeypatch):
    import mella_ray.caption.preprocess as pre

    garbage = prepare_one(b"garbage", 10**6)[1]
    assert garbage.reason == "undecodable_image" and garbage.error.startswith("UnidentifiedImageError")
    truncated = _encode(Image.new("RGB", (300, 300), (1, 2, 3)), "JPEG")[:200]
    assert prepare_one(truncated, 10**6)[1].reason == "undecodable_image"
    monkeypatch.setattr(pre, "MAX_SOURCE_PIXELS", 1000)  # refused from the header, before decoding
    assert prepare_one(_encode(Image.new("RGB", (100, 100))), 10**6)[1] == Failure(
        "image_too_large", "100x100 pixels > 1000"
    )


def test_prepare_batch_columns(tiny_vlm):
    batch = pa.table(
        {
            "img_id": ["a", "b"],
            "image": [_encode(Image.new("RGB", (80, 60), (9, 9, 9))), b"bad"],
            "lang": ["cs", "cs"],
            "_shard": ["s", "s"],
        }
    )
    out = prepare_batch(batch, tiny_vlm, 112 * 112, features=True)
    assert out.column_names == ["img_id", "lang", "_shard", PREPARED_COL, PREP_REASON_COL, PREP_ERROR_COL]
    first = PreparedImage.from_bytes(out.column(PREPARED_COL)[0].as_py())
    assert set(first.features) == {"pixel_values", "image_grid_thw"} and first.rgb is None
    assert out.column(PREP_REASON_COL).to_pylist()[:2] == [None, "undecodable_image"]
    assert out.column(PREP_ERROR_COL).to_pylist()[1]
    png = prepare_batch(batch, tiny_vlm, 112 * 112, features=False, png=True).column(PREPARED_COL)[0].as_py()
    assert np.asarray(Image.open(io.BytesIO(png))).shape == (60, 80, 3)  # for vLLM: plain pixels
