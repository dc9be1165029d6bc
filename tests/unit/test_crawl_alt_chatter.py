"""User chatter and review talk (alt_chatter) and utility graphics named by what they do (maps, shop panels,
payment badges, profile pictures, medals: alt_generic), in each of the eight languages, beside captions with
the same words or a decorating emoji that must stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_chatter import chatter
from mella_ray.crawl.alt_filter import alt_verdict

CHATTER = [
    ("vi", "🍜🍜 Ngon quá trời luôn 😋"),
    ("vi", "Ngon lắm mọi người ơi =))"),
    ("vi", "Feedback khách hàng"),
    ("ko", "팬아트 입니다 ㅎㅎ 예쁘게 봐주세요~~"),
    ("ko", "리뷰 사진 - 배송 빨라요 너무 예뻐요 ♥"),
    ("ko", "너무 맛있어요 ㅋㅋㅋ"),
    ("hu", "🍇🍷 Gyere el a szüreti fesztiválra! 🎉"),
    ("cs", "Super! Doporučuji všem!"),
    ("cs", "Recenze zákazníka - spokojenost"),
    ("ru", "Вкуснятина 😍"),
    ("ru", "Отзыв покупателя"),
    ("sr", "Super je bilo!!"),
    ("sr", "Utisci kupaca"),
    ("ar", "رائع جدا ❤️"),
    ("ar", "آراء العملاء"),
    ("th", "อร่อยมาก 555"),
    ("th", "รีวิวจากลูกค้า"),
]


@pytest.mark.parametrize("lang, alt", CHATTER)
def test_chatter_and_review_talk_are_refused(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_chatter")


UTILITY = [
    ("vi", "Bản đồ chi nhánh"),
    ("vi", "Thanh toán QR"),
    ("vi", "Ví MoMo"),
    ("vi", "Huy chương vàng"),
    ("cs", "Mapa prodejny"),
    ("cs", "Způsoby platby"),
    ("cs", "Zlatá medaile"),
    ("hu", "Térkép"),
    ("hu", "Arany érem – VinAgora 2025"),
    ("hu", "Szállítás és fizetés"),
    ("ru", "Карта проезда"),
    ("ru", "Золотая медаль"),
    ("ru", "Оплата через СБП"),
    ("ru", "Способы оплаты"),
    ("sr", "Mapa prodavnice"),
    ("sr", "Zlatna medalja"),
    ("sr", "Načini plaćanja"),
    ("ko", "지도"),
    ("ko", "매장 위치 지도"),
    ("ko", "배송 안내"),
    ("ko", "카카오페이 결제"),
    ("ko", "금상"),
    ("ko", "2024 대한민국 주류대상 금상"),
    ("th", "แผนที่"),
    ("th", "แผนที่ร้าน"),
    ("th", "พร้อมเพย์"),
    ("th", "เหรียญทอง"),
    ("th", "วิธีการชำระเงิน"),
    ("ar", "خريطة الموقع"),
    ("ar", "الصورة الشخصية"),
    ("ar", "الميدالية الذهبية"),
    ("ar", "طرق الدفع"),
    ("vi", "Ảnh hồ sơ"),
    ("hu", "Profilfotó"),
    ("th", "รูปประจำตัว"),
]


@pytest.mark.parametrize("lang, alt", UTILITY)
def test_utility_graphics_are_generic(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


# A map of a country, a medal in a ceremony, a payment at a counter, a portrait, a statue, emoji that
# decorate a description, text symbols that are no emoji, a question in a headline
CAPTIONS = [
    ("cs", "Stará mapa Prahy z roku 1850"),
    ("cs", "Zlatá medaile pro Martinu Sáblíkovou na olympiádě"),
    ("cs", "Vlak Praha ↔ Brno v zimě"),
    ("cs", "Co to je? Nový most přes Vltavu"),
    ("hu", "Régi térkép Budapest belvárosáról"),
    ("hu", "Aranyérmes úszó a dobogón"),
    ("vi", "Bản đồ Việt Nam năm 1945"),
    ("vi", "Huy chương vàng của đội tuyển Việt Nam tại SEA Games"),
    ("vi", "Khách hàng thanh toán tại quầy"),
    ("vi", "Ảnh đánh giá xe VinFast VF8"),
    ("ru", "Старинная карта Москвы XVII века"),
    ("ru", "Олимпийская чемпионка с золотой медалью"),
    ("ru", "❄️ Замёрзший водопад в Карелии"),
    ("sr", "Stara mapa Beograda iz 19. veka"),
    ("sr", "Zlatna medalja za Novaka Đokovića u Tokiju"),
    ("ar", "خريطة قديمة للقاهرة من القرن التاسع عشر"),
    ("ar", "صورة شخصية للفنان محمد عبده"),
    ("ar", "على مدى عشر سنوات من البناء"),
    ("ko", "세종대왕 동상"),
    ("ko", "서울 시내의 상세한 지도"),
    ("ko", "금메달을 목에 건 김연아 선수"),
    ("ko", "서울 N타워의 야경 🌃✨"),
    ("th", "แผนที่ประเทศไทยสมัยโบราณ"),
    ("th", "นักกีฬาคว้าเหรียญทองโอลิมปิก"),
]


@pytest.mark.parametrize("lang, alt", CAPTIONS)
def test_captions_with_the_same_words_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "text, talk",
    [
        ("Samsung® Galaxy S24 © 2024", False),  # text symbols, not emoji
        ("▶ Hrad Karlštejn", False),  # a bullet
        ("⭐⭐⭐⭐⭐", True),  # an emoji said twice
        ("Praha :)", True),
        ("Sparta – Slavia 2:1 (foto: ČTK)", False),  # a score and a credit are no emoticon
        ("Pokoj 555 v hotelu", False),  # 555 is laughter in Thai only
    ],
)
def test_signs_of_talk(text, talk):
    assert chatter(text) == talk


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("🔥 Việc làm HOT 🔥", "vi", "alt_chatter"),  # a slogan framed by emoji
        ("✨ Vánoční trhy na Staroměstském náměstí ✨", "cs", "alt_chatter"),
        ("12세 관람가", "ko", "alt_generic"),  # a film's age-rating badge
        ("청소년 관람불가", "ko", "alt_generic"),
        ("Přístupné od 15 let", "cs", "alt_generic"),
        ("Korhatár 16", "hu", "alt_generic"),
        ("❄️ Замёрзший водопад в Карелии", "ru", "ok"),  # one emoji that decorates: a caption
        ("Kino Lucerna na Václavském náměstí v noci", "cs", "ok"),
        ("Diváci v sále kina před premiérou filmu", "cs", "ok"),
    ],
)
def test_framed_slogans_and_age_ratings(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason
