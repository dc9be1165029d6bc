"""Prices, offers, phone numbers and codes as alt (alt_numbers.py, alt_rules._COUNTER); an author's file
name beside a real photo; calls to action, donations, accessibility toggles, credits and book covers in
the eight languages, each beside a caption of the same words that is kept."""

from __future__ import annotations

import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_numbers import phone_number
from mella_ray.crawl.alt_page import chrome_image
from mella_ray.crawl.dedup import Sighting, judge

PRICED = [  # a price tag, a price list, an offer: any script's digits, symbols and words
    ("ar", "عرض خاص ٤٥ دينار لليلة الواحدة شامل الإفطار"),
    ("ar", "تذكرة الدخول ۵۰ ريال"),
    ("ru", "Входной билет 300 ₽"),
    ("ru", "Скидка 30% на всё"),
    ("th", "โปรโมชั่น ขูดหินปูน 599 บาท"),
    ("th", "ค่าเข้าชม ๕๐ บาท"),
    ("cs", "Vstupné 150 Kč pro dospělé, děti 80 Kč"),
    ("cs", "Sleva 30 % na všechno"),
    ("hu", "Belépő 2500 Ft felnőtteknek"),
    ("hu", "Akció 1990 Ft-ért"),
    ("sr", "Карта за концерт 1.500 динара"),
    ("sr", "Popust 20% na sve"),
    ("vi", "Vé vào cổng 50.000đ"),
    ("vi", "Khuyến mãi giảm giá 50% hôm nay"),
    ("ko", "입장료 10,000원"),
    ("ko", "할인 20% 이벤트 진행"),
    # a tariff: a price "from" or "per month" in a banner's length
    ("ar", "باقات الجيل الخامس بسعر يبدأ من 5 دنانير شهرياً"),
    ("vi", "Giá vé từ 99.000đ cho người lớn"),
    ("cs", "Internet již od 399 Kč měsíčně pro celou rodinu"),
    ("vi", "Vòi sen tắm nóng lạnh Inax giá 1.250.000đ"),  # a price with its own word: a tag
    ("vi", "Tour Hè 2024 giảm đến 3 triệu đồng"),  # an amount off
    ("vi", "Lãi suất chỉ từ 1%/tháng – Nhận tiền trong 15 phút"),  # a loan's rate "from", "per month"
]
PHONES = [
    ("ko", "대표번호 02-123-4567"),
    ("ru", "Звоните +7 (495) 123-45-67"),
    ("vi", "Hotline 0901 234 567 tư vấn"),
    ("sr", "Позив +381 11 123 4567"),
    ("th", "โทร 02-123-4567 สอบถาม"),
    ("ru", "Звоните 8 (800) 555-35-35"),
    ("ko", "고객센터 1588-1234 안내"),
    ("vi", "Hotline 0901234567 tư vấn"),
    ("cs", "Tel: 777 123 456"),  # after a phone's label, digits grouped as a count are a phone too
    ("ar", "للحجز ٠٥٠ ١٢٣ ٤٥٦٧"),
]
CODES = [
    ("vi", "Mã SP: VIOS-G-2024"),
    ("cs", "ISBN 978-80-257-1234-5"),
    ("hu", "Cikkszám: SKU-12345"),
    ("vi", "Mã hàng: ABC-123"),
    ("ru", "Артикул: АБ-1234"),  # a code in Cyrillic letters
    ("cs", "EAN 5901234123457"),
    ("hu", "Termékkód: VIOS-G-2024"),
]
NUMBERED_CAPTIONS = [  # numbers that are no price, phone or code
    ("ru", "Матрёшки по 500 руб. на рынке в Суздале"),  # a price and six words more: a description
    ("cs", "Na trhu v Brně se jahody prodávají za 120 Kč za kilo a lidé stojí frontu"),
    ("cs", "Výstava 1939-1945 v muzeu Praha"),
    ("cs", "Setkání 12.05.2023 na náměstí"),
    ("ru", "Матч 2023-05-12 на стадионе"),
    ("cs", "Praha má 1 300 000 obyvatel"),
    ("vi", "Xe VinFast VF8 trên đường phố"),
    ("ru", "Фото COVID-19 пациентов в больнице"),  # a code-like name beside a description
    ("cs", "Akce v Brně na náměstí"),  # an offer's word without a number: an event
    ("ru", "Матч Евро 2024 в Германии"),  # a currency's name before a year: a championship
    ("cs", "Modely 1200-1500 ccm na výstavě"),  # two groups, not dialled: a range
    ("cs", "Trh na náměstí 10.00-18.00"),  # hours
    ("cs", "Prodavačka na trhu v Praze od 6 hodin prodává jablka za 20 Kč"),  # "od" in a scene's length
    ("vi", "Dân số tăng 1% mỗi năm ở thành phố"),  # a percentage with no "from" or "per month"
]


@pytest.mark.parametrize(("lang", "alt"), PRICED)
def test_a_short_price_or_offer_is_refused(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_price")


@pytest.mark.parametrize(("lang", "alt"), PHONES)
def test_a_phone_number_is_refused(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_phone")


def test_a_phone_number_refuses_a_long_alt_too():
    assert alt_verdict("예약 문의 010-1234-5678", "ko")[0] is None  # a call to action ("예약 문의") first
    assert phone_number("Chúng tôi có phòng đẹp, liên hệ 0901 234 567 để được tư vấn miễn phí")
    assert not phone_number("Bitva 1939-1945, 12.05.2023, 12 500 000 lidí")


@pytest.mark.parametrize(("lang", "alt"), CODES)
def test_a_code_with_its_label_is_generic(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


@pytest.mark.parametrize(("lang", "alt"), NUMBERED_CAPTIONS)
def test_captions_with_numbers_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


AUTHOR_URL = "https://kultura.cz/foto/autor.jpg"


@pytest.mark.parametrize(
    ("url", "alt", "chrome"),
    [
        (AUTHOR_URL, "Spisovatelka Alena Mornštajnová na autorském čtení", False),
        (AUTHOR_URL, "Alena Mornštajnová", True),
        (AUTHOR_URL, "Ing. Jan Novák, Ph.D.", True),  # a bare name with titles
        ("https://news.ru/u/profile_123.jpg", "Иван Петров", True),
        ("https://news.ru/u/profile_123.jpg", "Иван Петров выступает на конференции в Москве", False),
        ("https://blog.cz/img/avatar.jpg", "Spisovatelka Alena Mornštajnová na autorském čtení", True),
        ("https://blog.cz/img/logo.png", "Spisovatelka Alena Mornštajnová na autorském čtení", True),
    ],
)
def test_an_author_file_name_refuses_only_a_byline(url, alt, chrome):
    assert chrome_image(url, alt) == chrome
    assert chrome_image(url)  # without the alt, the file name alone decides


def test_a_real_photo_named_author_is_kept_by_judge():
    seen = Sighting(
        AUTHOR_URL, "https://kultura.cz/clanek", "cs", ["Spisovatelka Alena Mornštajnová na autorském čtení"]
    )
    assert judge(seen, seen.url, CrawlConfig())[0].reason == "ok"
    seen = Sighting(AUTHOR_URL, "https://kultura.cz/clanek", "cs", ["Alena Mornštajnová"])
    assert judge(seen, seen.url, CrawlConfig())[0].reason == "alt_name"  # the text alone says so first
    seen = Sighting(AUTHOR_URL, "https://kultura.cz/clanek", "cs", ["Autorka knihy"])
    assert judge(seen, seen.url, CrawlConfig())[0].reason == "alt_chrome_image"  # a byline: the file name


REFUSED = [  # (lang, furniture, reason, a caption of the same words, kept)
    ("hu", "Vásárold meg most", "alt_navigation", "Vásárolt termékek a piacon reggel"),
    ("hu", "Töltsd le az alkalmazást", "alt_navigation", "Letöltött fájlok a régi számítógépen"),
    ("hu", "Nézd meg a videót", "alt_navigation", "Nézők a stadionban a döntő alatt"),
    ("hu", "Iratkozz fel a hírlevélre", "alt_navigation", "Feliratok a régi templom falán"),
    ("sr", "Уплатите прилог", "alt_navigation", "Уплата у банци у центру Београда"),
    ("sr", "Uplatite donaciju", "alt_navigation", "Uplata na šalteru pošte u Novom Sadu"),
    ("sr", "Донирајте сада", "alt_navigation", "Донација крви у болници у Нишу"),
    ("sr", "Подржите нас", "alt_navigation", "Подршка навијача на стадиону у Београду"),
    ("ru", "Пожертвовать на храм", "alt_navigation", "Пожертвования прихожан на ремонт храма"),
    ("ru", "Поддержите проект", "alt_navigation", "Поддержка болельщиков на стадионе"),
    ("vi", "Lái thử xe mới", "alt_navigation", "Lái xe trên đường đèo Hải Vân"),
    ("vi", "Đăng ký lái thử", "alt_navigation", "Đăng ký kết hôn tại phường"),
    ("vi", "Liên hệ ngay hôm nay", "alt_navigation", "Liên hoan cuối năm của công ty"),
    ("vi", "Gọi ngay cho chúng tôi", "alt_navigation", "Gọi điện thoại cho mẹ ở quê"),
    ("ru", "Версия для слабовидящих", "alt_generic", "Слабовидящий мужчина читает книгу"),
    ("cs", "Verze pro slabozraké", "alt_generic", "Slabozraký muž čte knihu s lupou"),
    ("hu", "Akadálymentes verzió", "alt_generic", "Akadálymentes bejárat a múzeumnál"),
    ("sr", "Верзија за слабовиде", "alt_generic", "Слабовиди човек чита књигу"),
    ("vi", "Phiên bản cho người khiếm thị", "alt_generic", "Người khiếm thị đọc sách chữ nổi"),
    ("ko", "시각장애인용 버전", "alt_generic", "시각장애인이 점자책을 읽고 있다"),
    ("th", "สำหรับผู้พิการทางสายตา", "alt_generic", "ผู้พิการทางสายตาอ่านหนังสืออักษรเบรลล์"),
    ("ar", "نسخة لضعاف البصر", "alt_generic", "رجل كفيف يقرأ كتابا بطريقة برايل"),
    ("sr", "Сликао Петар Петровић", "alt_credit", "Сликар Петар Лубарда у свом атељеу"),
    ("sr", "Slikala Jelena Jović", "alt_credit", "Slikarka Jelena Jović u svom ateljeu"),
    ("sr", "Фото: Танјуг", "alt_credit", "Фотограф снима залазак сунца над Дунавом"),
    ("ko", "예약 문의", "alt_navigation", "예약된 테이블 위의 꽃"),
    ("ko", "문의하기 버튼", "alt_navigation", "문의에 답하는 상담원"),
    ("ko", "상담 신청", "alt_navigation", "상담실에서 이야기하는 두 사람"),
    ("cs", "Přispějte na opravu kostela", "alt_navigation", "Přispěvatelé časopisu na setkání v Praze"),
    ("ru", "Записаться на тест-драйв", "alt_navigation", "Запись концерта в филармонии"),
    ("th", "ทดลองขับ รถรุ่นใหม่", "alt_navigation", "รถยนต์รุ่นใหม่จอดหน้าโชว์รูม"),
    ("ar", "تبرع الآن للمحتاجين", "alt_navigation", "متطوعون يوزعون الطعام على المحتاجين"),
    ("ko", "견적 문의", "alt_navigation", "공사 현장의 크레인과 노동자들"),
]


@pytest.mark.parametrize(("lang", "alt", "reason", "caption"), REFUSED)
def test_calls_to_action_toggles_and_credits_are_refused_beside_kept_captions(lang, alt, reason, caption):
    assert alt_verdict(alt, lang) == (None, reason)
    assert alt_verdict(caption, lang) == (caption, "ok")


COVERS = [
    ("cs", "Obálka knihy", "Obálka knihy Babička od Boženy Němcové"),
    ("ru", "Обложка книги", "Обложка книги «Мастер и Маргарита» Булгакова"),
    ("hu", "Könyvborító", "Az Egri csillagok könyvborítója egy polcon"),
    ("vi", "Bìa sách", "Bìa sách Dế Mèn phiêu lưu ký của Tô Hoài"),
    ("ko", "책 표지", "한강 작가의 소설 채식주의자 책 표지"),
    ("th", "ปกหนังสือ", "ปกหนังสือนวนิยายสี่แผ่นดินของคึกฤทธิ์"),
    ("ar", "غلاف الكتاب", "غلاف كتاب ثلاثية نجيب محفوظ"),
    ("sr", "Корица књиге", "Корица књиге На Дрини ћуприја Иве Андрића"),
]


@pytest.mark.parametrize(("lang", "cover", "caption"), COVERS)
def test_a_book_cover_alone_is_generic_and_with_its_title_a_caption(lang, cover, caption):
    assert alt_verdict(cover, lang) == (None, "alt_generic")
    assert alt_verdict(f"{cover} 3", lang) == (None, "alt_generic")
    assert alt_verdict(caption, lang) == (caption, "ok")


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("โปรวันแม่ 🎉 ซื้อ 1 แถม 1", "th", "alt_price"),
        ("Mua 2 tặng 1 áo thun nam", "vi", "alt_price"),
        ("Kup 2, dostaneš 1 zdarma", "cs", "alt_price"),
        ("Buy 1 get 1 free", "cs", "alt_price"),
        ("Купите 2 получите 1 в подарок", "ru", "alt_navigation"),  # its imperative says so first
        ("Trh v Holešovicích, kde si lidé kupují zeleninu", "cs", "ok"),
        ("Khách hàng mua bánh mì ở chợ Bến Thành", "vi", "ok"),
    ],
)
def test_buy_n_get_n_is_an_offer(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("예고편 재생", "ko", "alt_navigation"),  # a player's button
        ("동영상 재생", "ko", "alt_navigation"),
        ("Аватара пользователя", "ru", "alt_generic"),  # phpBB's avatar alt
        ("재생 중인 LP 레코드판과 턴테이블", "ko", "ok"),
    ],
)
def test_player_buttons_and_forum_avatars(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("Оцењено 4.50 од 5", "sr", "alt_generic"),  # WooCommerce's stars widget
        ("Hodnoceno 4,5 z 5", "cs", "alt_generic"),
        ("5점 만점에 4.5점", "ko", "alt_generic"),
        ("5 z 5 hvězdiček", "cs", "alt_generic"),
        ("Слайд 1", "ru", "alt_generic"),  # a slider's slide
        ("Nincsenek olvasatlan hozzászólások", "hu", "alt_generic"),  # a forum's status icon
        ("Nové příspěvky", "cs", "alt_generic"),
        ("صورة العميل", "ar", "alt_generic"),  # a reviewer's avatar
        ("DSC00012.JPG (245.3 KiB) Megtekintve 87 alkalommal", "hu", "alt_filename"),  # an attachment's line
        ("Skóre 2 z 5 zápasů vyhrál domácí tým", "cs", "ok"),
        ("Trận đấu kết thúc với tỉ số 3/5", "vi", "ok"),
        ("Snímek z natáčení filmu v Praze", "cs", "ok"),
    ],
)
def test_ratings_slides_forum_icons_and_attachments(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason


@pytest.mark.parametrize(
    "alt",
    [
        "الغوص الليلي - 35 ديناراً",  # a service and its price: the accusative after 11 and more
        "جولة بالقارب 20 دولاراً",
        "قهوة عربية 15 ريالا",
    ],
)
def test_an_arabic_price_in_the_accusative_is_a_price(alt):
    assert alt_verdict(alt, "ar") == (None, "alt_price")


def test_a_sentence_with_an_arabic_price_stays():
    alt = "غواصون يستكشفون الشعاب المرجانية في رحلة تكلف 35 ديناراً للشخص الواحد مع المدرب"
    assert alt_verdict(alt, "ar") == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("2024.04.05 업로드", "ko"),  # an upload's date: a gallery's metadata
        ("Nahráno 5. 4. 2024", "cs"),
        ("Đăng ngày 05/04/2024", "vi"),
        ("Feltöltve: 2024.04.05.", "hu"),
        ("부킹닷컴 고객 평점 9.2", "ko"),  # a platform's score
        ("Hodnocení hostů 9,4", "cs"),
    ],
)
def test_an_uploads_date_and_a_platforms_score_are_no_captions(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Фото загружено 05.04.2024 с праздника в парке", "ru"),
        ("Отель получил рейтинг 9.2 на Booking.com за чистоту номеров", "ru"),
        ("Kapela na pódiu 5. 4. 2024 v Lucerně", "cs"),
    ],
)
def test_captions_with_a_date_or_a_score_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Дунавски звуци 2025", "sr"),  # a festival's name and its year: its poster's label
        ("PyCon 부산 2025", "ko"),
        ("Inventura skladu 2024", "cs"),
        ("Sziget Fesztivál 2025", "hu"),
        ("Lễ hội hoa Đà Lạt 2025", "vi"),  # six syllables, some four words: a festival's name
    ],
)
def test_a_name_and_its_year_is_a_label(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Povodně v Praze v srpnu 2002", "cs"),  # a scene with its date
        ("Trẻ em thả đèn hoa đăng trên sông Hoài, Hội An 2024", "vi"),  # twelve syllables: a scene
        ("เด็กๆ เล่นน้ำในเทศกาลสงกรานต์ที่เชียงใหม่ 2024", "th"),  # Thai counted in words
    ],
)
def test_a_scene_with_its_year_stays(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")
