"""The word lists of a business's own voice (alt_offers.py), in English and the project's eight languages.
Compared lowercased; Vietnamese in the new tone style (alt_rules.fold_vi_tone).
"""

from __future__ import annotations

# fmt: off
# "Your", "you" and the customer addressed: a slogan's words. Not "you" in the nominative ("Vy a my", a march's
# banner; "Как вы думаете..."), nor Thai "คุณ" alone (an honorific before a
# name: "คุณสมชาย"), nor Vietnamese "bạn" alone (a friend), nor Serbian "vas"/"vam" in Latin letters alone
# ("Vas" is a place's name too)
READER = (
    "your", "yours",
    # cs
    "váš", "vaše", "vašeho", "vašemu", "vaší", "vašich", "vašim", "vašimi", "vám", "vás", "tvůj", "tvoje",
    "tvého",
    # hu
    "ön", "önnek", "önt", "önért", "öné", "önnel", "önök", "önöknek", "önöket", "neked", "számodra",
    "önnek is", "az ön",
    # ru
    "ваш", "ваша", "ваше", "вашего", "вашему", "вашей", "вашу", "ваши", "ваших", "вашим", "вашими", "вас",
    "вам", "твой", "твоя", "твоего",
    # sr
    "ваш", "вашег", "вашем", "вашој", "вашу", "ваши", "вашe", "vaš", "vaša", "vaše", "vašeg", "vašem", "vašoj",
    "vašu", "vaši", "vašim", "tvoj", "tvoja", "tvoje", "твој", "твоја", "твоје",
    # ko
    "고객님", "당신의", "당신을", "여러분의",
    # th
    "ของคุณ", "สำหรับคุณ", "ให้คุณ", "ลูกค้าทุกท่าน",
    # vi
    # (alt_rules.fold_vi_tone writes "quý" as "qúy")
    "của bạn", "cho bạn", "quý khách", "qúy khách",
    # ar (a noun with "your" attached is matched by its ending in alt_offers)
    "لك", "لكم", "أيد أمينة", "أيدٍ أمينة",
)
# "Yours truly": a blogger speaks of themself
BLOGGER_SELF = (
    "ваш покорный слуга", "вашего покорного слуги", "вашим покорным слугой", "váš pokorný služebník",
    "vaš ponizni sluga", "ваш понизни слуга", "yours truly",
)
# A season, an opening, a launch, a sale: the subject of a short exclamation that announces (word starts:
# "zahájen" is "zahájena" too; not "открытка", a postcard, nor Serbian "novo", whose "Новогодишња" is a feast)
ANNOUNCEMENTS = (
    "sezon", "season", "open", "zahájen", "zahájil", "otevřen", "otevír", "nyit", "szezon", "megnyit", "сезон",
    "открыт ", "открыт!", "открыта", "открыто", "открыты", "открытие", "открыл", "старт", "otvoren", "отворен",
    "sezona", "сезона", "시즌", "오픈", "개장", "개막", "ฤดูกาล", "เปิด", "mùa", "khai trương", "mở cửa", "khai mạc",
    "موسم", "الموسم", "افتتاح", "novink", "újdonság", "новинк", "신상", "ใหม่", "mới", "جديد",
)
# Selling online, tickets, a booking
ONLINE = (
    "online", "on-line", "онлайн", "онлајн", "onlajn", "온라인", "ออนไลน์", "trực tuyến", "أونلاين", "اونلاين",
    "عبر الإنترنت",
)
SALE_WORDS = (
    "se slevou", "sleva", "slevou", "zlevněné", "kedvezménnyel", "kedvezményes", "akciós", "со скидкой",
    "скидка", "скидкой", "са попустом", "sa popustom", "popust", "попуст", "할인", "특가", "ลดราคา", "ส่วนลด",
    "giảm giá", "ưu đãi", "بخصم", "خصم", "بتخفيض", "تخفيض",
)
# An opening-hours widget's label, before its hours ("Nyitva: H–P 8–18, Szo 8–13", "Otevírací doba Po–Pá 9–17")
OPENING_HOURS = (
    "opening hours", "open", "otevřeno", "otevírací doba", "provozní doba", "nyitva", "nyitvatartás",
    "nyitvatartási idő", "открыто", "часы работы", "режим работы", "время работы", "радно време", "radno vreme",
    "отворено", "otvoreno", "giờ mở cửa", "mở cửa", "giờ làm việc", "เวลาเปิด", "เวลาทำการ", "เปิดทุกวัน",
    "영업시간", "영업 시간", "운영시간", "운영 시간", "ساعات العمل", "أوقات العمل", "مفتوح", "أوقات الدوام",
    # a clinic's or a museum's hours
    "ordinační hodiny", "rendelési idő", "часы приёма", "часы приема", "время приёма", "ординација", "giờ khám",
    "진료시간", "진료 시간", "관람시간", "관람 시간", "이용시간", "이용 시간", "상담시간", "مواعيد العمل",
)
WEATHER = (
    "weather", "počasí", "předpověď", "időjárás", "погода", "прогноз погоды", "vreme", "време", "временска",
    "vremenska", "날씨", "기온", "อากาศ", "พยากรณ์", "thời tiết", "nhiệt độ", "الطقس", "طقس", "درجة الحرارة",
)
# A widget's sky, beside a temperature, as a whole word ("Praha dnes: 5 °C, zataženo"): "snow" in "snowman" is none
CONDITIONS = (
    "sunny", "cloudy", "rain", "snow", "jasno", "polojasno", "zataženo", "oblačno", "déšť", "sněžení", "mlha",
    "napos", "felhős", "borult", "eső", "havazás", "ködös", "ясно", "облачно", "пасмурно", "снег", "дождь",
    "sunčano", "kiša", "sneg", "сунчано", "облачно", "киша", "снег", "맑음", "흐림", "구름많음", "แดดจัด",
    "ฝนตก", "มีเมฆ", "nắng", "mưa", "nhiều mây", "trời quang", "مشمس", "غائم", "ممطر", "صحو",
)
# A photographer's trade before a colon (Hungarian and Czech "…fotó:", "…foto:" compounds are matched apart; a
# photo word alone is alt_words.CREDIT_WORDS)
CREDIT_COMPOUNDS = (
    "fotograf", "fotografka", "fotográfus", "fényképész", "фотограф", "photographer", "사진작가", "사진 작가",
    "ช่างภาพ", "nhiếp ảnh", "nhiếp ảnh gia", "المصور", "مصور", "تصوير", "عدسة", "foto a text", "text a foto",
    "text a fotografie", "szöveg és fotó", "szöveg és kép", "текст и фото", "фото и текст", "tekst i foto",
    "текст и фотографије", "bài và ảnh", "ảnh và bài",
)
# Tickets and a booking: sold online, they make a button's label ("Đặt vé trực tuyến", "온라인 예매")
TICKETS = (
    "tickets", "ticket", "vstupenky", "vstupenka", "vstupné", "lístky", "belépő", "belépőjegy", "jegyek", "jegy",
    "jegyvásárlás", "jegyfoglalás", "билеты", "билет", "купить билет", "karte", "karta", "ulaznice", "карте",
    "улазнице", "예매", "예약", "티켓", "ตั๋ว", "จอง", "vé", "đặt vé", "đặt phòng", "تذاكر", "التذاكر", "تذكرة", "احجز",
    "حجز",
)
# A link's label after a headline, besides alt_words_nav.NAVIGATION
MORE = (
    "details", "více informací", "podrobnosti", "részletek", "bővebben", "подробнее", "подробности", "детальнее",
    "детаљније",
    "више", "opširnije", "detaljnije", "자세히", "자세히 보기", "더보기", "อ่านต่อ", "รายละเอียด", "ดูรายละเอียด",
    "ดูเพิ่มเติม", "อ่านเพิ่มเติม", "xem chi tiết", "chi tiết", "xem thêm", "التفاصيل", "المزيد", "اقرأ المزيد", "تفاصيل",
)
# A user's picture
AVATARS = (
    "avatar", "user avatar", "profile picture", "profilový obrázek", "profilová fotka", "avatar uživatele",
    "obrázek uživatele", "fotka uživatele", "foto uživatele", "fotografie uživatele", "profilová fotografie",
    "felhasználó képe", "felhasználó profilképe", "profilkép", "felhasználói kép", "аватар", "аватарка",
    "фото пользователя", "фото профиля", "профилна слика", "profilna slika", "slika korisnika",
    "слика корисника", "사용자 프로필", "프로필 사진", "프로필 이미지", "รูปโปรไฟล์", "รูปประจำตัว", "รูปผู้ใช้", "ภาพผู้ใช้",
    "ภาพโปรไฟล์", "ảnh đại diện", "hình đại diện", "صورة المستخدم", "صورة العضو", "صورة الملف الشخصي",
    "الصورة الرمزية",
)
# A user's picture after the name, in Hungarian ("Anna profilképe") and in WordPress's Arabic ("صورة admin الرمزية")
AVATAR_TAILS = ("profilképe", "avatarja", "profilfotója", "profilképe:", "الرمزية")
# A price, buying, tickets' sale: the sales word of an SEO keyword list
PRICE_WORDS = (
    "price", "prices", "buy", "cena", "ceny", "ceník", "koupit", "levně", "ár", "árak", "jegyár", "vásárlás",
    "olcsón", "цена", "цены", "купить", "недорого", "стоимость", "cijena", "cene", "cena", "kupiti", "цене",
    "가격", "구매", "최저가", "ราคา", "ซื้อ", "giá", "mua", "giá vé", "سعر", "أسعار", "شراء", "اسعار",
)
# fmt: on
