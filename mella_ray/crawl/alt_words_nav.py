"""The word lists of the alt-text rules that name a control or the page's furniture (alt_rules.py): link labels
(calls to action: alt_words_cta.py), logos and profile pictures, social networks, author photos, cookie banners,
accessibility toggles, credits that say "photo by". Compared lowercased and trimmed, like alt_words.py's."""

from __future__ import annotations

import unicodedata

# Navigation and calls to action label a link, not a picture. NAVIGATION: the whole alt is one
# of them ("Next", "Další", "Далее"). NAVIGATION_LEADS: an alt that starts with one and is short
# (alt_rules.NAVIGATION_MAX_WORDS) is one too ("Tovább a galériához", "Xem thêm ảnh", "Read more
# about us"); only phrases that do not begin real descriptions are here ("Chi tiết hoa văn" is a
# detail of a pattern, so "chi tiết" is in NAVIGATION only).
# fmt: off
NAVIGATION = {
    # English
    "more", "read more", "see more", "view more", "next", "previous", "prev", "back", "continue", "download",
    "share", "zoom", "enlarge", "close", "menu", "search", "home", "view details", "show details",
    # cs
    "více", "další", "předchozí", "zpět", "pokračovat", "číst dál", "stáhnout", "sdílet", "zvětšit", "zavřít",
    "hledat", "zobrazit detail", "zobrazit detaily", "detail produktu",
    # hu
    "tovább", "további", "előző", "következő", "vissza", "részletek", "letöltés", "megosztás", "nagyítás",
    "bezárás", "keresés", "nagyítása", "részletek megtekintése", "kosárba teszem",
    # vi
    "xem thêm", "chi tiết", "tiếp theo", "trước", "quay lại", "tải về", "chia sẻ", "phóng to", "đóng", "tìm kiếm",
    "trang chủ", "xem chi tiết", "về trang chủ", "đóng cửa sổ", "ảnh trước", "ảnh tiếp theo",
    # ru
    "подробнее", "далее", "ещё", "еще", "назад", "вперёд", "вперед", "следующая", "предыдущая", "скачать",
    "поделиться", "увеличить", "закрыть", "поиск", "главная", "предыдущее", "следующее", "предыдущий",
    "следующий",
    # sr (both scripts)
    "опширније", "детаљније", "више", "следећа", "претходна", "opširnije", "detaljnije", "više", "nazad", "sledeća",
    "prethodna", "pretraga", "početna", "увећај", "uvećaj", "прикажи детаље", "prikaži detalje", "затвори",
    "zatvori", "затвори прозор", "zatvori prozor",
    # ar
    "المزيد", "اقرأ المزيد", "التالي", "السابق", "عودة", "العودة", "تحميل", "شارك", "تكبير", "إغلاق", "بحث",
    "الرئيسية", "السابقة", "التالية", "عرض التفاصيل", "عرض المزيد", "إغلاق النافذة",
    # ko
    "더보기", "자세히", "자세히 보기", "이전", "다음", "다운로드", "공유", "확대", "닫기", "검색", "홈",
    # th
    "อ่านต่อ", "อ่านเพิ่มเติม", "ดูเพิ่มเติม", "ถัดไป", "ก่อนหน้า", "ย้อนกลับ", "ดาวน์โหลด", "แชร์", "ขยาย", "ปิด",
    "ค้นหา", "หน้าแรก", "ดูรายละเอียด", "รูปก่อนหน้า", "รูปถัดไป", "ภาพก่อนหน้า", "ภาพถัดไป", "ปิดหน้าต่าง",
    "ขยายรูป", "ขยายรูปภาพ", "ขยายภาพ",
    "číst více", "přečtěte si více", "celý článek", "úvodní stránka", "domů", "tovább olvasom", "bővebben", "kezdőlap",
    "pročitaj više", "pročitajte više", "прочитај више", "početna strana", "почетна страна", "الصفحة الرئيسية",
    "تحميل التطبيق", "stáhnout aplikaci", "töltsd le az alkalmazást", "скачать приложение", "preuzmi aplikaciju",
    "앱 다운로드", "ดาวน์โหลดแอป", "xem chi tiết sản phẩm", "ดูรายละเอียดเพิ่มเติม",
    # a shop's and a newsroom's furniture: cart, login, contact, free delivery, card payment, the author's
    # photo, a language switch
    "cart", "shopping cart", "log in", "login", "sign in", "contact us", "free shipping", "english version",
    "košík", "nákupní košík", "přihlásit se", "přihlášení", "kontaktujte nás", "napište nám", "kontakt",
    "doprava zdarma", "platba kartou", "autor článku", "česká verze", "kosár", "belépés", "bejelentkezés",
    "kapcsolat", "írjon nekünk", "ingyenes szállítás", "bankkártyás fizetés", "a cikk szerzője",
    "magyar változat", "giỏ hàng", "đăng nhập", "liên hệ", "liên hệ với chúng tôi", "miễn phí vận chuyển",
    "thanh toán bằng thẻ", "tác giả bài viết", "tiếng việt", "корзина", "войти", "вход",
    "войти в личный кабинет", "личный кабинет", "контакты", "свяжитесь с нами", "напишите нам",
    "доставка бесплатно", "бесплатная доставка", "оплата картой", "автор статьи", "русская версия", "корпа",
    "korpa", "пријава", "prijava", "контакт", "бесплатна достава", "besplatna dostava", "аутор текста",
    "autor teksta", "српска верзија", "سلة التسوق", "تسجيل الدخول", "اتصل بنا", "شحن مجاني", "الدفع بالبطاقة",
    "كاتب المقال", "النسخة العربية", "장바구니", "로그인", "문의하기", "고객센터", "무료 배송", "무료배송",
    "카드 결제", "기자 사진", "한국어", "ตะกร้าสินค้า", "เข้าสู่ระบบ", "ติดต่อเรา", "ส่งฟรี", "จัดส่งฟรี",
    "ชำระเงินด้วยบัตร", "ผู้เขียน", "ภาษาไทย",
    # a byline's label alone: "The author", "About the author"
    "autor textu", "autorka textu", "автор текста", "ауторка текста", "autorka teksta", "a szerző", "a szerzőről",
    "szerzőnk", "tác giả", "об авторе", "об авторах", "o autorovi", "o autorce",
    "o autoru", "о аутору", "about the author", "عن الكاتب", "عن المؤلف", "작성자 소개", "เกี่ยวกับผู้เขียน",
    # a post's neighbours and its print icon: "View previous post", "Print version"
    "print", "print version", "printable version", "tisk", "vytisknout", "verze pro tisk", "tisknout",
    "nyomtatás", "nyomtatható változat", "nyomtatható verzió", "печать", "распечатать", "версия для печати",
    "штампа", "štampa", "одштампај", "odštampaj", "верзија за штампу", "verzija za štampu", "in bài viết",
    "bản in", "طباعة", "نسخة للطباعة", "인쇄", "인쇄하기", "พิมพ์", "พิมพ์หน้านี้", "previous post", "next post",
    "předchozí článek", "další článek", "előző bejegyzés", "következő bejegyzés", "előző cikk", "következő cikk",
    "предыдущая статья", "следующая статья", "предыдущая запись", "следующая запись", "претходни чланак",
    "следећи чланак", "prethodni članak", "sledeći članak", "bài trước", "bài tiếp theo", "bài viết trước",
    "bài viết tiếp theo", "المقال السابق", "المقال التالي", "이전 글", "다음 글", "이전 글 보기", "다음 글 보기",
    "목록 보기", "목록으로", "บทความก่อนหน้า", "บทความถัดไป",
}
# fmt: on
# fmt: off
NAVIGATION_LEADS = (
    "read more", "click", "tap to", "go to", "back to", "see all", "view all", "klikněte", "klikni", "přejít na",
    "zpět na", "více o", "kattints", "kattintson", "tovább a", "tovább az", "vissza a", "vissza az", "xem thêm",
    "nhấn vào", "bấm vào", "click vào", "kliknutím", "kattintásra", "нажав", "кликом",
    "quay lại", "подробнее", "читать далее", "читать дальше", "перейти",
    "нажмите", "кликните", "вернуться", "опширније", "kliknite", "opširnije", "pogledajte sve", "اقرأ المزيد",
    "انقر", "اضغط", "العودة إلى", "더보기", "바로가기", "클릭", "อ่านต่อ", "อ่านเพิ่มเติม", "ดูเพิ่มเติม", "คลิก",
    # welcome lines and share or follow buttons
    "welcome to", "share on", "follow us", "vítejte", "sdílet", "sledujte nás", "üdvözöljük", "megosztás",
    "kövess minket", "chào mừng", "chia sẻ", "theo dõi chúng tôi", "добро пожаловать", "поделиться",
    "подписывайтесь", "dobrodošli", "добродошли", "podeli", "подели", "podijeli", "مرحبا بكم", "أهلا بكم", "شارك",
    "ยินดีต้อนรับ", "แชร์",
    # shop and app buttons: add to cart, buy, order, download the app, close, go to a page
    "add to", "buy now", "order now", "download on", "get it on", "přidat do", "vložit do košíku", "do košíku",
    "koupit", "u korpu", "у корпу", "vào giỏ", "vào giỏ hàng", "إلى السلة", "ใส่ตะกร้า",
    "objednat", "stáhnout z", "stáhněte si", "zavřít okno", "kosárba", "megrendelem", "letöltés a", "töltse le",
    "ugrás a főoldalra", "ugrás a tartalomra", "thêm vào giỏ", "mua ngay", "đặt hàng", "đặt mua", "tải về từ",
    "tải xuống", "tải ứng dụng", "добавить в", "в корзину", "купить", "заказать", "скачать в", "скачать из",
    "закрыть окно", "додај у", "dodaj u", "купи", "kupi", "наручи", "naruči", "преузми", "preuzmi", "иди на",
    "idi na", "أضف إلى", "أضف الى", "اشتر الآن", "اطلب الآن", "حمل التطبيق", "حمّل التطبيق", "الذهاب إلى",
    "اذهب إلى", "เพิ่มลงใน", "เพิ่มลงตะกร้า", "สั่งซื้อ", "ซื้อเลย", "ดาวน์โหลด", "ไปที่หน้า",
    # report buttons ("Сообщить о ЧП", "Nahlásit závadu")
    "сообщить о", "nahlásit", "báo cáo sự cố", "الإبلاغ عن", "แจ้งเหตุ",
)
# Korean puts the verb last: a short alt that ends with one of these labels a control ("페이스북 공유하기").
NAVIGATION_TAILS = (
    "공유하기", "바로가기", "더보기", "환영합니다", "클릭하세요", "보러가기", "담기", "다운로드", "으로 이동",
    "로 이동", "구매하기", "주문하기", "자세히 보기", "닫기", "확대", "신고하기",
)
# fmt: on

# What a picture is on the page rather than what it shows: a short alt (alt_rules.CHROME_MAX_WORDS)
# with one of these is a site's furniture ("Logo firmy Škoda Auto", "Ikona telefonu", "Фото
# профиля", "프로필 사진"). Whole words, except Thai and Korean (no spaces; endings attach). Words
# with a common second sense are left out: "ikona"/"ikon"/"икона" (a religious icon), "миниатюра"
# (a miniature painting), "nút" (a junction).
# fmt: off
CHROME_NOUNS = {
    "logo", "logos", "icon", "icons", "avatar", "thumbnail", "banner", "button", "favicon", "sprite",
    "loga", "logem", "ikonka", "tlačítko", "profilová", "profilový", "profilovka", "náhledový",
    "logó", "logója", "profilkép", "bélyegkép", "gomb",
    "логотип", "логотипа", "лого", "иконка", "значок", "аватар", "аватарка", "аватара", "кнопка", "профиля",
    "логотипом", "иконица", "ikonica", "дугме", "dugme", "профила", "profila", "банер", "baner",
    "شعار", "أيقونة", "ايقونة", "آيقونة", "الأيقونة", "زر", "الملف الشخصي",
    "biểu tượng", "ảnh đại diện", "avatarja", "avatár", "profilna", "профилна",
    # social networks: "Facebook stránka", "Мы в ВКонтакте", "Kênh YouTube", "Kövessen minket a Facebookon"
    "facebook", "facebooku", "facebookon", "instagram", "instagramu", "instagramon", "youtube", "tiktok",
    "twitter", "telegram", "telegramu", "whatsapp", "viber", "вконтакте", "вк", "одноклассники", "телеграм",
    "ютуб", "фейсбук", "фејсбук", "инстаграм", "fanpage", "zalo", "فيسبوك", "يوتيوب", "انستغرام", "تويتر",
    "إنستغرام", "إنستجرام", "انستجرام", "انستقرام", "إنستقرام", "الانستغرام", "الإنستغرام", "فيس", "الفيسبوك",
    "تيك", "سناب",
}
CHROME_NOUNS_UNSPACED = (
    "로고", "아이콘", "썸네일", "버튼", "배너", "프로필", "โลโก้", "ไอคอน", "ปุ่ม", "แบนเนอร์", "โปรไฟล์",
    "카카오톡", "유튜브", "인스타그램", "페이스북", "트위터", "เฟซบุ๊ก", "เฟสบุ๊ค", "ยูทูบ", "ไลน์แอด", "아바타", "อวตาร",
)
# Social networks, in the forms alts inflect them ("Sledujte nás na Pinterestu", "Мы в Одноклассниках").
SOCIAL_NOUNS = {
    "pinterest", "pinterestu", "pinteresten", "pinterestre", "telegramon", "telegramban", "viberu", "viberen",
    "zalo", "line@", "kakaotalk", "vk", "vk.com", "vkontakte", "ok.ru", "одноклассниках", "вконтакте",
    "twitteru", "twitteren", "x.com", "tiktoku", "tiktokon", "youtubeu", "youtubu", "youtube-on", "youtubeon",
    "linkedin", "linkedinu", "linkedinen", "snapchat", "тикток", "телеграме", "телеграм-канал", "вайбер",
    "вайбере", "вотсап", "ватсап", "ютубе", "инстаграме", "фейсбуке", "фејсбуку", "инстаграму", "јутјуб",
    "јутјубу", "jutjub", "jutjubu", "пинтерест", "твиттер", "твиттере", "بينتيريست", "بنترست", "تيك توك",
    "واتساب", "واتس", "تيليجرام", "تلغرام", "تليجرام", "سناب", "لينكد", "ไลน์",
}
SOCIAL_NOUNS_UNSPACED = (
    "틱톡", "핀터레스트", "텔레그램", "카카오채널", "카카오 채널", "카카오스토리", "네이버 블로그", "네이버블로그",
    "ติ๊กต๊อก", "อินสตาแกรม", "ทวิตเตอร์", "พินเทอเรสต์", "แอดไลน์", "ไลน์ออฟฟิศ",
)
# An author's, editor's or reporter's photo, or the byline beside it ("Фото автора", "صورة الكاتب",
# "Autorka blogu Jana"): whole phrases, never "autor" alone ("Kniha o autorovi" is a caption).
AUTHOR_NOUNS = {
    "author photo", "author image", "author avatar", "about the author", "author profile", "editor photo",
    "foto autora", "fotka autora", "foto autorky", "fotka autorky", "fotografie autora", "autor článku",
    "autorka článku", "autor blogu", "autorka blogu",
    "a szerző fotója", "szerző fotója", "a szerző képe", "szerző képe", "a cikk szerzője", "a blog szerzője",
    "a bejegyzés szerzője", "fotó a szerzőről", "ảnh tác giả", "hình tác giả", "ảnh của tác giả",
    "tác giả bài viết", "ảnh phóng viên", "ảnh biên tập viên", "ảnh đại diện tác giả", "фото автора",
    "фотография автора", "аватар автора", "автор статьи", "автор блога", "автор материала",
    "фото редактора", "фото журналиста", "фотографија аутора", "fotografija autora", "фото аутора",
    "слика аутора", "slika autora", "аутор чланка", "autor članka",
    "صورة الكاتب", "صورة الكاتبة", "صورة المؤلف", "صورة المحرر",
    "صورة المراسل", "كاتب المقال", "صورة كاتب المقال", "عن الكاتب",
}
AUTHOR_NOUNS_UNSPACED = (
    "작성자 사진", "작성자 프로필", "작성자 이미지", "글쓴이 사진", "필자 사진", "저자 사진", "기자 사진",
    "기자 프로필", "프로필 사진", "รูปผู้เขียน", "ภาพผู้เขียน", "รูปโปรไฟล์ผู้เขียน", "รูปนักเขียน", "ภาพนักเขียน",
    "ผู้เขียนบทความ",
)
# A cookie or consent banner ("Souhlas s cookies"): phrases, since "süti", "kolačići", "쿠키", "คุกกี้" and
# "bánh cookie" are also things to eat.
CONSENT = (
    "cookie consent", "cookie policy", "cookie settings", "privacy settings", "privacy policy", "gdpr souhlas",
    "souhlas gdpr", "gdpr compliant",
    "souhlas s cookies", "souhlas se soubory cookie", "souhlas s používáním", "soubory cookie", "soubory cookies",
    "nastavení cookies", "nastavení cookie", "cookie lišta", "zásady cookies", "používáme cookies",
    "súhlas s cookies", "zásady ochrany osobních údajů", "cookie beállítások", "süti beállítások",
    "sütibeállítások", "sütik kezelése", "sütik használata", "sütikezelés", "süti tájékoztató", "sütiszabályzat",
    "elfogadom a sütiket", "sütik elfogadása", "cookie-k", "cookie szabályzat", "adatvédelmi beállítások",
    "adatkezelési tájékoztató", "chấp nhận cookie", "chính sách cookie", "cài đặt cookie", "sử dụng cookie",
    "chính sách bảo mật", "cookie-файлы", "cookie-файлов", "файлы cookie", "файлов cookie", "файлы куки",
    "использование cookie", "согласие на cookie", "согласие на обработку", "согласие на использование",
    "политика cookie", "настройки cookie", "мы используем cookie", "политика конфиденциальности", "kolačiće",
    "колачиће", "upotreba kolačića", "korišćenje kolačića", "употреба колачића", "коришћење колачића",
    "podešavanja kolačića", "подешавања колачића", "politika kolačića", "политика колачића",
    "politika privatnosti", "политика приватности", "ملفات تعريف الارتباط", "ملفات الكوكيز", "سياسة الكوكيز",
    "إعدادات الخصوصية", "سياسة الخصوصية", "쿠키 설정", "쿠키 정책", "쿠키 동의", "쿠키 사용",
    "쿠키 허용", "개인정보 처리방침", "개인정보처리방침", "นโยบายคุกกี้", "การตั้งค่าคุกกี้", "ยอมรับคุกกี้",
    "การใช้คุกกี้", "ยินยอมคุกกี้", "นโยบายความเป็นส่วนตัว",
)
# A site's accessibility toggle ("Версия для слабовидящих"): furniture, like a cookie banner
ACCESSIBILITY = (
    "версия для слабовидящих", "версия сайта для слабовидящих", "режим для слабовидящих", "verze pro slabozraké",
    "verze pro nevidomé", "režim pro slabozraké", "akadálymentes verzió", "akadálymentes változat",
    "gyengénlátó verzió", "gyengénlátó mód", "верзија за слабовиде", "verzija za slabovide",
    "phiên bản cho người khiếm thị", "phiên bản dành cho người khiếm thị", "chế độ người khiếm thị", "시각장애인용",
    "สำหรับผู้พิการทางสายตา", "نسخة لضعاف البصر", "النسخة لضعاف البصر", "accessible version",
    "version for the visually impaired",
)
# A credit that needs no colon: "ภาพโดย สมชาย ใจดี", "사진 제공 연합뉴스", "Snimio: Petar Petrović" too. The
# verbs (CREDIT_VERBS) also open sentences ("Snimio je ovaj prizor..."): a name must follow them.
CREDIT_VERBS = (
    "снимио", "снимила", "фотографисао", "фотографисала", "snimio", "snimila", "fotografisao", "fotografisala",
    "сликао", "сликала", "slikao", "slikala",
    "fotózta", "fényképezte", "fotografoval", "fotografovala", "vyfotil", "vyfotila", "photographed by",
)
CREDIT_BY = CREDIT_VERBS + (
    "photo by", "photos by", "image by", "picture by", "ภาพโดย", "ถ่ายโดย", "รูปโดย", "ภาพถ่ายโดย", "เครดิตภาพ",
    "ที่มาภาพ", "ขอบคุณภาพ", "ảnh do", "ảnh chụp bởi", "tác giả ảnh", "nguồn ảnh", "사진 제공", "사진제공",
    "사진 출처", "фото предоставлено", "фото предоставил", "фото предоставила", "a fotót készítette",
    "fotó forrása", "kép forrása", "foto poskytl", "foto poskytla", "foto poskytnuto", "zdroj fotografie",
    "zdroj obrázku", "بعدسة", "الصورة بواسطة", "صورة بواسطة", "بعدسة المصور",
)
# Emblems of the municipality a site belongs to ("Znak obce", "Грб града"): furniture beside its name.
EMBLEM_NOUNS = {
    "znak obce", "erb obce", "znak města", "erb města", "znak městyse", "znak městské části", "грб општине",
    "grb opštine", "грб града", "grb grada", "герб города", "герб поселения", "герб района", "герб округа",
    "város címere", "község címere", "település címere", "شعار البلدية", "شعار المدينة",
}
# fmt: on


def unmarked(phrases) -> tuple[str, ...]:
    """`phrases` and, for those in Latin letters, the same without diacritics: sites and CMS slugs drop
    them ("Prihlaste se k odberu", "Sacuvajte recept", "Nezd meg a galeriat")."""
    bare = (
        "".join(c for c in unicodedata.normalize("NFD", w) if not unicodedata.combining(c))
        for w in phrases
        if all(ord(c) < 0x250 for c in w)
    )
    return tuple(dict.fromkeys((*phrases, *bare)))
