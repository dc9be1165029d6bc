"""The word lists of the alt-text rules (alt_rules.py), in English and the project's eight languages.

Extend them here, not in code elsewhere, when a new language is configured. Compared
lowercased and trimmed; Vietnamese in the new tone style ("họa", see alt_rules.fold_vi_tone).
"""

from __future__ import annotations

import re

# A letter that, of the eight languages, only Vietnamese writes: an alt with one is Vietnamese, whose words are
# syllables (a rule that counts words allows it more)
VIETNAMESE = re.compile(r"[ăâđêôơư\u1ea0-\u1ef9]")
# Korean particles and a verb's plain ending, which tie a noun into a clause ("코트 앞에서", "문제를 푸는")
KOREAN_PARTICLES = ("을", "를", "이", "가", "은", "는", "에", "에서", "의", "로", "으로", "와", "과", "다")


def length_in_words(text: str, tokens: int) -> int:
    """The length that the word limits of the banner rules compare: `tokens` whitespace tokens, or two thirds
    of them in Vietnamese, which spaces its syllables ("Giảm giá 30% tất cả các món vào thứ Ba hàng tuần" is
    twelve syllables and some eight words)."""
    return tokens if VIETNAMESE.search(text) is None else tokens * 2 // 3


# Punctuation around a word or an alt that the lists' entries are compared without.
TRIM = " .,:;!?-_()[]\"'«»„“”‚‘’*|/"

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
    "이미지", "사진", "로고", "썸네일", "대표 이미지", "배너", "자료사진", "아이콘", "광고", "메인 비주얼",
    "메인 비주얼 이미지", "메인 배너", "비주얼 이미지",
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
    "화면 캡처", "로딩중", "로딩 중", "ไม่มีรูปภาพ", "รูปสินค้า", "ภาพสินค้า", "รูปภาพสินค้า", "ภาพหน้าจอ", "กำลังโหลด",
    "제목 없음", "무제", "ไม่มีชื่อ", "ไม่มีชื่อเรื่อง", "không có tiêu đề", "không tên", "bez názvu obrázku",
    # a picture still loading or not yet there, in the cases a phrase puts it ("Kép betöltése...", "Загрузка
    # изображения", "상품 이미지 준비중": product image in preparation)
    "betöltése", "obrázku", "изображения", "фотографии", "слике", "slike", "준비중", "준비 중", "đang cập nhật",
    "coming soon", "připravujeme", "hamarosan", "скоро будет", "ускоро", "uskoro", "قريبا", "قريباً", "เร็วๆ นี้",
    # a slider's slide ("Слайд 1", "Slide 3": the number is stripped as a counter)
    "slide", "slider", "snímek", "slajd", "dia", "слайд", "слајд", "slajder", "trang chiếu", "슬라이드", "สไลด์",
    "شريحة",
    # a forum's status icons (phpBB, vBulletin): "No unread posts"
    "no unread posts", "žádné nepřečtené příspěvky", "nincsenek olvasatlan hozzászólások",
    "nincs olvasatlan hozzászólás", "không có bài viết chưa đọc", "нет непрочитанных сообщений",
    "нема непрочитаних порука", "nema nepročitanih poruka", "لا توجد مشاركات غير مقروءة", "읽지 않은 글 없음",
    "새 글 없음", "ไม่มีโพสต์ที่ยังไม่ได้อ่าน", "unread posts", "nepřečtené příspěvky", "olvasatlan hozzászólások",
    "bài viết chưa đọc", "непрочитанные сообщения", "непрочитане поруке", "nepročitane poruke",
    "مشاركات غير مقروءة", "읽지 않은 글", "โพสต์ที่ยังไม่ได้อ่าน", "new posts", "nové příspěvky",
    "új hozzászólások", "bài viết mới", "новые сообщения", "нове поруке", "nove poruke", "مشاركات جديدة", "새 글",
    "โพสต์ใหม่",
    # Vietnam's registration badge for online shops ("notified to the Ministry of Industry and Trade")
    "đã thông báo bộ công thương", "đã đăng ký bộ công thương", "đã thông báo với bộ công thương",
    # a CMS's default alts for a cover or a product's detail picture
    "ภาพหน้าปก", "รูปหน้าปก", "детальное изображение", "детальная картинка", "изображение анонса",
    "картинка анонса", "titulní obrázek", "ảnh đại diện bài viết", "насловна слика", "naslovna slika", "커버 이미지",
    "الصورة البارزة",
    # a gallery's label for an event's pictures ("ภาพกิจกรรม": activity photos)
    "ภาพกิจกรรม", "รูปกิจกรรม", "รูปภาพกิจกรรม", "ภาพบรรยากาศ", "รูปบรรยากาศ", "รูปภาพบรรยากาศ",
    "hình ảnh hoạt động", "ảnh hoạt động", "활동 사진", "행사 사진",
    "صور الفعالية", "صور النشاط", "صور من الفعالية", "fotky z akce", "fotografie z akce", "фото с мероприятия",
    "фотографии с мероприятия", "фотографије са догађаја", "fotografije sa događaja", "képek a rendezvényről",
    # a shop's gift idea and its "recommended" badge ("Quà tặng ý nghĩa", "เมนูแนะนำ ⭐")
    "gift idea", "gift ideas", "tip na dárek", "tipy na dárky", "ajándékötlet", "ajándékötletek",
    "идея для подарка", "идеи подарков", "ideja za poklon", "идеја за поклон", "quà tặng ý nghĩa",
    "ý tưởng quà tặng", "ไอเดียของขวัญ", "선물 아이디어", "선물 추천", "فكرة هدية", "أفكار هدايا", "เมนูแนะนำ",
    "สินค้าแนะนำ", "추천 메뉴", "추천메뉴", "doporučujeme", "ajánlatunk", "рекомендуем",
    "preporučujemo", "препоручујемо", "món nên thử", "الأكثر طلبا", "الأكثر طلباً",
    # a comparison's label ("Before and after") and a workshop's "At work": what kind of picture, not what it shows
    "before and after", "před a po", "předtím a potom", "előtte és utána", "előtte-utána", "до и после",
    "пре и после", "pre i posle", "prije i poslije", "trước và sau", "ก่อนและหลัง", "ก่อน หลัง", "قبل وبعد",
    "قبل و بعد", "전후", "비포 애프터", "비포 & 애프터", "at work", "při práci", "v práci", "munka közben",
    "munkában", "за работой", "в работе", "на послу", "na poslu", "у раду", "u radu", "đang làm việc",
    "ระหว่างทำงาน", "أثناء العمل", "작업 중", "작업중",
    # a team page's group photo, by its heading ("Our team"): who, not what the picture shows
    "náš tým", "náš team", "csapatunk", "a csapatunk", "наша команда", "наш тим", "naš tim", "فريقنا",
    "فريق العمل", "우리 팀", "ทีมงานของเรา", "ทีมของเรา", "đội ngũ của chúng tôi",
    # a reviewer's or a customer's stand-in picture
    "صورة العميل", "صورة المستخدم", "ảnh khách hàng", "фото покупателя", "fotka zákazníka", "vásárló képe",
    # a stock photo or a picture from the internet or a messenger, by what it is, not what it shows
    "stock photo", "stock image", "stockfoto", "stock fotografie", "fotka z fotobanky", "ilustrační foto z fotobanky",
    "stock fotó", "stockfotó", "ảnh stock", "ảnh minh họa từ internet", "стоковое фото", "стоковое изображение",
    "сток фото", "фото со стока", "стоковая фотография", "сток фотографија", "stok fotografija", "스톡 사진",
    "스톡 이미지", "ภาพสต็อก", "ภาพสต๊อก", "صورة مخزنة", "صورة واتساب", "صورة من واتساب",
    "obrázek whatsapp", "whatsapp kép", "ảnh whatsapp", "изображение whatsapp", "фото из whatsapp",
    "фото из открытых источников", "фото из интернета", "фото из сети", "изображение из интернета",
    "foto z internetu", "obrázek z internetu", "kép az internetről", "internetes kép", "ảnh internet",
    "ảnh sưu tầm", "hình ảnh sưu tầm", "ảnh từ internet", "фото са интернета", "foto sa interneta",
    "слика са интернета", "slika sa interneta", "인터넷 이미지", "인터넷 사진", "ภาพจากอินเทอร์เน็ต",
    "รูปจากอินเทอร์เน็ต", "صورة من الإنترنت", "صور من الانترنت",
    # a review widget's "on Google" ("Hodnocení 4,8 z 5 na Googlu")
    "google", "googlu", "googlem", "na googlu", "na google", "в google", "на google", "на гуглу", "na guglu",
    "a google-ön", "google-on", "trên google", "구글", "บน google", "على جوجل", "على google",
    # a template's placeholder left in ("image description", "alt text here", "test image")
    "image alt", "alt tag", "alt text here", "image description here", "test", "test image", "test alt",
    "test alt text", "sample image", "dummy image", "popis obrázku", "popis fotografie", "alternativní text",
    "kép leírása", "képleírás", "alternatív szöveg", "mô tả hình ảnh", "mô tả ảnh", "văn bản thay thế",
    "описание изображения", "описание картинки", "описание фото", "альтернативный текст", "опис слике",
    "opis slike", "алтернативни текст", "alternativni tekst", "وصف الصورة", "نص بديل", "이미지 설명", "대체 텍스트",
    "คำอธิบายภาพ", "คำอธิบายรูปภาพ", "ข้อความแสดงแทน",
    # a rating widget ("Hodnocení 4.5 z 5", "5 hvězdiček", "Рейтинг 4.5 из 5", "5 csillagos értékelés")
    "csillagos", "hvězdičkové", "hvězdičkové hodnocení", "звездочный", "звездочки", "звездице",
    "rating", "stars", "hodnocení", "hvězdiček", "hvězdičky", "értékelés", "csillag", "đánh giá", "sao",
    "рейтинг", "оценка", "звезд", "звёзд", "оцена", "ocena", "التقييم", "تقييم", "평점", "별점", "คะแนน",
    "captcha", "obrázek captcha", "reklama partnera", "реклама партнера", "quảng cáo đối tác",
    # avatars, previews, galleries, "all rights reserved"
    "صورة رمزية", "الصورة الرمزية", "الصورة الرمزية للمستخدم", "صورة مصغرة", "előnézeti kép", "előnézet",
    "felhasználó avatarja", "ảnh đại diện tác giả",
    "ảnh tác giả", "사용자 아바타", "อวตารผู้ใช้", "ภาพตัวอย่าง", "รูปตัวอย่าง", "профилна слика",
    "profilna slika", "профилна слика корисника", "profilna slika korisnika", "thư viện ảnh", "album ảnh",
    "fotogalerie", "galerie", "galéria", "фотогалерея", "галерея", "galerija", "галерија", "갤러리", "แกลเลอรี่",
    "معرض الصور", "جميع الحقوق محفوظة", "حقوق النشر محفوظة", "všechna práva vyhrazena", "minden jog fenntartva",
    "все права защищены", "sva prava zadržana", "сва права задржана", "bản quyền thuộc về", "สงวนลิขสิทธิ์",
    "모든 권리 보유", "무단 전재 및 재배포 금지", "نجوم", "نجمة", "zvezdica", "zvezdice", "звездица", "ดาว", "점",
    # a product's code ("Kód produktu: 4052899", "Артикул: 7708123"): the code goes with the counters
    "kód produktu", "katalogové číslo", "cikkszám", "termékkód", "артикул", "арт", "код товара", "šifra proizvoda",
    "шифра производа", "šifra", "шифра", "상품코드", "상품 코드", "품번", "รหัสสินค้า", "mã sản phẩm", "mã sp",
    "sku", "isbn", "issn", "ean", "ean kód", "kód ean", "mã vạch", "штрихкод", "바코드",
    "mã hàng", "mã hàng hóa", "item no", "part no", "číslo zboží", "termékszám", "номер товара", "šifra artikla",
    "шифра артикла", "품목코드", "รหัสรุ่น", "رقم المنتج",
    "رمز المنتج", "كود المنتج", "cena", "ár", "giá", "ราคา", "цена", "السعر",
    # a listing's or product's ID ("Hirdetés azonosító: HU-20931", "Mã tin: 123"): the code goes with the counters
    "id", "ref", "ref.", "kód", "azonosító", "hirdetés", "hirdetésazonosító", "hirdetés azonosító", "hirdetéskód",
    "hirdetés kód", "termékazonosító", "ingatlan azonosító", "referenciaszám", "evidenční číslo", "číslo inzerátu",
    "id inzerátu", "kód inzerátu", "kód nemovitosti", "inzerát", "mã tin", "mã tin đăng", "mã", "mã số", "mã căn",
    "mã bđs", "номер объявления", "id объявления", "код объекта", "объявление", "лот", "broj oglasa",
    "број огласа", "šifra oglasa", "шифра огласа", "id oglasa", "oglas", "оглас", "رقم الإعلان", "رقم المرجع",
    "الرقم المرجعي", "رمز العقار", "매물번호", "매물 번호", "상품번호", "상품 번호", "제품번호", "등록번호",
    "รหัส", "รหัสประกาศ", "หมายเลขประกาศ", "รหัสทรัพย์",
    # a page's part or role, which a two-word alt names twice ("상세페이지 이미지", "Hlavní obrázek")
    "상세페이지", "상세 페이지", "상세 이미지", "상세이미지", "대표이미지", "상품 상세", "상세정보", "상세 정보",
    "메인 이미지", "메인이미지", "hlavní obrázek", "hlavní foto", "úvodní obrázek", "úvodní foto",
    "náhledový obrázek", "főkép", "kiemelt kép", "ảnh chính", "ảnh chi tiết", "hình chi tiết", "главное фото",
    "главное изображение", "основное фото", "детальное фото", "glavna slika", "главна слика", "istaknuta slika",
    "истакнута слика", "الصورة الرئيسية", "صورة رئيسية", "ภาพหลัก", "รูปหลัก", "ภาพปก", "รูปปก",
    # a book's cover as the whole alt ("Obálka knihy", "책 표지"): the template's, not the book's title
    "obálka knihy", "obálka", "přebal knihy", "könyvborító", "a könyv borítója", "borító", "bìa sách",
    "ảnh bìa sách", "bìa cuốn sách", "обложка книги", "корица књиге", "korica knjige", "корица", "korica",
    "naslovnica knjige", "насловница књиге", "책 표지", "책표지", "도서 표지", "표지", "표지 이미지", "ปกหนังสือ",
    "หน้าปกหนังสือ", "ภาพปกหนังสือ", "غلاف الكتاب", "غلاف كتاب", "صورة الغلاف", "الغلاف", "book cover",
    "cover image", "cover",
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
    "번", "복사본", "สำเนา", "من", "จาก", "a", "/", "만점에", "만점", "중", "في",
    # a code's label ("ISBN 978-80-257-1234-5", "Mã SP: VIOS-G-2024"): with its code, nothing but a counter
    "isbn", "issn", "ean", "sku", "mã sp", "kód",
    # a recipe's or a guide's step ("2. lépés", "Krok 3", "Шаг 2", "Bước 1", "ขั้นตอนที่ 2", "الخطوة 2")
    "step", "krok", "lépés", "шаг", "корак", "korak", "bước", "ขั้นตอนที่", "ขั้นตอน", "الخطوة", "خطوة", "단계",
}
# A price, a date or a count leaves these around its numbers ("1 299 Kč", "15. března 2024", "Giá:
# 1.290.000 VNĐ"): with the counter words, nothing of a caption.
CURRENCIES = {
    "kč", "czk", "ft", "huf", "₽", "руб", "руб.", "р.", "дин", "дин.", "din", "din.", "rsd", "ريال", "ر.س", "درهم",
    "جنيه", "د.إ", "원", "₩", "บาท", "฿", "đ", "₫", "vnđ", "vnd", "đồng", "€", "$", "eur", "usd", "от", "od", "từ",
}
# A picture's word: before a name, the picture of whom (alt_roles); before "uploaded", a gallery's line (alt_numbers)
PICTURE_WORDS = frozenset(
    {"foto", "fotka", "fotografie", "фото", "фотография", "صورة", "ảnh", "hình", "fotó", "kép", "slika", "слика",
     "fotografija", "фотографија", "사진", "รูป", "รูปภาพ"}
)  # fmt: skip
MONTHS = set("""
ledna února března dubna května června července srpna září října listopadu prosince leden únor březen duben
květen červen červenec srpen říjen listopad prosinec január február március április május június július
augusztus szeptember október november december января февраля марта апреля мая июня июля августа сентября
октября ноября декабря январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь јануар
фебруар март април мај јун јул август септембар октобар новембар децембар januar februar mart april maj jun jul
avgust septembar oktobar novembar decembar јануара фебруара марта априла маја јуна јула августа септембра
октобра новембра децембра januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra
يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر
نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค.
ก.ย. ต.ค. พ.ย. ธ.ค. มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน
ธันวาคม tháng năm ngày
pondělí úterý středa čtvrtek pátek sobota neděle hétfő kedd szerda csütörtök péntek szombat vasárnap
понедельник вторник среда четверг пятница суббота воскресенье понедељак уторак четвртак петак субота недеља
ponedeljak utorak sreda četvrtak petak subota nedelja الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد
วันจันทร์ วันอังคาร วันพุธ วันพฤหัสบดี วันพฤหัส วันศุกร์ วันเสาร์ วันอาทิตย์ วันที่ พ.ศ. ค.ศ. 월요일 화요일 수요일
목요일 금요일 토요일 일요일 بتاريخ dne dátum дата датум
""".split())
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
