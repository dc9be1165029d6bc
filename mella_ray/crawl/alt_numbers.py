"""Numbers that make an alt an advertisement or a contact card, not a caption: a price ("Входной билет
300 ₽", "โปรโมชั่น ขูดหินปูน 599 บาท"), an offer ("Sleva 30 %", "할인 20%"), a phone number ("예약 문의
010-1234-5678"). Structural rules, not word lists of the sites seen: a number beside a currency, digits
in the groups phones are written in. Digits of any script count (ASCII, Arabic-Indic, Persian, Thai).

A description that mentions a price ("Матрёшки по 500 руб. на рынке в Суздале": the price and six
words more) describes its picture and stays; a price with a few words (PRICE_MAX_WORDS in all) is a
price tag, a price list (two prices or more, PROMO_MAX_WORDS), a tag or a tariff (a price with its own
word, "from" or "per month": PRICE_CONTEXT) or an offer (a promotion's word first and a number, or a
discount: "-20%", "ลด 50%", PROMO_MAX_WORDS) is a banner.
A phone number is refused at any length: a caption does not need one, an advertisement does.
"""

from __future__ import annotations

import re

from mella_ray.crawl.alt_runs import thai_words
from mella_ray.crawl.alt_words import MONTHS, PICTURE_WORDS, length_in_words

# Digits of the scripts of the eight languages: ASCII, Arabic-Indic, Persian (Eastern Arabic), Thai.
_D = "[0-9\u0660-\u0669\u06f0-\u06f9\u0e50-\u0e59]"
PRICE_MAX_WORDS = 6  # words of an alt one price refuses, at most: "Входной билет 300 ₽" is a price tag
PROMO_MAX_WORDS = 10  # words of an alt an offer or two prices refuse, at most
# fmt: off
CURRENCY_WORDS = (
    "kč", "czk", "korun", "koruna", "koruny", "ft", "huf", "forint", "forintot", "forintért", "руб", "руб.",
    "рублей", "рубля", "рубль", "р.", "rub", "дин", "дин.", "динара", "динар", "din", "din.", "dinara",
    "dinar", "rsd", "đ", "đồng", "vnd", "vnđ", "triệu đồng", "nghìn đồng", "원", "krw", "만원", "บาท", "thb",
    "دينار", "دنانير", "ريال", "ريالات", "درهم", "دراهم", "جنيه", "ليرة", "ليرات", "دولار", "دولارات",
    # the accusative after a number from 11 ("35 ديناراً", "20 دولاراً"), with or without its tanween
    "ديناراً", "دينارا", "ريالاً", "ريالا", "درهماً", "درهما", "جنيهاً", "جنيها", "دولاراً", "دولارا",
    "ر.س", "د.إ", "د.ك", "eur", "euro", "eura", "евро", "usd", "dollars", "долларов", "доллара", "gbp",
)
CURRENCY_SYMBOLS = "₽€$₫₩฿£¥₺"
# Offers that open a short alt with a number ("Akce 2+1 zdarma", "Скидка 30%", "Khuyến mãi 50%")
PROMO_LEADS = (
    "special offer", "sale", "discount", "akce", "sleva", "slevy", "výprodej", "akció", "akciós", "kedvezmény",
    "leárazás", "khuyến mãi", "khuyến mại", "giảm giá", "ưu đãi", "акция", "скидка", "скидки", "распродажа",
    "спецпредложение", "akcija", "акција", "popust", "попуст", "rasprodaja", "распродаја", "عرض خاص", "عروض",
    "خصم", "تخفيضات", "تخفيض", "할인", "이벤트", "특가", "세일", "โปรโมชั่น", "โปรโมชัน", "ลดราคา", "ส่วนลด",
)
# A discount's word beside a percentage, before or after it ("ลด 50%", "20% kedvezmény", "최대 50% 할인",
# "Giảm đến 30%"), anywhere in a short alt: an offer even where a description's words open it
DISCOUNT_WORDS = (
    "sale", "off", "discount", "sleva", "slevy", "slevou", "slevu", "slev", "kedvezmény", "kedvezménnyel",
    "kedvezményt", "kedvezményes", "engedmény", "engedménnyel", "engedményt", "giảm", "giảm giá", "khuyến mãi",
    "скидка", "скидки", "скидкой", "скидку", "скидок", "popust", "popusta", "попуст", "попуста", "sniženje",
    "снижење", "خصم", "تخفيض", "تخفيضات", "할인", "세일", "ลด", "ส่วนลด", "ลดราคา", "ลดสูงสุด",
    # save N% ("Пријави се до 15. марта и уштеди 20%")
    "уштеди", "уштедите", "uštedi", "uštedite", "ušetřete", "ušetři", "spórolj", "spóroljon", "сэкономьте",
    "сэкономь", "tiết kiệm", "وفر", "وفّر", "절약", "ประหยัด",
)
# Words that make a price in a banner's length a tag or a tariff: the price's own word ("Vòi sen ... giá
# 1.250.000đ"), "from" and "per month" ("od 199 Kč měsíčně", "بسعر يبدأ من 5 دنانير شهرياً", "9,900원부터",
# "เริ่มต้น 299 บาท/เดือน"): a listing's or a plan's offer at any length up to PROMO_MAX_WORDS
PRICE_CONTEXT = (
    "giá", "giá chỉ", "cena", "za cenu", "цена", "по цене", "ár", "áron", "cijena", "سعر", "بسعر",
    "가격", "ราคา",
    "od", "již od", "už od", "от", "всего от", "од", "већ од", "từ", "chỉ từ", "chỉ với", "من", "يبدأ من",
    "ابتداء من", "ابتداءً من", "부터", "เริ่มต้น", "เริ่ม", "from", "starting at",
    "měsíčně", "měsíc", "měs", "havonta", "havi", "hó", "в месяц", "за месяц", "мес", "месечно", "mesečno",
    "mesec", "месец", "tháng", "mỗi tháng", "شهريا", "شهرياً", "شهري", "في الشهر", "월", "매월", "ต่อเดือน",
    "เดือน", "month", "monthly", "/mo",
    # per person or per night ("Ноћење са доручком – 2.500 динара по особи")
    "po osobi", "по особи", "za osobu", "за особу", "na osobu", "na noc", "za noc", "fejenként", "főtől", "/fő",
    "за человека", "с человека", "на человека", "за ночь", "mỗi người", "/người", "/đêm", "للشخص", "لليلة", "인당",
    "1인", "1박", "ต่อท่าน", "ต่อคน", "ต่อคืน", "per person", "per night", "по ноћењу", "po noćenju", "за ноћење",
    "za noćenje", "éjszakánként", "за сутки", "в сутки",
)
# "Only" before a price ("Bảo dưỡng xe đạp trọn gói chỉ 150.000đ"): with a currency's price, not with a rate ("Hồ
# thủy điện chỉ còn 20% nước": the reservoir only has 20% of its water)
ONLY = (
    "chỉ", "chỉ còn", "jen", "jen za", "pouze", "pouze za", "csak", "mindössze", "всего", "всего за", "только",
    "samo", "само", "فقط", "단", "เพียง", "only", "just",
)
UP_TO = ("up to", "až", "až do", "akár", "до", "đến", "tới", "lên đến", "lên tới", "do", "حتى", "최대", "สูงสุด")
# fmt: on


def _alternation(phrases) -> str:
    return "|".join(sorted((re.escape(w) for w in phrases), key=len, reverse=True))


# A word's edge, except in Thai (no spaces) and Korean (endings attach: "39,000원에")
_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
_NUMBER = rf"(?<!{_D}){_D}+(?:[.,\u00a0\u202f '’]{_D}{{3}})*(?:[.,]{_D}{{1,2}})?(?:,-|\.-)?"
_CURRENCY = rf"(?:{_alternation(CURRENCY_WORDS)}){_END}|[{re.escape(CURRENCY_SYMBOLS)}]"
# A currency first, then a number that is no year: "Евро 2024", "EURO 2024" are a championship
_NO_YEAR = r"(?!(?:19|20)\d\d(?![\d.,]\d))"
PRICE = re.compile(rf"{_NUMBER}\s?(?:{_CURRENCY})|(?<![^\W\d])(?:{_CURRENCY})\s?{_NO_YEAR}{_NUMBER}", re.I)
_CONTEXT = _alternation(PRICE_CONTEXT)
_ONLY = re.compile(rf"(?<!\w)(?:{_alternation(ONLY)}){_END}", re.I)
_PRICE_CONTEXT = re.compile(rf"(?<!\w)(?:{_CONTEXT}){_END}|{_D}(?:{_CONTEXT}){_END}", re.I)
# a price that closes a listing after a dash or a bar ("معمول بالتمر - علبة 1 كغ - 8 دنانير"): a shop's tag
_PRICE_LAST = re.compile(rf"\s[-–—|]\s*(?:{PRICE.pattern})\W*$", re.I)
PROMO = re.compile(rf"^(?:{_alternation(PROMO_LEADS)})(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3]).*{_D}", re.I)
# A discount's word, then "up to" and a percentage, or a percentage then the word; or a percentage with a
# minus ("-20% kedvezménnyel", "−30 %"), which no measurement writes (a range is "10-20%": no sign).
_PERCENT = rf"[-−]?{_D}{{1,2}}\s?[%٪]"  # Arabic writes its own sign: "خصم 10٪"
# Thai glues the discount to the verb before it ("รับส่วนลด 15%": get a 15% discount): no word start there
_DISCOUNT_WORD = rf"(?:(?<!\w)(?:{_alternation(DISCOUNT_WORDS)})|ส่วนลด|ลดราคา){_END}"
_DISCOUNT_NEAR = re.compile(_DISCOUNT_WORD, re.I)  # "Tour Hè 2024 giảm đến 3 triệu đồng": an amount off
_RATE = re.compile(rf"(?<![\w.,]){_D}+(?:[.,]{_D}+)?\s?[%٪]")  # a rate, decimals too: "0,9 %/měsíc"
DISCOUNT = re.compile(
    rf"{_DISCOUNT_WORD}(?:\s*(?:{_alternation(UP_TO)}))?\s*:?\s*{_PERCENT}"
    rf"|(?<![\w.,]){_PERCENT}\s*{_DISCOUNT_WORD}|(?<![\w%٪.,\-−])[-−]{_D}{{1,2}}\s?[%٪]",
    re.I,
)
# Buy N, get N: an offer in any of the languages ("ซื้อ 1 แถม 1", "Mua 2 tặng 1", "Kup 2, dostaneš 1")
BUY_GET = re.compile(
    rf"(?<!\w)(?:buy|ซื้อ|mua|kup|kupte|купи|купите|kupi|kupite|vegyél|vásárolj|구매|اشتر|اشتري)\s*{_D}{{1,2}}\s*,?\s*"
    rf"(?:get|แถม|tặng|dostaneš|dostanete|получи|получите|dobij|dobijete|kapsz|증정|واحصل على|احصل على)\s*{_D}",
    re.I,
)
# A rating out of five, a shop's stars widget ("Оцењено 4.50 од 5", "Rated 4.5 out of 5", "Hodnoceno 4,5 z 5",
# "4.5/5", "5 z 5 hvězdiček", "5점 만점에 4.5점"): a decimal score, or a whole one with the stars named; "2 z 5
# zápasů" and a match's "3/5" are no ratings
_OUT_OF = r"\s*(?:/|od|од|из|z|ze|out of|จาก|من|trên|-ből|ből)\s*5(?![\d.,%])"
_STARS = r"\s*(?:stars?|hvězd\w*|csillag\w*|sao|звезд\w*|звёзд\w*|ดาว|نجوم|별)"
# A whole score after a rating word ("Hodnoceno 4 z 5", "Оцењено 5 од 5", "คะแนน 5 จาก 5")
_RATING_WORD = (
    r"(?:rated|rating|hodnoceno|hodnocení|értékelés|értékelése|оценка|рейтинг|оцењено|ocenjeno|оцена|ocena"
    r"|đánh giá|تقييم|คะแนน|별점|평점)"
)
_RATED = rf"{_RATING_WORD}\s*:?\s*"
RATING = re.compile(
    rf"(?<![\d.,]){_D}[.,]{_D}{{1,2}}{_OUT_OF}|(?<![\d.,]){_D}{_OUT_OF}{_STARS}|5\s*점\s*만점|ดาว\s*{_D}\s*ดวง"
    rf"|(?<!\w){_RATED}{_D}{_OUT_OF}(?!\s*[^\W\d_])"  # "3 z 5 zápasů" (of 5 matches) is a score
    # a platform's score closing the alt, a word maybe between: "고객 평점 9.2", "Hodnocení hostů 9,4"
    rf"|(?<!\w){_RATING_WORD}(?:\s+\w+)?\s*:?\s*{_D}{{1,2}}[.,]{_D}\W*$",
    re.I,
)
# An upload's or a post's date with its word, and nothing else ("2024.04.05 업로드", "Nahráno 5. 4. 2024",
# "Đăng ngày 05/04/2024", "Фото загружено 03.04.2024"): a gallery's or a blog's metadata line
_POSTED_WORD = (
    r"(?:업로드|등록일|작성일|uploaded|posted|updated|nahráno|přidáno|vloženo|publikováno|feltöltve|közzétéve"
    r"|загружено|опубликовано|добавлено|обновлено|postavljeno|objavljeno|постављено|објављено|đăng ngày"
    r"|ngày đăng|đăng lúc|cập nhật|อัปโหลด|อัพโหลด|โพสต์เมื่อ|โพสต์|نشر في|تاريخ النشر|تم النشر|تم الرفع)"
)
_NUMERIC_DATE = rf"{_D}{{1,4}}\s?[-./]\s?{_D}{{1,2}}\s?[-./]\s?{_D}{{2,4}}\.?"
# A name and its year, and nothing else ("Дунавски звуци 2025", "PyCon 부산 2025", "Inventura skladu 2024"):
# a festival's, a season's or an album's label on its poster, not a description; YEAR_LABEL_MAX_WORDS words
YEAR_LABEL_MAX_WORDS = 3
# fmt: off
# Makes of cars and motorcycles, in the scripts dealers write them: before a model and a year, a listing's caption
VEHICLE_BRANDS = frozenset({
    "honda", "toyota", "hyundai", "kia", "škoda", "skoda", "volkswagen", "vw", "bmw", "audi", "mercedes",
    "mercedes-benz", "ford", "mazda", "nissan", "lada", "renault", "peugeot", "citroën", "dacia", "suzuki",
    "mitsubishi", "chevrolet", "opel", "fiat", "volvo", "tesla", "vinfast", "jawa", "yamaha", "kawasaki", "ducati",
    "subaru", "lexus", "seat", "zastava", "jeep", "porsche",
    "тойота", "хонда", "хендай", "хёндэ", "киа", "шкода", "лада", "форд", "ниссан", "мазда", "рено", "опель",
    "фольксваген", "тојота", "застава", "хјундаи", "фиат", "опел",
    "تويوتا", "هوندا", "هيونداي", "كيا", "نيسان", "مرسيدس", "فورد", "مازدا", "ميتسوبيشي", "شيفروليه",
    "현대", "기아", "토요타", "혼다", "쌍용", "르노", "쉐보레", "벤츠", "아우디",
    "โตโยต้า", "ฮอนด้า", "อีซูซุ", "นิสสัน", "มาสด้า", "มิตซูบิชิ", "ยามาฮ่า",
})
# fmt: on
_YEAR_LABEL = re.compile(r"^(?P<name>[^\d]+?)[\s,–-]+(?:19|20)\d\d\.?$")
_PICTURE_WORD = rf"(?:{'|'.join(sorted(PICTURE_WORDS, key=len, reverse=True))})\s+"
POSTED = re.compile(
    rf"^(?:{_PICTURE_WORD})?(?:{_POSTED_WORD}\s*:?\s*{_NUMERIC_DATE}|{_NUMERIC_DATE}\s*{_POSTED_WORD})\W*$", re.I
)
RATING_MAX_WORDS = 8
# A phone number: digits in two groups or more, 8 to 15 of them, with an optional country code and
# area code in brackets ("+7 (495) 123-45-67", "010-1234-5678", "0901 234 567", "02-123-4567")
PHONE = re.compile(rf"(?<![\w+])\+?(?:{_D}[\s.-]?)?(?:\({_D}{{1,4}}\)\s?)?{_D}{{2,5}}(?:[\s.-]{_D}{{2,5}})+(?!\w)")
# Not phones: dates ("2023-05-12", "01.05.2023"), years ("1939-1945"), hours ("10.00-18.00"), grouped
# thousands ("12 500 000 obyvatel") and two groups ("1200-1500 ccm") unless a leading 0, + or ( says
# it is dialled
_DATE = re.compile(rf"^{_D}{{4}}[-./]{_D}{{1,2}}[-./]{_D}{{1,2}}$|^{_D}{{1,2}}[-./]{_D}{{1,2}}[-./]{_D}{{2,4}}$")
_YEARS = re.compile(r"^(?:1[5-9]|20)\d\d\s?[-–.]\s?(?:1[5-9]|20)\d\d$")
_THOUSANDS = re.compile(rf"^[1-9\u0661-\u0669\u06f1-\u06f9\u0e51-\u0e59]{_D}{{0,2}}(?:[\s.,]{_D}{{3}})+$")
_HOURS = re.compile(r"^\d{1,2}[.:]\d\d\s?[-–]\s?\d{1,2}[.:]\d\d$")
# A leading 0, + or (, or a Korean nationwide number ("1588-1234")
_DIALLED = re.compile(r"^[+(0\u0660\u06f0\u0e50]|^1[5-8]\d\d-\d{4}$")
# Unspaced: "0901234567", "+84901234567" (a code of as many digits would not start with 0 or +)
PHONE_UNSPACED = re.compile(rf"(?<![\w+])(?:\+|0){_D}{{8,12}}(?!\w)")
PHONE_MIN_DIGITS, PHONE_MAX_DIGITS = 8, 15
# A phone's label: after it, digits in any groups are a phone ("Tel: 777 123 456", as a count is written)
# fmt: off
PHONE_LABELS = (
    "tel", "tel.", "telefon", "telefonszám", "phone", "hotline", "mobil", "mob.", "тел", "тел.", "телефон",
    "моб.", "điện thoại", "đt", "sđt", "zalo", "전화", "연락처", "โทร", "โทรศัพท์", "هاتف", "جوال", "☎", "📞",
    # "call" before the number ("volejte 604 123 456", "звоните 8 800 123 45 67")
    "volejte", "zavolejte", "hívjon", "hívjanak", "hívj", "звоните", "позвоните", "зовите", "позовите", "zovite",
    "pozovite", "gọi", "gọi ngay", "اتصل", "اتصلوا", "اتصل بنا",
)
# fmt: on
_LABELLED = re.compile(rf"(?<!\w)(?:{_alternation(PHONE_LABELS)})\W{{0,3}}(\+?{_D}[{_D[1:-1]}\s().-]{{6,}}{_D})", re.I)
# a short number after its label and a colon, closing the alt: an emergency or a service line ("Телефон дежурной
# части: 112")
_LABELLED_SHORT = re.compile(
    rf"^(?:{_alternation(PHONE_LABELS)})(?!\w)(?:\s+[^\s:：]+){{0,3}}\s*[:：]\s*(?!(?:19|20){_D}{_D}$){_D}{{3,5}}$",
    re.I,
)


def _digits(text: str) -> int:
    return len(re.findall(_D, text))


def phone_number(text: str) -> bool:
    """Whether `text` holds a phone number (see PHONE), not a date, a span of years or a big number."""
    if PHONE_UNSPACED.search(text) or _LABELLED_SHORT.match(text):
        return True
    labelled = (m[1].strip() for m in _LABELLED.finditer(text))
    if any(PHONE_MIN_DIGITS <= _digits(n) <= PHONE_MAX_DIGITS and not _YEARS.match(n) for n in labelled):
        return True
    for m in PHONE.finditer(text):
        s = m.group().strip()
        if not PHONE_MIN_DIGITS <= _digits(s) <= PHONE_MAX_DIGITS:
            continue
        if _DATE.match(s) or _YEARS.match(s) or _HOURS.match(s) or _THOUSANDS.match(s):
            continue
        if len(re.split(r"[\s.()-]+", s.strip("+()"))) == 2 and not _DIALLED.match(s):
            continue
        return True
    return False


def number_reason(text: str) -> str | None:
    """alt_phone when `text` holds a phone number; alt_price when a short `text` is a price tag, a
    price list or an offer (see the module's docstring); else None."""
    if phone_number(text):
        return "alt_phone"
    # a dash is no word, and a number's thousands are one ("Dlažba 60x60 – 1 290 Kč/m²" is four words)
    joined = re.sub(rf"(?<={_D})[\s\u00a0\u202f](?={_D}{{3}}(?!{_D}))", "", text)
    words = sum(any(c.isalnum() for c in w) for w in joined.split())
    if words <= PRICE_MAX_WORDS and PRICE.search(text):
        return "alt_price"
    if words <= RATING_MAX_WORDS and RATING.search(text):
        return "alt_generic"  # a stars widget
    if POSTED.match(text):
        return "alt_generic"
    # an offer that opens with its word counts Vietnamese in words ("Giảm giá 30% tất cả các món vào thứ Ba hàng
    # tuần"); "giảm" (fewer) or "giá" (price) inside a sentence is news, by its syllables
    if (words <= PROMO_MAX_WORDS or (PROMO.match(text) and length_in_words(text, words) <= PROMO_MAX_WORDS)) and (
        PROMO.search(text)
        or DISCOUNT.search(text)
        or BUY_GET.search(text)
        or len(PRICE.findall(text)) >= 2
        or _PRICE_LAST.search(text)
        or (PRICE.search(text) and (_PRICE_CONTEXT.search(text) or _ONLY.search(text) or _DISCOUNT_NEAR.search(text)))
        or (_RATE.search(text) and _PRICE_CONTEXT.search(text))  # "Lãi suất chỉ từ 1%/tháng": a loan's rate
    ):
        return "alt_price"
    return None


def year_label(text: str) -> bool:
    """A name of YEAR_LABEL_MAX_WORDS words at most, then a year: Thai counted in words, not in spaces."""
    m = _YEAR_LABEL.match(text)
    if m is None:
        return False
    name = m["name"].split()
    if name and name[-1].strip(",.").lower() in MONTHS:
        return False  # a month before the year dates what the words name ("Јесење бундеве, октобар 2022.")
    if name and name[0].lower() in VEHICLE_BRANDS:
        return False  # a make, a model and its year: a dealer's caption of the car shown ("Honda CR-V 2020")
    if re.search("[\u0e00-\u0e7f]", m["name"]):
        name = [w for chunk in name for w in thai_words(chunk)]
    return length_in_words(m["name"], len(name)) <= YEAR_LABEL_MAX_WORDS  # "Bảng giá tráng scan 2024": 5 syllables
