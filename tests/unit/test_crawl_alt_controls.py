"""Alts that label a control or name the image's role, and alts in English or Japanese on our sites.

Each refused case has a kept case of the same shape beside it: the rules must not cost the
native captions that look like them.
"""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict

CONTROLS = [  # buttons of shops and apps, window controls, links to a page
    ("cs", "Přidat do košíku"),
    ("cs", "Zobrazit detail"),
    ("cs", "Stáhnout z Google Play"),
    ("hu", "Kosárba teszem"),
    ("hu", "Letöltés a Google Play áruházból"),
    ("hu", "Ugrás a főoldalra"),
    ("ru", "Добавить в корзину"),
    ("ru", "Предыдущее фото"),
    ("ru", "Скачать в Google Play"),
    ("sr", "Додај у корпу"),
    ("sr", "Увећај слику"),
    ("sr", "Иди на почетну страну"),
    ("ar", "أضف إلى السلة"),
    ("ar", "الصورة السابقة"),
    ("ar", "حمل التطبيق من Google Play"),
    ("ko", "장바구니에 담기"),
    ("ko", "메인 페이지로 이동"),
    ("th", "เพิ่มลงในตะกร้า"),
    ("th", "ดาวน์โหลดจาก Google Play"),
    ("vi", "Thêm vào giỏ hàng"),
    ("vi", "Xem chi tiết"),
    ("vi", "Về trang chủ"),
    # a shop's and a newsroom's furniture
    ("cs", "Nákupní košík"),
    ("cs", "Doprava zdarma"),
    ("ru", "Войти в личный кабинет"),
    ("hu", "Ingyenes szállítás"),
    ("vi", "Liên hệ với chúng tôi"),
    ("ko", "무료 배송"),
]
CHROME = [  # what the image is for on the page, not what it shows
    ("cs", "Logo firmy Škoda Auto"),
    ("cs", "Profilová fotka"),
    ("cs", "Náhledový obrázek"),
    ("hu", "Profilkép"),
    ("ru", "Фото профиля"),
    ("ru", "Логотип компании Газпром"),
    ("sr", "Слика профила"),
    ("ar", "صورة الملف الشخصي"),
    ("ar", "أيقونة الهاتف"),
    ("ko", "프로필 사진"),
    ("ko", "전화 아이콘"),
    ("th", "รูปโปรไฟล์"),
    ("th", "ไอคอนโทรศัพท์"),
    ("vi", "Biểu tượng điện thoại"),
    ("cs", "Hodnocení 4.5 z 5"),
    ("vi", "Đánh giá 4.5 trên 5"),
    ("cs", "Facebook stránka"),
    ("ru", "Мы в ВКонтакте"),
    ("ko", "유튜브 채널"),
]
FOREIGN = [
    ("sr", "Photo of Belgrade fortress"),
    ("cs", "View of the castle from the river"),
    ("vi", "Photo of the old town at night"),
    ("ko", "東京タワーの夜景です"),
    ("sr", "Kuhar priprema tjesteninu s vrhnjem u kuhinji"),  # Croatian: kuhar, tjestenina, vrhnje
]
KEPT = [  # native captions of the same shapes
    ("cs", "Logo Škody na budově továrny v Mladé Boleslavi"),
    ("cs", "Ikona Panny Marie v kostele"),
    ("cs", "Koncert The Rolling Stones v Praze na Letné"),
    ("hu", "Ortodox ikon a templomban"),
    ("ru", "Персидская миниатюра XVI века"),
    ("ru", "Открытие выставки в Эрмитаже"),
    ("sr", "Ovo je slika našeg grada noću"),
    ("sr", "Поглед на Београд са Авале"),
    ("ar", "عرض أزياء في دبي"),
    ("ko", "남산타워의 야경"),
    ("ko", "大韓民國 국회의사당 전경"),
    ("th", "ปิดทองพระพุทธรูปในวัด"),
    ("vi", "Biểu tượng của thành phố Hà Nội bên hồ Gươm"),
    ("vi", "Nút giao thông Mai Dịch"),
    ("vi", "Điện thoại iPhone 15 được bày bán tại cửa hàng"),
    ("cs", "Sídlo společnosti Facebook v Kalifornii"),
    ("ru", "Курьер доставляет заказ покупателю"),
    ("ru", "Храм Христа Спасителя на закате"),  # the identifier's "bg" at 0.63 is not enough alone
]


@pytest.mark.parametrize(("lang", "alt"), CONTROLS)
def test_a_control_label_is_navigation(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_navigation")


@pytest.mark.parametrize(("lang", "alt"), CHROME)
def test_a_short_alt_that_names_the_image_a_logo_icon_or_avatar_is_generic(lang, alt):
    text, reason = alt_verdict(alt, lang)
    assert text is None and reason in {"alt_generic", "alt_navigation"}


@pytest.mark.parametrize(("lang", "alt"), FOREIGN)
def test_english_on_a_latin_script_site_and_japanese_anywhere_are_other_languages(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_other_language")


@pytest.mark.parametrize(("lang", "alt"), KEPT)
def test_native_captions_of_the_same_shapes_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


COUNTED = [  # a price, a date, a code or a rating, with the words around it
    ("cs", "1 299 Kč"),
    ("hu", "2024. március 15."),
    ("hu", "12 990 Ft"),
    ("sr", "2.499 дин"),
    ("ar", "15 مارس 2024"),
    ("th", "15 มี.ค. 2567"),
    ("cs", "Kód produktu: 4052899"),
    ("ru", "Артикул: 7708123"),
    ("vi", "Mã sản phẩm: VN-77120"),
    ("cs", "Hodnocení 4 z 5 hvězdiček"),
    ("ko", "별점 5점 만점에 4점"),
    ("hu", "3. kép a 12-ből"),
]


@pytest.mark.parametrize(("lang", "alt"), COUNTED)
def test_prices_dates_codes_and_ratings_are_generic(lang, alt):
    assert alt_verdict(alt, lang)[0] is None


@pytest.mark.parametrize(
    ("lang", "alt"),
    [
        ("cs", "Koncert 15. března 2024 v Lucerně"),
        ("ru", "Матрёшки по 500 руб. на рынке в Суздале"),
        ("vi", "Điện thoại Samsung Galaxy A55 5G màu xanh trên bàn"),
    ],
)
def test_a_caption_with_a_date_a_price_or_a_model_number_is_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


def test_a_leading_illustration_label_goes_and_the_description_stays():
    assert alt_verdict("Ilustrační foto: lékař vyšetřuje pacienta v ordinaci", "cs") == (
        "lékař vyšetřuje pacienta v ordinaci",
        "ok",
    )
    assert alt_verdict("Ilustrační foto: ČTK", "cs")[0] is None  # a label and a credit: nothing left


def test_chinese_on_a_korean_site_and_vietnamese_without_tone_marks_are_refused():
    assert alt_verdict("上海外滩的夜景非常美丽", "ko") == (None, "alt_other_language")
    assert alt_verdict("Pho bo tai chin voi hanh la va rau thom", "vi") == (None, "alt_no_diacritics")


@pytest.mark.parametrize(
    ("lang", "alt"),
    [("vi", "Phở bò tái chín với hành lá"), ("th", "ต้มยำกุ้งน้ำข้นรสจัดจ้าน"), ("ar", "طبق الكبسة باللحم")],
)
def test_misread_utf8_is_repaired_before_its_invisible_bytes_are_normalised_away(lang, alt):
    garbled = alt.encode("utf-8").decode("cp1252", errors="replace" if lang != "vi" else "strict")
    text, reason = alt_verdict(garbled, lang)
    assert text in (alt, None)  # repaired exactly, or refused: never kept garbled
    assert text is not None or reason == "alt_mojibake"
