"""Notices of when, promises and wishes in a site's own voice, documents of a period or scanned, ingredient lists,
fixtures, placeholders, exclamations, testimonials and staff cards are refused; captions that use the same words (a history's years, a view "from ... to", a covered veranda, a habit, a menu's dish) stay."""

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        # an event's run from a day to a day
        ("Изложба „Светлост и сенка“ од 12. марта до 20. априла 2026.", "sr", "alt_promo"),
        ("Výstava od 3. 5. do 30. 6. v Galerii Středočeského kraje", "cs", "alt_promo"),
        ("Triển lãm từ 12/3 đến 20/4 tại Bảo tàng Mỹ thuật", "vi", "alt_promo"),
        ("معرض الخط العربي من 12 مارس إلى 20 أبريل", "ar", "alt_promo"),
        # an event's hours from a time until another or a moment
        ("أمسيات رمضان: عود وطرب من الساعة 9 مساءً حتى السحور", "ar", "alt_promo"),
        ("Jazzový večer od 20 h do půlnoci", "cs", "alt_promo"),
        ("Танцы с 9 вечера до утра", "ru", "alt_promo"),
        # a closure with its dates; a Thai notice's label without a colon
        ("ประกาศ ปิดปรับปรุงสระ 1-15 มิถุนายน", "th", "alt_promo"),
        ("Zavřeno 24. 12. – 1. 1. z důvodu dovolené", "cs", "alt_promo"),
        ("휴관 안내 12월 25일", "ko", "alt_promo"),
        # a day and a range of hours; on Saturdays between two hours
        ("Ngày hội nhận nuôi thú cưng Chủ nhật 14/12, 8h–11h30 tại công viên Biển Đông", "vi", "alt_promo"),
        ("Kézműves délután gyerekeknek – szombatonként 10 és 13 óra között", "hu", "alt_promo"),
        # a discount glued to its verb in Thai
        ("สมัครเรียนวันนี้ รับส่วนลด 15% ถึง 31 ม.ค. นี้", "th", "alt_price"),
        # a title and a name
        ("수석 플래너 김지현", "ko", "alt_name"),
        # enrolment open; a Vietnamese shop's boast
        (
            "Объявляется приём в 10–12 классы на 2026/2027 учебный год. Документы принимаются с 15 июня.",
            "ru",
            "alt_promo",
        ),
        ("Ауто школа Точак – упис у току", "sr", "alt_promo"),
        ("Cửa hàng Hùng Phát - điện nước, kim khí giá rẻ nhất Hà Nội, uy tín chất lượng", "vi", "alt_promo"),
        ("Điện Nước Minh Phát – Uy tín tạo niềm tin", "vi", "alt_promo"),
        ("ออฟฟิศซินโดรม รักษาออฟฟิศซินโดรม เชียงใหม่ กายภาพบำบัด ใกล้ฉัน", "th", "alt_promo"),  # "near me"
        # a call to act still today, exclaimed
        ("Kérjen árajánlatot még ma!", "hu", "alt_promo"),
        ("Zarezervujte si stůl ještě dnes!", "cs", "alt_promo"),
        # everything in one place; a place that awaits you
        ("Всё для рыбалки в одном месте!", "ru", "alt_promo"),
        ("Minden egy helyen", "hu", "alt_promo"),
        ("الحديقة الصيفية بانتظاركم كل مساء", "ar", "alt_promo"),
        ("Těšíme se na vás u nás v kavárně", "cs", "alt_promo"),
        # the site's own wish; an Eid greeting
        ("Áldott, békés karácsonyt kívánunk minden kedves testvérünknek!", "hu", "alt_promo"),
        ("Přejeme krásné svátky a hodně zdraví", "cs", "alt_promo"),
        ("عيد أضحى مبارك - عروض خاصة لنزلائنا الكرام", "ar", "alt_promo"),
        # a document of a period
        ("Thực đơn tuần 2 tháng 12", "vi", "alt_document"),
        ("Jídelní lístek na týden 2.–6. 12.", "cs", "alt_document"),
        ("메뉴판 12월 둘째 주", "ko", "alt_document"),
        # a document's scan; a recipe's ingredients after their label
        ("Лицензия на образовательную деятельность (скан)", "ru", "alt_document"),
        ("Скан инвентарной книги 1923 года", "ru", "alt_document"),
        ("Hozzávalók: 1 kg paprika, 4 paradicsom, 2 hagyma, 20 dkg kolbász", "hu", "alt_document"),
        ("Thành phần: bột mì, đường, trứng gà", "vi", "alt_document"),
        # a fixture with its date or score
        ("Vyškov – Zlín, 12. 10. 2025", "cs", "alt_promo"),
        ("Partizan - Crvena zvezda 2:1", "sr", "alt_promo"),
        # a short exclamation: a cheer or a slogan, not a caption
        ("Плес је живот!", "sr", "alt_promo"),
        ("Büszkék vagyunk rájuk!", "hu", "alt_promo"),
        ("Hôm nay trời đẹp quá!", "vi", "alt_promo"),
        # a name with two roles, a licence or years of experience; a Vietnamese title before the name
        ("Jan Novák, jednatel a mistr truhlář", "cs", "alt_name"),
        ("Милан Петровић, UEFA A лиценца, тренер омладинаца", "sr", "alt_name"),
        ("김지수 원장 / 경력 15년", "ko", "alt_name"),
        ("Ông Trần Văn Hòa – Giám đốc", "vi", "alt_name"),
        # a customer's words in quotes and who said them
        ("“Cảm ơn nhà tang lễ đã chu đáo” – chị Lan, Q.7", "vi", "alt_chatter"),
        ("«Лучший отдых в моей жизни», Анна, Москва", "ru", "alt_chatter"),
        # an offer until a day; a sample of our work; a Korean "full of" a feeling
        ("Čipování psů – akce do 30. 6. 2024", "cs", "alt_promo"),
        ("Ukázka naší práce", "cs", "alt_generic"),
        ("Примеры наших работ", "ru", "alt_generic"),
        ("감성 가득", "ko", "alt_generic"),
        # a day's date with an hour; a Korean run of days; opening hours after a banner's dash
        ("Den otevřených dveří 14. 3. 2025 od 9:00", "cs", "alt_promo"),
        ("2025 봄 기획전 포스터 – 3월 7일부터 4월 20일까지", "ko", "alt_promo"),
        ("Летња сезона 2025 – радно време 9–21 ч", "sr", "alt_generic"),
        # a guest's review; a discount by its word; an item sold; a season's timetable; directions and a map
        ("รีวิวจากแขก: พนักงานน่ารักมาก สะอาด", "th", "alt_chatter"),
        ("Ưu đãi học phí", "vi", "alt_promo"),
        ("สินค้าขายแล้ว", "th", "alt_promo"),
        ("Bảng giờ chạy tàu mùa hè 2024", "vi", "alt_document"),
        ("Kudy k nám – mapa", "cs", "alt_generic"),
        # a price "only"; a discount with the Arabic percent sign; a service line's short number
        ("Bảo dưỡng xe đạp trọn gói chỉ 150.000đ", "vi", "alt_price"),
        ("اشترك في نشرتنا البريدية واحصل على خصم 10٪", "ar", "alt_price"),
        ("Телефон дежурной части: 112", "ru", "alt_phone"),
        # a gallery's heading "from" a section, "our" in Korean's plural, an Arabic mood of any length
        ("Z výuky", "cs", "alt_generic"),
        ("우리들의 밤", "ko", "alt_generic"),
        ("الأجواء في الحمّام مساء الجمعة", "ar", "alt_generic"),
        # a titled Arabic name and its roles; a Thai event's "meet ..." this coming Friday; bookings until a day
        ("د. سامر الخطيب، الصيدلي البيطري ومؤسس الصيدلية", "ar", "alt_name"),
        ("คืนวันศุกร์ที่ 14 ก.พ. นี้ พบกับ Siam Swing Band", "th", "alt_promo"),
        ("Резервације до 1. јуна по цени од 3.500 динара по ноћењу", "sr", "alt_promo"),
        # a Korean review's label last; thanks to the sponsors; a Hungarian "this is how"
        ("백내장 수술 후기", "ko", "alt_chatter"),
        ("Poděkování sponzorům", "cs", "alt_generic"),
        ("Így készül a szép kerámia", "hu", "alt_generic"),
        # a player's button; a name and its logo; a Korean title, a name and a specialty; free entry; what
        # customers say
        ("слушај уживо", "sr", "alt_navigation"),
        ("Citrom & Bazsalikom Fagylaltozó logó", "hu", "alt_generic"),
        ("Logo Pet Spa Bông Xù", "vi", "alt_generic"),
        ("대표원장 김서연 소아치과 전문의", "ko", "alt_name"),
        ("Фестиваль крафтового пива 14 сентября — вход свободный", "ru", "alt_promo"),
        ("Khách hàng nói: cây khỏe, giao hàng nhanh!", "vi", "alt_chatter"),
        # a doctor's card in Arabic; a booking button; Arabic hours by morning and evening; a named day and hours
        ("الدكتور سامي الخطيب، استشاري طب الأسرة", "ar", "alt_name"),
        ("احجز موعدك الآن", "ar", "alt_navigation"),
        ("ساعات العمل: من السبت إلى الخميس 9 صباحاً – 9 مساءً", "ar", "alt_generic"),
        ("Logo Lễ hội Âm nhạc Biển Xanh", "vi", "alt_generic"),
        ("Múzeumok Éjszakája 2024. június 22., 18:00–24:00", "hu", "alt_promo"),
        # a program's image: a placeholder
        ("프로그램 이미지", "ko", "alt_generic"),
        # Vietnamese counted in words, not syllables: a discount, a day's wishes; a notice with no colon
        ("Giảm giá 30% tất cả các món vào thứ Ba hàng tuần", "vi", "alt_price"),
        ("Chúc mừng ngày Nhà giáo Việt Nam 20/11", "vi", "alt_promo"),
        ("Thông báo tuyển sinh năm học 2026-2027, nhận hồ sơ từ ngày 1/3", "vi", "alt_promo"),
        ("Bảng giá tráng scan 2024", "vi", "alt_generic"),  # a name of three words and its year
        ("С Днём учителя, дорогие педагоги!", "ru", "alt_promo"),
        # a day and a whole hour by its word, as a programme gives them
        ("Свечано отварање 27. јуна у 20 часова, Градски трг – улаз слободан", "sr", "alt_promo"),
        ("2025 한빛 가족음악회 | 5월 5일(월) 오후 3시 | 전석 무료", "ko", "alt_promo"),
        ("Adventi koncert december 14-én 18 órakor a templomban", "hu", "alt_promo"),
        # "call" and a number in any groups
        ("Zahrajeme na svatbě i na plese – volejte 604 123 456", "cs", "alt_phone"),
        # a customer's words and their name in a script without case
        ("“บรรยากาศดีมาก เจ้าของใจดี จะกลับมาอีกแน่นอน” – คุณนิด จากกรุงเทพฯ", "th", "alt_chatter"),
        ("“직원분들이 정말 친절해요. 또 올게요!” – 김지은 고객님", "ko", "alt_chatter"),
        ("Velikonoční dílna proběhne v sobotu 5. 4. od 9 do 12 hodin", "cs", "alt_promo"),  # from an hour to an hour
        # a customer speaking: a Thai polite particle closing the alt; a search phrase said twice with a sales term
        ("อร่อยมาก หวานกำลังดี จะกลับมาอีกแน่นอนค่ะ", "th", "alt_chatter"),
        ("أفضل مستشفى عيون في الرياض ليزك بأفضل سعر عروض ليزك", "ar", "alt_keyword_list"),
        # an event's day and its hour in a notice's forms
        ("Hội thảo Hỗ trợ sinh sản ngày 15/3/2026 lúc 8h30", "vi", "alt_promo"),
        ("Pünkösdi vásár 2026. május 24–25., 10–18 óráig", "hu", "alt_promo"),
        ("Первый рейс навигации 2026 года отправляется 12 мая в 8:00", "ru", "alt_promo"),
        ("ลูกค้าบอกว่าน้องหมาชอบมาก ส่งไวทันใจ", "th", "alt_chatter"),  # "the customer says that ..."
        ("A Nemzeti Kulturális Alap logója", "hu", "alt_generic"),  # a name and its logo, after the article
        ("Сообщить о ЧП", "ru", "alt_navigation"),  # a report button
        ("ซื้อบัตรเลย", "th", "alt_navigation"),  # buy tickets now
        ("Đăng ký học thử miễn phí", "vi", "alt_navigation"),  # sign up for a free trial
        ("Potápění Brno, kurzy potápění, potápěčské vybavení, PADI Brno", "cs", "alt_keyword_list"),  # two words twice
        ("컴퓨터수리 노트북수리 데이터복구 출장수리 24시 강남 서초 송파", "ko", "alt_keyword_list"),  # one head thrice
        ("Nevezési határidő: május 31., 23:59", "hu", "alt_promo"),  # a deadline's label
        ('"아이가 집에서도 코딩 얘기만 해요" - 3학년 학부모', "ko", "alt_chatter"),  # spoken, and who said it
        # Korean nouns in a row closed by a shop's word: a search line
        ("재즈LP 중고LP 블루노트 중고음반 레코드판매", "ko", "alt_keyword_list"),
        ("액자 화방 미술용품 캔버스 물감 붓 액자제작 저렴한", "ko", "alt_keyword_list"),
        # a partner logo's alt: the sponsor's title alone
        ("ผู้สนับสนุนหลัก", "th", "alt_generic"),
        ("Главни спонзор", "sr", "alt_generic"),
        # a list of a shop's services with its sales term, at any length
        ("Đóng sách cổ Hà Nội, phục chế sách cũ giá rẻ, bọc bìa da, in chữ nhũ vàng lấy ngay", "vi", "alt_promo"),
        # "here" before a link's verb
        ("zde klikněte pro zvětšení", "cs", "alt_navigation"),
        ("Itt kattintson a nagyításhoz", "hu", "alt_navigation"),
    ],
)
def test_notices_promises_and_documents_of_a_period_are_refused(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Stavba mostu trvala od roku 1357 do 1402", "cs"),  # years, no day
        ("Děti od 3 do 6 let si hrají na zahradě", "cs"),  # ages, no month
        ("Pohled od 2. nádvoří do zahrady", "cs"),  # a courtyard, not a month
        ("Hrad Karlštejn od jihu", "cs"),
        ("Закрытая веранда на 40 мест", "ru"),  # covered, not closed
        ("Zavřený obchod na náměstí", "cs"),  # a closed shop with no date: a scene
        ("Dnes jsme na rybníku chytili kapra", "cs"),  # today, but no call
        ("Hôm nay trời đẹp, trẻ em chơi ngoài sân", "vi"),
        ("Ngày 12 tháng 3, học sinh lớp 5 trồng cây", "vi"),  # one date in a scene
        ("Rybáři na jednom z ostrovů na Lipně", "cs"),
        ("Thực đơn món Huế với bún bò và bánh khoái", "vi"),  # a menu's dishes
        ("Turisté čekají na vlak na nádraží", "cs"),  # waiting, not awaiting you
        ("Babička přeje vnučce k narozeninám", "cs"),  # a wish in the third person: a scene
        ("Upisani učenici u učionici prvog dana škole", "sr"),  # enrolled, not enrolment open
        ("Szombatonként a piacon sok a vásárló", "hu"),  # on Saturdays, no hour: a scene
        ("Đường 3/2 lúc 7h sáng đông xe", "vi"),  # a street named for a date, one hour
        ("Kislány 3 órás túra után pihen", "hu"),  # a three-hour hike
        ("Chợ Bến Thành đông khách vào buổi sáng", "vi"),
        ("Hrad Karlštejn – pohled z jihu, 12. 10. 2025", "cs"),  # a dash and a date, but a view, not a fixture
        ("Praha – Brno, nejrychlejší vlak 2:15 hodiny", "cs"),
        ("Пациенты на занятии скандинавской ходьбой", "ru"),  # a word that starts like a scan
        ("Nguyên liệu làm bánh chưng ngày Tết", "vi"),  # the ingredients shown, no list
        ("단체 사진", "ko"),  # a group photo: a caption says 사진
        ("Jan Novák, Petr a Eva na výletě", "cs"),  # three people in a scene, not a name and its roles
        ("„Krajina s potokem a mlýnem“ – obraz Josefa Mánesa", "cs"),  # a painting's title, not a customer's words
        ("Детский спектакль «Морозко» – Дед Мороз и Настенька", "ru"),
        ("Skok do 3. patra", "cs"),  # "until" and a number, but no offer and no date
        ("Z naší zahrady v létě pod jabloní", "cs"),  # "from our" in a scene
        ("과일이 가득한 바구니", "ko"),  # a basket full of fruit
        ("Letní tábor u rybníka 2024", "cs"),  # a season and a year, no document
        ("Ngày hội đọc sách 14/12 ở thư viện", "vi"),  # a date, no hour
        ("Mapa světa na stěně třídy", "cs"),  # a map on a wall: the picture
        ("Jawa 350", "cs"),  # a model's number, not a gallery's count
        ("Јесење бундеве, октобар 2022.", "sr"),  # a month before the year: a dated caption, not a year's label
        ("네이비 투버튼 수트", "ko"),  # a two-button suit: "button" does not head the compound
        ("조선 후기 백자", "ko"),  # late-Joseon porcelain: 후기 inside, not a review's label last
        ("هيونداي إلنترا 2023", "ar"),  # a make, a model and its year: a dealer's caption
        ("Logo Škody na budově továrny", "cs"),  # the logo on a building: a photo of it
        ("Nový banner na fasádě školy", "cs"),
        ("Фото-албуми од ланеног платна", "sr"),  # a compound, not a credit; Serbian's genitive, not Macedonian
        ("Секција виолина на проби", "sr"),  # the identifier's Macedonian at three times Serbian is not enough
        ("Слушатели в студии радио", "ru"),  # listeners, not "listen"
        ("원장 김미영 선생님이 진료를 한다", "ko"),  # a title and a name in a sentence
        ("Zápas skončil 2:1 v květnu", "cs"),  # a score and a month, no day and no hour
        # captions that look like this stop's rules' kinds, from a review of them
        ("Naskenovaná fotografie dědečka z roku 1930", "cs"),  # a scanned photo: a picture, not a document
        ("Отсканированная фотография бабушки, 1950-е годы", "ru"),
        ("백자 달항아리, 조선 후기", "ko"),  # late Joseon, not a review
        ("«Утро в сосновом лесу» — Иван Шишкин", "ru"),  # a painting's title and its painter, not a customer
        ("„Krajina s mlýnem u řeky“ – Josef Mánes", "cs"),
        ("Участники акции держат баннер", "ru"),  # a banner held up: a scene
        ("Zatmění Slunce 20. března 2015 v 10:30", "cs"),  # a photo's moment: at 10:30, not from 10:30
        ("นักท่องเที่ยวพบกับช้างป่าในอุทยานเขาใหญ่", "th"),  # tourists meet an elephant: a scene
        ("استمع الطلاب إلى محاضرة الدكتور", "ar"),  # the students listened: a past tense, not a button
        ("Hồ thủy điện chỉ còn 20% nước", "vi"),  # "only" and a share, not a price
        ("Telefon Ericsson DBH 1001, rok: 1931", "cs"),  # a telephone and its year, not a service line
        ("대표원장 진료 모습", "ko"),  # the director at work: a scene's nouns, not a name
        ("Így néz ki a kész ház", "hu"),  # how the house looks: it describes it
        ("Из Москвы", "ru"),  # from a place, not a gallery's section
        ("Học sinh lớp 5 thông báo kết quả thí nghiệm trước lớp", "vi"),  # "announce" inside a scene, not a label
        ("Tady je náš nový krám na náměstí", "cs"),  # "here" and no link's verb
        ("Trh v Hanoji, kde se dá levně nakoupit ovoce", "cs"),  # "cheaply" in a sentence, not a list
        ("โยคะบนชายหาดยามเช้า", "th"),  # yoga ends in "คะ": no particle
        ("레코드판매 매장 내부 진열대 모습", "ko"),  # a shop's nouns closed by what the picture shows
        ("중고폰 매입 상담 테이블", "ko"),
        ("ผู้ชมต่อคิวซื้อบัตรหน้าโรงละคร", "th"),  # people queue to buy tickets: a scene
        ("Jablka, hrušky, jablečný mošt a jablečné pyré", "cs"),  # an enumeration closed by "and"
        ("Спасатели 5 марта работали на завалах с 9 до 18 часов", "ru"),  # what happened from 9 to 18
        ("“별 헤는 밤” – 윤동주", "ko"),  # a poem's title and its poet: no customer's words
        ("Koncert v 19 hodin zahájil starosta obce", "cs"),  # an hour, no day: what happened
        # a day and an hour in a historical or a news photo: a year before 2020, a duration, a verb of the past
        ("Салют Победы над Москвой 9 мая 1945 года в 22 часа", "ru"),
        ("Hasiči likvidovali požár skladu 12. 3. 2024 celkem 10 hodin", "cs"),
        ("A tűzoltók 2023. augusztus 20-án 3 órán át oltották a tüzet, 6 órakor végeztek", "hu"),
        ("1월 1일 오전 7시 정동진 해변에서 해돋이를 바라보는 관광객들", "ko"),
        ("Bác Hồ đọc Tuyên ngôn Độc lập lúc 14 giờ ngày 2/9/1945", "vi"),
        ("المتظاهرون في ميدان التحرير يوم 11 فبراير 2011 بعد الساعة 6 مساء", "ar"),
        # a quoted title and its author or work, not a customer's words
        ('"저 푸른 초원 위에" – 남진', "ko"),
        ("«نحن جيل لا ينسى» – جدارية في شارع الحمراء", "ar"),
        ("“บ้าน ของ เรา ริมโขง” – คุณสมศักดิ์ ผู้ชนะการประกวดภาพถ่าย", "th"),
        # Vietnamese news with "fewer", a price or a greeting's words, a posted notice
        ("Mực nước hồ Dầu Tiếng giảm 30% so với cùng kỳ năm ngoái", "vi"),
        ("Nông dân Sóc Trăng thu hoạch hành tím, giá chỉ còn 5.000 đồng/kg", "vi"),
        ("Mừng xuân Giáp Thìn, các em nhỏ múa lân trên phố đi bộ Nguyễn Huệ", "vi"),
        ("Thông báo di dời khẩn cấp được dán tại các hộ dân ven sông", "vi"),
        ("С Днём Победы ветеранов поздравили школьники посёлка Мирный", "ru"),
        ("Tân binh nhập ngũ đợt gọi 2023 - 2024 tại huyện Củ Chi", "vi"),  # a year range after "call", no phone
        ("Phụ huynh chúc mừng các em học sinh sau lễ tổng kết năm học", "vi"),  # parents congratulate: a scene
    ],
)
def test_captions_of_the_same_words_stay(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"
