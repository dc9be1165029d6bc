"""Labels that pass as captions (alt_banners asks label_reason): a shop's or a package's name alone, an event's
name with a gallery's number, a sponsor's or a review site's badge, a call to action as a slogan. Evaluations of
the crawl on unseen sites found each kept; each says what the picture is for, not what it shows.

- A shop's name (SHOP_WORDS first, then only capitalised words or a quoted name: "Shop Công Nghệ Xanh",
  "Магазин «Солнышко»"): its logo's alt, alt_name as a company's is. "Khách hàng chọn áo tại Shop Công Nghệ Xanh"
  starts with a description and stays.
- A package's or an offer's name (PACKAGE_WORDS first, then a name: "Balíček Romantika", "Пакет «Свадебный»",
  "패키지 A", "แพ็กเกจฮันนีมูน", "باقة العروس الملكية"): a banner, alt_promo. Arabic has no case: at most
  PACKAGE_MAX_WORDS words and no preposition ("العروس تحمل باقة من الورد": the bride holds a bouquet).
- An event's name and a gallery's sequence number, a year before it or not ("Majáles 2024 (3)", "День города
  2", "งานวัด 3"): EVENT_MAX_WORDS words before the number, none a function word: alt_generic, as
  alt_banners.gallery_template's "Фото с выставки 3" is. A year alone ends names of things too ("Союз 11" is
  a spacecraft, kept: its number is after a capitalised word inside a longer text).
- A short label and a CMS's copy number after a mark ("Pokoj Deluxe (2)", "Svatební šaty #5", "Ваза
  керамика_3", "Váy cưới đuôi cá ren Pháp - 4"): COPY_MAX_WORDS words, none a function word: alt_generic.
- A sponsor's badge (SPONSOR_WORDS, a colon and a name: "Partner: Škoda Auto", "Генеральный спонсор: Сбер")
  and a review site's (REVIEW_WORDS and a platform: "Recenze na Google", "تقييمات تريب أدفايزر"):
  alt_generic, as payment badges are (alt_words_utility).
- A slogan (SLOGANS anywhere in a short alt: "Vstupenky již v prodeji!", "Đặt vé ngay hôm nay!"; a Korean
  polite imperative last: "지금 예약하세요!"): alt_promo.
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_runs import THAI_CLAUSE_WORDS, thai_words
from mella_ray.crawl.alt_words import KOREAN_PARTICLES

# fmt: off
# A shop: a name after it is the shop's sign ("Shop Công Nghệ Xanh", "Магазин «Солнышко»")
SHOP_WORDS = (
    "shop", "store", "cửa hàng", "cửa hiệu", "tiệm", "obchod", "prodejna", "e-shop", "eshop", "bolt", "üzlet",
    "webshop", "магазин", "интернет-магазин", "бутик", "prodavnica", "продавница", "radnja", "радња", "متجر",
    "محل", "상점", "매장", "쇼핑몰", "ร้าน", "ร้านค้า",
)
# A package, a bundle or an offer: a name after it is a product's ("Balíček Romantika", "Пакет «Свадебный»")
PACKAGE_WORDS = (
    "package", "balíček", "balíčky", "pobytový balíček", "csomag", "csomagajánlat", "пакет", "тариф", "paket",
    "gói", "combo", "باقة", "패키지", "แพ็กเกจ", "แพ็คเกจ", "โปรแกรม",
)
# A sponsor's or a partner's title before a colon ("Partner: Škoda Auto", "Szponzorunk: Tippmix")
SPONSOR_WORDS = (
    "sponsor", "sponsors", "partner", "partners", "main partner", "general partner", "sponzor", "sponzoři",
    "hlavní partner", "generální partner", "generální sponzor", "hlavní sponzor", "partneři", "mediální partner",
    "szponzor", "szponzorunk", "szponzoraink", "főszponzor", "főtámogató", "támogató", "támogatóink", "támogatónk",
    "partnerünk", "partnereink", "kiemelt támogató", "kiemelt partner", "đơn vị tài trợ", "đơn vị đồng hành",
    "médiapartner", "спонсор", "спонсоры", "генеральный спонсор",
    "главный спонсор", "партнер", "партнёр", "генеральный партнер", "генеральный партнёр", "партнеры",
    "партнёры", "информационный партнер", "generalni sponzor", "генерални спонзор", "спонзор", "sponzori",
    "спонзори", "partneri", "партнери", "generalni partner", "генерални партнер", "medijski partner",
    "медијски партнер", "الراعي", "الراعي الرسمي", "الراعي الذهبي", "راعي", "الرعاة", "الشريك", "شريك",
    "후원", "후원사", "협찬", "협찬사", "파트너", "스폰서", "ผู้สนับสนุน", "ผู้สนับสนุนหลัก", "สปอนเซอร์",
    "พันธมิตร", "nhà tài trợ", "nhà tài trợ chính", "đối tác", "tài trợ", "main sponsor", "главни спонзор",
    "glavni sponzor", "메인 스폰서", "공식 후원사",
)
# Reviews or ratings, and the platforms a badge names beside them ("Recenze na Google", "네이버 리뷰")
REVIEW_WORDS = (
    "review", "reviews", "rating", "recenze", "hodnocení", "recenzí", "értékelés", "értékelések", "vélemények",
    "отзывы", "отзыв", "рейтинг", "recenzije", "рецензије", "utisci", "утисци", "ocene", "оцене", "تقييمات",
    "értékeljen", "értékelj", "оставьте отзыв", "оцените нас", "ohodnoťte nás", "ohodnoťte", "ocenite nas",
    "оцените", "đánh giá chúng tôi", "قيّمنا", "قيمنا", "قيم تجربتك", "평가해", "รีวิวเรา", "มีรีวิว",
    "آراء العملاء", "آراء", "véleménye", "vélemény",
    "мы на", "najdete nás na", "nađite nas na", "find us on", "tìm chúng tôi trên", "ابحث عنا على",
    "تقييم", "مراجعات", "리뷰", "후기", "평점", "รีวิว", "คะแนน", "đánh giá", "nhận xét",
)
PLATFORMS = (
    "google", "tripadvisor", "trip advisor", "booking", "facebook", "yelp", "zomato", "heureka", "firmy.cz",
    "seznam", "szallas.hu", "яндекс", "yandex", "2гис", "2gis", "отзовик", "تريب أدفايزر", "تريب ادفايزر",
    "جوجل", "غوغل", "트립어드바이저", "트립 어드바이저",
    "네이버", "카카오", "구글", "วงใน", "wongnai", "agoda", "foody", "shopee", "lazada",
)
# A call to action anywhere in a short alt: a slogan on a banner ("Vstupenky již v prodeji!")
SLOGANS = (
    "již v prodeji", "už v prodeji", "nyní v prodeji", "v předprodeji", "neváhejte", "přijďte", "kupujte",
    "rezervujte si", "objednávejte", "už v prodeji", "már kaphatók", "már kapható", "kaphatók", "kapható már",
    "jegyek kaphatók", "jegyvásárlás", "vstupenky v prodeji", "lístky v prodeji", "เปิดขายแล้ว", "ตั๋วเปิดขาย",
    "티켓 오픈", "متوفرة الآن", "متوفر الآن", "đã mở bán", "mở bán vé",
    "ne hagyja ki", "ne hagyd ki", "nenechte si ujít", "nenech si ujít", "nezmeškejte",
    "ne maradj le", "ne maradjon le", "siess", "siessen", "foglald le", "уже в продаже",
    "в продаже!", "билеты в продаже", "успейте", "успей", "спешите", "торопитесь", "покупайте", "бронируйте",
    "не пропустите", "приходите", "u prodaji!", "у продаји!", "ulaznice u prodaji", "улазнице у продаји",
    "karte u prodaji", "карте у продаји", "ne propustite", "не пропустите", "požurite", "пожурите", "dođite",
    "дођите", "đặt vé ngay", "mua ngay", "đặt ngay", "nhanh tay lên", "nhanh tay đặt", "nhanh tay mua",
    "nhanh tay đăng ký", "kẻo lỡ", "ngay hôm nay!", "đừng bỏ lỡ",
    "đăng ký ngay", "احجز تذكرتك", "احجز مقعدك", "اشتر الآن", "سارع", "لا تفوت", "لا تفوتوا", "احجز الآن",
    "지금 예약", "지금 구매", "지금 바로", "놓치지 마세요", "ซื้อเลย", "จองด่วน", "จองเลย", "สั่งซื้อเลย",
    "อย่าพลาด", "รีบจอง", "รีบเลย", "โทรเลย",
    # a charity's call to give
    "تبرع الآن", "تبرّع الآن", "تبرعوا", "darujte", "přispějte", "adományozzon", "adományozz", "támogasson minket",
    "пожертвуйте", "поддержите нас", "donirajte", "донирајте", "quyên góp ngay", "ủng hộ ngay", "후원하기",
    "기부하기", "ร่วมบริจาค", "บริจาคเลย",
)
# Words of a sentence, not of a name: prepositions, conjunctions and verbs of being
FUNCTION_WORDS = frozenset({
    "في", "من", "على", "مع", "إلى", "الى", "عن", "و", "خلال", "تحمل", "a", "v", "na", "se", "s", "z", "do",
    "és", "az", "egy", "в", "на", "с", "и", "у", "из", "по", "для", "u", "i", "sa", "за", "và", "của", "ở",
    "tại", "trên", "trong", "với", "là", "đang", "ที่", "ใน", "และ", "กับ", "ของ", "บน",
})
# fmt: on

LABEL_MAX_WORDS = 6  # words of a shop's or a package's name with its head word, at most
PACKAGE_MAX_WORDS = 4  # an Arabic package's name, which no case marks
EVENT_MAX_WORDS = 4  # words of an event's name before its number: "Lễ hội pháo hoa" (syllables)
BADGE_MAX_WORDS = 6  # "Generalni sponzor: Telekom Srbija"
SLOGAN_MAX_WORDS = 7  # "Mua ngay kẻo lỡ!"


def _alternation(phrases) -> str:
    return "|".join(sorted((regex.escape(w) for w in set(phrases)), key=len, reverse=True))


_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"  # a word's end, except in Thai and Korean
_START = r"(?<![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
# A head word: whole, or in Hungarian the end of a compound ("Virágbolt": a flower shop), in Thai and Korean
# a word's start or end ("ร้านกาแฟ", "웨딩패키지")
_SHOP_HEAD = regex.compile(rf"(?:^|(?<=\s))(?:\w*(?:bolt|üzlet|butik)|{_alternation(SHOP_WORDS)}){_END}\s*", regex.I)
_PACKAGE_HEAD = regex.compile(rf"(?:^|(?<=\s))(?:\w*(?:csomag|패키지)|{_alternation(PACKAGE_WORDS)}){_END}\s*", regex.I)
# "number" before a number: an identifier ("Tramvaj číslo 22", "Phòng số 5"), not a gallery's sequence
NUMBER_WORDS = {"číslo", "č", "number", "no", "номер", "№", "szám", "számú", "broj", "број", "br", "số", "رقم", "번"}
KIND_MAX_WORDS = 3  # "Shop hoa tươi Mai Anh": a flower shop named Mai Anh
NAME_MAX_UNCASED = 3  # words of a Korean or an Arabic label with its head word
ARABIC_FLOWERS = {"ورد", "الورد", "ورود", "الورود", "زهور", "الزهور", "أزهار", "الأزهار", "زهر", "توليب", "ياسمين"}
_THAI_CHUNK = regex.compile(r"^[\p{Thai}\d]+$")
THAI_DAYS = {"วัน", "คืน"}
# The name after a head word: a quoted name, or capitalised words, numbers and letters ("A", "2", "Plus")
_QUOTED = regex.compile(r"^[«\"„“'][^«»\"„“”']{1,40}[»\"“”']$")
_CAPITALISED = regex.compile(r"^(?:[\p{Lu}\d][\p{L}\p{N}&+.'-]*\s*)+$")
# An event and a sequence number: "Majáles 2024 (3)", "Fesztivál 2023 - 5", "День города 2"
_EVENT = regex.compile(
    r"^(?P<name>[^\d()#_]+?)\s+(?P<year>(?:19|20|25)\d\d\s*)?(?:(?P<mark>[-–—_#]\s*|(?=\())(?:\(\d{1,3}\)|\d{1,3})|\d{1,2})$"
)  # a bare number of three digits is a model's ("Jawa 350", "Škoda 120"), not a gallery's count
# A label and a copy's number after a spaced dash, a hash, an underscore or in brackets: "Pokoj Deluxe (2)"
# The copy mark and number at the end; what is before it must be a name (a letter, no digit, bracket, # or _).
# Two patterns, not one with the name in it: that one backtracked over the whole text at every position.
# the number, alone or with a picture's word: "- 4", "#5", "(2)", "- 2. kép", "— фото 1"
_COPY_MARK = regex.compile(
    r"(?:\s+[-–—]\s+|\s*#|_|\s*\((?=\d{1,2}\)))(?:\d{1,2}\)?|\d{1,2}\.?\s+(?:kép|fotó)"
    r"|(?:фото|foto|fotka|ảnh|hình|slika|слика|obrázek|사진|รูป|صورة)\s*\d{1,2})$",
    regex.I,
)
_COPY_NAME = regex.compile(r"^[^\d()#_]*\p{L}[^\d()#_]*$")
COPY_MAX_WORDS = 7
# A CMS's product name with "photo" after it ("Гуппи эндлера фото"): the template's label, not a description.
# Not Korean, whose captions end in their noun ("김민수 대표원장 진료 사진": the head dentist at work, a photo)
PHOTO_TAIL_WORDS = 4
# ("프로그램 이미지": a program's image; a Korean caption says 사진, a photo, as "단체 사진" does)
_PHOTO_TAIL = regex.compile(
    r"\S\s+(?:фото|фотография|foto|fotka|fotó|photo|kép|ảnh|slika|слика|รูป|صورة|이미지)$", regex.I
)
# Thanks to the sponsors ("Poděkování sponzorům", "Cảm ơn các nhà tài trợ"): the sponsors' board; SPONSOR_WORDS with
# their case endings, and the Arabic "to the sponsors"
_THANKS_SPONSORS = regex.compile(
    r"^(?:poděkování|děkujeme|köszönet|köszönjük|спасибо|благодарность|благодарим|хвала|hvala|zahvalnica|cảm ơn"
    rf"|شكرا|شكراً|감사)\s(?:\S+\s)?(?:للرعاة|(?:{_alternation(SPONSOR_WORDS)})\w*)",
    regex.I,
)
# A sponsor's title, maybe a word after it ("Партнёр проекта"), then a colon or a capitalised name
_SPONSOR = regex.compile(
    rf"^(?:\p{{L}}+\s+)?(?i:{_alternation(SPONSOR_WORDS)})(?:\s+\p{{Ll}}+)?(?=\s*[:\-–]|\s+\p{{Lu}})"
)
_SPONSOR_TITLES = frozenset(SPONSOR_WORDS)
_REVIEW = regex.compile(rf"{_START}(?:{_alternation(REVIEW_WORDS)})", regex.I)
_PLATFORM = regex.compile(rf"{_START}(?:{_alternation(PLATFORMS)})", regex.I)
_SLOGAN = regex.compile(rf"{_START}(?:{_alternation(SLOGANS)}){_END}", regex.I)
# A Korean polite or formal imperative ending the alt ("예약하세요", "방문해 주세요", "확인하십시오"), or a
# promise to the reader: the humble "for you" or the volitional ending ("건강한 미소를 지켜드립니다": we keep your
# smile healthy; "정성을 다해 모시겠습니다"). A caption that is a sentence reports ("...하고 있습니다")
_KOREAN_IMPERATIVE = regex.compile(r"(?:세요|십시오|주세요|드립니다|드려요|드릴게요|겠습니다)[!.~\s]*$")
_HANGUL = regex.compile(r"\p{Hangul}")
_THAI = regex.compile(r"\p{Thai}")
_ARABIC = regex.compile(r"^[\p{Arabic}\s«»\"]+$")


def label_reason(text: str) -> str | None:
    """alt_name, alt_promo or alt_generic when `text` (normalised) is a shop's or a package's name, a slogan,
    an event's numbered photo or a badge (see the module's docstring); else None."""
    words = text.split()
    if len(words) <= LABEL_MAX_WORDS:
        if _named(text, _SHOP_HEAD, shop=True):
            return "alt_name"
        if _named(text, _PACKAGE_HEAD, shop=False):
            return "alt_promo"
    if len(words) <= SLOGAN_MAX_WORDS and (_SLOGAN.search(text) or _KOREAN_IMPERATIVE.search(text)):
        return "alt_promo"
    if _event(text) or _numbered_copy(text) or (len(words) <= PHOTO_TAIL_WORDS and _PHOTO_TAIL.search(text)):
        return "alt_generic"
    if (len(words) <= BADGE_MAX_WORDS and (_sponsor(text) or _THANKS_SPONSORS.match(text))) or _review_badge(
        text, words
    ):
        return "alt_generic"
    return None


def _a_name(rest: str) -> bool:
    """Whether `rest` is only a name: quoted, or capitalised words and numbers."""
    rest = rest.strip(" .!")
    return bool(_QUOTED.match(rest) or _CAPITALISED.match(rest))


def _kind_and_name(rest: str) -> bool:
    """The shop's kind in KIND_MAX_WORDS lower-case words, then a capitalised name, and no preposition: "hoa tươi
    Mai Anh" after "Shop", "игрушек Детский мир" after "Магазин"."""
    words = rest.strip(" .!").split()
    kind = 0
    while kind < len(words) and words[kind][:1].islower():
        kind += 1
    return (
        0 < kind <= KIND_MAX_WORDS
        and kind < len(words)
        and FUNCTION_WORDS.isdisjoint(w.lower() for w in words)
        and all(w[:1].isupper() or w[:1].isdigit() for w in words[kind : kind + 1])
    )


def _named(text: str, head: regex.Pattern, shop: bool) -> bool:
    """A head word (a shop, a package) and only a name: after it ("Shop Công Nghệ Xanh", "Balíček Romantika",
    "Wellness csomag Harmónia"), before it ("Kamilla Virágbolt", "Romantikus csomag": a shop's name capitalised
    throughout), glued to a package in Thai ("แพ็กเกจฮันนีมูน"), beside a package in Korean ("웨딩
    패키지 B"); in Arabic, which has no case, after it in NAME_MAX_UNCASED words with no preposition ("باقة العروس
    الملكية")."""
    words = text.split()
    if _THAI.search(text) and all(_THAI_CHUNK.match(w) for w in words):
        # "ร้านอาหารริมหาด" (a restaurant on the beach): a shop's kind and a place glue as a name does
        named = [w for w in words if not w.isdigit() and w not in THAI_DAYS]  # "3 วัน 2 คืน": 3 days, 2 nights
        if shop or not head.match(words[0]) or len(named) > 2:
            return False
        return THAI_CLAUSE_WORDS.isdisjoint(s for w in words for s in thai_words(w))
    if _HANGUL.search(text):  # nouns say a shop's inside too ("매장 내부 모습"): packages only
        return (
            not shop
            and len(words) <= NAME_MAX_UNCASED
            and any(head.search(w) for w in words)
            and not any(_HANGUL_PARTICLE.search(w) for w in words)
        )
    if _ARABIC.match(text):  # "باقة" is a bouquet too: "باقة ورد حمراء" (red roses) is a caption
        if not head.match(text) or len(words) < 2 or words[1] in ARABIC_FLOWERS:
            return False
        return len(words) <= NAME_MAX_UNCASED + 1 and FUNCTION_WORDS.isdisjoint(words)
    found = head.search(text)
    if found is None:
        return False
    before, after = text[: found.start()].split(), text[found.end() :]
    if not before:
        # a shop's kind before its name; not a package's, whose head word is a verb too ("Gói bánh chưng Tết": wrapping)
        return bool(after) and (_a_name(after) or (shop and _kind_and_name(after)))
    if len(before) > NAME_MAX_UNCASED - 1 or not FUNCTION_WORDS.isdisjoint(w.lower() for w in before):
        return False
    if after.strip(" .!"):  # "Wellness csomag Harmónia": one capitalised word before, a name after
        return len(before) == 1 and before[0][:1].isupper() and _a_name(after)
    return all(w[:1].isupper() for w in words) if shop else before[0][:1].isupper()


_HANGUL_PARTICLE = regex.compile(f"(?:{'|'.join(KOREAN_PARTICLES)})$")


def _sponsor(text: str) -> bool:
    """A sponsor's title and a name: after a colon ("Partner: Škoda Auto", "Партнёр проекта: Газпром"), or
    capitalised words alone ("Generální partner Skupina ČEZ"); or the title alone, a partner logo's alt
    ("ผู้สนับสนุนหลัก", "Генеральный спонсор")."""
    if text.lower().strip(" .:!") in _SPONSOR_TITLES:
        return True
    m = _SPONSOR.match(text)
    if m is None:
        return False
    rest = text[m.end() :]
    return rest.lstrip().startswith((":", "-", "–")) and len(rest.strip(" :-–")) > 0 or _a_name(rest)


def _event(text: str) -> bool:
    """An event's name and a sequence number (see the module's docstring)."""
    m = _EVENT.match(text)
    if m is None:
        return False
    name = m["name"].strip(" -–")
    words = name.split()
    if not words or len(words) > EVENT_MAX_WORDS or not FUNCTION_WORDS.isdisjoint(w.lower() for w in words):
        return False
    if words[-1].lower().strip(".:") in NUMBER_WORDS:
        return False  # "Tramvaj číslo 22": the number names the thing, it does not count photos
    if _THAI.search(name):  # one chunk of a name, no clause's word ("ด้านหน้าโฮสเทลในซอย... 9": a soi's number)
        return len(words) == 1 and THAI_CLAUSE_WORDS.isdisjoint(thai_words(name))
    if not (m["year"] or m["mark"]) and any(w[:1].isupper() for w in words[1:]):
        return False  # a name with its number ("Фото экипажа Союз 11": the Soyuz 11's crew)
    cased = name[0].upper() != name[0].lower()
    return name[0].isupper() or not cased


def _numbered_copy(text: str) -> bool:
    """A short label and a CMS's copy number of one or two digits after a mark ("Pokoj Deluxe (2)", "Svatební šaty
    #5", "Ваза керамика_3", "Váy cưới đuôi cá ren Pháp - 4", "Kobaltkék váza - 2. kép"): COPY_MAX_WORDS words,
    none a function word, the last no "number" word. A number without a mark names a thing ("Tramvaj číslo 22",
    "Škoda 105"); a sentence has a function word ("Děti na pláži (2)")."""
    m = _COPY_MARK.search(text)
    if m is None or not _COPY_NAME.match(name := text[: m.start()]):
        return False
    words = name.split()
    return (
        0 < len(words) <= COPY_MAX_WORDS
        and FUNCTION_WORDS.isdisjoint(w.lower() for w in words)
        and words[-1].lower().strip(".:") not in NUMBER_WORDS
    )


def _review_badge(text: str, words: list[str]) -> bool:
    """A review word and a review platform ("Recenze na Google", "네이버 리뷰", "تقييمات تريب أدفايزر"); a longer one
    when the review word opens it ("Đánh giá của khách hàng trên Google": Vietnamese counts syllables)."""
    if not (_REVIEW.search(text) and _PLATFORM.search(text)):
        return False
    return len(words) <= 5 or (_REVIEW.match(text) is not None and len(words) <= BADGE_MAX_WORDS + 2)
