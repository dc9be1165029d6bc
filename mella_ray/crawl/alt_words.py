"""The word lists of the alt-text rules (alt_rules.py), in English and the project's eight languages.

Extend them here, not in code elsewhere, when a new language is configured. Compared
lowercased and trimmed; Vietnamese in the new tone style ("họa", see alt_rules.fold_vi_tone).
"""

from __future__ import annotations

# Words and phrases that alone say nothing about an image (compared lowercased, trimmed,
# with a trailing counter removed: "image 3", "фото-12").
# fmt: off
GENERIC = {
    # English
    "image", "img", "photo", "photograph", "picture", "pic", "logo", "icon", "banner", "thumbnail", "thumb",
    "placeholder", "untitled", "spacer", "blank", "default", "avatar", "no image", "click here", "alt", "alt text",
    "null", "none", "undefined", "illustration", "preview", "featured image", "image description",
    "photo description", "advertisement", "ad",
    # cs
    "foto", "fotografie", "obrázek", "obrazek", "ilustrační foto", "ilustrační obrázek", "náhled", "ilustrace",
    "titulní foto", "ikona", "ikonka", "miniatura",
    # hu
    "kép", "fénykép", "fotó", "illusztráció", "borítókép", "bélyegkép", "nyitókép", "ikon", "logó",
    "szalaghirdetés",
    # vi
    "ảnh", "hình", "hình ảnh", "ảnh minh họa", "hình minh họa", "hình ảnh minh họa", "ảnh đại diện", "biểu tượng",
    "quảng cáo", "ảnh bìa",
    # ru
    "изображение", "картинка", "фото", "фотография", "логотип", "иллюстрация", "превью", "миниатюра",
    "иллюстративное фото", "баннер", "иконка", "значок", "аватар", "заглушка", "реклама", "обложка",
    # sr (Cyrillic and Latin)
    "слика", "фотографија", "илустрација", "slika", "fotografija", "ilustracija", "лого", "logotip", "банер",
    "baner", "иконица", "ikonica", "reklama", "слику", "sliku",
    # ar
    "صورة", "شعار", "صورة توضيحية", "صورة تعبيرية", "الصورة", "صورة أرشيفية", "أيقونة", "بانر", "لافتة", "إعلان",
    # ko
    "이미지", "사진", "로고", "썸네일", "대표 이미지", "배너", "자료사진", "아이콘", "광고",
    # th
    "รูป", "รูปภาพ", "ภาพ", "โลโก้", "ภาพประกอบ", "แบนเนอร์", "ไอคอน", "โฆษณา", "ภาพที่", "รูปที่",
    # every language: no picture, untitled, a product's or a user's stand-in picture, screenshots, loading, QR
    "no image available", "image not found", "product image", "user avatar", "screenshot", "whatsapp image",
    "loading", "qr code", "bez názvu", "bez obrázku", "obrázek produktu", "fotka produktu", "avatar uživatele",
    "snímek obrazovky", "načítání", "načítá se", "qr kód", "nincs kép", "névtelen", "termékkép", "termékfotó",
    "képernyőkép", "képernyőfotó", "betöltés", "qr-kód", "không có ảnh", "chưa có ảnh", "hình ảnh sản phẩm",
    "ảnh sản phẩm", "ảnh chụp màn hình", "đang tải", "mã qr", "без названия", "без имени", "нет фото",
    "нет изображения", "изображение товара", "фото товара", "аватар пользователя", "снимок экрана", "скриншот",
    "загрузка", "qr-код", "без назива", "bez naziva", "нема слике", "nema slike", "слика производа",
    "slika proizvoda", "снимак екрана", "snimak ekrana", "учитавање", "učitavanje", "لا توجد صورة", "بدون عنوان",
    "صورة المنتج", "لقطة شاشة", "جار التحميل", "جاري التحميل", "이미지 없음", "상품 이미지", "제품 이미지", "스크린샷",
    "화면 캡처", "로딩중", "로딩 중", "ไม่มีรูปภาพ", "รูปสินค้า", "ภาพสินค้า", "ภาพหน้าจอ", "กำลังโหลด",
    # a template's placeholder left in ("image description", "alt text here", "test image")
    "image alt", "alt tag", "alt text here", "image description here", "test", "test image", "test alt",
    "test alt text", "sample image", "dummy image", "popis obrázku", "popis fotografie", "alternativní text",
    "kép leírása", "képleírás", "alternatív szöveg", "mô tả hình ảnh", "mô tả ảnh", "văn bản thay thế",
    "описание изображения", "описание картинки", "описание фото", "альтернативный текст", "опис слике",
    "opis slike", "алтернативни текст", "alternativni tekst", "وصف الصورة", "نص بديل", "이미지 설명", "대체 텍스트",
    "คำอธิบายภาพ", "คำอธิบายรูปภาพ", "ข้อความแสดงแทน",
    # a rating widget ("Hodnocení 4.5 z 5", "5 hvězdiček", "Рейтинг 4.5 из 5")
    "rating", "stars", "hodnocení", "hvězdiček", "hvězdičky", "értékelés", "csillag", "đánh giá", "sao",
    "рейтинг", "оценка", "звезд", "звёзд", "оцена", "ocena", "التقييم", "تقييم", "평점", "별점", "คะแนน",
    "captcha", "obrázek captcha", "reklama partnera", "реклама партнера", "quảng cáo đối tác",
    # a soft 404's illustration
    "404", "page not found", "error 404", "stránka nenalezena", "stránka nebyla nalezena", "az oldal nem található",
    "không tìm thấy trang", "страница не найдена", "ошибка 404", "страница није пронађена", "stranica nije pronađena",
    "الصفحة غير موجودة", "페이지를 찾을 수 없습니다", "ไม่พบหน้าที่คุณต้องการ", "ไม่พบหน้า",
}
# Words around a counter, a date or a copy mark that leave a generic word or a file name generic:
# "Фото 1 из 12", "Obrázek č. 4", "Screenshot 2023-05-12 at 13.45.01", "DSC_0045 копия".
COUNTER_WORDS = {
    "of", "at", "no", "no.", "nr", "nr.", "#", "№", "copy", "z", "č", "č.", "kopie", "sz", "sz.", "másolat",
    "số", "lúc", "bản sao", "trên", "из", "в", "рис", "рис.", "копия", "od", "u", "kopija", "копија", "رقم", "نسخة",
    "번", "복사본", "สำเนา",
}
# fmt: on

# Words that open a credit or source line, in the languages above.
# fmt: off
CREDIT_WORDS = (
    "photo", "photos", "photo by", "photograph", "image", "picture", "credit", "credits", "source", "copyright",
    "courtesy", "illustration", "foto", "fotó", "fotografie", "zdroj", "autor", "autorka", "forrás", "szerző",
    "ảnh", "nguồn", "tác giả", "фото", "источник", "автор", "снимок", "фотограф", "извор", "izvor", "аутор", "صورة",
    "المصدر", "تصوير", "사진", "출처", "자료", "ภาพ", "ที่มา", "เครดิต",
)
# fmt: on
# News and stock agencies: an alt that is only one of them is a credit.
# fmt: off
AGENCIES = (
    "afp", "ap", "reuters", "epa", "getty", "getty images", "shutterstock", "istock", "istockphoto",
    "depositphotos", "unsplash", "pixabay", "alamy", "dreamstime", "123rf", "ctk", "čtk", "mti", "tass", "тасс",
    "риа новости", "ria novosti", "итар-тасс", "танјуг", "tanjug", "бета", "beta", "yonhap", "연합뉴스", "뉴스1",
    "newsis", "vnexpress", "ttxvn", "xinhua", "anadolu", "wafa", "wam", "spa", "kyodo", "bernama", "dpa", "ansa",
    "efe", "pap", "sputnik", "спутник", "profimedia", "wikimedia commons", "wikipedia", "archive", "архив",
    "archiv", "arhiv", "архива",
)
# fmt: on


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
}
# fmt: on
# fmt: off
NAVIGATION_LEADS = (
    "read more", "click", "tap to", "go to", "back to", "see all", "view all", "klikněte", "klikni", "přejít na",
    "zpět na", "více o", "kattints", "kattintson", "tovább a", "tovább az", "vissza a", "vissza az", "xem thêm",
    "nhấn vào", "bấm vào", "click vào", "quay lại", "подробнее", "читать далее", "читать дальше", "перейти",
    "нажмите", "кликните", "вернуться", "опширније", "kliknite", "opširnije", "pogledajte sve", "اقرأ المزيد",
    "انقر", "اضغط", "العودة إلى", "더보기", "바로가기", "클릭", "อ่านต่อ", "อ่านเพิ่มเติม", "ดูเพิ่มเติม", "คลิก",
    # welcome lines and share or follow buttons
    "welcome to", "share on", "follow us", "vítejte", "sdílet", "sledujte nás", "üdvözöljük", "megosztás",
    "kövess minket", "chào mừng", "chia sẻ", "theo dõi chúng tôi", "добро пожаловать", "поделиться",
    "подписывайтесь", "dobrodošli", "добродошли", "podeli", "подели", "podijeli", "مرحبا بكم", "أهلا بكم", "شارك",
    "ยินดีต้อนรับ", "แชร์",
    # shop and app buttons: add to cart, buy, order, download the app, close, go to a page
    "add to", "buy now", "order now", "download on", "get it on", "přidat do", "vložit do košíku", "koupit",
    "objednat", "stáhnout z", "stáhněte si", "zavřít okno", "kosárba", "megrendelem", "letöltés a", "töltse le",
    "ugrás a főoldalra", "ugrás a tartalomra", "thêm vào giỏ", "mua ngay", "đặt hàng", "đặt mua", "tải về từ",
    "tải xuống", "tải ứng dụng", "добавить в", "в корзину", "купить", "заказать", "скачать в", "скачать из",
    "закрыть окно", "додај у", "dodaj u", "купи", "kupi", "наручи", "naruči", "преузми", "preuzmi", "иди на",
    "idi na", "أضف إلى", "أضف الى", "اشتر الآن", "اطلب الآن", "حمل التطبيق", "حمّل التطبيق", "الذهاب إلى",
    "اذهب إلى", "เพิ่มลงใน", "เพิ่มลงตะกร้า", "สั่งซื้อ", "ซื้อเลย", "ดาวน์โหลด", "ไปที่หน้า",
)
# Korean puts the verb last: a short alt that ends with one of these labels a control ("페이스북 공유하기").
NAVIGATION_TAILS = (
    "공유하기", "바로가기", "더보기", "환영합니다", "클릭하세요", "보러가기", "담기", "다운로드", "으로 이동",
    "로 이동", "구매하기", "주문하기", "자세히 보기", "닫기", "확대",
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
    "логотип", "логотипа", "лого", "иконка", "значок", "аватар", "аватарка", "кнопка", "профиля",
    "логотипом", "иконица", "ikonica", "дугме", "dugme", "профила", "profila", "банер", "baner",
    "شعار", "أيقونة", "ايقونة", "زر", "الملف الشخصي",
    "biểu tượng", "ảnh đại diện",
    # social networks: "Facebook stránka", "Мы в ВКонтакте", "Kênh YouTube", "Kövessen minket a Facebookon"
    "facebook", "facebooku", "facebookon", "instagram", "instagramu", "instagramon", "youtube", "tiktok",
    "twitter", "telegram", "telegramu", "whatsapp", "viber", "вконтакте", "вк", "одноклассники", "телеграм",
    "ютуб", "фейсбук", "фејсбук", "инстаграм", "fanpage", "zalo", "فيسبوك", "يوتيوب", "انستغرام", "تويتر",
}
CHROME_NOUNS_UNSPACED = (
    "로고", "아이콘", "썸네일", "버튼", "배너", "프로필", "โลโก้", "ไอคอน", "ปุ่ม", "แบนเนอร์", "โปรไฟล์",
    "카카오톡", "유튜브", "인스타그램", "페이스북", "트위터", "เฟซบุ๊ก", "เฟสบุ๊ค", "ยูทูบ", "ไลน์แอด",
)
# fmt: on
