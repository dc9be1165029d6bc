"""Product listings (alt_product): a product's name with its pack size, a bundle mark or a vintage, in each of
the eight languages, beside captions that mention a measure in a scene and must stay; and the currencies of
the eight languages in the price rule."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_numbers import number_reason
from mella_ray.crawl.alt_product import product_listing

LISTINGS = [
    ("ru", "Ибупрофен 200 мг, 20 таблеток"),
    ("ru", "Кофе молотый 250 г"),
    ("ru", "Сельдь в масле 250 г"),
    ("sr", "Ajvar ljuti 720g"),
    ("sr", "Tunjevina u ulju 185 g"),
    ("sr", "Крема за руке 50 мл"),
    ("ko", "[1+1] 수분 진정 크림 50ml 단독특가"),
    ("ko", "비타민C 1000mg 60정"),
    ("hu", "Tokaji Aszú 5 puttonyos 2017, 0,5 l – 12 900 Ft"),
    ("hu", "Kávé 250 g"),
    ("hu", "C-vitamin 1000 mg 60 tabletta"),
    ("hu", "Furmint 2022"),
    ("vi", "Sữa rửa mặt 150ml"),
    ("vi", "Vitamin C 500mg hộp 100 viên"),
    ("th", "ครีมกันแดด 50 มล."),
    ("th", "วิตามินซี 1000 มก. 30 เม็ด"),
    ("ar", "عسل طبيعي 500 جرام"),
    ("ar", "بنادول 500 ملغ 24 قرص"),
    ("cs", "Paralen 500 mg, 24 tbl."),
    ("cs", "Krém na ruce 100 ml"),
    ("cs", "Frankovka 2019"),
    ("cs", "Polštář 40 x 40 cm"),
    ("ru", "Коробка 30х20х10 см"),
    ("vi", "Khung ảnh 13x18cm"),
    # a device's storage or battery
    ("ko", "갤럭시 S24 울트라 256GB"),
    ("cs", "iPhone 15 Pro 128 GB černý"),
    ("cs", "Xiaomi Redmi Note 13 8/256GB"),
    ("ru", "Смартфон Samsung Galaxy A55 8/256 ГБ"),
    ("cs", "Powerbank 20000 mAh"),
    ("sr", "Eksterna baterija 10000 mAh"),
    ("vi", "Điện thoại Samsung Galaxy A55 5G 8GB/128GB"),
    ("hu", "Samsung Galaxy S24 256 GB fekete"),
    ("ar", "سامسونج جالكسي S24 ألترا 256 جيجابايت"),
    ("vi", "Pin sạc dự phòng 10000mAh"),
]


@pytest.mark.parametrize("lang, alt", LISTINGS)
def test_a_product_with_its_pack_size_is_refused(lang, alt):
    assert alt_verdict(alt, lang) == (None, "alt_product")


# A measure in a scene: a preposition of place or time, an auxiliary, a scene's unit (m, ha), a year in "г."
SCENES = [
    ("cs", "Rybník o rozloze 50 ha za soumraku u obce Lednice"),
    ("cs", "Obří dýně o hmotnosti 500 kg na výstavě v Libereci"),
    ("cs", "Sníh 30 cm v Krkonoších"),
    ("cs", "Zimní krajina se sněhem 50 cm"),
    ("cs", "Štika 95 cm"),
    ("hu", "A 300 kg-os harang a templom tornyában"),
    ("vi", "Đỉnh núi cao 3.143 m nhìn từ thung lũng"),
    ("vi", "Con cá nặng 20 kg được ngư dân bắt ở Cà Mau"),
    ("vi", "5 thùng hàng cứu trợ được chuyển đến vùng lũ"),
    ("ru", "Тыква весом 300 кг на ярмарке в Суздале"),
    ("ru", "Рыбак с уловом 5 кг у реки"),
    ("ru", "Москва, 1980 г."),
    ("sr", "Som od 50 kg ulovljen kod Smedereva"),
    ("sr", "Бундева од 300 кг на сајму у Новом Саду"),
    ("ar", "سمكة وزنها 20 كيلوغرام في سوق الصيادين"),
    ("ar", "زجاجة زيت الخزامى العطري سعة ٣٠ مل على طاولة خشبية"),  # on a wooden table
    ("ar", "زجاجة شامبو طبي للقطط بزيت شجرة الشاي سعة 250 مل"),  # a bottle: what holds it, as the photo shows
    ("ko", "아카시아 꿀 500g 유리병 선물 세트"),
    ("ko", "시장에서 판매 중인 사과 3kg 상자"),
    ("ko", "3개월 된 강아지의 모습"),
    ("th", "ทุเรียนหมอนทอง 3 กิโลกรัม วางบนโต๊ะ"),
    ("th", "วัดอรุณยามเย็น 15 ก.พ. 2567"),
    ("cs", "Telefon Samsung ležící na stole vedle klíčů"),
    ("ru", "Смартфон с аккумулятором 5000 mAh на зарядке у окна"),
]


@pytest.mark.parametrize("lang, alt", SCENES)
def test_a_measure_in_a_scene_is_a_caption(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "text, listing",
    [
        ("Šampon 250 g-os kiszerelés", True),  # a Hungarian suffix after the unit
        ("Sada 2 x 50 ml", True),
        ("Ruční práce 5G síť", False),  # a network, not grams
        ("Hrad Karlštejn 2019", False),  # a year without a wine
        ("Festival vína 2023 na náměstí v Mikulově", False),
    ],
)
def test_units_years_and_wine(text, listing):
    assert product_listing(text) == listing


# A price tag in each language's currency, symbol or word, before or after the number
@pytest.mark.parametrize(
    "text",
    [
        "Kávé 12 900 Ft",
        "Bor 3 500 HUF",
        "Vstupné 150 Kč",
        "Phở bò 50.000đ",
        "Phở bò 50.000 ₫",
        "Áo thun 199.000 VNĐ",
        "김밥 3,500원",
        "떡볶이 ₩4,000",
        "ผัดไทย 60 บาท",
        "ส้มตำ ฿50",
        "Ручак 850 дин",
        "Ulaznica 1.200 RSD",
        "Билет 300 руб.",
        "Билет 300 ₽",
        "قهوة 15 ر.س",
        "شاي 10 ريال",
        "كشري 30 جنيه",
        "عصير 12 درهم",
    ],
)
def test_the_eight_languages_currencies_make_a_price(text):
    assert number_reason(text) == "alt_price"


# A price per unit after a name and a size: a dash and a number's thousands are no words
@pytest.mark.parametrize(
    "text", ["Metró csempe fehér 7,5x15 – 4 990 Ft/m²", "Dlažba 60x60 – 899 Kč/m²", "Плитка 30x60 — 1 290 ₽/м²"]
)
def test_a_name_with_a_price_per_unit_is_a_price_tag(text):
    assert number_reason(text) == "alt_price"


def test_a_caption_with_a_price_keeps_its_words():
    assert number_reason("Matrjošky za 1 290 Kč na trhu v Praze") is None


@pytest.mark.parametrize(
    ("alt", "lang", "reason"),
    [
        ("Ray-Ban RB2140", "vi", "alt_product"),  # a brand and a model code: a catalogue's label
        ("Canon EOS R6", "ru", "alt_product"),
        ("Samsung Galaxy S24 Ultra", "sr", "alt_product"),
        ("Спиннинг Shimano Catana 2,7 м арт. 45821", "ru", "alt_product"),  # an item with its article number
        ("Shimano Stradic FL 4000 orsó", "hu", "ok"),  # a word of the language says what it is
        ("Tramvaj T3 v Praze", "cs", "ok"),
        ("Boeing 747 na letišti", "cs", "ok"),
    ],
)
def test_a_brand_and_a_model_code_alone_is_a_label(alt, lang, reason):
    assert alt_verdict(alt, lang)[1] == reason
