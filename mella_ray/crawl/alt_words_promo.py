"""The word lists of the banner rules (alt_banners.py), in English and the project's eight languages: a
shop's sales terms, the names of documents and graphics, a file's type, and the photo words of a numbered
gallery. Compared lowercased; Vietnamese in the new tone style (alt_rules.fold_vi_tone).
"""

from __future__ import annotations

# A shop's sales terms (genuine, cheap, instalments, free shipping, best price, sale, new arrival, hot
# deal, bestseller, in stock): a short alt with one is a banner, a segment of a product's alt that is one
# is an advertisement ("Laptop ASUS Vivobook 15 - Chính hãng - Giá rẻ - Trả góp 0%"). Only phrases no
# caption needs: not "akce"/"акция"/"akcija" (an event, a protest), "عروض" (shows), "세일" (세일러문),
# "신상" (신상정보), bare "olcsó"/"رخيص" (a cheap meal is a caption's subject too), "povoljno" (favourable
# weather), "raktáron" (in a warehouse), "พร้อมส่ง" (พร้อมส่งมอบ: ready to hand over), "มาใหม่" (come again).
# fmt: off
SALES_TERMS = (
    "free shipping", "free delivery", "best price", "lowest price", "hot deal", "best seller", "bestseller",
    "new arrival", "new arrivals", "flash sale", "big sale", "mega sale", "sale off", "100% original",
    "in stock", "0% installment",
    # cs
    "doprava zdarma", "poštovné zdarma", "nejlepší cena", "nejnižší cena", "za nejlepší cenu", "výprodej",
    "akční cena", "akční nabídka", "nejprodávanější", "skladem", "na splátky", "levně", "originální zboží",
    "100% originál", "nově naskladněno", "nově v nabídce", "výhodná nabídka",
    # hu
    "ingyenes szállítás", "ingyenes kiszállítás", "ingyen szállítás", "legjobb ár", "legjobb áron",
    "kiárusítás", "leárazás", "akciós ár", "akciós áron", "sikertermék", "raktárról azonnal", "részletfizetés",
    "olcsón", "olcsó áron", "eredeti termék", "100% eredeti", "most érkezett", "szuper ajánlat",
    # vi
    "chính hãng", "hàng chính hãng", "giá rẻ", "giá tốt", "giá tốt nhất", "giá sốc", "giá hủy diệt", "trả góp",
    "miễn phí vận chuyển", "freeship", "free ship", "miễn phí giao hàng", "giao hàng miễn phí", "khuyến mãi",
    "khuyến mại", "giảm giá", "hàng mới về", "bán chạy", "bán chạy nhất", "siêu sale", "còn hàng",
    "hàng có sẵn",
    # ru
    "бесплатная доставка", "доставка бесплатно", "лучшая цена", "низкая цена", "низкие цены",
    "по низкой цене", "выгодная цена", "распродажа", "хит продаж", "бестселлер", "в наличии", "рассрочка",
    "в рассрочку", "100% оригинал", "оригинальная продукция", "дешево", "дёшево", "недорого", "спецпредложение",
    "новинка сезона", "новинки сезона", "новое поступление", "горячее предложение", "выгодное предложение",
    # sr (both scripts)
    "besplatna dostava", "бесплатна достава", "najbolja cena", "најбоља цена", "akcijska cena",
    "акцијска цена", "rasprodaja", "распродаја", "sniženje", "снижење", "najprodavanije", "најпродаваније",
    "na stanju", "на стању", "na rate", "на рате", "jeftino", "јефтино", "originalni proizvod",
    "оригинални производ", "novo u ponudi", "ново у понуди", "hit ponuda", "хит понуда", "super ponuda",
    "супер понуда",
    # ar
    "شحن مجاني", "الشحن مجاني", "توصيل مجاني", "التوصيل مجاني", "أفضل سعر", "افضل سعر", "بأفضل سعر", "بافضل سعر",
    "بأفضل الأسعار",
    "أفضل الأسعار", "سعر مميز", "تخفيضات", "الأكثر مبيعا", "الأكثر مبيعاً", "وصل حديثا", "وصل حديثاً",
    "بالتقسيط", "تقسيط", "منتج أصلي", "أصلي 100%", "بسعر رخيص", "عرض خاص", "عرض ساخن", "عرض لفترة محدودة",
    # ko (at a word's start: endings attach)
    "무료배송", "무료 배송", "최저가", "특가", "초특가", "핫딜", "베스트셀러", "정품", "무이자 할부", "할부",
    "당일배송", "당일 배송", "당일발송", "인기상품", "품절임박", "한정수량", "신상품", "타임딜", "초저가",
    # every language: a new collection ("🧵 Нова колекција")
    "new collection", "nová kolekce", "új kollekció", "новая коллекция", "нова колекција", "nova kolekcija",
    "bộ sưu tập mới", "신상 컬렉션", "คอลเลคชั่นใหม่", "مجموعة جديدة",
    # every language: a discount by its word ("Ưu đãi học phí", "Sleva na kurzovné"), an item sold ("สินค้าขายแล้ว")
    "ưu đãi", "sleva", "slevy", "kedvezmény", "скидка", "скидки", "popust", "попуст", "할인", "ส่วนลด", "خصم",
    "sold", "sold out", "prodáno", "vyprodáno", "eladva", "elkelt", "продано", "prodato", "продато", "đã bán",
    "hết hàng", "판매완료", "품절", "ขายแล้ว", "สินค้าขายแล้ว", "تم البيع", "نفدت الكمية",
    # th (at a chunk's start)
    "ราคาถูก", "ส่งฟรี", "จัดส่งฟรี", "ของแท้", "แท้ 100%", "แท้100%", "ขายดี", "สินค้าขายดี", "ลดราคา",
    "โปรโมชั่น", "โปรโมชัน", "ผ่อน 0%", "ผ่อน0%", "สินค้าใหม่", "ราคาพิเศษ", "ถูกที่สุด",
    "เก็บเงินปลายทาง", "ลดกระหน่ำ", "ราคาดีที่สุด", "ดีลเด็ด", "ดีลพิเศษ",
)
# Documents and graphics by their type: an alt that starts with one and a separator ("Плакат - Студеничка
# литургија 2025", "Etiketa - Hradní 11") or is only one, with a number or a year ("ตารางไซส์", "Ceník
# 2024"), names a poster, flyer, label, size chart, menu card, price list, timetable, brochure,
# certificate, infographic, diagram or screenshot, not what a photograph shows.
DOCUMENTS = (
    "poster", "flyer", "leaflet", "label", "size chart", "size guide", "menu", "price list", "pricelist",
    # a recipe's or a label's list, a licence ("Hozzávalók: 1 kg paprika, 4 paradicsom, ...")
    "ingredients", "licence", "license", "složení", "suroviny", "hozzávalók", "összetevők", "engedély",
    "ингредиенты", "лицензия", "sastojci", "састојци", "licenca", "лиценца", "thành phần", "nguyên liệu",
    "giấy phép", "المكونات", "ترخيص", "재료", "허가증", "ส่วนผสม", "วัตถุดิบ", "ใบอนุญาต",
    # a webcam's snapshot under its name ("Веб-камера: вершина")
    "webcam", "web camera", "webkamera", "веб-камера", "вебкамера", "веб камера", "веб-камера онлайн", "웹캠",
    "เว็บแคม", "كاميرا مباشرة", "camera trực tiếp",
    "timetable", "schedule", "brochure", "certificate", "infographic", "diagram", "chart", "screenshot",
    # cs
    "plakát", "plakátek", "leták", "etiketa", "tabulka velikostí", "velikostní tabulka", "jídelní lístek",
    "menu", "ceník", "jízdní řád", "rozvrh", "harmonogram", "brožura", "prospekt", "certifikát", "osvědčení",
    "diplom", "infografika", "diagram", "schéma", "graf", "snímek obrazovky",
    # hu
    "plakát", "poszter", "szórólap", "címke", "etikett", "mérettáblázat", "mérettábla", "étlap", "menü",
    "árlista", "menetrend", "órarend", "brosúra", "prospektus", "tanúsítvány", "oklevél", "infografika",
    "diagram", "ábra", "grafikon", "képernyőkép", "képernyőfotó",
    # vi
    "áp phích", "poster", "tờ rơi", "nhãn mác", "bảng size", "bảng kích thước", "bảng kích cỡ",
    "thực đơn", "menu", "bảng giá", "lịch trình", "thời khóa biểu", "lịch chạy", "tài liệu", "brochure",
    "bảng giờ", "giờ tàu chạy", "lịch tàu",
    "chứng nhận", "giấy chứng nhận", "chứng chỉ", "infographic", "sơ đồ", "biểu đồ", "ảnh chụp màn hình",
    # ru
    "плакат", "постер", "афиша", "листовка", "флаер", "этикетка", "таблица размеров", "размерная сетка",
    "меню", "прайс-лист", "прайс", "расписание", "буклет", "брошюра", "сертификат", "свидетельство", "диплом",
    "грамота", "инфографика", "диаграмма", "схема", "график", "скриншот", "снимок экрана",
    # sr (both scripts)
    "плакат", "plakat", "постер", "leci", "letak", "летак", "flajer", "флајер", "etiketa", "етикета",
    "tabela veličina", "табела величина", "jelovnik", "јеловник", "meni", "мени", "cenovnik", "ценовник",
    "red vožnje", "ред вожње", "raspored", "распоред", "brošura", "брошура", "sertifikat", "сертификат",
    "diploma", "диплома", "infografika", "инфографика", "dijagram", "дијаграм", "šema", "шема", "grafikon",
    "графикон", "snimak ekrana", "снимак екрана",
    # ar
    "ملصق", "بوستر", "منشور", "مطوية", "نشرة", "جدول المقاسات", "دليل المقاسات", "قائمة الطعام", "المنيو",
    "منيو", "قائمة الأسعار", "جدول المواعيد", "الجدول الزمني", "كتيب", "بروشور", "شهادة", "إنفوجرافيك",
    "انفوجرافيك", "رسم بياني", "مخطط", "لقطة شاشة",
    # ko
    "포스터", "전단지", "전단", "리플렛", "라벨", "사이즈표", "사이즈 표", "사이즈 가이드", "사이즈가이드",
    "메뉴판", "가격표", "요금표", "시간표", "브로셔", "브로슈어", "팸플릿", "인증서", "자격증", "수료증",
    "인포그래픽", "다이어그램", "도표", "그래프", "스크린샷",
    # th
    "โปสเตอร์", "ใบปลิว", "แผ่นพับ", "ฉลาก", "ตารางไซส์", "ตารางขนาด", "ไซส์ชาร์ต",
    "ตารางราคา", "เรทราคา", "ตารางเวลา", "ตารางเรียน", "โบรชัวร์", "ใบรับรอง", "ประกาศนียบัตร", "เกียรติบัตร",
    "อินโฟกราฟิก", "แผนภาพ", "แผนผัง", "กราฟ", "ภาพหน้าจอ",
)
# A size chart, the one document a short alt names at any place ("Neoprénruha mérettáblázat", "Bảng size áo dài":
# the product's name beside it)
SIZE_CHARTS = (
    "size chart", "size guide", "tabulka velikostí", "velikostní tabulka", "mérettáblázat", "mérettábla",
    "таблица размеров", "размерная сетка", "tabela veličina", "табела величина", "bảng size", "bảng kích thước",
    "bảng kích cỡ", "ตารางไซส์", "ตารางขนาด", "ไซส์ชาร์ต", "사이즈표", "사이즈 표", "사이즈 가이드", "사이즈가이드",
    "جدول المقاسات", "دليل المقاسات",
)
# A file's type and a word to download or open it: a link's icon ("Stáhnout PDF", "تحميل PDF")
FILE_TYPES = ("pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "rtf", "csv", "zip", "rar", "epub")
FILE_VERBS = (
    "download", "open", "view", "stáhnout", "stáhněte", "stažení", "ke stažení", "otevřít", "letöltés",
    "letöltése", "letölthető", "töltse le", "megnyitás", "megnyitása", "tải", "tải về", "tải xuống", "xem",
    "mở", "скачать", "скачайте", "открыть", "загрузить", "preuzmi", "preuzmite", "преузми", "преузмите",
    "otvori", "отвори", "تحميل", "تنزيل", "حمل", "فتح", "다운로드", "다운", "열기", "내려받기", "ดาวน์โหลด",
    "เปิด", "โหลด",
)
# The photo words of a numbered gallery ("Фото с выставки 3", "졸업식 사진 1", "Galerie akce 5"): the
# generic words (alt_words.GENERIC) that name a picture or a gallery, and their plurals
GALLERY_WORDS = {
    "photos", "images", "pictures", "fotky", "obrázky", "snímky", "képek", "fotók", "фотографии", "фотки",
    "изображения", "картинки", "слике", "фотографије", "slike", "fotografije", "الصور",
    "image", "photo", "picture", "pic", "gallery", "foto", "fotka", "fotografie", "obrázek", "snímek",
    "galerie", "fotogalerie", "kép", "fénykép", "fotó", "galéria", "ảnh", "hình", "hình ảnh", "thư viện ảnh",
    "album ảnh", "изображение", "картинка", "фото", "фотография", "галерея", "фотогалерея", "слика",
    "фотографија", "slika", "fotografija", "galerija", "галерија", "صورة", "الصورة", "صور", "معرض الصور",
    "이미지", "사진", "갤러리", "รูป", "รูปภาพ", "ภาพ", "ภาพถ่าย", "แกลเลอรี่",
}
# fmt: on
