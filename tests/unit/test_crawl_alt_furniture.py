"""Dates with a weekday, untitled and stock pictures, credits from "the internet", calls to help,
get the app, scan a code or find the way, rating widgets and funding plaques, in the eight languages:
refused, each beside a caption of close words that is kept."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict

REFUSED = [
    ("ar", "الجمعة 15 مارس 2024"),
    ("th", "วันที่ 14 กุมภาพันธ์ 2567"),
    ("cs", "Pátek 15. března 2024"),
    ("ru", "Воскресенье, 3 марта"),
    ("ko", "2024년 3월 15일 금요일"),
    ("ko", "제목 없음"),
    ("th", "ไม่มีชื่อ"),
    ("ru", "Стоковое фото ID 48213377"),
    ("cs", "Fotka z fotobanky"),
    ("ar", "صورة واتساب بتاريخ 2024-01-12 في 10.15.33"),
    ("ru", "Фото из открытых источников"),
    ("vi", "Ảnh sưu tầm"),
    ("sr", "Фото са интернета"),
    ("ru", "Помочь сейчас"),
    ("hu", "Szerezd meg a Google Playen"),
    ("th", "ส่งฟรีทั่วประเทศ"),
    ("cs", "Jak se k nám dostanete"),
    ("ko", "찾아오시는 길"),
    ("sr", "Kako do nas"),
    ("vi", "Quét mã QR để tải ứng dụng"),
    ("ru", "Отсканируйте QR-код для пожертвования"),
    ("cs", "Naskenujte QR kód a zaplaťte vstupné online"),
    ("hu", "5 csillagos értékelés"),
    ("cs", "Hodnocení 4,8 z 5 na Googlu"),
    ("cs", "Evropská unie – Evropský fond pro regionální rozvoj"),
    ("hu", "Széchenyi 2020 infoblokk"),
    ("sr", "Projekat sufinansira Evropska unija"),
    ("vi", "Dự án được tài trợ bởi Liên minh Châu Âu"),
]

KEPT = [
    ("ar", "طفل يلعب في الحديقة يوم الجمعة"),
    ("th", "วันที่อากาศดีที่ชายหาดพัทยา"),
    ("cs", "Trh v neděli na náměstí"),
    ("ru", "Прогулка по набережной в воскресенье"),
    ("ko", "금요일 저녁 한강 공원의 야경"),
    ("cs", "Platba QR kódem na farmářském trhu"),
    ("cs", "Budova Evropské unie v Bruselu"),
    ("cs", "Dobrovolníci pomáhají při povodních"),
    ("hu", "Csillagos ég a Hortobágy felett"),
    ("vi", "Ảnh chụp hoàng hôn trên sông Hương"),
    ("ru", "Путь к вершине горы Эльбрус"),
    ("sr", "Pogled na Beograd sa Kalemegdana"),
]


@pytest.mark.parametrize("lang,alt", REFUSED)
def test_furniture_is_refused(lang, alt):
    text, reason = alt_verdict(alt, lang)
    assert text is None and reason in ("alt_generic", "alt_navigation", "alt_credit"), (alt, reason)


@pytest.mark.parametrize("lang,alt", KEPT)
def test_captions_of_close_words_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")
