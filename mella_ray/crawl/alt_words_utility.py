"""Utility graphics named by what they do, not by what they show (alt_rules asks `utility_graphic` of every
alt, refused as alt_generic): a map of the shop's branches ("Bản đồ chi nhánh", "Карта проезда", "지도"), a
delivery or payment information panel ("배송 안내", "Способы оплаты"), a payment service's badge or QR code
("พร้อมเพย์", "Thanh toán QR", "카카오페이"), a profile picture ("الصورة الشخصية") and an award badge ("Arany
érem – VinAgora 2025", "Zlatá medaile", "금상"). Like a logo, such an image is the same on every shop, and its
alt labels a function.

Only short alts: a map of a country ("Bản đồ Việt Nam", "Stará mapa Prahy") shows geography and stays; so do
a medal around an athlete's neck and a payment at a market stall, which take more words. Compared lowercased
and trimmed, Vietnamese in the new tone style (alt_rules.fold_vi_tone), and without diacritics too.
"""

from __future__ import annotations

import re

from mella_ray.crawl.alt_words import TRIM
from mella_ray.crawl.alt_words_nav import unmarked

# fmt: off
# A map as the whole alt ("Térkép", "지도"), or beside what it locates (MAP_OF) in either order
MAPS = ("map", "mapa", "mapka", "térkép", "térképe", "bản đồ", "карта", "карта-схема", "мапа", "지도", "약도", "แผนที่",
        "네이버 지도", "카카오맵", "카카오 지도", "구글 지도", "google maps", "google mapy", "mapy.cz", "яндекс карты",
        "خريطة", "الخريطة", "plánek", "plán", "plan", "план", "alaprajz", "안내도", "배치도", "ผัง", "แผนผัง", "مخطط",
        "схема", "схема трасс", "схема проезда", "plán sjezdovek", "pályatérkép", "sơ đồ",
        # "on the map" after what it shows ("Локација на мапи": a map pin's icon)
        "on the map", "na mapě", "a térképen", "на карте", "на мапи", "na mapi", "trên bản đồ", "บนแผนที่",
        "على الخريطة", "지도에서")
MAP_OF = (
    "location", "our location", "branches", "store", "stores", "office", "parking", "prodejny", "prodejen",
    "pobočky", "poboček", "umístění", "příjezdu", "kanceláře", "parkoviště", "areálu", "üzletünk", "üzleteink",
    "üzletek", "elhelyezkedés", "megközelítés", "irodánk", "parkolás", "fióktelepek", "telephely", "chi nhánh",
    "cửa hàng", "hệ thống cửa hàng", "showroom", "vị trí", "đường đi", "văn phòng", "đại lý", "địa chỉ",
    "проезда", "магазина", "магазинов", "офиса", "филиалов", "филиала", "расположения", "местоположения",
    "парковки", "пунктов выдачи", "prodavnice", "prodavnica", "lokacije", "lokacija", "poslovnica", "poslovnice",
    "dolaska", "kancelarije", "продавнице", "продавница", "локације", "локација", "пословнице", "доласка", "위치",
    "매장", "매장 위치", "오시는 길", "찾아오시는 길", "ร้าน", "สาขา", "ที่ตั้ง", "การเดินทาง", "ร้านค้า", "สำนักงาน",
    "الموقع", "موقعنا", "الفروع", "الفرع", "المتجر", "المكتب", "الوصول",
    # a market's, a fair's, a park's or a campus's plan; "보기" (view) makes a link's label ("지도 보기")
    "trhu", "tržnice", "tržiště", "výstaviště", "parku", "zoo", "piac", "a piac", "vásár", "a vásár", "рынка",
    "ярмарки", "парка", "кампуса", "выставки", "pijace", "pijaca", "пијаце", "сајма", "sajma", "parka", "парка",
    "chợ", "khu chợ", "công viên", "khuôn viên", "시장", "전통시장", "공원", "캠퍼스", "보기", "ตลาด", "ตลาดนัด",
    "สวนสัตว์", "السوق", "الحديقة", "المعرض", "الحرم الجامعي", "campus",
    # directions: "Mapa – jak se k nám dostanete" (map: how to reach us)
    "jak se k nám dostanete", "jak se k nám dostat", "jak k nám", "как добраться", "как нас найти", "как проехать",
    "hogyan juthat el hozzánk", "megközelítés", "kako do nas", "како до нас", "kako stići", "како стићи",
    "kako doći", "како доћи", "как доехать", "jak dojet", "jak se dostat",
    "đường đến", "cách đến", "chỉ đường", "วิธีการเดินทาง", "كيفية الوصول", "طريق الوصول",
    # a garden's, a trail's or a resort's plan ("Мапа баште", "Мапа стазе", "Mapa trasy")
    "zahrady", "trasy", "stezky", "areálu zahrady", "kert", "a kert", "útvonal", "az útvonal", "pálya", "a pálya",
    "сада", "трассы", "маршрута", "тропы", "курорта", "баште", "bašte", "стазе", "staze", "руте", "rute",
    "vườn", "khu vườn", "tuyến đường", "đường chạy", "정원", "코스", "산책로", "สวน", "เส้นทาง", "المسار", "المنتجع",
)
# A link to a map ("Xem bản đồ", "Показать на карте", "ดูแผนที่"): a button's label
MAP_VIEWS = (
    "view map", "show on map", "zobrazit na mapě", "zobrazit mapu", "ukázat na mapě", "térkép megtekintése",
    "mutasd a térképen", "megnézem a térképen", "показать на карте", "смотреть на карте", "посмотреть на карте",
    "открыть карту", "prikaži na mapi", "pogledaj na mapi", "прикажи на мапи", "погледај на мапи", "xem bản đồ",
    "xem trên bản đồ", "지도보기", "지도 보기", "ดูแผนที่", "เปิดแผนที่", "عرض الخريطة", "عرض على الخريطة",
)
# Information panels of a shop, and profile pictures: the phrase, with at most UTILITY_EXTRA_WORDS more
PANELS = (
    "shipping", "shipping info", "delivery information", "payment methods", "cash on delivery",
    "doprava a platba", "platba a doprava", "způsoby platby", "způsoby dopravy", "platební metody",
    "možnosti platby", "informace o dopravě", "dodací podmínky", "szállítás és fizetés", "fizetés és szállítás",
    "fizetési módok", "szállítási módok", "szállítási információk", "szállítási feltételek",
    "fizetési lehetőségek", "thông tin giao hàng", "chính sách giao hàng", "chính sách vận chuyển",
    "phương thức thanh toán", "hình thức thanh toán", "giao hàng và thanh toán", "hướng dẫn thanh toán",
    "hướng dẫn mua hàng", "thanh toán khi nhận hàng", "доставка и оплата", "оплата и доставка",
    "способы оплаты", "способы доставки", "условия доставки", "информация о доставке", "варианты оплаты",
    "dostava i plaćanje", "načini plaćanja", "način plaćanja", "načini dostave", "uslovi dostave",
    "informacije o dostavi", "достава и плаћање", "начини плаћања", "начин плаћања", "услови доставе",
    "배송 안내", "배송안내", "배송 정보", "배송정보", "결제 안내", "결제안내", "결제 수단", "결제수단", "교환 및 반품",
    "교환/반품", "반품 안내", "배송 및 교환", "การจัดส่ง", "ข้อมูลการจัดส่ง", "วิธีการชำระเงิน",
    "ช่องทางการชำระเงิน", "ช่องทางชำระเงิน", "การชำระเงิน", "วิธีการสั่งซื้อ", "الشحن والتوصيل", "معلومات الشحن",
    "طرق الدفع", "وسائل الدفع", "طريقة الدفع", "الدفع عند الاستلام", "سياسة الشحن", "سياسة الاسترجاع",
    # profile pictures ("Ảnh đại diện", "Аватар", "프로필 사진" are alt_words.GENERIC and alt_words_nav.CHROME_NOUNS)
    "profile picture", "profile photo", "الصورة الشخصية", "صورة الملف الشخصي", "ảnh hồ sơ", "hình đại diện",
    "profilfotó", "profilová fotka", "profilová fotografie", "profilna fotografija", "профилна фотографија",
    "รูปประจำตัว",
)
# Age ratings of films and games, anywhere in a short alt: a cinema's badges ("12세 관람가", "Přístupné od
# 15 let", "Korhatár: 16", "18+")
AGE_RATINGS = (
    "관람가", "관람불가", "přístupné od", "nevhodné pro děti", "korhatár", "возрастное ограничение",
    "cấm khán giả dưới", "uzrasna granica", "узрасна граница", "ห้ามผู้มีอายุต่ำกว่า", "التصنيف العمري",
)
PANELS_ALONE = ("صورة شخصية",)  # "a portrait": only as the whole alt ("صورة شخصية للفنان..." is a caption)
# Payment services, anywhere in a short alt; spelled as their badges spell them
PAYMENT_SERVICES = (
    "promptpay", "พร้อมเพย์", "vnpay", "momo", "zalopay", "shopeepay", "viettelpay", "paypal", "apple pay",
    "google pay", "mastercard", "truemoney", "ทรูมันนี่", "szép kártya", "szépkártya", "сбп", "юmoney", "юмани",
    "qiwi", "stc pay", "카카오페이", "네이버페이", "토스페이", "삼성페이", "페이코", "thai qr payment",
)
PAYMENT_WORDS = (
    "thanh toán", "chuyển khoản", "platba", "platbu", "zaplaťte", "fizetés", "fizess", "оплата", "оплаты",
    "оплатить", "plaćanje", "плаћање", "uplata", "уплата", "결제", "송금", "ชำระ", "จ่าย", "الدفع", "دفع",
    "payment", "pay",
)
# Medals and prizes, opening the alt (or, in Korean, ending it: "2024 주류대상 금상"); "동상" (a bronze prize)
# and "대상" (a grand prize) are left out, as they are also a statue ("세종대왕 동상") and a company or a target
# ("대상 그룹 본사", "대상 연령")
MEDALS = (
    "gold medal", "silver medal", "bronze medal", "double gold", "grand gold", "best in show",
    "zlatá medaile", "stříbrná medaile", "bronzová medaile", "velká zlatá medaile", "arany érem", "aranyérem",
    "ezüst érem", "ezüstérem", "bronz érem", "bronzérem", "nagy arany", "nagyarany", "huy chương vàng",
    "huy chương bạc", "huy chương đồng", "giải vàng", "giải bạc", "giải đồng", "золотая медаль",
    "серебряная медаль", "бронзовая медаль", "двойное золото", "гран-при", "zlatna medalja", "srebrna medalja",
    "bronzana medalja", "велика златна медаља", "златна медаља", "сребрна медаља", "бронзана медаља",
    "الميدالية الذهبية", "الميدالية الفضية", "الميدالية البرونزية", "ميدالية ذهبية", "ميدالية فضية",
    "ميدالية برونزية", "الجائزة الذهبية", "금상", "은상", "최우수상", "금메달", "은메달", "동메달", "그랑프리",
    "เหรียญทอง", "เหรียญเงิน", "เหรียญทองแดง", "รางวัลเหรียญทอง", "รางวัลชนะเลิศ",
)
# Words that set a medal in a scene or give it to someone ("Zlatá medaile pro Martinu Sáblíkovou", "Huy
# chương vàng của đội tuyển"): the alt is a caption of a ceremony, not a badge
MEDAL_SCENE = {
    "pro", "za", "na", "v", "ve", "u", "od", "nyertes", "của", "cho", "tại", "ở", "trên", "для", "за", "на", "в",
    "у", "في", "على", "من", "for", "at", "in", "of",
}
# fmt: on
UTILITY_EXTRA_WORDS = 2  # words beside a map or a panel ("Mapa prodejny Brno", "Bản đồ chi nhánh Hà Nội")
PAYMENT_MAX_WORDS = 4  # "Thanh toán VNPay", "Ví MoMo", "카카오페이 결제"
MEDAL_EXTRA_WORDS = 3  # a competition's name and year ("Arany érem – VinAgora 2025")

_MAP_PHRASES = frozenset(
    unmarked(m + sep + o for m in MAPS for o in MAP_OF for sep in (" ", ""))
    + unmarked(o + " " + m for m in MAPS for o in MAP_OF)
)
_PHRASES = _MAP_PHRASES | frozenset(unmarked(PANELS + MAP_VIEWS))
_AGE_RATING = re.compile("|".join(re.escape(w) for w in unmarked(AGE_RATINGS)) + r"|^\d{1,2}\s?\+$")
_ALONE = frozenset(unmarked(MAPS + PANELS_ALONE))
MAP_LAST_MAX_WORDS = 6
_MAP_LAST = re.compile(r"\s[-–—|:]\s*(?:" + "|".join(re.escape(w) for w in unmarked(MAPS)) + r")$")
_PAYMENT = re.compile("|".join(re.escape(w) for w in unmarked(PAYMENT_SERVICES)))
_PAYMENT_WORD = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in unmarked(PAYMENT_WORDS)) + ")")
_QR = re.compile(r"(?<![^\W\d_])qr(?![^\W\d_])|คิวอาร์")
_MEDAL = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(unmarked(MEDALS), key=len, reverse=True)) + r")(?=$|[\s:–—|,-])"
)
_MEDAL_END = re.compile(r"(?<=\s)(?:금상|은상|최우수상|금메달|은메달|동메달|그랑프리)$")
_LETTER = re.compile(r"[^\W\d_]")
# An award's label before its medal and a colon or a dash ("Ocenění – zlatá medaile", "Díj: aranyérem")
_AWARD_LEAD = re.compile(
    r"^(?:award|prize|ocenění|cena|díj|elismerés|награда|nagrada|giải thưởng|รางวัล|جائزة|الجائزة|수상)"
    r"(?:\s*[:–—-]\s*|\s+)"  # the dash is a space already (utility_graphic)
)


# A badge of membership, licence or authorisation ("Člen Cechu hodinářů ČR – certifikát", "Magyar Torna Szövetség
# tagja", "مرخص من وزارة الصحة", "Ovlašćeni diler"): a member of an association (by its word: a guild, a union, a
# chamber) or a licence's, a dealer's or a certificate's label; "Člen hasičského sboru hasí požár" names no
# association and stays
BADGE_MAX_WORDS = 6
_MEMBER = re.compile(r"^(?:člen|členem|member|член|члан|član|thành viên|hội viên|สมาชิก|عضو)(?!\w)|(?<!\w)tagja$")
_ASSOCIATION = re.compile(
    r"cech|svaz|spolek|komor|asociac|unie|szövetség|egyesület|kamara|céh|союз|ассоциац|гильди|палат|савез|savez"
    r"|udružen|удружењ|комор|hiệp hội|liên đoàn|สมาคม|สหพันธ์|협회|연맹|جمعية|اتحاد|نقابة|غرفة|association|guild"
    r"|federation"
)
_LICENSED = re.compile(
    r"^(?:licensed|authori[sz]ed dealer|official dealer|certified|licencovan\w*|autorizovan\w*|oficiální prodejce"
    r"|hivatalos márkakereskedő|hivatalos partner|engedélyezett|лицензирован\w*|официальный дилер|авторизованн\w*"
    r"|ovlašćen\w*|овлашћен\w*|zvanični diler|званични дилер|đại lý chính hãng|đại lý ủy quyền|được cấp phép"
    r"|ตัวแทนจำหน่ายอย่างเป็นทางการ|ได้รับอนุญาต|공식 대리점|공식 인증|مرخص|وكيل معتمد|معتمد من)(?!\w)"
    r"|[–—-]\s*(?:certifikát|tanúsítvány|сертификат|sertifikat|chứng nhận|ใบรับรอง|인증서|شهادة)$"
)
_SPACED_DASH = re.compile(r"\s+[–—-]\s+")


def _words(text: str) -> list[str]:
    """The tokens of `text` with a letter, trimmed."""
    return [t.strip(TRIM) for t in text.split() if _LETTER.search(t)]


def _phrase_and_few(low: str, phrases: frozenset[str], extra: int) -> bool:
    """Whether `low` is one of `phrases`, alone or with at most `extra` words after it."""
    words = low.split()
    return any(" ".join(words[:n]) in phrases for n in range(max(1, len(words) - extra), len(words) + 1))


def utility_graphic(low: str) -> bool:
    """Whether lower-case, trimmed `low` names a utility graphic: a map, a shop's panel, a payment badge, a
    profile picture or a medal (see the module's docstring)."""
    low = low.strip(TRIM)
    if len(low.split()) <= MAP_LAST_MAX_WORDS and _MAP_LAST.search(low):
        return True  # "Kudy k nám – mapa": directions, then the map's word after a dash
    low = _SPACED_DASH.sub(" ", low)  # "Mapa – jak se k nám dostanete"
    if low in _ALONE or _phrase_and_few(low, _PHRASES, UTILITY_EXTRA_WORDS):
        return True
    words = _words(low)
    if len(words) <= PAYMENT_MAX_WORDS and (_PAYMENT.search(low) or (_QR.search(low) and _PAYMENT_WORD.search(low))):
        return True
    if len(words) <= PAYMENT_MAX_WORDS and _AGE_RATING.search(low):
        return True
    if len(words) <= BADGE_MAX_WORDS and (_LICENSED.search(low) or (_MEMBER.search(low) and _ASSOCIATION.search(low))):
        return True  # a badge
    low = _AWARD_LEAD.sub("", low)  # "Ocenění – zlatá medaile Cremona 2018": the award's label, then the medal
    medal = _MEDAL.match(low) or _MEDAL_END.search(low)
    if medal is None:
        return False
    rest = _words(low[: medal.start()] + " " + low[medal.end() :])
    return len(rest) <= MEDAL_EXTRA_WORDS and not any(w in MEDAL_SCENE for w in rest)
