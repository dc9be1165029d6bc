"""Labels that pass as captions (crawl/alt_labels.py): a shop's or a package's name alone, an event's name
with a gallery number, a sponsor's or a review site's badge, a call to action as a slogan; Korean and Thai keyword
runs, a Vietnamese word of two syllables, and names the name rules did not know (Thai names after a title,
surnames by their suffix, rarer given names: crawl/alt_names.py); beside captions of the same words, which stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        # a shop's name alone is its logo's alt; a package's or an offer's name is a banner's
        ("Shop Công Nghệ Xanh", "vi", "alt_name"),
        ("Cửa hàng Hoa Tươi Mai Anh", "vi", "alt_name"),
        ("Prodejna Pekárna Kabát", "cs", "alt_name"),
        ("Магазин «Солнышко»", "ru", "alt_name"),
        ("باقة العروس الملكية", "ar", "alt_promo"),
        ("Balíček Romantika", "cs", "alt_promo"),
        ("Пакет «Свадебный»", "ru", "alt_promo"),
        ("Wellness csomag Harmónia", "hu", "alt_promo"),
        ("Paket Porodični", "sr", "alt_promo"),
        ("패키지 A", "ko", "alt_promo"),
        ("แพ็กเกจฮันนีมูน", "th", "alt_promo"),
        ("Gói Cưới Trọn Gói", "vi", "alt_promo"),
        ("Kamilla Virágbolt", "hu", "alt_name"),
        ("Shop hoa tươi Mai Anh", "vi", "alt_name"),  # the shop's kind, then its name
        ("Магазин игрушек Детский мир", "ru", "alt_name"),  # a name before the head word, capitalised throughout
        ("متجر الأناقة", "ar", "alt_name"),
        ("Romantikus csomag", "hu", "alt_promo"),
        ("Wellness csomag Harmónia", "hu", "alt_promo"),
        ("허니문 패키지", "ko", "alt_promo"),
        ("แพ็คเกจทัวร์ภูเก็ต 3 วัน 2 คืน", "th", "alt_promo"),
        # an event's name with a gallery's sequence number
        ("День города 2", "ru", "alt_generic"),
        ("Majáles 2024 (3)", "cs", "alt_generic"),
        ("Fesztivál 2023 - 5", "hu", "alt_generic"),
        ("Dani piva 2024 (12)", "sr", "alt_generic"),
        ("봄꽃 축제 2", "ko", "alt_generic"),
        ("งานวัด 3", "th", "alt_generic"),
        ("Lễ hội Hoa 2023 (4)", "vi", "alt_generic"),
        ("مهرجان الربيع 2", "ar", "alt_generic"),
        ("งานลอยกระทง 2566 (2)", "th", "alt_generic"),  # a Buddhist year
        ("Den města 2023 – 4", "cs", "alt_generic"),
        ("Masopust 2024 #3", "cs", "alt_generic"),
        ("Szüreti napok 2022_3", "hu", "alt_generic"),
        ("Lễ hội pháo hoa 3", "vi", "alt_generic"),
        # a sponsor's or a review site's badge
        ("تقييمات تريب أدفايزر", "ar", "alt_generic"),
        ("Szponzorunk: Tippmix", "hu", "alt_generic"),
        ("Partner: Škoda Auto", "cs", "alt_generic"),
        ("Генеральный спонсор: Сбер", "ru", "alt_generic"),
        ("Generalni sponzor: Telekom Srbija", "sr", "alt_generic"),
        ("후원: 삼성", "ko", "alt_navigation"),  # a sponsor lead (alt_words_cta)
        ("ผู้สนับสนุน: ไทยเบฟ", "th", "alt_generic"),
        ("Nhà tài trợ: Vinamilk", "vi", "alt_navigation"),
        ("Generální partner Skupina ČEZ", "cs", "alt_generic"),  # no colon, a name alone after the title
        ("Партнёр проекта: Газпром", "ru", "alt_generic"),
        ("Мы на Яндекс Картах", "ru", "alt_generic"),
        ("Kiemelt támogató: MOL", "hu", "alt_generic"),
        ("Đơn vị tài trợ: Techcombank", "vi", "alt_generic"),
        ("Értékeljen minket a Google-on!", "hu", "alt_generic"),
        ("قيّمنا على جوجل", "ar", "alt_generic"),
        ("Xem đánh giá trên Google", "vi", "alt_generic"),
        ("트립어드바이저 리뷰", "ko", "alt_generic"),
        ("آراء العملاء على جوجل", "ar", "alt_generic"),
        ("Đánh giá của khách hàng trên Google", "vi", "alt_generic"),
        ("Recenze na Google", "cs", "alt_generic"),
        ("Értékelések a Google-on", "hu", "alt_generic"),
        ("Отзывы на Яндекс Картах", "ru", "alt_generic"),
        ("네이버 리뷰", "ko", "alt_generic"),
        ("Đánh giá trên Google", "vi", "alt_generic"),
        # a call to action as a slogan
        ("Vstupenky již v prodeji!", "cs", "alt_promo"),
        ("Билеты уже в продаже!", "ru", "alt_promo"),
        ("Jegyek már kaphatók!", "hu", "alt_promo"),
        ("Ulaznice u prodaji!", "sr", "alt_promo"),
        ("Успей купить билеты!", "ru", "alt_promo"),
        ("Nenechte si ujít!", "cs", "alt_promo"),
        ("Ne hagyja ki!", "hu", "alt_promo"),
        ("ตั๋วเปิดขายแล้ว!", "th", "alt_promo"),
        ("Vé đã mở bán!", "vi", "alt_promo"),
        ("التذاكر متوفرة الآن!", "ar", "alt_promo"),
        ("지금 예약하세요!", "ko", "alt_promo"),
        ("지금 바로 방문하세요", "ko", "alt_promo"),
        ("จองเลยวันนี้!", "th", "alt_navigation"),
        ("รีบจองวันนี้!", "th", "alt_promo"),
        ("Đặt vé ngay hôm nay!", "vi", "alt_promo"),
        ("Mua ngay kẻo lỡ!", "vi", "alt_navigation"),
        ("احجز الآن!", "ar", "alt_navigation"),
        ("احجز تذكرتك الآن!", "ar", "alt_promo"),
    ],
)
def test_a_label_is_no_caption(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Khách hàng chọn áo tại Shop Công Nghệ Xanh", "vi"),
        ("Cửa hàng hoa tươi nhỏ bên hồ vào buổi sáng", "vi"),
        ("Shop hoa tươi ở Đà Lạt", "vi"),
        ("Gói bánh chưng đón Tết", "vi"),  # wrapping rice cakes for Tết
        ("Магазин игрушек в центре Москвы", "ru"),
        ("Obchod se zeleninou na náměstí v Táboře", "cs"),
        ("Магазин игрушек на Тверской улице", "ru"),
        ("العروس تحمل باقة من الورد الأبيض", "ar"),
        ("باقة ورد حمراء", "ar"),  # a bouquet of red roses
        ("عرض الألعاب النارية", "ar"),  # a fireworks show: "عرض" is a show as often as an offer
        ("Balíček dárků pod vánočním stromkem", "cs"),
        ("Пакет с продуктами на кухонном столе", "ru"),
        ("Partner Škoda Auto předává vozy hasičům", "cs"),
        ("Zavřený obchod na rohu ulice", "cs"),
        ("매장 내부 모습", "ko"),  # a shop's inside: nouns only, a caption
        ("ร้านกาแฟ ริมแม่น้ำ ในตอนเช้า", "th"),
        ("ร้านอาหารริมทะเล", "th"),  # a restaurant by the sea: a shop's kind and a place, no name
        ("패키지 여행객들이 공항에 도착했다", "ko"),
        ("นักท่องเที่ยวซื้อแพ็กเกจทัวร์ที่สนามบิน", "th"),
        # an event's photo described, or a year alone after a name with words around it
        ("Studenti na Majálesu 2024 v parku", "cs"),
        ("Концерт на Дне города в парке", "ru"),
        ("Trẻ em chơi đùa tại lễ hội năm 2023", "vi"),
        ("Фото экипажа Союз 11", "ru"),
        ("Tramvaj číslo 22", "cs"),  # an identifier's number
        # sponsors and reviews in a sentence
        ("Zástupci partnera Škoda Auto předávají šek nemocnici", "cs"),
        ("Генеральный спонсор вручает кубок победителю турнира", "ru"),
        ("Hosté píšou recenze na Google u stolu v kavárně", "cs"),
        ("삼성이 후원한 어린이 축구 대회 현장", "ko"),
        # tickets and bookings in a description
        ("Lidé stojí ve frontě na vstupenky u pokladny", "cs"),
        ("Туристы покупают билеты в кассе вокзала", "ru"),
        ("Khách du lịch đặt vé tại quầy sân bay", "vi"),
        ("Người nông dân nhanh tay hái chè", "vi"),  # deft hands, no call to action
        ("손님들이 카운터에서 예약을 확인하고 있다", "ko"),
    ],
)
def test_a_caption_of_the_same_words_stays(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        # nouns between spaces, no particle, no ending, no function word: search keywords
        ("강남 치과 임플란트 교정 미백 스케일링", "ko", "alt_keyword_list"),
        ("제주 카페 브런치 맛집 오션뷰 데이트", "ko", "alt_keyword_list"),
        ("강남역 맛집 파스타 데이트", "ko", "alt_keyword_list"),  # a search term makes four nouns a run
        ("ร้านดอกไม้ ช่อดอกไม้ ดอกกุหลาบ ส่งดอกไม้ ดอกไม้สด", "th", "alt_keyword_list"),
        ("ทัวร์เชียงใหม่ ที่พัก โรงแรม รีสอร์ท ดอยสุเทพ", "th", "alt_keyword_list"),
        # ราคาถูก (cheap) holds ถูก, a passive's marker elsewhere
        ("โรงแรมภูเก็ต ที่พักภูเก็ต โรงแรมราคาถูก จองโรงแรม ภูเก็ต", "th", "alt_keyword_list"),
        ("ทัวร์ไร่ชา เชียงราย ทัวร์ราคาถูก ไร่ชาฉุยฟง ที่เที่ยวเชียงราย", "th", "alt_keyword_list"),
        # one Vietnamese word of two syllables: a label
        ("xe đạp", "vi", "alt_too_few_words"),
        ("bánh mì", "vi", "alt_too_few_words"),
        ("Hoa hồng", "vi", "alt_too_few_words"),
        ("Áo dài", "vi", "alt_too_few_words"),
        # a name alone: a Thai title and a name, a surname by its suffix, a rarer given name
        ("คุณสมชาย ใจดี", "th", "alt_name"),
        ("นายสมศักดิ์ รักไทย", "th", "alt_name"),
        ("นางสาวสมหญิง แสนสวย", "th", "alt_name"),
        ("Radmila Vesić", "sr", "alt_name"),
        ("Радмила Весић", "sr", "alt_name"),
        ("Vlasta Nováková", "cs", "alt_name"),
        ("Kristóf Bárány", "hu", "alt_name"),
        ("Bárány Kristóf", "hu", "alt_name"),
        ("Всеволод Ильин", "ru", "alt_name"),
        ("Ярослава Белова", "ru", "alt_name"),
        ("คุณสมศรี มีสุข", "th", "alt_name"),  # "มี" (to have) inside a surname
        ("Radomír Kratochvíl", "cs", "alt_name"),
        ("Pintér Bendegúz", "hu", "alt_name"),
        ("Berta Zsigmond", "hu", "alt_name"),  # a frequent family name first, a rare given name
        ("Dobromil Jelínek", "cs", "alt_name"),
        ("Святослав Вишневский", "ru", "alt_name"),
        ("Зинаида Ковальчук", "ru", "alt_name"),
        ("Тарас Шевченко", "ru", "alt_name"),
        # a CMS's avatar alt around a user name
        ("صورة admin الرمزية", "ar", "alt_generic"),
        ("Аватар пользователя admin", "ru", "alt_generic"),
        ("Ảnh đại diện của admin", "vi", "alt_generic"),
        ("Ảnh đại diện của Nguyễn Văn A", "vi", "alt_generic"),
        ("admin profilképe", "hu", "alt_generic"),
        # a plan of the garden or the trail: a utility graphic
        ("Мапа баште", "sr", "alt_generic"),
        ("Mapa trasy", "cs", "alt_generic"),
        ("Mapa – jak se k nám dostanete", "cs", "alt_generic"),  # directions
        ("ดาว 5 ดวง", "th", "alt_generic"),  # five stars: a rating
        ("ภาพหน้าปก", "th", "alt_generic"),  # a CMS's default alt: "cover image"
        ("Гуппи эндлера фото", "ru", "alt_generic"),  # a product's name and "photo": a CMS's template
        ("คุณสมชาย", "th", "alt_name"),  # a title and a given name in one chunk: an avatar
        ("детальное изображение", "ru", "alt_generic"),  # Bitrix's "detail image"
        ("네이버 지도", "ko", "alt_generic"),  # a map platform's name
        ("Do košíku", "cs", "alt_navigation"),  # a shop's button
        ("Đặt phòng khách sạn giá tốt", "vi", "alt_navigation"),  # "book a room": a call to action
        ("Kobaltkék váza - 2. kép", "hu", "alt_generic"),  # a CMS's numbered copy with a picture's word
        ("ตารางราคาคอร์ส 2567", "th", "alt_document"),  # a price table, its type written into the word
        ("Мапа – како доћи до винарије", "sr", "alt_generic"),  # directions
        ("Náš tým", "cs", "alt_generic"),  # a team page's heading
        ("รูปภาพสินค้า", "th", "alt_generic"),
    ],
)
def test_a_run_or_a_name_is_no_caption(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("아이들이 공원에서 뛰어놀고 있다", "ko"),  # particles and an ending
        ("치과에서 임플란트 시술을 받는 환자", "ko"),
        ("강남역 앞 거리 풍경", "ko"),  # a short noun phrase
        ("서울 맛집 골목 풍경", "ko"),
        ("한국 전통 혼례 신랑 신부", "ko"),  # five nouns, no search term
        ("서울 종로구 경복궁 근정전 전경", "ko"),  # a place and its view, five nouns
        ("2023 서울 국제 도서전 개막식 현장", "ko"),
        ("부산 해운대 해수욕장 여름 피서객 풍경", "ko"),  # nouns, and a view's noun last
        ("분홍색 립스틱 케이스가 열린 모습", "ko"),  # a subject particle and an adnominal ending
        ("마을 사람들 함께 시장 구경 나선 아침", "ko"),
        ("นักท่องเที่ยว เดินชม วัดพระแก้ว ในช่วงเย็น", "th"),
        ("เด็กๆ กำลังเล่นน้ำ ที่ชายหาด พัทยา", "th"),
        ("ช้างไทย ในปางช้าง ที่เชียงใหม่ ช้างกำลังอาบน้ำ ริมลำธาร", "th"),
        ("กระเป๋าผ้าราคาถูก ถูกวางไว้ บน ชั้นวาง ในร้าน", "th"),  # ถูก as a passive still makes a clause
        ("ช่อดอกไม้ สีชมพู บน โต๊ะ ไม้", "th"),
        ("วัดพระแก้ว กรุงเทพ ประเทศไทย ยามเย็น", "th"),
        ("ชาวนา ร่วมกัน เกี่ยวข้าว ทุ่งนา ใกล้หมู่บ้าน", "th"),
        # Vietnamese: a verb in two syllables, or three syllables and more
        ("Mèo ngủ", "vi"),
        ("Trẻ em chơi", "vi"),
        ("Hoa hồng đỏ", "vi"),
        ("Xe đạp bên hồ", "vi"),
        # names in a caption, and place names of two words
        ("คุณแม่ กำลังทำอาหาร", "th"),
        ("คุณสมชาย ใจดี กำลังรดน้ำต้นไม้", "th"),
        ("Radmila Vesić na otvaranju izložbe", "sr"),
        ("Всеволод Ильин выступает на конференции", "ru"),
        ("Kristóf a könyvtárban olvas", "hu"),
        ("Mladá Boleslav v zimě", "cs"),
        ("Улица Ленина", "ru"),
        ("Площадь Пушкина", "ru"),
        ("Село Михайловское", "ru"),
        ("Náměstí Svobody", "cs"),
        ("Церковь Покрова", "ru"),  # a church, not a person
        ("Тврђава Петроварадин", "sr"),
        ("Pintér Bendegúz a színpadon", "hu"),
        ("Kutná Hora", "cs"),
    ],
)
def test_a_caption_of_a_run_or_a_name_stays(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Kép betöltése...", "hu"),  # a picture still loading, in the case a phrase puts it
        ("Načítání obrázku...", "cs"),
        ("Загрузка изображения...", "ru"),
        ("Učitavanje slike", "sr"),
        ("상품 이미지 준비중", "ko"),  # product image in preparation
        ("Hình ảnh đang cập nhật", "vi"),
    ],
)
def test_a_loading_or_missing_pictures_placeholder_is_generic(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_generic")


@pytest.mark.parametrize(
    "alt, lang",
    [("Фотографии с праздника города на главной площади", "ru"), ("Popis obrázku na zdi galerie", "cs")],
)
def test_captions_with_a_pictures_word_in_its_case_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("이전 글 보기", "ko", "alt_navigation"),  # a post's neighbour
        ("Версия для печати", "ru", "alt_navigation"),  # the print icon
        ("Předchozí článek", "cs", "alt_navigation"),
        ("د. ليلى العمري - رئيسة مجلس الإدارة", "ar", "alt_name"),  # a name and a role after a dash
        ("Jan Novák – ředitel školy", "cs", "alt_name"),
        ("تبرّع الآن وكن سبباً في بسمة يتيم", "ar", "alt_promo"),  # a charity's call to give
        ("Пожертвуйте на восстановление храма", "ru", "alt_navigation"),  # a call to act first
    ],
)
def test_a_posts_neighbours_a_staff_card_after_a_dash_and_a_call_to_give(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Jan Novák – koncert v Lucerně", "cs"),  # a scene after the dash: a preposition in it
        ("Dobrovolníci darují krev v nemocnici", "cs"),
        ("ด้านหน้าโฮสเทลในซอยนิมมานเหมินท์ 9", "th"),  # a soi's number after a clause, not a gallery's
        ("Балансирање точкова на машини", "sr"),  # Serbian Cyrillic the identifier ranks Macedonian first
    ],
)
def test_scenes_after_a_dash_a_sois_number_and_serbian_verbal_nouns_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("Kovács Anna – okleveles sommelier, üzletvezető", "hu", "alt_name"),  # a name and two roles
        ("รูปภาพกิจกรรม", "th", "alt_generic"),  # "activity pictures": a gallery's label
    ],
)
def test_a_name_with_roles_and_a_thai_gallery_label(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


def test_names_in_a_scene_stay():
    alt = "Petr Pavel, Jan Novák a Eva Malá na pódiu"
    assert alt_verdict(alt, "cs") == (alt, "ok")
