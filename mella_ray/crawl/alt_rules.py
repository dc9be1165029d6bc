"""The boilerplate that sites put in alt attributes instead of a description.

Generic words ("image", "logo", "фото"), file names and camera counters ("IMG_1234.jpg",
"DSC01234"), URLs, and credit lines ("Photo: AFP", "Фото: РИА Новости", "사진=연합뉴스",
"© Reuters") say nothing about the picture, nor do links' labels ("Read more", "Tovább a
galériához", "Подробнее", "Zvětšit obrázek"), nor are search keywords stuffed into the alt as a
comma-separated list (alt_keyword_list); an image whose file name says it is a logo, avatar or
sprite carries the site's name, not a caption (`chrome_image`, alt_chrome_image). A credit at
the end of a real description ("Karlův most v zimě. Foto: ČTK") is cut off and the description
kept.

The word lists, in English and the project's eight languages, are in alt_words.py and alt_words_nav.py;
the site's furniture (an alt naming a logo or an author's photo, a file name, the page's title as
alt) in alt_page.py; a shop's banners, documents named by type, download icons and numbered galleries in
alt_banners.py.
"""

from __future__ import annotations

import re

import regex

from mella_ray.crawl.alt_banners import banner_reason
from mella_ray.crawl.alt_chatter import chatter
from mella_ray.crawl.alt_keywords import keyword_list
from mella_ray.crawl.alt_names import personal_name
from mella_ray.crawl.alt_numbers import number_reason, year_label
from mella_ray.crawl.alt_offers import offer_reason
from mella_ray.crawl.alt_ours import feeling_heading, mood_heading, our_heading
from mella_ray.crawl.alt_page import chrome_at_edge, icon_label, names_chrome
from mella_ray.crawl.alt_product import model_name, product_listing
from mella_ray.crawl.alt_roles import credentials_card, name_with_role
from mella_ray.crawl.alt_words import (
    AGENCIES,
    COUNTER_WORDS,
    CREDIT_WORDS,
    CURRENCIES,
    GENERIC,
    MONTHS,
    TRIM,
    VIETNAMESE,
)
from mella_ray.crawl.alt_words_cta import CTA_LEADS, CTA_TAILS, DIRECTIONS, FUNDING
from mella_ray.crawl.alt_words_nav import (
    ACCESSIBILITY,
    CONSENT,
    CREDIT_BY,
    CREDIT_VERBS,
    NAVIGATION,
    NAVIGATION_LEADS,
    NAVIGATION_TAILS,
    unmarked,
)
from mella_ray.crawl.alt_words_utility import utility_graphic

GENERIC_RUN_WORDS = 4  # words of the longest generic phrase looked for in a run of them
CHROME_EDGE_MAX_WORDS = 8  # "Citrom & Bazsalikom Fagylaltozó logó", "Logo Lễ hội Âm nhạc Biển Xanh": a name, its logo
CHROME_MAX_WORDS = 4  # "Logo firmy Škoda Auto" is furniture; "Logo Škody na budově továrny v Mladé Boleslavi" a photo
NAVIGATION_MAX_WORDS = 6  # "Tovább a galériához" is 3 words; a description that starts alike is longer
VI_NAVIGATION_MAX_WORDS = 9  # syllables: "Nhấn vào đây để xem bản đồ" (click here to see the map) is 7


_TAILS = NAVIGATION_TAILS + CTA_TAILS


def _alternation(phrases) -> str:
    return "|".join(sorted((re.escape(w) for w in phrases), key=len, reverse=True))


# A word's edge, except in Thai (no spaces) and Korean (endings attach: "클릭하면 확대")
_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
_START = r"(?<![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
# "here" may come before a click ("zde klikněte pro zvětšení", "itt kattintson", "여기를 클릭")
_NAVIGATION_LEAD = re.compile(
    r"^(?:(?:zde|sem|tady|itt|ide|здесь|сюда|тут|ovde|ovdje|овде|ở đây|tại đây|هنا|여기를?|ที่นี่)\s+"
    r"(?=klikn|kattint|нажм|кликн|nhấn|bấm|click|클릭|คลิก|انقر|اضغط))?"
    f"(?:{_alternation(unmarked(NAVIGATION_LEADS + CTA_LEADS))}){_END}"
)
# A cookie or consent banner's phrase anywhere in a short alt ("Souhlas s cookies", "쿠키 설정 안내"),
# an accessibility toggle ("Verze pro slabozraké") or a funding plaque ("Széchenyi 2020 infoblokk")
_CONSENT = re.compile(f"{_START}(?:{_alternation(unmarked(CONSENT + ACCESSIBILITY + FUNDING))}){_END}")
# A breadcrumb trail: the home page's name and a separator first ("Главная > Галерея"), or two separators
HOME_PAGES = (
    "home", "domů", "úvod", "hlavní stránka", "kezdőlap", "főoldal", "главная", "главная страница", "početna",
    "почетна", "trang chủ", "หน้าแรก", "홈", "الرئيسية", "الصفحة الرئيسية",
)  # fmt: skip
_BREADCRUMB = re.compile(rf"^(?:{_alternation(HOME_PAGES)})\s*[>»›→/|]\s*\S|^[^>»›]+\s[>»›]\s[^>»›]+\s[>»›]\s")
# A blog's category or tags label and its value ("카테고리: 거리사진", "Kategorie: Recepty"): the post's filing
_TAXONOMY = re.compile(
    r"^(?:category|categories|tags?|kategorie|rubrika|štítky|kategória|rovat|címkék|категория|рубрика|теги|метки"
    r"|категорија|kategorija|tagovi|danh mục|chuyên mục|thẻ|หมวดหมู่|แท็ก|카테고리|분류|태그|التصنيف|الفئة"
    r"|الوسوم|القسم)\s*:"
)
_TRAILING_SYMBOLS = regex.compile(r"[\s\p{So}\p{Sk}\uFE0F\u200D]+$")  # emoji and stars after a label
_DIRECTIONS = frozenset(unmarked(DIRECTIONS))  # with and without diacritics
# "Quét mã QR để tải ứng dụng", "Отсканируйте QR-код для пожертвования": a scan button, at any length
_QR = re.compile(r"(?<!\w)(?:qr|mã qr|qr코드|คิวอาร์)(?!\w)|qr-", re.I)
_SCAN = re.compile(r"scan|sken|скан|quét|스캔|สแกน|امسح|szkenn|olvasd be|načt")
CONSENT_MAX_WORDS = 10
_CREDIT_ALT = _alternation(CREDIT_WORDS)
_AGENCY_ALT = "|".join(sorted((re.escape(a) for a in AGENCIES), key=len, reverse=True))
# "Photo: AFP", "Фото: РИА Новости", "사진=연합뉴스", "Foto ČTK / Michal Kamaryt"
# (a hyphen joined to both words makes one: "Фото-албуми од ланеног платна" is an album, not a credit)
CREDIT_LINE = re.compile(rf"^\(?\s*(?:{_CREDIT_ALT})(?:\s*[:=/|–—]|\s+-|-(?=\s)|\s*by\b)\s*\S.{{0,80}}$", re.I)
# "ภาพโดย สมชาย ใจดี", "사진 제공 연합뉴스", "Snimio Petar Petrović": a credit that needs no colon, then a
# name of CREDIT_NAME_WORDS at most (after a verb, not a lower-case word: "Vyfotil jsem západ slunce" is
# a sentence)
CREDIT_BY_LINE = re.compile(
    rf"^\(?\s*(?P<by>{_alternation(unmarked(CREDIT_BY))}){_END}\s*[:=/|–—-]?\s*(?P<name>\S.{{0,80}})$", re.I
)
CREDIT_NAME_WORDS = 5
_CREDIT_VERBS = frozenset(unmarked(CREDIT_VERBS))
# "Chùa Một Cột, ảnh do Nguyễn Văn A", "วัดอรุณ ภาพโดย สมชาย": after a punctuation mark, or a space in Thai
# and Korean, whose credits are not words of a sentence
_BY_AFTER_SPACE = [w for w in CREDIT_BY if re.search("[\u0e00-\u0e7f\uac00-\ud7a3]", w)] + ["photo by"]
# "© Reuters", "(c) 2021 Getty Images", "Copyright Jan Novák"
# ©, (c), ⓒ (Korean sites' circled c), or a Korean "no reproduction" notice ("무단 전재 및 재배포 금지")
COPYRIGHT = re.compile(r"^\s*(?:©|ⓒ|\(c\)|copyright\b)|^.*?(?:무단\s?전재|무단\s?복제|재배포\s?금지)", re.I)
AGENCY_ONLY = re.compile(rf"^[\W_]*(?:(?:{_AGENCY_ALT})[\W_]*)+$", re.I)
# "REUTERS/David W Cerny", "AP Photo/Petr David Josek": an agency, then its photographer
AGENCY_BYLINE = re.compile(rf"^(?:{_AGENCY_ALT})(?:\s+(?:photo|foto|images?))?\s*/\s*\S.{{0,60}}$", re.I)
# A credit after a description: "..., Foto: ČTK", "... (Photo: AFP)", "... © Reuters", "... | Fotó: MTI"
TRAILING_CREDIT = re.compile(
    rf"(?:(?:[\s.,;|/(–—-]+)(?:(?:{_CREDIT_ALT})\s*(?:[:=]|by\b)|©|\(c\))"
    rf"|[.,;|/(–—-]\s*(?:{_alternation(unmarked(CREDIT_BY))}){_END}|\s+(?:{_alternation(_BY_AFTER_SPACE)}))"
    r"\s*[^.!?]{0,80}\)?\s*$",
    re.I,
)

# A file name, with a path or a query too ("images/karluv most v zime.jpg", "most.jpeg?w=300")
FILENAME = re.compile(r"^[\w\-. ()\[\]%,+~/]+\.(jpe?g|png|gif|webp|bmp|svg|tiff?|avif|heic|ico)(?:\?\S*)?$", re.I)
# The whole alt is a camera's file name ("IMG_1234", "DSC01234-2"); "P1 závod na okruhu" is not.
# A file name that leads a longer text: a forum's attachment ("DSC00012.JPG (245.3 KiB) Megtekintve 87 alkalommal")
FILENAME_LEAD = re.compile(r"^[\w\-.()\[\]%+~]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|avif|heic)(?:\s|$)", re.I)
CAMERA = re.compile(
    r"^(img|dsc|dscn|dscf|dcim|pic|pict|photo|image|screenshot|p|mvimg|pxl|gopr|wp)[_\- ]?\d+"
    r"(?:[_\-.]\w+)*$",
    re.I,
)
URLISH = re.compile(r"^(https?://|www\.)|^\S+\.(com|org|net|ru|cz|hu|vn|kr|th|rs|sa)(/\S*)?$", re.I)
GENERIC_NUMBERED = re.compile(r"^(.+?)[\s_\-#:№]*\d*$")
# A number, a counter ("3/12", "#4"), a date or time ("2023-05-12", "13.45.01"), a price with
# thousands separators ("1,299", "1.290.000"), a number with a suffix ("12-ből", "4.5점", "5ks") or a
# code with a digit ("HU-88213", "VN-77120", "SKU-12345", "VIOS-G-2024": letters first, a dash before the
# digits when the letters are more than four; any script's letters: "АБ-1234"), as one token.
_COUNTER = re.compile(
    r"^[#№(]?(?:\d+(?:[-./:x×,]\d+)*[-.]?\w{0,4}|[a-z]{0,4}[-_/]?\d[\w\-./]*"
    r"|[^\W\d_]{2,10}(?:[-_/][^\W_]{1,10})*[-_/]\d[\w\-./]*)[).:,]?$"
)
# Vietnamese puts the tone of a word-final oa/oe/uy on either vowel ("minh hoạ" and "minh họa"
# are both common, and NFC keeps them apart): the old style folds into the new for lookups.
_VI_FOLD = {
    first + marked: toned + base
    for first, toned_first, bases in (("o", "òóỏõọ", "ae"), ("u", "ùúủũụ", "y"))
    for base in bases
    for marked, toned in zip({"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}[base], toned_first)
}
_VI_OLD_TONE = re.compile(f"({'|'.join(_VI_FOLD)})(?!\\w)")


def fold_vi_tone(low: str) -> str:
    """Lower-case text with "hoạ" as "họa", "thuý" as "thúy" (word-final only: "toán" is the
    same in both styles)."""
    return _VI_OLD_TONE.sub(lambda m: _VI_FOLD[m.group()], low)


def boilerplate_reason(text: str) -> str | None:
    """Why `text` (normalised) is boilerplate, or None: alt_no_letters, alt_filename, alt_credit,
    alt_generic, alt_navigation, alt_price, alt_phone (alt_numbers.py), alt_document, alt_promo (alt_banners.py),
    alt_product (alt_product.py), alt_chatter (alt_chatter.py), alt_name (alt_names.py), alt_keyword_list."""
    if not any(c.isalpha() for c in text):
        return "alt_no_letters"
    if URLISH.search(text) or FILENAME.match(text) or CAMERA.match(text) or FILENAME_LEAD.match(text):
        return "alt_filename"
    if credit_line(text):
        return "alt_credit"
    low = fold_vi_tone(text.lower().strip(TRIM))
    m = GENERIC_NUMBERED.match(low)
    label = _TRAILING_SYMBOLS.sub("", low).strip(TRIM)  # "เมนูแนะนำ ⭐": the label and its star
    if low in GENERIC or label in GENERIC or (m and m.group(1).strip(TRIM) in GENERIC):
        return "alt_generic"
    if len(low.split()) <= 2 * GENERIC_RUN_WORDS and _all_generic(low.split()):
        return "alt_generic"  # "상세페이지 이미지", "Hlavní obrázek náhled": generic phrases in a row
    bare = _without_counters(low)
    if not bare:  # a camera's file name with a counter word ("DSC_0045 копия"), or a date or a price alone
        tokens = [w.strip(TRIM) for w in low.split()]
        return "alt_filename" if any(CAMERA.match(t) or FILENAME.match(t) for t in tokens) else "alt_generic"
    if bare != low:
        if bare in GENERIC or _all_generic(bare.split()):
            return "alt_generic"  # "Фото 1 из 12", "Hodnocení 4 z 5 hvězdiček", "Kód produktu: 4052899"
        if bare in NAVIGATION:
            return "alt_navigation"  # "39,000원 무료배송"
        if FILENAME.match(bare) or CAMERA.match(bare):
            return "alt_filename"  # "DSC_0045 копия"
    low = low.rstrip(" .…»›→>")
    words = len(low.split())
    lead_max = VI_NAVIGATION_MAX_WORDS if VIETNAMESE.search(low) else NAVIGATION_MAX_WORDS
    if low in NAVIGATION or low in _DIRECTIONS or (words <= lead_max and _NAVIGATION_LEAD.match(low)):
        return "alt_navigation"
    if _QR.search(low) and _SCAN.search(low):
        return "alt_navigation"
    if _BREADCRUMB.match(low) or _TAXONOMY.match(low):
        return "alt_navigation"  # a breadcrumb trail, a post's category
    if words <= NAVIGATION_MAX_WORDS and low.endswith(_TAILS):
        return "alt_navigation"
    if _navigation_of_generic(low):
        return "alt_navigation"
    if (words <= CHROME_MAX_WORDS and (names_chrome(low) or icon_label(text))) or (
        words <= CHROME_EDGE_MAX_WORDS and chrome_at_edge(low)
    ):
        return "alt_generic"  # a logo, an icon, a profile picture: what the image is for, not what it shows
    if words <= CONSENT_MAX_WORDS and _CONSENT.search(low):
        return "alt_generic"  # a cookie banner: the site's furniture
    if utility_graphic(low):
        return "alt_generic"  # a map, a payment badge, a medal: what the image is for (alt_words_utility)
    if our_heading(text) or mood_heading(text):
        return "alt_generic"  # "Наша работа", "ร้านของเรา": a section of the site, not the picture (alt_ours)
    number = number_reason(text)  # a price tag, an offer, a phone number
    if number:
        return number
    if personal_name(text):
        return "alt_name"  # a person's name alone: an avatar, a portrait's byline (alt_names)
    if product_listing(text) or model_name(text):
        return "alt_product"  # a shop's record: an article number, a bundle mark, a model code (alt_product)
    if chatter(text):
        return "alt_chatter"  # emoji, laughter, review talk (alt_chatter)
    if keyword_list(text):
        return "alt_keyword_list"
    # sales terms, a document, a download icon, a numbered gallery; a business's slogan, a widget (alt_offers)
    # a person's name with a title, a role or credentials: a staff card (alt_roles), once no other rule has a reason
    # a name and its year ("Дунавски звуци 2025"), a feeling at the head of a short alt ("Радост у сваком дану"),
    # once no rule has said what kind of label (alt_numbers, alt_ours)
    if banner := banner_reason(text, low, bare) or offer_reason(text, low):
        return banner
    if name_with_role(text) or credentials_card(text):
        return "alt_name"
    return "alt_generic" if year_label(text) or feeling_heading(text) else None


def credit_line(text: str) -> bool:
    """A photo credit, a copyright line or a news agency's byline as the whole alt."""
    if CREDIT_LINE.match(text) or COPYRIGHT.match(text) or AGENCY_ONLY.match(text) or AGENCY_BYLINE.match(text):
        return True
    return credit_by(text)


def credit_by(text: str) -> bool:
    """A credit line opened by a "photo by" form (alt_words_nav.CREDIT_BY) and a name."""
    m = CREDIT_BY_LINE.match(text)
    if m is None or len(m["name"].split()) > CREDIT_NAME_WORDS:
        return False
    return not (m["name"][0].islower() and m["by"].lower() in _CREDIT_VERBS)


def _without_counters(low: str) -> str:
    """`low` without numbers, dates, times, prices, codes and the words around them
    (alt_words.COUNTER_WORDS, CURRENCIES, MONTHS)."""
    kept = []
    for w in low.split():
        t = w.strip(TRIM)
        if t in COUNTER_WORDS or t in CURRENCIES or t in MONTHS or w in MONTHS or _COUNTER.match(t):
            continue
        kept.append(w)
    return " ".join(kept).strip(TRIM)


def _all_generic(words: list[str], start: int = 0) -> bool:
    """Whether `words[start:]` is a run of generic phrases ("hodnocení hvězdiček", "kód produktu"):
    tried longest first, at most GENERIC_RUN_WORDS words a phrase."""
    if start == len(words):
        return True
    for end in range(min(len(words), start + GENERIC_RUN_WORDS), start, -1):
        if " ".join(w.strip(TRIM) for w in words[start:end]) in GENERIC and _all_generic(words, end):
            return True
    return False


def _navigation_of_generic(low: str) -> bool:
    """A link label made of a navigation word and a generic noun: "Zvětšit obrázek", "Увеличить фото",
    "Phóng to ảnh" (enlarge picture) label a control, as each word alone would."""
    words = low.split()
    if len(words) > NAVIGATION_MAX_WORDS:
        return False
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:]).strip(TRIM)
        if (head in NAVIGATION and tail in GENERIC) or (head.strip(TRIM) in GENERIC and tail in NAVIGATION):
            return True
    return False


def strip_trailing_credit(text: str) -> str:
    """The description without a credit line at its end; the text itself if there is none."""
    stripped = TRAILING_CREDIT.sub("", text).rstrip(" ,;|/(–—-")
    return stripped if stripped and stripped != text else text
