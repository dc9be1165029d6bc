"""Banners, documents and templates that pass as captions (alt_rules asks banner_reason): a shop's sales
terms, a document or a graphic named by its type, a download link's icon, and a numbered gallery's alt.

- Sales terms (alt_words_promo.SALES_TERMS: genuine, cheap, instalments, free shipping, best price, sale,
  new arrival, bestseller) in a short alt ("Laptop ASUS giá rẻ") make it a banner; in a segment of a
  longer alt, between " - ", " – " or "|" ("Laptop ASUS Vivobook 15 - Chính hãng - Giá rẻ - Trả góp 0%"),
  an advertisement (alt_promo). Thai separates phrases with spaces, so each of its chunks is a segment
  ("เสื้อผ้าแฟชั่น เสื้อผ้าผู้หญิง ชุดเดรส ราคาถูก ส่งฟรี"). A discount in such a segment is an offer
  (alt_price, as alt_numbers says of short alts).
- A document or graphic by its type (alt_words_promo.DOCUMENTS): the type and a separator first
  ("Плакат - Студеничка литургија 2025", "Etiketa - Hradní 11"), or the type alone with a number or a
  year ("ตารางไซส์", "Ceník 2024"), or the type and only a name ("Plakat Pršutijada 2025"): alt_document.
  "Plakát na zdi staré hospody" describes a scene and stays. A scan, said first or last in brackets ("Скан
  инвентарной книги 1923 года", "Лицензия на образовательную деятельность (скан)"), is a document too.
- A file's type and a word to download or open it ("Stáhnout PDF", "PDF letöltése", "تحميل PDF"): a
  link's icon, alt_navigation.
- Labels (alt_labels: a shop's or a package's name, an event's or a label's numbered copy, a badge, a slogan)
  and a banner's invitations, "on sale from" lines and a shop's SEO sentences (alt_slogans).
- Keywords between spaces in Thai and Korean (alt_runs: thai_keyword_list, keyword_run): alt_keyword_list.
- A photo word, at most GALLERY_QUALIFIERS other words and a sequence number ("Фото с выставки 3",
  "졸업식 사진 1", "Galerie akce 5"): a gallery's template, alt_generic. A capitalised word (a name:
  "Фото экипажа Союз 11") or a year (four digits) makes it a caption.
"""

from __future__ import annotations

import re

from mella_ray.crawl.alt_labels import label_reason
from mella_ray.crawl.alt_numbers import DISCOUNT
from mella_ray.crawl.alt_runs import keyword_run, thai_keyword_list, thai_words
from mella_ray.crawl.alt_slogans import slogan_reason
from mella_ray.crawl.alt_words import COUNTER_WORDS, TRIM
from mella_ray.crawl.alt_words_cta import CTA_LEADS
from mella_ray.crawl.alt_words_nav import unmarked
from mella_ray.crawl.alt_words_promo import DOCUMENTS, FILE_TYPES, FILE_VERBS, GALLERY_WORDS, SALES_TERMS, SIZE_CHARTS

# Words beside the sales terms of a banner, at most: "Laptop ASUS Vivobook giá rẻ" has 3. One less in Korean,
# whose words carry their endings: "최저가 경쟁이 치열한 전자상가" (a market of fierce price wars) is a clause.
SALES_OTHER_WORDS = 3
SALES_MAX_WORDS = 10  # words of an alt the short rule looks at, at most
SALES_LIST_COMMAS = 2  # a sales term in a list of three parts or more, at any length
SEGMENT_MAX_WORDS = 5  # words of a segment that is a sales term or a discount: "Miễn phí vận chuyển toàn quốc"
FILE_MAX_WORDS = 10  # words of a download link's label, at most: "Stáhnout ceník služeb na rok 2025 v PDF"
GALLERY_QUALIFIERS = 2  # "Фото с выставки 3": "с выставки"


def _alternation(phrases) -> str:
    return "|".join(sorted((re.escape(w) for w in set(phrases)), key=len, reverse=True))


# Whole words; in Thai and Korean, at a chunk's start only (particles and the rest of a Thai chunk attach
# after it: "ส่งฟรีทั่วประเทศ", "정품을"), so a term inside a word ("ตลาดของกินราคาถูก") is none
_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
_CTA = re.compile(rf"^(?:{_alternation(unmarked(CTA_LEADS))}){_END}", re.I)
_TERM = re.compile(rf"(?<!\w)(?:{_alternation(SALES_TERMS)}){_END}", re.I)
_SEGMENT = re.compile(r"\s+[-–—]\s+|\s*\|\s*")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_DOCUMENT = _alternation(DOCUMENTS)
DOCUMENT_LEAD = re.compile(rf"^(?:{_DOCUMENT})\s*(?::|\||\s[-–—])\s*\S", re.I)
_DOCUMENTS = frozenset(DOCUMENTS)
# A scan: the noun first ("Скан инвентарной книги 1923 года"; a scanned photo, "Naskenovaná fotografie dědečka",
# is a picture), or in brackets last ("... (скан)", "... (PDF)": a document's file)
_SCAN_WORDS = r"скан|скан-копия|scan|sken|скен|bản scan|bản quét|스캔|สแกน"
_SCAN_FIRST = re.compile(rf"^(?:{_SCAN_WORDS})(?!\w)", re.I)
_SCAN_LAST = re.compile(rf"\((?:{_SCAN_WORDS}|pdf|مسح ضوئي)\)$", re.I)
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
SIZE_CHART_MAX_WORDS = 6
_SIZE_CHART = re.compile(_alternation(SIZE_CHARTS))
# Thai writes the document's type and what it lists as one word ("ตารางราคาคอร์ส 2567": the course price table)
# (types of five letters or more: "กราฟ", a graph, also begins "กราฟฟิตี้", graffiti)
_THAI_DOCUMENTS = tuple(d for d in DOCUMENTS if re.match(r"[\u0e00-\u0e7f]", d) and len(d) >= 5)
DOCUMENT_TYPE = re.compile(rf"^(?:{_DOCUMENT}){_END}\s*", re.I)
NAMED_DOCUMENT_WORDS = 4
PERIOD_DOCUMENT_WORDS = 6
_PERIOD = re.compile(
    r"(?<!\w)(?:týden|týdne|týdnu|měsíc|měsíce|hét|hetére|heti|hónap|hónapra|неделю|недели|неделя|месяц|недељу|недеља"
    r"|nedelju|nedelja|месец|mesec|tuần|tháng|أسبوع|الأسبوع|شهر|لشهر"
    # or a season ("Bảng giờ chạy tàu mùa hè 2024": the summer timetable)
    r"|léto|letní|zimní|zima|nyár|nyári|téli|tél|лето|летний|летнее|зима|зимний|leto|letnji|летњи|zimski|зимски"
    r"|mùa hè|mùa đông|summer|winter|الصيف|الشتاء)(?!\w)|\d\s*(?:주|월)|สัปดาห์|เดือน|여름|겨울|ฤดูร้อน|ฤดูหนาว",
    re.I,
)
_FILE_TYPE = re.compile(rf"(?<![\w])\.?(?:{_alternation(FILE_TYPES)})(?!\w)", re.I)
_FILE_VERB = re.compile(rf"(?<!\w)(?:{_alternation(FILE_VERBS)}){_END}", re.I)
_COUNTER_WORDS = COUNTER_WORDS | {""}
_SEQUENCE = re.compile(r"^[#№(]?\d{1,3}[).]?$")  # "3", "(3)", "#3": not a year


def banner_reason(text: str, low: str, bare: str) -> str | None:
    """alt_navigation, alt_generic, alt_document, alt_promo, alt_price or alt_keyword_list when `text` is a
    download link's icon, a gallery's numbered template, a document, a banner, an advertisement or Thai
    keywords (see the module's docstring); else None. `low` is `text` lowercased and trimmed, `bare` `low`
    without counters."""
    if len(low.split()) <= FILE_MAX_WORDS and _FILE_TYPE.search(low) and _FILE_VERB.search(low):
        return "alt_navigation"
    if gallery_template(text):
        return "alt_generic"
    if DOCUMENT_LEAD.match(low) or bare in _DOCUMENTS or _named_document(text, low) or _thai_document(low):
        return "alt_document"
    if _SCAN_FIRST.match(low) or _SCAN_LAST.search(text.rstrip(" .")):
        return "alt_document"
    if len(low.split()) <= SIZE_CHART_MAX_WORDS and _SIZE_CHART.search(low):
        return "alt_document"  # "Neoprénruha mérettáblázat": a size chart beside its product's name
    label = label_reason(text) or slogan_reason(text)  # a shop's name, a slogan, an event's photo, a badge
    if label:
        return label
    promo = promo_reason(low)
    if promo:
        return promo
    return "alt_keyword_list" if thai_keyword_list(low) or keyword_run(text) else None


def sales_term(low: str) -> bool:
    """Whether lower-case `low` holds a sales term anywhere ("недорого", "levně", "giá rẻ")."""
    return _TERM.search(low) is not None


def _thai_document(low: str) -> bool:
    """A Thai document's type opening a chunk, and a number or a year at most after it."""
    chunks = low.split()
    return bool(chunks) and chunks[0].startswith(_THAI_DOCUMENTS) and all(c.isdigit() for c in chunks[1:])


def _named_document(text: str, low: str) -> bool:
    """The type and then only a name and a number or a year ("Plakat Pršutijada 2025", "Menu Restaurace
    U Fleků"): NAMED_DOCUMENT_WORDS words at most, each after the type capitalised or a number."""
    m = DOCUMENT_TYPE.match(low)
    if m is None:
        return False
    rest = text[m.end() :].split()
    # a name is capitalised where the script has case; Arabic has none ("بوستر المهرجان 2026"). Thai writes no
    # spaces: its type may be a word's start ("กราฟฟิตี้", graffiti, after "กราฟ", a chart)
    named = all(w[:1].isupper() or w[:1].isdigit() or _ARABIC_LETTER.match(w) for w in rest)
    if 0 < len(rest) <= NAMED_DOCUMENT_WORDS - 1 and named:
        return True
    # or the period it covers, a week or a month with its number ("Thực đơn tuần 2 tháng 12", "Jídelní lístek na
    # týden 2.–6. 12.", "메뉴판 12월 둘째 주"): a canteen's menu, a timetable of a month
    return (
        len(rest) <= PERIOD_DOCUMENT_WORDS
        and _PERIOD.search(" ".join(rest)) is not None
        and any(c.isdigit() for c in text[m.end() :])
    )


def promo_reason(low: str) -> str | None:
    """alt_promo for a short alt with a sales term or a segment that is one, alt_price for a segment that
    is a discount, else None."""
    term = _TERM.search(low) is not None
    if term and len(low.split()) <= SALES_MAX_WORDS:
        rest = _TERM.sub(" ", low)
        if len(_words(rest)) <= SALES_OTHER_WORDS - (_HANGUL.search(rest) is not None):
            return "alt_promo"
    if term and low.count(",") >= SALES_LIST_COMMAS:  # a shop's services and its sales term
        return "alt_promo"
    if term and _said_twice(low.split()):  # "... ليزك بأفضل سعر عروض ليزك": a search phrase stuffed
        return "alt_keyword_list"
    segments = [s for part in _SEGMENT.split(low) for s in (part.split() if _THAI.search(part) else [part])]
    if len(segments) < 2:
        return None
    for i, segment in enumerate(segments):
        if len(segment.split()) > SEGMENT_MAX_WORDS:
            continue
        if _TERM.match(segment.strip(TRIM)):
            return "alt_promo"
        if i > 0 and _CTA.match(segment.strip(TRIM)):
            return "alt_promo"  # a banner's call to action after its title ("... – jelentkezz most!")
        if DISCOUNT.search(segment):
            return "alt_price"
    return None


def _said_twice(words: list[str]) -> bool:
    """A word of four letters or more said twice (punctuation aside)."""
    seen = [w for w in (t.strip(TRIM) for t in words) if len(w) >= 4]
    return len(seen) != len(set(seen))


def gallery_template(text: str) -> bool:
    """A photo word (alt_words_promo.GALLERY_WORDS), GALLERY_QUALIFIERS lower-case words at most and a
    sequence number: "Фото с выставки 3", "Hình ảnh sự kiện 2", "ภาพกิจกรรม 3"."""
    tokens = text.split()
    if len(tokens) < 2 or not _SEQUENCE.match(tokens[-1]):
        return False
    tokens = tokens[:-1]
    while tokens and tokens[-1].lower().strip(TRIM) in _COUNTER_WORDS:
        tokens = tokens[:-1]  # "Фото с выставки № 3", "Ảnh sự kiện số 2"
    words = [w for t in tokens for w in (_thai_words(t) if _THAI.search(t) else [t.strip(TRIM)]) if w]
    low = [w.lower() for w in words]
    for size in (3, 2, 1):
        for start in range(len(low) - size + 1):
            if " ".join(low[start : start + size]) not in GALLERY_WORDS:
                continue
            others = [i for i in range(len(words)) if not start <= i < start + size]
            return 1 <= len(others) <= GALLERY_QUALIFIERS and not any(i and words[i][0].isupper() for i in others)
    return False


def _words(text: str) -> list[str]:
    """Whitespace words with a letter or a digit; a Thai chunk's words as pythainlp segments them (Thai
    writes a sentence without spaces: "ราคาถูกและดีที่ตลาดนัดจตุจักร" is five words after its sales term)."""
    tokens = (w for t in text.split() for w in (_thai_words(t) if _THAI.search(t) else [t]))
    return [w for w in tokens if any(c.isalnum() for c in w)]


def _thai_words(token: str) -> list[str]:
    """A Thai chunk's words ("ภาพกิจกรรม": ภาพ, กิจกรรม), by pythainlp's dictionary segmenter (alt_runs)."""
    return [w for w in thai_words(token) if w.strip()]
