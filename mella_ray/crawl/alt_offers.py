"""A business's own voice in alt attributes (alt_rules asks offer_reason): what it tells its customers, not
what the picture shows.

- The reader addressed (READER: "your", "you", the customer): "Spolehlivý servis vašeho vozu v Brně", "Az Ön
  otthona, a mi gondunk", "Ваш надёжный автосервис", "고객님의 차를 책임집니다", "รถของคุณ เราดูแล", "Chăm sóc xe
  của bạn", "سيارتك في أيد أمينة" (an Arabic noun with "your" attached: -تك). A caption speaks of its people
  in the third person ("Mechanik opravuje vůz zákazníka"): alt_promo. A title in quotes ("Výstava „Váš
  domov“") and a blogger's "yours truly" ("Ваш покорный слуга на вершине Эльбруса") stay.
- An announcement: a short exclamation about a season, an opening or a launch ("Sezóna 2024/25 zahájena!",
  "Сезон открыт!", "시즌 오픈!", "افتتاح الموسم!"): alt_promo. "Lyžaři na zahájení sezóny v Jasné" has no "!".
- Tickets or a booking sold online or at a discount ("Билеты онлайн со скидкой", "Vé online giảm giá",
  "تذاكر أونلاين بخصم"): alt_promo. A discount in a segment of a longer alt ("Đặt tour ngay – Giảm 15% cho
  nhóm từ 10 người", whose eleven words pass alt_numbers' short-alt rule): alt_price. Tickets online in a
  button's few words ("Đặt vé trực tuyến", "온라인 예매"): alt_promo; "Người dân mua vé online tại nhà ga" stays.
- A weather widget: a weather word or the sky's and a temperature ("Počasí: sněžení -5 °C", "날씨 맑음 23℃",
  "Praha dnes: 5 °C, zataženo"): alt_generic.
  People in the cold ("Lyžaři na sjezdovce při -15 °C") name no weather: a caption.
- A credit whose photo word is a compound or a trade ("Koncertfotó: Nagy Péter", "Fotografie: Jan Novák",
  "사진작가: 김민수") and a name after the colon, every word capitalised: alt_credit. "Légifotó: Budapest
  belvárosa" has a lower-case word: a caption. A Korean newspaper's "사진 김민수 기자" too.
- A link's label after a headline and a dash, a bar or an arrow ("Koncert v sobotu – více", "حفل الجاز -
  التفاصيل"): alt_navigation.
- A user's picture named so ("Felhasználó képe: Anna", "Anna profilképe", "Ảnh đại diện của Minh", "صورة
  المستخدم أحمد"): alt_generic.
- Search keywords between commas that repeat a word and name a sale ("Akvárium Praha, vstupenky do akvária,
  akvárium cena"): alt_keyword_list.

The word lists are in alt_words_offers.py.
"""

from __future__ import annotations

import re

from mella_ray.crawl.alt_banners import sales_term
from mella_ray.crawl.alt_numbers import DISCOUNT, PROMO_MAX_WORDS
from mella_ray.crawl.alt_words import VIETNAMESE
from mella_ray.crawl.alt_words_nav import NAVIGATION, unmarked
from mella_ray.crawl.alt_words_offers import (
    ANNOUNCEMENTS,
    AVATAR_TAILS,
    AVATARS,
    BLOGGER_SELF,
    CONDITIONS,
    CREDIT_COMPOUNDS,
    MORE,
    ONLINE,
    OPENING_HOURS,
    PRICE_WORDS,
    READER,
    SALE_WORDS,
    TICKETS,
    WEATHER,
)

READER_MAX_WORDS = 10  # words of a slogan that addresses the reader: "Spolehlivý servis vašeho vozu v Brně"
ANNOUNCEMENT_MAX_WORDS = 5  # "Sezóna 2024/25 zahájena!"
ONLINE_MAX_WORDS = 6  # "Билеты онлайн со скидкой"
BOOKING_MAX_WORDS = 5  # "Đặt vé trực tuyến": a button; "Người dân mua vé online tại nhà ga" a caption
WEATHER_MAX_WORDS = 8  # "Погода: -3°C, снег", "Thời tiết Hà Nội hôm nay 30 độ" (a word a syllable)
CREDIT_NAME_WORDS = 4  # "Nagy Péter", "Jan Novák", "김민수"
HEADLINE_MAX_WORDS = 10  # words before a link's label: "Szombat esti jam session – részletek"
MORE_WHERE_MAX_WORDS = 5  # a link's label and where it leads: "подробности в нашей новости"
AVATAR_MAX_WORDS = 8  # "Ảnh đại diện của Nguyễn Văn A" (Vietnamese words are syllables)
SEO_MIN_ITEMS = 3  # comma-separated items of a keyword list with a sale word
SEO_STEM = 5  # letters two forms of a word share: "akvárium", "akvária"
SEO_ITEM_WORDS = 4  # words of an item, at most ("купить билет в океанариум"); twice in Vietnamese, a word a syllable


def _alternation(phrases) -> str:
    return "|".join(sorted((re.escape(w) for w in set(phrases)), key=len, reverse=True))


# A word's edges, except in Thai (no spaces) and Korean (endings attach: "고객님의")
_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
_START = r"(?<![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
# Not Thai "คุณ" that begins a word (คุณภาพ: quality, คุณแม่: mother), nor Vietnamese "bạn" of a friend
# ("Quà cho bạn bè", "Nhà của bạn tôi"), nor Korean customers who do something ("고객님들이 줄을 서 있다")
_NOT_YOU = r"(?!ภาพ|ค่า|สมบัติ|ธรรม|ประโยชน์|หญิง|แม่|พ่อ|ครู|ยาย|ตา|ปู่|ย่า|ลุง|ป้า|น้า|\s(?:bè|tôi|ấy|học|thân|gái|trai)|들이)"
_READER = re.compile(rf"{_START}(?:{_alternation(READER)}){_END}{_NOT_YOU}|(?<!\w)[\u0600-\u06ff]{{2,}}تك(?:م)?(?!\w)")
# A title in quotes ("Výstava „Váš domov“", "영화 '당신의 부탁' 포스터") and a blogger's "yours truly" ("Ваш
# покорный слуга на вершине") are no slogan's address
_QUOTED = re.compile(r"[„“\"«][^„“”\"«»]*[“”\"»]|(?<!\w)['‘][^'‘’]*['’](?!\w)|[《〈「『][^》〉」』]*[》〉」』]")
HOURS_MAX_WORDS = 12  # "Nyitva: H–P 8–18, Szo 8–13": a label, days and their hours
# The label first, or first after a banner's dash ("Летња сезона 2025 – радно време 9–21 ч"); Thai: no space after
_OPENING = re.compile(rf"(?:^|\s[-–—|]\s)(?:{_alternation(OPENING_HOURS)})(?:\s*:|\s|(?<=[\u0e00-\u0e7f]))")
# hours from and to: "8–18", "9:00-17:30", "с 9 до 18", "od 9 do 17", "8h đến 17h", "9 ~ 18", "11시~오후 10시"
_HOURS = re.compile(
    r"(?<!\d)\d{1,2}(?:[:.]\d\d)?\s*(?:h|ч|giờ|시|صباحاً|صباحا|ظهراً|ظهرا|مساءً|مساء)?\s*(?:[–—~-]|до|do|đến|ถึง|إلى)\s*"
    r"(?:오전|오후|sáng|chiều|tối)?\s*"
    r"\d{1,2}(?:[:.]\d\d)?(?!\d)"
)
_BLOGGER_SELF = re.compile(_alternation(BLOGGER_SELF))
_ANNOUNCEMENT = re.compile(rf"(?<!\w)(?:{_alternation(unmarked(ANNOUNCEMENTS))})", re.I)
_ONLINE = re.compile(rf"{_START}(?:{_alternation(unmarked(ONLINE))}){_END}")
_TICKET = re.compile(rf"{_START}(?:{_alternation(unmarked(TICKETS))}){_END}")
_SALE = re.compile(rf"{_START}(?:{_alternation(unmarked(SALE_WORDS))}){_END}")
_WEATHER = re.compile(
    rf"{_START}(?:{_alternation(unmarked(WEATHER))})|(?<!\w)(?:{_alternation(unmarked(CONDITIONS))})(?!\w)"
)
# A temperature: "-5 °C", "23℃", "35 درجة", "28 độ", "25 fok", "35 องศา", "18도", "5 градусов"
_TEMPERATURE = re.compile(r"[-−+]?\d+(?:[.,]\d)?\s?(?:°\s?[CF]?|℃|درجة|độ(?!\w)|fok|องศา|도|градус|stup[nň])")
_CREDIT = re.compile(rf"^(?:\w*(?:fotó|foto)|{_alternation(CREDIT_COMPOUNDS)})\s*[:：]\s*(?P<name>\S.*)$", re.I)
# A word of Thai or Korean, whose names have no capitals (an Arabic "مصور الحرب أحمد" is a war photographer)
_NAME = r"[\u0e00-\u0e7f\uac00-\ud7a3]+"
_CREDIT_UNCASED = re.compile(rf"^(?:{_alternation(CREDIT_COMPOUNDS)})\s+(?P<name>{_NAME}(?:\s{_NAME})?)$")
_SEGMENT = re.compile(r"\s+[-–—|»/→>]\s+|\s*\|\s*")
_MORE_TAIL = re.compile(
    r"^(?P<head>.+?)(?:\s+[-–—|»/→>]\s+|\s*\|\s*|:\s+|\s*\.{2,}\s*|\s*…\s*|\s*\()(?P<tail>[^-–—|»/→>:(.…]+)[\s)»›→>.…]*$"
)
_THAI = re.compile(r"[\u0e00-\u0e7f]")
# where a link's label says the rest is ("in our news", "v článku")
_WHERE = frozenset(
    {"в", "во", "на", "у", "v", "ve", "na", "u", "a", "az", "in", "on", "trong", "tại", "ở", "في", "على"}
)
_MORE = frozenset(unmarked(tuple(NAVIGATION) + MORE))
# Not a Korean object or subject ("프로필 사진을 찍는 모델": a model taking profile pictures)
_AVATAR = re.compile(rf"^(?:{_alternation(unmarked(AVATARS))}){_END}(?![을를이가])", re.I)
# "사진 김민수 기자": a Korean newspaper's byline
_KO_BYLINE = re.compile(r"^사진\s*[:=]?\s*[\uac00-\ud7a3]{2,4}\s*기자$")
_PRICE_WORD = re.compile(rf"{_START}(?:{_alternation(unmarked(PRICE_WORDS))}){_END}")
# A verb in the first person plural opening the alt and a year it has done so since: the business and its
# history ("Opravujeme boty od roku 1994", "Ремонтируем обувь с 1994 года"). Czech -eme/-íme/-áme, Serbian
# -amo/-imo/-emo, Russian -ем/-им/-ём, Vietnamese "Chúng tôi"; Hungarian (-unk, -ünk) is left out, its nouns
# take the same endings for "our" ("Kertünk"). Without the year, a blog's "Ženeme koně na pastvu" stays, and
# a Russian noun in -ем ("Музеем руководит...") is no verb.
_WE_FIRST = re.compile(
    r"^(?:[a-zá-ž]{3,}(?:eme|íme|áme)|[a-zčćđšž]{3,}(?:amo|imo|emo)|[а-яё]{4,}(?:ем|им|ём)|[а-шђјљњћџ]{3,}(?:амо|имо|емо)"
    r"|chúng tôi)(?=\s)",
    re.I,
)
_SINCE = re.compile(r"(?<!\w)(?:od roku|od|с|od godine|од|từ năm|since|منذ)\s+\d{4}|\d{4}\s*(?:óta|년부터)")
# A call to act now, anywhere in a banner's length ("خدمة فتح الأبواب 24 ساعة اتصل الآن")
_CALL_NOW = re.compile(
    r"(?<!\w)(?:call now|zavolejte (?:nám|hned|ihned)|volejte|hívjon most|hívjon minket|позвоните (?:нам|сейчас)"
    r"|звоните|pozovite|позовите|gọi ngay|지금 전화|โทรเลย|โทรหาเรา|اتصل الآن|اتصلوا الآن|اتصل بنا)(?!\w)",
    re.I,
)
_TRIM = " .,:;!?()[]\"'«»„“”…"


def offer_reason(text: str, low: str) -> str | None:
    """alt_promo, alt_price, alt_generic, alt_credit, alt_navigation or alt_keyword_list when `text`
    (normalised; `low` lower-cased and trimmed) speaks for a business (see the module's docstring)."""
    words = len(text.split())
    if credit_compound(text):
        return "alt_credit"
    if (words <= AVATAR_MAX_WORDS and _AVATAR.match(low)) or (words <= 3 and low.endswith(AVATAR_TAILS)):
        return "alt_generic"  # a user's picture
    if words <= WEATHER_MAX_WORDS and _WEATHER.search(low) and _TEMPERATURE.search(low):
        return "alt_generic"  # a weather widget
    if words <= HOURS_MAX_WORDS and _OPENING.search(low) and _HOURS.search(low):
        return "alt_generic"  # an opening-hours widget
    if words <= READER_MAX_WORDS and _READER.search(_BLOGGER_SELF.sub(" ", _QUOTED.sub(" ", low))):
        return "alt_promo"  # a slogan to the reader
    if words <= READER_MAX_WORDS and ((_WE_FIRST.match(text) and _SINCE.search(low)) or _CALL_NOW.search(low)):
        return "alt_promo"  # the business and its years ("Opravujeme boty od roku 1994"), a call to act now
    if words <= ANNOUNCEMENT_MAX_WORDS and text.rstrip().endswith("!") and _ANNOUNCEMENT.search(low):
        return "alt_promo"
    if words <= ONLINE_MAX_WORDS and _SALE.search(low) and (_ONLINE.search(low) or _TICKET.search(low)):
        return "alt_promo"  # tickets online or at a discount
    if words <= BOOKING_MAX_WORDS and _ONLINE.search(low) and _TICKET.search(low):
        return "alt_promo"  # a booking button
    segments = [s.strip(_TRIM) for s in _SEGMENT.split(low)]
    if len(segments) > 1 and any(len(s.split()) <= PROMO_MAX_WORDS and DISCOUNT.search(s) for s in segments):
        return "alt_price"  # an offer after a headline
    if more_link(low):
        return "alt_navigation"  # a headline with its link's label
    if seo_keywords(low):
        return "alt_keyword_list"
    return None


def more_link(low: str) -> bool:
    """A headline of HEADLINE_MAX_WORDS at most, then a link's label (MORE, alt_words_nav.NAVIGATION) after a
    dash, a bar, an arrow, a colon, an ellipsis or in brackets ("Koncert v sobotu – více", "Nova sezona:
    detaljnije", "Szombat esti koncert (részletek)"); in Thai after a space ("คอนเสิร์ต ดูรายละเอียด")."""
    m = _MORE_TAIL.match(low)
    labels = _MORE
    if m is None and _THAI.search(low) and " " in low:
        # only "more" itself, in Thai (Korean's labels are alt_words_nav.NAVIGATION_TAILS): a navigation word
        # ends a Korean clause ("비가 온 다음": after the rain) and "자세히" is "closely"
        m, labels = re.match(r"^(?P<head>.+)\s(?P<tail>\S+)$", low), MORE
    if m is None:
        return False
    tail = m["tail"].strip(_TRIM)
    # the label and where the rest is: "подробности в нашей новости", "více v článku", "chi tiết trong bài viết"
    words = tail.split()  # none when the tail was punctuation only ("Koncert v sobotu (?)")
    where = 2 <= len(words) <= MORE_WHERE_MAX_WORDS and words[0] in labels and words[1] in _WHERE
    if tail not in labels and not where:
        return False
    return 0 < len(m["head"].strip(_TRIM).split()) <= HEADLINE_MAX_WORDS


def credit_compound(text: str) -> bool:
    """A photo credit opened by a compound ("Koncertfotó:") or a trade ("Fotograf:", "ช่างภาพ:") and a
    name of CREDIT_NAME_WORDS capitalised words at most (a script without case counts as capitalised; a year
    does not: "Légifotó: Budapest 1920" names a place and a time)."""
    m = _CREDIT.match(text.strip())
    if _KO_BYLINE.match(text.strip()):
        return True
    if m is None:  # a trade and a name without a colon where a name has no capitals: "ช่างภาพ สมชาย ใจดี"
        m = _CREDIT_UNCASED.match(text.strip())
    if m is None:
        return False
    name = m["name"].split()
    return len(name) <= CREDIT_NAME_WORDS and all(
        w[0].isupper() or (w[0].isalpha() and w[0].lower() == w[0].upper()) for w in name
    )


def seo_keywords(low: str) -> bool:
    """SEO_MIN_ITEMS comma-separated items or more, a word (by its first SEO_STEM letters) in two of them and
    a sale's or a price's word (PRICE_WORDS, alt_banners.sales_term): "Акулы в Океанариуме, купить билет в
    океанариум, океанариум Москва цены"."""
    items = [i.split() for i in re.split(r"\s*[,،、]\s*", low) if i.strip()]
    if len(items) < SEO_MIN_ITEMS or not (_PRICE_WORD.search(low) or sales_term(low)):
        return False
    if max(len(i) for i in items) > SEO_ITEM_WORDS * (2 if VIETNAMESE.search(low) else 1):
        return False  # a clause: "..., цены на туры не указаны"
    # a word's stem, or two words in a row (Vietnamese words are a syllable each: "phố cổ")
    stems = [
        {w.strip(_TRIM)[:SEO_STEM] for w in i if len(w.strip(_TRIM)) >= SEO_STEM} | {" ".join(p) for p in zip(i, i[1:])}
        for i in items
    ]
    return any(sum(s in other for other in stems) >= 2 for stem in stems for s in stem)
