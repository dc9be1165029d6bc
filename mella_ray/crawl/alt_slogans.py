"""A banner's slogans that passed as captions (alt_banners asks slogan_reason; all are alt_promo). Evaluations of
the crawl on sites written by people who had not seen the code found each kept.

- An invitation to discover, taste or visit, first (INVITATIONS: "Objevte kouzlo Vánoc u nás", "Откройте для
  себя вкус лета", "Khám phá hương vị mùa đông", "ค้นพบรสชาติต้นตำรับ"): the imperative, or Vietnamese "hãy",
  which makes any verb one; in Czech, Russian and Serbian any polite imperative by its ending ("Zažijte",
  "Погрузитесь", "Осетите"), in Hungarian a verb before its particle ("Élje át", "Tekintse meg"); an address to
  the reader is no caption. A caption says who does it ("Turisté objevují jeskyni", "Khách du lịch khám phá
  hang động") in another form or after its subject. Arabic writes "he discovered" as the imperative "discover":
  a subject after it ("اكتشف العلماء ...", ARABIC_SUBJECTS) makes a news sentence.
- A release on sale from a day (ON_SALE anywhere in a short alt: "Nové album v prodeji od pátku!", "Новый альбом
  в продаже с пятницы", "Az új album péntektől kapható!", "새 앨범 금요일 발매!", "Album mới đã có mặt!").
- A shop's SEO sentence without commas (alt_keywords.keyword_list finds those with): a buy verb first or a cheap word
  anywhere (BUY_LEADS, CHEAP), with delivery or a price (DELIVERY) in a short alt: "Купить книгу ... недорого с
  доставкой по Москве", "Olcsó virág rendelés házhozszállítással Budapest", "저렴한 꽃배달 당일배송 서울".
  "Zákazníci nakupují květiny na trhu" has neither.
- An exclamation: short ("Плес је живот!", "Büszkék vagyunk rájuk!", "Pěkný úlovek!"), or with a number, "now" or
  "free", or a banner's dash ("Jóga mindenkinek – első óra ingyen!", "Nevezz most! Early bird ár ..."): captions
  describe, slogans and cheers exclaim (of 5,021 alts that evaluators of the crawl labelled, no caption
  exclaimed); a Korean notice or call for entrants ("참가자 모집 선착순 30명", "입학식 안내"); and a Thai
  "buy ... today" ("ซื้อบัตรเข้าชมได้แล้ววันนี้").
- A notice or breaking news by its label and a colon ("Oznámení: ...", "عاجل: ..."), and what is open or runs
  until a day ("Выставка ... открыта до 15 марта", "Пријаве отворене до 1. октобра"): a notice's announcement;
  free delivery in a short alt ("Бесплатна достава за поруџбине преко 5.000 динара"): a shop's badge; a season
  that opens ("Sezóna začíná!"), a Vietnamese call that ends in "ngay" (now: "Mua vé ngay").
- A schedule, a timetable or a slogan of "every day" (alt_schedules.schedule).
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_greetings import GREETING_MAX_WORDS, greeting
from mella_ray.crawl.alt_ours import promise
from mella_ray.crawl.alt_schedules import schedule
from mella_ray.crawl.alt_words import MONTHS, TRIM

# fmt: off
INVITATIONS = (
    "objevte", "objevujte", "ochutnejte", "ochutnej", "navštivte", "navštiv", "poznejte", "zažijte",
    "vychutnejte si", "užijte si", "prozkoumejte", "vyzkoušejte",
    "fedezze fel", "fedezd fel", "fedezzék fel", "kóstolja meg", "kóstold meg", "kóstolják meg", "látogasson el",
    "látogass el", "ismerje meg", "ismerd meg", "élvezze", "élvezd", "próbálja ki", "próbáld ki", "tapasztalja meg",
    "откройте для себя", "открой для себя", "откройте", "попробуйте", "посетите", "насладитесь", "окунитесь",
    "побывайте", "загляните", "приезжайте", "познакомьтесь с", "приглашаем", "приглашаем вас", "ждём вас", "ждем вас",
    "zveme vás", "zveme", "srdečně vás zveme", "srdečně zveme", "tisztelettel meghívjuk", "сердечно приглашаем",
    "срдачно вас позивамо", "srdačno vas pozivamo", "trân trọng kính mời", "يسرنا دعوتكم", "szeretettel várjuk",
    "várjuk", "pozivamo vas", "позивамо вас", "pozivamo", "позивамо",
    "kính mời", "mời bạn", "ندعوكم", "ขอเชิญ",
    "откријте", "otkrijte", "пробајте", "probajte", "посетите", "posetite", "уживајте", "uživajte", "доживите",
    "doživite", "упознајте", "upoznajte", "кушајте", "kušajte", "искусите", "iskusite",
    "khám phá", "cùng khám phá", "hãy", "thưởng thức ngay", "trải nghiệm ngay", "ghé thăm ngay",
    "اكتشف", "اكتشفوا", "اكتشفي", "تذوق", "تذوقوا", "جرب", "جربوا", "زوروا", "استمتع", "استمتعوا", "تعرف على",
    "ค้นพบ", "มาสัมผัส", "สัมผัสประสบการณ์", "ลิ้มลอง", "มาลอง", "ลองชิม", "เชิญชม", "เชิญชิม", "แวะมา", "ชวนชิม",
    "มาเที่ยว", "ชวนเที่ยว", "استكشف", "استكشفوا", "عش تجربة", "عيشوا",
)
# Subjects after the Arabic verb: "العلماء اكتشفوا"/"اكتشف العلماء" (scientists discovered) is news
ARABIC_SUBJECTS = {
    "العلماء", "علماء", "الباحثون", "باحثون", "الفريق", "فريق", "الأطباء", "أطباء", "الخبراء", "خبراء",
    "الشرطة", "الجيش",
}
ON_SALE = (
    "v prodeji od", "k dostání od", "в продаже с", "в продаже со", "у продаји од", "u prodaji od", "kapható!",
    "vásárolható!", "발매", "출시", "วางจำหน่าย", "đã có mặt!", "đã lên kệ", "متوفر الآن", "متوفرة الآن", "متاح الآن",
    "متاحة الآن", "brzy v prodeji", "již brzy v prodeji", "скоро в продаже", "ускоро у продаји", "uskoro u prodaji",
    "hamarosan kapható", "sắp ra mắt", "mở bán từ", "พร้อมจำหน่าย", "قريبا في الأسواق", "قريباً في الأسواق",
    "متوفر في جميع", "متوفرة في جميع",
)
# A cry, last or ending a clause: a caption describes, a slogan or a call to act exclaims ("Jóga mindenkinek –
# első óra ingyen!", "Nevezz most! Early bird ár ..."); a reviewer's "Ngon quá!" is alt_chatter's before this
_EXCLAIMED = regex.compile(r"(?<![!！])[!！](?:\W*$|\s)")
# ...in a short alt, or with an offer's number, "now", "still today" or "free", or a banner's dash between its
# title and its call
EXCLAIMED_MAX_WORDS = 6  # "Nálunk mindig jó a hangulat!" is 5, "Chúc mừng các tân kỹ sư!" 6 syllables
_URGE = regex.compile(
    r"\d|\s[–—-]\s|(?<!\w)(?:most|hned|teď|ihned|zdarma|ingyen\w*|сейчас|бесплат\w*|сада|sada|besplat\w*"
    r"|ngay|miễn phí|free|now|무료|지금|ฟรี|ตอนนี้|مجانا|مجاناً|مجاني|الآن"
    r"|még ma|ještě dnes|ještě dneska|уже сегодня|ещё сегодня|еще сегодня|још данас|još danas|ngay hôm nay"
    r"|ตั้งแต่วันนี้|오늘 바로)(?!\w)",
    regex.I,
)
# Vietnamese "... now" closing a call of one to three words ("Mua vé ngay", "Gọi ngay 0909 ..."); "ngay" before a
# place is "right" ("Nhà ngay cạnh chợ": the house right by the market)
_VI_NOW = regex.compile(r"^(?:\S+\s){1,3}ngay\s*(?:$|[!.–—-]|\d)", regex.I)
# a season that opens, or a new one ("Sezóna začíná!", "Сезон засолки открыт", "Nova sezona"): a notice
_SEASON = r"(?:sezón\w*|sezon\w*|сезон\w*|szezon\w*|시즌|ฤดูกาล\S*|mùa giải|الموسم)"
SEASON_OPENS_MAX_WORDS = 4  # "Сезон засолки открыт"
_SEASON_OPENS = regex.compile(
    rf"(?:^|\s){_SEASON}(?:\s+\S+)?\s+(?:začíná|začala|zahájena|открыт|открыта|начинается|начался|почиње|počinje"
    r"|kezdődik|indul|bắt đầu|يبدأ|بدأ|시작)(?:\W*$|\s)"
    rf"|^(?:nová|nova|нова|новый|новая|új|mùa giải mới)\s+{_SEASON}\W*$",
    regex.I,
)
# Thai "buy ... now / today" ("ซื้อบัตรเข้าชมได้แล้ววันนี้": buy admission tickets today); "ซื้อของที่ตลาด" is a scene
_THAI_BUY_NOW = regex.compile(r"^ซื้อ\p{Thai}*(?:ได้แล้ว|วันนี้|ได้ที่)")
# A Thai event's "meet ..." and a day "this coming" ("คืนวันศุกร์ที่ 14 ก.พ. นี้ พบกับ Siam Swing Band")
# ("นักท่องเที่ยวพบกับช้างป่า": tourists meet a wild elephant, a scene, has it inside)
_THAI_COMING = regex.compile(
    r"^พบกับ|นี้\s*พบกับ|\d{1,2}\s?\p{Thai}{1,3}\.\p{Thai}{1,2}\.?\s?นี้|วัน\p{Thai}*ที่\s?\d{1,2}\s?\S*\s?นี้"
)
# A Korean notice: a call for members or entrants (모집, 선착순: first come, first served) anywhere, or 안내
# (notice) closing the alt ("2024학년도 입학식 안내": the admission ceremony's notice; "안내견" is a guide dog)
_KOREAN_NOTICE = regex.compile(r"모집|선착순|(?:^|\s)안내$")
# A notice or breaking news by its label and a colon, in any of the languages ("Thông báo: Đại hội hội viên
# nhiệm kỳ 2026–2031", "Oznámení: ...", "عاجل: ارتفاع أسعار ..."): a news item's heading, not a picture's caption
_NOTICE_LEAD = regex.compile(
    r"^[\[(]?(?:thông báo|oznámení|upozornění|közlemény|értesítés|felhívás|объявление|внимание|обавештење|анонс"
    r"|najava|најава"
    # a deadline's label ("Nevezési határidő: május 31., 23:59")
    r"|nevezési határidő|jelentkezési határidő|határidő|uzávěrka přihlášek|uzávěrka|hạn chót|hạn đăng ký|마감"
    r"|срок подачи заявок|рок за пријаве|рок за пријаву|rok za prijave"
    r"|obaveštenje|обавјештење|obavještenje|ประกาศ|إعلان|تنويه|공지|공지사항|알림"
    r"|breaking|breaking news|aktuálně|mimořádně|rendkívüli|срочно|молния|хитно|hitno|tin nóng|tin khẩn|khẩn"
    r"|عاجل|속보|ด่วน)[\])]?\s*:"
    # Thai and Vietnamese write a notice's label without a colon too ("ประกาศ ปิดปรับปรุงสระ"; ประกาศนียบัตร is a
    # diploma; "Thông báo tuyển sinh năm học 2026-2027": the enrolment notice, but "Thông báo di dời được dán tại
    # các hộ dân" is a photo of one posted)
    r"|^ประกาศ\s|^thông báo\s(?!.*(?<!\w)(?:dán|treo|viết|của)(?!\w))",
    regex.I,
)
# Free delivery or shipping, anywhere in a short alt ("Бесплатна достава за поруџбине преко 5.000 динара",
# "Doprava zdarma nad 1 500 Kč", "무료배송"): a shop's badge
FREE_DELIVERY_MAX_WORDS = 10
_FREE_DELIVERY = regex.compile(
    r"(?<!\w)(?:free (?:shipping|delivery)|doprava zdarma|doručení zdarma|dodání zdarma"
    r"|ingyenes (?:szállítás|kiszállítás)|ingyen szállítás|бесплатная доставка|доставка бесплатно"
    r"|бесплатна достава|besplatna dostava|достава гратис"
    r"|dostava gratis|miễn phí (?:vận chuyển|giao hàng|ship)|freeship|무료\s?배송|ส่งฟรี|จัดส่งฟรี|شحن مجاني"
    r"|توصيل مجاني|الشحن مجانا|التوصيل مجانا"
    # or free entry ("Фестиваль крафтового пива 14 сентября — вход свободный"): an event's notice
    r"|вход свободный|вход бесплатный|свободный вход|бесплатный вход|vstup zdarma|vstup volný|volný vstup"
    r"|ingyenes belépés|a belépés ingyenes|belépés díjtalan|ulaz slobodan|улаз слободан|slobodan ulaz"
    r"|слободан улаз|ulaz besplatan|улаз бесплатан|vào cửa miễn phí|miễn phí vào cửa|الدخول مجاني|الدخول مجانا"
    r"|입장 무료|무료 입장|เข้าชมฟรี|เข้าฟรี)(?!\w)",
    regex.I,
)
# What is open, runs or is on offer until a day ("Выставка «Городецкая роспись» открыта до 15 марта", "Пријаве
# отворене до 1. октобра", "Výstava potrvá do 30. září", "akce do 30. 6."): a notice; a caption shows the thing,
# not its dates
OPEN_UNTIL_MAX_WORDS = 12
_OPEN_UNTIL = regex.compile(
    r"(?<!\w)(?:открыт[аоы]?|продлится|продолжается|работает|отворен[аоеи]?|otvoren[aoei]?|otevřen[aoy]?|potrvá"
    r"|trvá|mở cửa|kéo dài|مفتوح|مفتوحة|تستمر|يستمر"
    r"|пријаве|prijave|přihlášky|регистрация|запись|đăng ký|التسجيل"
    # an offer that lasts until a day ("Čipování psů – akce do 30. 6. 2024")
    r"|akce|sleva|slevy|nabídka|akció|акция|скидка|скидки|акција|popust|khuyến mãi|ưu đãi|عرض|خصم"
    # bookings until a day ("Резервације до 1. јуна по цени од 3.500 динара по ноћењу")
    r"|резервације|rezervacije|rezervace|rezervujte|бронирование|foglalás|đặt phòng|đặt chỗ|الحجز|حجز)"
    r"\s+(?:до|do|đến|tới|حتى)\s+(?:ngày\s+)?\d{1,2}(?P<after>.*)$",
    regex.I,
)
# After the day: a month's name, a numeric date's rest ("30. 9.", "15/3") or nothing; "do 1 metra" is a size
_DAY_TAIL = regex.compile(r"^\.?\s*(?:[./-]\s?\d{1,2}\.?|\d{1,2}\.|(?P<month>\p{L}+)|)(?:\W|$)")
# A destination's praise ("Hội An – Điểm đến hấp dẫn": an attractive destination) and a season's collection
# ("Bộ sưu tập Thu Đông 2026", "مجموعة ربيع 2026", "Kolekce jaro/léto 2026"): a tourism board's or a shop's banner
_BANNER_PHRASE = regex.compile(
    r"điểm đến (?:hấp dẫn|lý tưởng|không thể bỏ qua)|ideální místo pro|ideális úti cél|идеальное место для"
    r"|лучшее место для|idealno mesto za|идеално место за|จุดหมายปลายทาง(?:ที่)?(?:ห้ามพลาด|ยอดนิยม)|최고의 여행지"
    r"|وجهة مثالية|وجهة سياحية مميزة|must-visit"
    r"|(?:bộ sưu tập|kolekce|kollekció|коллекция|kolekcija|колекција|컬렉션|คอลเลกชัน|مجموعة|collection)\s+"
    r"(?:xuân|hạ|thu|đông|jaro|léto|podzim|zima|tavasz|nyár|ősz|tél|весна|лето|осень|зима|proleće|leto|jesen"
    r"|пролеће|јесен|ربيع|صيف|خريف|شتاء|spring|summer|autumn|fall|winter)",
    regex.I,
)
# A Korean event's banner: 이벤트 (an event, a promotion) closing the alt ("다독왕 이벤트": the top reader event)
_KOREAN_EVENT = regex.compile(r"이벤트[!~.\s]*$")
# A Korean slogan's "a place where ..." ("몸과 마음이 쉬어가는 곳": a place where body and mind rest): an adnominal
# verb (ending in 는, or a syllable closed by ㄴ or ㄹ) before 곳 (place) closing the alt
_KOREAN_PLACE = regex.compile(r"\S*(?:는|[\uac00-\ud7a3])\s+곳[.!~]*$")
# Hungarian "from Friday on sale" ("péntektől kapható"); "kapható" alone is said of a market's goods too
_FROM_DAY = regex.compile(r"\w+(?:tól|től)\s+(?:már\s+)?(?:kapható|vásárolható)", regex.I)
BUY_LEADS = (
    "koupit", "kupte", "купить", "купите", "куплю", "kupiti", "купити", "kupite", "купите", "vásároljon",
    "mua", "اشتري", "اشتر", "구매", "구입", "ซื้อ",
)
CHEAP = (
    "levně", "levné", "levný", "levná", "nejlevnější", "недорого", "дешево", "дёшево", "недорогие", "дешевые",
    "jeftino", "јефтино", "jeftini", "јефтини", "olcsó", "olcsón", "legolcsóbb", "giá rẻ", "rẻ nhất",
    "رخيص", "رخيصة", "بأرخص", "저렴한", "저렴하게", "최저가", "ราคาถูก", "ถูกที่สุด",
)
DELIVERY = (
    "doručení", "doručením", "doručení zdarma", "doprava zdarma", "s dopravou", "rozvoz", "доставка", "доставкой",
    "доставке", "с доставкой", "dostava", "dostavom", "достава", "доставом", "házhozszállítás",
    "házhozszállítással", "kiszállítás", "kiszállítással", "ingyenes szállítás", "giao hàng", "ship cod",
    "miễn phí vận chuyển", "توصيل", "شحن مجاني", "배송", "배달", "택배", "ส่งฟรี", "จัดส่ง", "ส่งด่วน",
    "cena", "цена", "цене", "ár", "áron", "giá", "سعر", "أسعار", "가격", "ราคา",
)
# Serbian "-ite" ends adjectives too ("Lekovite biljke"), and Russian "-ите" Serbian ones ("Различите боје"): these
# imperatives only (Serbian in both scripts)
SR_ITE = (
    "posetite", "posjetite", "osetite", "osjetite", "obiđite", "doživite", "kupite", "pozovite", "prijavite",
    "pratite", "pronađite", "potražite", "izaberite", "odaberite", "nazovite", "dođite", "otkrijte", "naručite",
    "rezervišite", "iskusite", "zavirite", "svratite", "ponesite", "priuštite",
)
RU_ITE = frozenset({
    "посетите", "ощутите", "купите", "закажите", "приходите", "заходите", "звоните", "смотрите", "посмотрите",
    "найдите", "выберите", "оцените", "получите", "спешите", "приобретите", "загляните",
})
# fmt: on
INVITATION_MAX_WORDS = 12
ON_SALE_MAX_WORDS = 10  # "Нови албум „Ветар у леђа“ у продаји од петка!" is 8
SEO_MAX_WORDS = 14


def _alternation(phrases) -> str:
    return "|".join(sorted((regex.escape(w) for w in set(phrases)), key=len, reverse=True))


_END = r"(?![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"  # a word's end, except in Thai and Korean (no spaces; endings attach)
_START = r"(?<![^\W\u0E00-\u0E7F\uAC00-\uD7A3])"
_INVITATION = regex.compile(rf"^[\W\d_]*(?:{_alternation(INVITATIONS)}){_END}", regex.I)
# A polite imperative by its ending, first: Czech "-ejte/-ujte/-ijte/-vte/-pte/-ďte" ("Zažijte", "Navštivte"),
# Russian "-йте/-ьте/-итесь" ("Погрузитесь", "Почувствуйте"), Serbian "-јте/-jte" ("Уживајте"; "-ite" in
# SR_ITE: "Осетите", "Obiđite"); Hungarian a verb in "-ja/-je/-ze/-se/-on/-en/-d" and its particle after it
# ("Élje át", "Tekintse meg"), an order the indicative keeps for focus, after its subject ("A turisták fedezik fel").
_IMPERATIVE = {
    "cs": regex.compile(r"^\w{2,}(?:ejte|ujte|ijte|yjte|ajte|vte|pte|bte|ďte|ňte|ťte)$", regex.I),
    "ru": regex.compile(r"^[а-яё]{3,}(?:йте|ьте|итесь|йтесь|ьтесь)$", regex.I),
    "sr": regex.compile(r"^(?:[а-шђјљњћџ]{3,}јте|[a-zčćđšž]{3,}jte)$", regex.I),
}
_LATIN_TO_CYRILLIC = dict(zip("abvgdđežzijklmnoprstćufhcčš", "абвгдђежзијклмнопрстћуфхцчш"))
SR_IMPERATIVES = frozenset(SR_ITE) | {"".join(_LATIN_TO_CYRILLIC.get(c, c) for c in w) for w in SR_ITE}
_HU_IMPERATIVE = regex.compile(
    r"^\w+(?:ja|je|za|ze|sa|se|sson|ssen|sd|zd|dd|old|eld|jon|jen|jön)\s+(?:fel|meg|el|ki|be|át|le|rá|vissza)\b",
    regex.I,
)
_ON_SALE = regex.compile(rf"{_START}(?:{_alternation(ON_SALE)})(?:$|(?<=!)|{_END})", regex.I)
# "Mua sắm", "mua bán" (shopping, trade) name an activity: "Mua sắm Tết tại chợ Bình Tây" is a scene
_BUY_LEAD = regex.compile(rf"^(?:{_alternation(BUY_LEADS)}){_END}(?!\s+(?:sắm|bán)\b)", regex.I)
# Inflected forms of "cheap" by their stems ("Jeftine kartice", "недорогие букеты", "levnou dopravou")
_CHEAP_STEMS = r"(?:levn|jeftin|јефтин|недорог|дешев|дешёв|olcsó)\w*"
_CHEAP = regex.compile(rf"{_START}(?:{_alternation(CHEAP)}|{_CHEAP_STEMS}){_END}", regex.I)
# A shop's boast in Vietnamese, reputable (uy tín) or the cheapest ("Điện Nước Minh Phát – Uy tín tạo niềm tin", "kim
# khí giá rẻ nhất Hà Nội"), or a search's "near me" ("กายภาพบำบัด ใกล้ฉัน"): a tagline or SEO keywords, every time
SEO_MARK_MAX_WORDS = 24  # Vietnamese syllables: the hardware shop's line above is 18
_SEO_MARK = regex.compile(r"(?<!\w)(?:uy tín|rẻ nhất|near me|gần tôi|рядом со мной|내 주변)(?!\w)|ใกล้ฉัน", regex.I)
_DELIVERY = regex.compile(rf"{_START}(?:{_alternation(DELIVERY)}){_END}", regex.I)
# Thai and Korean glue a shop's words ("ซื้อดอกไม้ราคาถูก", "꽃배달"): inside a word there
_GLUED_CHEAP = regex.compile(r"ราคาถูก|저렴|최저가")
_GLUED_DELIVERY = regex.compile(r"ส่งฟรี|จัดส่ง|배송|배달")
_KOREAN_RELEASE = regex.compile(r"(?:발매|출시)(?:\s*예정)?[!.~\s]*$")
_THAI_LETTER, _ARABIC_LETTER, _HANGUL_LETTER = (regex.compile(p) for p in (r"\p{Thai}", r"\p{Arabic}", r"\p{Hangul}"))


def slogan_reason(text: str) -> str | None:
    """alt_promo when `text` (normalised) is an invitation, an "on sale from" line or a shop's SEO sentence (see
    the module's docstring); else None."""
    words = text.split()
    if len(words) <= INVITATION_MAX_WORDS and _invitation(text, words):
        return "alt_promo"
    if len(words) <= ON_SALE_MAX_WORDS and _on_sale(text):
        return "alt_promo"
    if len(words) <= SEO_MAX_WORDS and _seo_sentence(text):
        return "alt_promo"
    if len(words) <= SEO_MARK_MAX_WORDS and _SEO_MARK.search(text):
        return "alt_promo"
    if _EXCLAIMED.search(text) and (len(words) <= EXCLAIMED_MAX_WORDS or _URGE.search(text)):
        return "alt_promo"
    if _THAI_BUY_NOW.match(text) or _VI_NOW.match(text) or _THAI_COMING.search(text):
        return "alt_promo"
    if _KOREAN_NOTICE.search(text):
        return "alt_promo"
    if schedule(text, words):
        return "alt_promo"
    if _NOTICE_LEAD.match(text) or _korean_place_slogan(text) or _KOREAN_EVENT.search(text):
        return "alt_promo"
    if len(words) <= OPEN_UNTIL_MAX_WORDS and _open_until_a_day(text):
        return "alt_promo"
    if (len(words) <= SEASON_OPENS_MAX_WORDS and _SEASON_OPENS.search(text)) or promise(text, words):
        return "alt_promo"
    if len(words) <= FREE_DELIVERY_MAX_WORDS and _FREE_DELIVERY.search(text):
        return "alt_promo"
    if len(words) <= GREETING_MAX_WORDS and (greeting(text) or _BANNER_PHRASE.search(text)):
        return "alt_promo"
    return None


def _open_until_a_day(text: str) -> bool:
    m = _OPEN_UNTIL.search(text)
    tail = _DAY_TAIL.match(m["after"]) if m else None
    if tail is None:
        return False
    month = (tail["month"] or "").lower()
    return not month or month in MONTHS


def _korean_place_slogan(text: str) -> bool:
    m = _KOREAN_PLACE.search(text)
    if m is None:
        return False
    last = m.group().split()[0][-1]  # the syllable before 곳: 는, or one whose final consonant is ㄴ or ㄹ
    return last == "는" or (0xAC00 <= ord(last) <= 0xD7A3 and (ord(last) - 0xAC00) % 28 in (4, 8))


def _invitation(text: str, words: list[str]) -> bool:
    first = words[0].strip(TRIM)
    low = first.lower()
    imperative = low in SR_IMPERATIVES or low in RU_ITE or any(p.match(first) for p in _IMPERATIVE.values())
    if len(words) >= 2 and (imperative or _HU_IMPERATIVE.match(text)):
        return True
    m = _INVITATION.match(text)
    if m is None:
        return False
    rest = text[m.end() :].split()
    if not rest and not _THAI_LETTER.search(text[m.end() :]):
        return False  # the verb alone is a label, which the length rules judge
    return not (_ARABIC_LETTER.match(text) and rest and rest[0] in ARABIC_SUBJECTS)


def _on_sale(text: str) -> bool:
    if _HANGUL_LETTER.search(text):  # "발매" also names a release in a caption ("앨범 발매 쇼케이스"): last only
        return _KOREAN_RELEASE.search(text) is not None
    return _ON_SALE.search(text) is not None or _FROM_DAY.search(text) is not None


def _seo_sentence(text: str) -> bool:
    cheap = _CHEAP.search(text) or _GLUED_CHEAP.search(text)
    buy = _BUY_LEAD.match(text)
    if not (buy or cheap):
        return False
    if cheap and buy:
        return True
    rest = _GLUED_CHEAP.sub(" ", _CHEAP.sub(" ", text))  # "giá rẻ", "ราคาถูก" (cheap) hold a price word
    return bool(_DELIVERY.search(rest) or _GLUED_DELIVERY.search(rest))
