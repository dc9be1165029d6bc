"""Calls to action of the alt-text rules (alt_rules.py), in English and the project's eight languages: a
short alt that starts with one (CTA_LEADS) or, in Korean, ends with one (CTA_TAILS) labels a button. Compared
lowercased and trimmed, and without diacritics too (alt_words_nav.unmarked), like alt_words_nav.py's lists."""

from __future__ import annotations

# Calls to action in imperative and infinitive forms (subscribe, sign in, register, print, save, download,
# share, pin, follow, watch, read, view the gallery, order, buy, contact): a short alt that starts with one
# labels a button ("Подпишитесь на наш канал", "Pogledajte galeriju", "Vytisknout recept", "Uložit na
# Pinterest"). Nouns that also head captions ("registrace", "tisk", "طباعة", "حفظ") are left out.
# fmt: off
CTA_LEADS = (
    # a sponsor's or a partner's logo, when its alt starts so ("สนับสนุนโดย WWF": supported by WWF)
    "supported by", "sponsored by", "s podporou", "za podpory", "támogatásával", "támogatója", "при поддержке",
    "uz podršku", "уз подршку", "pokrovitelj", "покровитељ", "بدعم من", "برعاية", "후원", "สนับสนุนโดย",
    "tài trợ bởi", "nhà tài trợ",
    "subscribe", "sign up", "sign in", "log in", "register now", "print recipe", "print this", "save to",
    "pin it", "pin on", "follow on", "follow me", "watch video", "watch the video", "view gallery",
    "view photos", "shop now", "buy on", "contact us",
    # cs
    "stáhnout", "скачать", "letöltés",
    "přihlásit", "přihlásit se", "přihlaste se", "registrovat", "přihlas se", "přihlásit k", "odebírat", "odebírejte",
    "odebírej",
    "registrovat se", "registrujte se", "zaregistrujte se", "zaregistrovat se", "vytisknout", "vytiskněte",
    "vytiskni", "tisknout", "tiskněte", "uložit", "uložte", "ulož", "stáhněte", "stáhni", "sdílejte", "sdílej",
    "sledovat", "sledujte", "sleduj", "přečíst", "přečtěte si", "přečti si", "zobrazit", "zobrazte",
    "prohlédnout", "prohlédněte si", "prohlédni si", "objednejte", "objednej", "kupte", "kup si", "nakupte",
    "kontaktujte", "napište nám", "zavolejte", "připnout", "připněte", "přehrát", "přehrajte", "přidejte",
    # hu
    "iratkozz fel", "iratkozzon fel", "feliratkozás", "feliratkozom", "feliratkozni", "jelentkezz be",
    "jelentkezzen be", "bejelentkezés", "bejelentkezni", "regisztrálj", "regisztráljon", "regisztrálok",
    "regisztrálni", "nyomtasd ki", "nyomtassa ki", "kinyomtatom", "mentsd el", "mentse el",
    "elmentem", "töltsd le", "letöltöm", "letölteni", "oszd meg", "ossza meg", "megosztom",
    "kövesd", "kövessen", "kövess", "nézd meg", "nézze meg", "megnézem", "olvasd el", "olvassa el",
    "elolvasom", "galéria megtekintése", "rendeld meg", "rendelje meg",
    "vásárolj", "vásároljon", "vedd meg", "vegye meg", "lépjen kapcsolatba", "lépj kapcsolatba",
    "írj nekünk", "csatlakozz", "csatlakozzon", "hívjon", "hívj", "vásárold meg", "vásárolja meg",
    "támogass", "támogasson", "adományozz", "adományozzon", "jelentkezz", "jelentkezzen", "foglalj", "foglaljon",
    # vi
    "đăng ký nhận", "đăng ký học thử", "ซื้อบัตร", "จองบัตร",
    "đăng ký ngay", "đăng ký kênh", "đăng ký tài khoản", "đăng ký theo dõi", "đăng ký thành viên",
    "đăng nhập", "in công thức", "in bài", "lưu vào", "lưu trên", "ghim lên", "ghim vào", "ghim trên", "tải ngay",
    "tải về", "theo dõi kênh", "theo dõi fanpage", "theo dõi trên", "theo dõi ngay", "xem video", "xem ảnh",
    "xem hình", "xem tất cả", "xem bộ sưu tập", "xem album", "đọc thêm", "đọc tiếp", "đọc ngay",
    "liên hệ ngay", "liên hệ với", "gọi ngay", "nhắn tin qua", "nhắn tin ngay", "chat ngay", "tham gia ngay",
    "chat với chúng tôi", "lái thử", "đăng ký lái thử", "đặt lịch lái thử", "đặt mua ngay",
    "ủng hộ ngay", "quyên góp ngay", "đặt phòng", "đặt tour", "đặt bàn",
    # ru
    "подпишитесь", "подписаться", "подпишись", "войдите", "войти", "авторизуйтесь", "зарегистрируйтесь",
    "зарегистрироваться", "распечатать", "распечатайте", "печать рецепта", "сохранить", "сохраните",
    "скачайте", "скачай", "поделитесь", "поделись", "следите за", "следить за", "смотреть", "смотрите",
    "посмотреть", "посмотрите", "читать", "читайте", "прочитать", "прочитайте", "открыть галерею",
    "закажите", "закажи", "оформить заказ", "свяжитесь", "связаться", "позвоните",
    "позвонить", "оформите", "оформить подписку", "присоединяйтесь", "присоединиться", "напишите нам", "написать нам",
    "добавить", "добавьте", "отправить", "пожертвовать", "пожертвуйте", "поддержите", "поддержать проект",
    "оплатите", "оплатить",
    # sr (both scripts)
    "pogledajte", "погледајте", "pogledaj", "погледај", "pogledati", "погледати", "pretplatite se",
    "претплатите се", "pretplati se", "претплати се", "pretplatiti se", "претплатити се", "prijavite se",
    "пријавите се", "prijavi se", "пријави се", "prijaviti se", "пријавити се",
    "региструјте се", "registruj se", "региструј се", "odštampaj", "одштампај", "odštampajte", "одштампајте",
    "odštampati", "одштампати", "štampaj", "штампај", "sačuvaj", "сачувај", "sačuvajte", "сачувајте", "sačuvati",
    "сачувати", "preuzmite", "преузмите", "preuzeti", "преузети", "podelite", "поделите", "podeliti", "поделити",
    "zapratite", "запратите", "zaprati", "запрати", "pratite nas", "пратите нас", "pratite", "пратите",
    "gledajte", "гледајте", "gledaj", "гледај", "pročitajte", "прочитајте", "pročitaj", "прочитај",
    "naručite", "наручите", "naručiti", "наручити", "kupite", "купите", "kupiti", "купити",
    "kontaktirajte", "контактирајте", "pišite nam", "пишите нам", "pozovite", "позовите", "pridružite se",
    "придружите се", "uplatite", "уплатите", "donirajte", "донирајте", "doniraj", "донирај", "podržite",
    "подржите",
    # ar
    "اشترك", "اشتركوا", "اشترك الآن", "سجل الدخول", "سجّل الدخول", "سجل الآن", "سجل دخولك", "أنشئ حسابا",
    "إنشاء حساب", "اطبع", "طباعة الوصفة", "طباعة المقال", "احفظ", "نزّل", "حمّل", "شاركوا",
    "تابعنا", "تابعونا", "شاهدوا", "شاهد الفيديو", "شاهد الصور", "شاهد بالفيديو", "مشاهدة الفيديو",
    "شاهد المزيد", "شاهدوا المزيد", "اكتشف المزيد",
    "اقرأ أيضا", "اقرأ أيضاً", "عرض الصور", "عرض المعرض", "اطلب", "اطلبه", "اشتر", "اشتري",
    "تسوق الآن", "احجز موعدك", "احجزي موعدك", "احجزوا موعدكم",
    "تواصل معنا", "اتصل بنا", "اتصل الآن", "اتصلوا الآن", "راسلنا", "انضم إلينا", "انضموا إلينا",
    # ko (verb-first labels; most Korean labels end with the verb: NAVIGATION_TAILS)
    "구독", "로그인", "회원가입", "팔로우", "카카오톡 채널 추가", "채널 추가", "친구 추가", "문의하기",
    "예약 문의", "예약문의", "전화 문의", "상담 문의", "상담 신청", "상담신청",
    # th
    "สมัครสมาชิก", "สมัครเลย", "สมัครรับ", "ติดตามเรา", "ติดตามได้ที่", "ติดตามข่าวสาร", "กดติดตาม", "กดไลค์",
    "กดแชร์", "เข้าสู่ระบบ", "ลงทะเบียนเลย", "ลงทะเบียนที่นี่", "พิมพ์สูตร", "พิมพ์หน้านี้", "พิมพ์บทความ",
    "บันทึกลง", "บันทึกไว้", "ดูวิดีโอ", "ชมวิดีโอ", "ดูคลิป", "ดูแกลเลอรี่", "ดูภาพทั้งหมด", "ดูรูปทั้งหมด",
    "ดูทั้งหมด", "ดูรูปเพิ่มเติม", "ติดต่อเรา", "ติดต่อสอบถาม", "สอบถามเพิ่มเติม", "แอดไลน์", "เพิ่มเพื่อน",
    "สั่งเลย", "ช้อปเลย", "ร่วมทำบุญ", "ร่วมบริจาค", "บริจาคเลย",
    # listen or play live: a player's button ("слушај уживо")
    "listen live", "listen now", "poslouchejte", "poslechněte si", "poslouchat živě", "hallgasd", "hallgassa",
    "hallgasson", "слушать", "слушайте", "слушать онлайн", "слушать эфир", "слушај", "слушајте", "slušaj",
    "slušajte", "nghe trực tiếp", "nghe ngay", "استمع الآن", "استمعوا", "라이브 듣기", "ฟังสด", "ฟังออนไลน์",
    # help, get the app, free shipping, scan a code
    "помочь", "помогите нам", "szerezd meg", "ส่งฟรี", "отсканируйте", "сканируйте", "quét mã",
    "naskenujte", "naskenuj", "szkenneld be", "skenirajte", "скенирајте", "สแกน", "امسح", "امسح الرمز",
)
# A whole alt that says how to reach the place: a map or a directions button, in the eight languages
DIRECTIONS = (
    "jak se k nám dostanete", "jak se k nám dostat", "jak nás najdete", "kde nás najdete", "как добраться",
    "как нас найти", "как проехать", "схема проезда", "hogyan juthat el hozzánk", "megközelítés",
    "hol talál minket", "찾아오시는 길", "오시는 길", "chỉ đường", "đường đến", "cách đến", "bản đồ đường đi",
    "كيفية الوصول", "كيف تصل إلينا", "موقعنا على الخريطة", "kako do nas", "како до нас", "kako nas pronaći",
    "како нас пронаћи", "การเดินทาง", "แผนที่การเดินทาง", "how to get here", "how to find us",
)
# A funding plaque or programme badge, anywhere in a short alt ("Evropská unie – Evropský fond pro
# regionální rozvoj", "Széchenyi 2020 infoblokk"). Bare "European Union" heads real captions ("Budova
# Evropské unie"): only the funding and programme phrases.
FUNDING = (
    "evropský fond", "evropského fondu", "evropský sociální fond", "operační program", "spolufinancováno",
    "financováno evropskou unií", "financováno z evropské unie", "európai regionális fejlesztési alap",
    "európai szociális alap", "széchenyi 2020", "széchenyi terv", "infoblokk", "európai unió támogatásával",
    "при поддержке европейского союза", "фонд президентских грантов", "президентских грантов",
    "финансира европска унија", "finansira evropska unija", "sufinansira", "суфинансира", "ipa program",
    "liên minh châu âu tài trợ", "tài trợ bởi liên minh châu âu", "بتمويل من الاتحاد الأوروبي",
    "الممول من الاتحاد الأوروبي", "funded by the european union", "co-funded by the european union",
    "nextgenerationeu", "next generation eu", "norway grants", "eea grants", "interreg",
)
CTA_TAILS = (  # Korean: the verb ends the label
    "구독하기", "구독 신청", "로그인", "회원가입", "인쇄하기", "저장하기", "팔로우", "팔로우하기", "영상 보기",
    "동영상 보기", "갤러리 보기", "사진 보기", "전체 보기", "더 보기", "크게 보기", "원본 보기", "신청하기", "가입하기",
    "예약하기", "채널 추가", "친구 추가", "알림 받기", "상담 신청", "바로 구매",
    "예약 문의", "예약문의", "전화 문의", "상담신청", "상담 신청하기",
    "재생", "예고편 재생", "동영상 재생", "영상 재생",  # a player's button ("예고편 재생": play the trailer)
)
# Donating, paying, booking, trying and asking for an offer: a shop's, a dealer's or a charity's button
# ("Přispějte na opravu kostela", "Записаться на тест-драйв", "ทดลองขับ", "تبرع الآن")
CTA_LEADS += (
    "donate", "donate now", "book now", "test drive", "přispějte", "darujte", "podpořte", "podpořte nás",
    "rezervujte", "rezervovat", "zaplaťte", "támogasd", "foglald le", "foglalja le", "foglaljon",
    "próbáld ki", "próbálja ki", "fedezd fel", "fedezze fel", "tudj meg többet", "tudjon meg többet",
    "kérj ajánlatot", "kérjen ajánlatot", "đặt hàng ngay", "đặt ngay", "đặt lịch ngay", "tư vấn ngay",
    "đăng ký tư vấn", "nhận báo giá", "nhận ưu đãi", "помогите", "сделать пожертвование", "записаться",
    "запишитесь", "оплатить онлайн", "pomozite", "помозите", "rezervišite", "резервишите", "uplati", "уплати",
    "تبرع", "تبرع الآن", "تبرعوا", "ادعمنا", "احجز الآن", "ทดลองขับ", "จองเลย", "จองตอนนี้",
    "ร่วมบริจาค", "บริจาคเลย", "후원하기", "기부하기",
    # booking a room and signing up, in every person ("Забронировать номер", "تسوقي الآن", "สมัครเรียนวันนี้")
    "забронировать", "забронируйте", "забронируй", "rezervujte si", "foglaljon most", "rezerviši", "резервиши",
    "đặt phòng ngay", "จองห้อง", "จองห้องพัก", "สมัครเรียน", "สมัครเลย", "สมัครวันนี้", "تسوقي الآن", "تسوقوا الآن",
    "احجزي الآن", "احجزوا الآن", "اطلبي الآن", "اطلبوا الآن", "سجلي الآن",
)
CTA_TAILS += ("후원하기", "기부하기", "시승 신청", "시승신청", "견적 문의", "구매 문의")
# Chatting with, writing to or calling the seller, the shop or us: a marketplace's button ("Chat với người
# bán", "Написать продавцу", "แชทกับร้านค้า", "판매자 문의"); with whom, since "chat" and "napište" alone
# head sentences too ("Chat với bạn bè qua điện thoại")
CTA_LEADS += (
    "chat with seller", "chat with the seller", "chat with us", "message the seller", "message seller",
    "call the seller", "call us", "contact seller", "contact the seller",
    "chat s prodejcem", "napište prodejci", "napsat prodejci", "kontaktovat prodejce", "kontaktujte prodejce",
    "zavolejte prodejci", "zeptat se prodejce", "chat az eladóval", "üzenet az eladónak", "írjon az eladónak",
    "írj az eladónak", "üzenj az eladónak", "hívja az eladót", "kapcsolatfelvétel az eladóval",
    "chat với người bán", "chat với shop", "chat với cửa hàng", "chat với nhà bán", "nhắn tin cho shop",
    "nhắn tin cho người bán", "nhắn tin với shop", "nhắn tin với người bán", "liên hệ người bán",
    "liên hệ shop", "gọi cho shop", "gọi cho người bán", "gọi điện cho shop", "chat zalo", "chat facebook",
    "написать продавцу", "напишите продавцу", "связаться с продавцом", "свяжитесь с продавцом",
    "чат с продавцом", "позвонить продавцу", "задать вопрос продавцу", "написать в чат", "napišite prodavcu",
    "пишите продавцу", "pošalji poruku prodavcu", "пошаљи поруку продавцу", "pošaljite poruku",
    "пошаљите поруку", "kontaktiraj prodavca", "контактирај продавца", "kontaktirajte prodavca",
    "контактирајте продавца", "pozovi prodavca", "позови продавца", "pozovite nas", "позовите нас",
    "تواصل مع البائع", "راسل البائع", "دردش مع البائع", "اتصل بالبائع", "محادثة مع البائع", "راسلنا الآن",
    "تحدث معنا", "دردش معنا", "판매자 문의", "판매자에게 문의", "판매자와 채팅", "판매자 채팅", "채팅 문의",
    "채팅 상담", "톡톡 문의", "톡톡하기", "แชทกับร้านค้า", "แชทกับผู้ขาย", "แชทเลย", "แชทกับเรา", "ทักแชท",
    "ติดต่อผู้ขาย", "ติดต่อร้านค้า", "ส่งข้อความถึงผู้ขาย", "โทรหาร้าน", "โทรหาเรา",
)
CTA_TAILS += ("채팅하기", "채팅 문의", "판매자 문의", "문의하기", "톡톡하기", "채팅 상담")
# fmt: on
