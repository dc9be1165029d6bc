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
