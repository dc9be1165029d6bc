"""Product listings as alt (alt_product): a product's name with its pack size, a quantity and a unit of what
shops sell by ("Ибупрофен 200 мг, 20 таблеток", "Ajvar ljuti 720g", "Sữa rửa mặt 150ml", "ครีมกันแดด 50 มล.",
"عسل طبيعي 500 جرام"), a bundle mark ("[1+1] 수분 진정 크림 50ml") or a wine's vintage ("Frankovka 2019"). A
shop's alt names the item it sells; it does not describe the photo.

Structural: a number beside a unit of mass, volume, count or pack (any script's digits, the units of the eight
languages) in a short alt (PRODUCT_MAX_WORDS words besides the quantities and prices). Units of a scene's size
(m, km, ha, m², °C) are no product's: "Đỉnh núi cao 3.143 m" stays; a length is, as a size ("40 x 40 cm"). A
measure in a scene stays too: an alt that places its subject (a preposition of place or time, an auxiliary,
SCENE: "Obří dýně o hmotnosti 500 kg na výstavě v Libereci", "Тыква весом 300 кг у входа") is a caption. The
prepositions a product's name holds ("Krém na ruce 100 ml", "Tuňák v oleji 185 g") set a scene only before a
capitalised name ("v Libereci") or beside another.

A brand and a model code alone ("Ray-Ban RB2140", `model_name`) is a catalogue's label too, and so is an item with
its article number ("Спиннинг Shimano Catana 2,7 м арт. 45821").
"""

from __future__ import annotations

import re

import regex

from mella_ray.crawl.alt_numbers import _D, PRICE

PRODUCT_MAX_WORDS = 8  # words of a listing, besides its quantities and prices: "Tokaji Aszú 5 puttonyos"
VINTAGE_MAX_WORDS = 6
# fmt: off
UNITS = (
    # Latin letters: metric, imperial, pieces and tablets (cs, hu, sr), Vietnamese packs, a device's storage
    # and battery ("Galaxy A55 8/256GB", "Powerbank 20000 mAh": a shop's listing); not a length alone (DIMENSIONS)
    "mg", "gr", "kg", "dkg", "ml", "l", "ltr", "lít", "lit", "cl", "dl", "oz", "lb", "lbs",
    "pcs", "pc", "ks", "db", "darab", "tbl", "tabl", "tablet", "tablety", "kapslí", "kapsle", "tabletta",
    "kapszula", "tableta", "tablete", "tableti", "kapsula", "kapsule", "kom", "puttonyos", "viên", "hộp", "gói",
    "chai", "lọ", "tuýp", "túi", "lon", "thùng", "gb", "tb", "mah",
    # Cyrillic ("г" after a number that is no year: "1980 г." is a year)
    "мг", "гр", "кг", "мл", "л", "шт", "таблеток", "таблетки", "капсул", "капсулы", "уп", "упак", "ком",
    "таблета", "таблете", "капсула", "капсуле", "гб", "тб", "мач",
    # Thai
    "มล", "มิลลิลิตร", "มก", "กรัม", "กก", "กิโลกรัม", "ลิตร", "ชิ้น", "เม็ด", "แคปซูล", "ซอง", "ขวด", "กล่อง", "แพ็ค",
    "หลอด", "กระป๋อง",
    # Arabic
    "ملغ", "مغ", "ملجم", "مجم", "جرام", "جم", "غرام", "غ", "كجم", "كغ", "كيلوغرام", "كيلوجرام", "مل", "ملل",
    "لتر", "قطعة", "قطع", "حبة", "حبات", "قرص", "أقراص", "كبسولة", "كبسولات", "عبوة", "علبة", "جيجابايت",
    "جيجا", "غيغابايت", "تيرابايت",
)
# Korean units: no Hangul may follow ("3개월" is three months)
KOREAN_UNITS = ("개입", "개", "매", "정", "캡슐", "포", "병", "팩", "입", "박스", "세트")
WINE = {
    "víno", "vína", "bor", "vino", "вино", "rượu vang", "vang", "와인", "ไวน์", "نبيذ", "puttonyos", "aszú",
    "tokaji", "cuvée", "ročník", "évjárat", "rizling", "ryzlink", "frankovka", "furmint", "merlot", "cabernet",
    "chardonnay", "sauvignon", "pinot", "riesling", "syrah", "shiraz", "prosecco", "rosé", "brut",
}
# Prepositions of place and time, Hungarian's articles and the auxiliaries of a clause (a listing has none)
# that a product's name does not hold: the alt sets its subject in a scene ("5 thùng hàng cứu trợ được
# chuyển đến vùng lũ")
# What holds the product: an alt that says so describes the photo ("زجاجة شامبو ... سعة 250 مل", a bottle of
# shampoo, 250 ml; "아카시아 꿀 500g 유리병 선물 세트"), a listing names the goods and their size
CONTAINED_MIN_WORDS = 4  # "Коробка 30х20х10 см" sells the box itself
CONTAINERS = frozenset({
    "bottle", "jar", "lahev", "láhev", "lahvička", "sklenice", "krabice", "krabička", "üveg", "üvegben", "doboz",
    "dobozban", "бутылка", "бутылке", "банка", "банке", "коробка", "коробке", "флакон", "флаконе", "flaša", "flaši",
    "tegla", "tegli", "kutija", "kutiji", "флаша", "тегла", "кутија", "chai", "lọ", "hộp", "hũ", "túi", "병", "유리병",
    "상자", "ขวด", "กล่อง", "โหล", "زجاجة", "علبة", "كيس", "عبوة", "بعبوة", "برطمان",
    # a bag, a sachet, a cap, a flacon, a tube ("Краснодарский чёрный чай, 100 г, в крафтовом пакете")
    "пакет", "пакете", "пакетике", "пачка", "пачке", "тюбик", "тюбике", "sáček", "sáčku", "tuba", "tubě", "flakon",
    "flakonu", "flakonban", "zacskó", "zacskóban", "kupakos", "kupakkal", "tubus", "tubusban", "kesa", "kesi",
    "кеса", "кеси", "أنبوب",
})  # fmt: skip
SCENE = {
    "je", "jsou", "byl", "byla", "su", "bio", "bila", "van", "volt", "được", "đang", "đã", "bị",
    "nad", "mezi", "během", "o", "a", "az", "mellett", "alatt", "felett", "között", "közben", "idején", "előtt",
    "mögött", "у", "ở", "tại", "giữa", "bên", "dưới", "nhìn", "khi", "lúc", "vào", "cạnh", "gần", "над", "около",
    "возле", "среди", "рядом", "вблизи", "между", "во", "весом", "kod", "pored", "iznad", "između", "tokom",
    "blizu", "ispred", "код", "поред", "изнад", "између", "током", "близу", "испред", "عند", "قرب", "بالقرب", "في",
    "على", "داخل", "تحت", "بجانب",
    "وزنها", "بوزن", "خلال", "أثناء", "أمام", "وسط", "بين", "فوق", "at", "near", "during", "above",
}
# Prepositions that also sit in a product's name ("Krém na ruce", "Сельдь в масле", "Tunjevina u ulju": Czech
# "u obce" is a place, Serbian "u ulju" a product's content; Cyrillic "у" is SCENE, as Russian "у реки" is a
# place and Serbian shops write their listings in Latin letters mostly)
PLACE = {
    "v", "ve", "na", "z", "ze", "do", "u", "в", "на", "из", "iz", "trên", "trong", "từ", "على", "in", "on",
}
# fmt: on
_UNIT_ALT = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_KO_ALT = "|".join(sorted(KOREAN_UNITS, key=len, reverse=True))
_NUM = rf"{_D}+(?:[.,\u00a0\u202f ]{_D}{{3}})*(?:[.,]{_D}+)?"
# A length is a product's only as its size, two or three of them ("Polštář 40 x 40 cm", "Khung ảnh 13x18cm"):
# one length is a scene's as often ("Sníh 30 cm v noci", "Zimní krajina se sněhem 50 cm", "Štika 95 cm")
DIMENSIONS = ("cm", "mm", "см", "мм", "ซม", "سم", "مم")
_TIMES = r"\s?[x×х]\s?"  # Latin x, the multiplication sign, Cyrillic х
# A quantity: a size, or a number (times a count: "2 x 50 ml") then a unit; then no letter of its script,
# except a Hungarian suffix after a hyphen ("250 g-os") and a Thai or Korean word after a Latin unit ("50ml단독")
QUANTITY = re.compile(
    rf"(?<![\w.,]){_NUM}(?:{_TIMES}{_NUM}){{1,2}}\s?(?:{'|'.join(DIMENSIONS)})\.?(?![^\W\d_])"
    rf"|(?<![\w.,]){_NUM}(?:{_TIMES}{_NUM})?\s?"
    # a Thai unit is no word's start ("10 มกราคม" is 10 January, not 10 mg and a word)
    rf"(?:(?:{_UNIT_ALT})\.?(?![^\W\d_\u0e00-\u0e7f\uac00-\ud7a3])(?!(?<=[\u0e00-\u0e7f])[\u0e00-\u0e7f])"
    rf"|(?-i:g)(?![^\W\d_])"
    rf"|(?<!1[5-9]\d\d )(?<!1[5-9]\d\d)(?<!20\d\d )(?<!20\d\d)г\.?(?![^\W\d_])"
    rf"|(?:{_KO_ALT})(?![\w]))",
    re.I,
)
BUNDLE = re.compile(r"[\[【]\s*\d\s*\+\s*\d\s*[\]】]")  # "[1+1]", "【2+1】": a shop's bundle offer
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_LETTER = re.compile(r"[^\W\d_]")
_TRIM = " .,:;!?()[]\"'«»„“”–—-/|"


def _scene(words: list[str]) -> bool:
    """Whether `words` (of the alt, in order) set their subject in a place or time (SCENE, PLACE; a Korean
    word in the locative: "시장에서", "접시에")."""
    low = [w.lower().strip(_TRIM) for w in words]
    # a capitalised word inside is a name's ("Van Gogh"), not Hungarian's "van" (is)
    scene = [w for i, w in enumerate(low) if i == 0 or not words[i][:1].isupper()]
    if any(w in SCENE or (w.endswith("에") and len(w) > 1) or (w.endswith("에서") and len(w) > 2) for w in scene):
        return True
    places = [i for i, w in enumerate(low) if w in PLACE]
    if len(places) >= 2:
        return True
    return any(i + 1 < len(words) and words[i + 1][:1].isupper() for i in places)


def _thai_scene(text: str) -> bool:
    """Thai prepositions of place and time inside a run: ที่ (at), บน (on), ใน (in), ริม (beside), ขณะ
    (while), ระหว่าง (during), ใกล้ (near); and กำลัง (is doing)."""
    return re.search(r"ที่|บน|ใน|ริม|ขณะ|ระหว่าง|ใกล้|กำลัง", text) is not None


# An article number with its label: "арт. 45821", "Kód: AB-12", "SKU 4411", "Mã SP: TL-027", "품번 A-12"
_ARTICLE_NUMBER = regex.compile(
    r"(?<!\w)(?:арт\.?|артикул|art\.|kat\.\s?č\.|kód|sku|mã sp|mã hàng|cikkszám|šifra|шифра|رمز المنتج|품번"
    r"|รหัสสินค้า)\s*[:#]?\s*[\w-]*\d[\w-]*",
    regex.I,
)
MODEL_MAX_WORDS = 4
# a model's code: letters and digits in one word ("RB2140", "U1", "TL-027", "A5"), not a year or a size alone
_MODEL_CODE = regex.compile(r"^(?=[\w-]*\p{L})(?=[\w-]*\d)[\w-]+$")


def product_listing(text: str) -> bool:
    """Whether `text` (normalised) is a product listing (see the module's docstring)."""
    if _ARTICLE_NUMBER.search(text) and len(text.split()) <= PRODUCT_MAX_WORDS + 2:
        return True  # "Спиннинг Shimano Catana 2,7 м арт. 45821": a shop's item with its article number
    bundle = BUNDLE.search(text) is not None
    if not bundle and not QUANTITY.search(text) and not _YEAR.search(text):
        return False
    rest = PRICE.sub(" ", QUANTITY.sub(" ", BUNDLE.sub(" ", text)))
    words = [w for w in rest.split() if _LETTER.search(w)]
    held = len(words) >= CONTAINED_MIN_WORDS and any(w.lower().strip(_TRIM) in CONTAINERS for w in words)
    if _scene(words) or _thai_scene(rest) or held:
        return False
    if bundle or QUANTITY.search(text):
        return len(words) <= PRODUCT_MAX_WORDS
    # a vintage: a wine's name and a year, nothing more
    low = " ".join(w.lower().strip(_TRIM) for w in words)
    wine = any(w in WINE for w in low.split()) or "rượu vang" in low
    return wine and len(words) <= VINTAGE_MAX_WORDS


def model_name(text: str) -> bool:
    """A brand and a model code and nothing else ("Ray-Ban RB2140", "Canon EOS R6", "Yamaha U1"): at most
    MODEL_MAX_WORDS words, each capitalised or holding a digit, one of them letters and digits together. A
    catalogue's label: a caption says what the thing is ("Sluneční brýle Ray-Ban RB2140 v pouzdře") in words
    of the language, which are lower case."""
    words = text.split()
    if not 2 <= len(words) <= MODEL_MAX_WORDS or not any(_MODEL_CODE.match(w) for w in words):
        return False
    return all(w[:1].isupper() or w[:1].isdigit() for w in words)
