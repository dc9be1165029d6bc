"""Banners, documents, download icons and numbered galleries that passed as captions on unseen sites
(alt_banners.py, alt_numbers.DISCOUNT, alt_words_cta's chat buttons), in the eight languages, each beside
captions with the same words that must stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_banners import gallery_template, promo_reason
from mella_ray.crawl.alt_filter import alt_verdict

DISCOUNTS = [  # a discount's word beside a percentage, or a percentage with a minus: an offer
    ("th", "ลด 50%"),
    ("th", "ส่วนลด 30% ทุกรายการ"),
    ("hu", "-20% kedvezménnyel"),
    ("hu", "Wellness hétvége -20% kedvezménnyel – foglaljon most!"),
    ("cs", "Zimní bundy 30% sleva"),
    ("vi", "Giày thể thao giảm đến 40%"),
    ("ru", "Зимние шины со скидкой 15%"),
    ("sr", "Zimske gume 20% popusta"),
    ("sr", "Зимске гуме 20% попуста"),
    ("ar", "خصم 25% على جميع المنتجات"),
    ("ko", "봄 신상 최대 50% 할인"),
]
PROMOS = [  # sales terms in a short alt, or in a segment of a long one
    ("vi", "Laptop ASUS Vivobook 15 - Chính hãng - Giá rẻ - Trả góp 0%"),
    ("vi", "Laptop ASUS giá rẻ"),
    ("th", "เสื้อผ้าแฟชั่น เสื้อผ้าผู้หญิง ชุดเดรส ราคาถูก ส่งฟรี ชุดเดรสสวยๆ"),
    ("th", "กระเป๋าหนังแท้ ของแท้100% ส่งฟรีทั่วประเทศ"),
    ("cs", "Pánské boty Adidas | Doprava zdarma | Skladem"),
    ("cs", "Zimní bundy levně"),
    ("hu", "Női téli kabát - Ingyenes szállítás - Legjobb ár"),
    ("ru", "Диван угловой Милан – в наличии – бесплатная доставка"),
    ("ru", "Хит продаж"),
    ("sr", "Patike Nike Air Max - Besplatna dostava - Na stanju"),
    ("sr", "Најбоља цена у граду"),
    ("ar", "هاتف سامسونج جالاكسي | شحن مجاني | بالتقسيط"),
    ("ko", "나이키 운동화 정품 무료배송"),
    ("ko", "겨울 패딩 - 최저가 - 당일배송"),
    # a long product name, then a segment that is a sales term
    ("cs", "Pánská zimní bunda Hannah Mirage s kapucí v tmavě modré barvě | Výprodej"),
    ("ar", "ساعة يد رجالية كلاسيكية من الجلد الطبيعي باللون البني - شحن مجاني"),
    ("th", "รองเท้าผ้าใบผู้ชาย สีดำ ใส่สบาย เดินทั้งวันไม่เมื่อย ส่งฟรี"),
]
BUTTONS = [  # a file's type and a word to download or open it; chatting with the seller
    ("ar", "تحميل PDF"),
    ("cs", "Download PDF"),
    ("cs", "Stáhnout ceník v PDF"),
    ("hu", "PDF letöltése"),
    ("ru", "Открыть DOC"),
    ("ko", "신청서 다운로드 (HWP, PDF)"),
    ("th", "ดาวน์โหลด PDF"),
    ("sr", "Preuzmi PDF"),
    ("vi", "Tải về file XLS"),
    ("vi", "Chat với người bán"),
    ("cs", "Napište prodejci"),
    ("hu", "Írjon az eladónak"),
    ("ru", "Написать продавцу"),
    ("sr", "Kontaktirajte prodavca"),
    ("ar", "تواصل مع البائع"),
    ("ko", "판매자에게 문의하기"),
    ("th", "แชทกับร้านค้า"),
]
DOCUMENTS = [  # a type and a separator first, the type alone with a number or a year, or with a name only
    ("sr", "Плакат - Студеничка литургија 2025"),
    ("sr", "Plakat Pršutijada 2025"),
    ("cs", "Menu Restaurace U Fleků"),
    ("cs", "Etiketa - Hradní 11"),
    ("cs", "Jídelní lístek 2024"),
    ("th", "ตารางไซส์"),
    ("hu", "Szórólap: Tavaszi vásár a főtéren"),
    ("vi", "Bảng size - Áo thun nam"),
    ("ru", "Расписание: автобус 112"),
    ("ru", "Сертификат – ISO 9001"),
    ("ar", "شهادة - الجودة الشاملة"),
    ("ko", "포스터 - 2025 서울 재즈 페스티벌"),
    ("ko", "사이즈표"),
    ("sr", "Cenovnik 2025"),
    ("hu", "Infografika: a magyar lakosság 1990 és 2020 között"),
]
GALLERIES = [  # a photo word, two qualifiers at most and a sequence number
    ("ko", "졸업식 사진 1"),
    ("ru", "Фото с выставки 3"),
    ("vi", "Hình ảnh sự kiện 2"),
    ("cs", "Galerie akce 5"),
    ("hu", "Fotó a rendezvényről 12"),
    ("sr", "Slike sa proslave 4"),
    ("sr", "Фотографија са турнира 7"),
    ("ar", "صور الحفل 3"),
    ("th", "ภาพกิจกรรม 3"),
]


THAI_KEYWORDS = [  # Thai keywords between spaces, their chunks repeating head words
    ("th", "เสื้อผ้าแฟชั่น เสื้อผ้าผู้หญิง ชุดเดรส ชุดเดรสสวยๆ"),
    ("th", "กระเป๋าหนังแท้ กระเป๋าสะพาย ครีมบำรุงผิว ครีมกันแดด"),
]


@pytest.mark.parametrize(
    "lang, alt, reason",
    [(lang, alt, "alt_price") for lang, alt in DISCOUNTS]
    + [(lang, alt, "alt_promo") for lang, alt in PROMOS]
    + [(lang, alt, "alt_navigation") for lang, alt in BUTTONS]
    + [(lang, alt, "alt_document") for lang, alt in DOCUMENTS]
    + [(lang, alt, "alt_generic") for lang, alt in GALLERIES]
    + [(lang, alt, "alt_keyword_list") for lang, alt in THAI_KEYWORDS],
)
def test_banners_documents_buttons_and_galleries_are_refused(lang, alt, reason):
    assert alt_verdict(alt, lang) == (None, reason)


# The same words in captions: a poster on a wall, a price drop in a sentence, a cheap meal, a market, a
# file of papers, a photograph of an exhibition from a named year, a name with a number, Thai clauses.
CAPTIONS = [
    ("cs", "Plakát na zdi staré hospody v centru Prahy"),
    ("cs", "Praha - Karlův most při západu slunce s turisty na mostě"),  # segments without a sales term
    ("cs", "Obchodní dům Kotva během výprodeje se slevami až 50 % byl plný lidí"),
    ("cs", "Fotografie z výstavy v Rudolfinu 1998"),
    ("cs", "Etiketa piva na staré láhvi z pivovaru v Plzni"),
    ("hu", "Plakátok a budapesti metró aluljárójában"),
    ("hu", "Budapest – a Parlament épülete este a Duna felől"),
    ("hu", "Olcsó ebéd a vásárcsarnok büféjében"),
    ("hu", "Fotó az Erzsébet hídról 1945"),
    ("vi", "Chợ đồ cũ giá rẻ ở quận 5 đông người mua bán"),
    ("vi", "Ảnh cưới của cô dâu và chú rể tại Hội An"),
    ("vi", "Thực đơn bữa trưa với cơm, canh và rau xào"),
    ("ru", "Плакат на стене старого кинотеатра в Москве"),
    ("ru", "Москва — Красная площадь в день парада Победы"),
    ("ru", "Фото экипажа Союз 11"),
    ("ru", "Акция протеста у здания парламента"),
    ("ru", "Меню ресторана лежит на столе у окна"),
    ("sr", "Плакат за концерт на огласној табли у центру Београда"),
    ("sr", "Slika Paje Jovanovića Seoba Srba 1896"),
    ("sr", "Akcija čišćenja obale Dunava u Novom Sadu"),
    ("ar", "ملصقات انتخابية على جدران شارع في القاهرة"),
    ("ar", "مكة المكرمة - المسجد الحرام في ليلة القدر"),
    ("ar", "عروض فنية في مهرجان جرش"),
    ("ko", "벽에 붙은 영화 포스터 앞의 관객들"),
    ("ko", "세일러문 코스프레를 한 참가자들"),
    ("ko", "졸업식에서 사진을 찍는 학생들"),
    ("th", "ตลาดนัดรถไฟ ของกินราคาถูก"),
    ("th", "ภาพยนตร์เรื่องใหม่ฉายที่โรงภาพยนตร์"),
    ("th", "พร้อมส่งมอบบ้านให้ลูกค้าในเดือนหน้า"),
    ("th", "นักท่องเที่ยว เดินชม วัดพระแก้ว ในช่วงเย็น"),  # Thai clauses between spaces
    ("th", "ชาวบ้าน ร่วมกัน ทำบุญ ตักบาตร ที่วัด ใกล้บ้าน"),
    ("th", "ภาพถ่ายงานแต่งงาน 2565"),  # a year (Buddhist era), not a sequence number
    ("hu", "Raktáron dolgozó munkások Győrben"),  # "raktáron": in stock, and in a warehouse
    ("ko", "최저가 경쟁이 치열한 전자상가"),  # a sales term in a Korean clause
    ("th", "ราคาถูกและดีที่ตลาดนัดจตุจักร"),  # and in an unspaced Thai sentence
]


@pytest.mark.parametrize("lang, alt", CAPTIONS)
def test_captions_with_the_same_words_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


def test_a_sales_term_inside_a_long_clause_is_no_segment():
    assert promo_reason("dlouhá fronta na výprodej zimního zboží v obchodním domě - praha") is None
    assert promo_reason("laptop asus - chính hãng") == "alt_promo"


@pytest.mark.parametrize(
    "alt, template",
    [
        ("Фото с выставки 3", True),
        ("Фото с выставки № 3", True),
        ("Фото с выставки 2024", False),  # a year, not a sequence number
        ("Фото с большой выставки цветов 3", False),  # more than a qualifier
        ("Фото экипажа Союз 11", False),  # a name
        ("Фото 3", False),  # a photo word alone: alt_rules.GENERIC_NUMBERED's
    ],
)
def test_gallery_template(alt, template):
    assert gallery_template(alt) == template


@pytest.mark.parametrize(
    "lang, alt, reason",
    [
        ("hu", "Nyári olvasótábor 2024 – jelentkezz most!", "alt_promo"),  # a call to action after the title
        ("th", "ร่วมทำบุญ", "alt_navigation"),  # a temple's donate button
        ("vi", "Đã thông báo Bộ Công Thương", "alt_generic"),  # a shop's registration badge
        ("hu", "Tábor 2024 – gyerekek a tó partján", "ok"),
    ],
)
def test_calls_to_action_in_a_banners_segment_and_badges(lang, alt, reason):
    assert alt_verdict(alt, lang)[1] == reason


@pytest.mark.parametrize(
    "lang, alt, reason",
    [
        ("ru", "Схема трасс", "alt_generic"),  # a resort's piste map
        ("ru", "Веб-камера: вершина", "alt_document"),  # a webcam's snapshot by its name
        ("th", "สนับสนุนโดย WWF", "alt_navigation"),  # a sponsor's logo
        ("vi", "Tài trợ bởi Vinamilk", "alt_navigation"),
        ("cs", "Koncert s podporou města Brna v parku", "ok"),  # support inside a sentence
        ("ru", "Схема метро на стене станции", "ok"),
    ],
)
def test_piste_maps_webcams_and_sponsors(lang, alt, reason):
    assert alt_verdict(alt, lang)[1] == reason
