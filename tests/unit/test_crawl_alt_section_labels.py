"""Labels that passed as captions on sites no one on the team had seen, each beside captions of the same words:
a notice by its label and a colon, a Korean slogan's "a place where ...", a comparison's "before and after" and
a workshop's "at work", a recipe's step, an award's label before its medal, keywords sharing one word, a shop's
SEO tail after a dash, an opening-hours widget, a map pin, a breadcrumb trail, a size chart beside its product,
a Korean event's banner, an Arabic title and a name, a mood's heading, a feeling at the head of a short alt, a
season somewhere, a slogan's "where ...", a question to the reader, a season's
greeting, badges of membership and licence, a watermark's notice, a post's category, a gift idea, a destination's
praise and a season's collection; and two-word captions that the language identifier misread (a language's own words,
which the identifier's guess does not have, keep them)."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("Thông báo: Đại hội hội viên nhiệm kỳ 2026–2031", "vi", "alt_promo"),
        ("Oznámení: změna otevírací doby o svátcích", "cs", "alt_promo"),
        ("Объявление: общее собрание членов клуба", "ru", "alt_promo"),
        ("Közlemény: a klubház zárva tart", "hu", "alt_promo"),
        ("ประกาศ: ปิดปรับปรุงสระว่ายน้ำ", "th", "alt_promo"),
        ("إعلان: اجتماع الأعضاء السنوي", "ar", "alt_promo"),
        ("공지: 휴관일 안내 드립니다", "ko", "alt_promo"),
        ("몸과 마음이 쉬어가는 곳", "ko", "alt_promo"),
        ("موسم مبارك", "ar", "alt_promo"),  # a blessed season: a greeting
        ("Děkujeme všem dobrovolníkům", "cs", "alt_promo"),  # thanks: a message
        ("Köszönjük a támogatást!", "hu", "alt_promo"),
        ("Támogatónk: Szegedi Sportközpont", "hu", "alt_generic"),  # our supporter: a sponsor's logo
        ("아름다운 추억을 만드는 곳", "ko", "alt_promo"),
        ("Před a po", "cs", "alt_generic"),
        ("До и после", "ru", "alt_generic"),
        ("Trước và sau", "vi", "alt_generic"),
        ("Munka közben", "hu", "alt_generic"),
        ("Na poslu", "sr", "alt_generic"),
        ("2. lépés", "hu", "alt_generic"),
        ("Krok 3", "cs", "alt_generic"),
        ("Шаг 2", "ru", "alt_generic"),
        ("Bước 4", "vi", "alt_generic"),
        ("ขั้นตอนที่ 2", "th", "alt_generic"),
        ("الخطوة 3", "ar", "alt_generic"),
        ("Ocenění – zlatá medaile Cremona 2018", "cs", "alt_generic"),
        ("Награда: золотая медаль", "ru", "alt_generic"),
        ("Díj: aranyérem", "hu", "alt_generic"),
        ("Íjászat Eger, íjász edzés Eger, íjászklub Eger", "hu", "alt_keyword_list"),
        ("Pekárna Brno, chléb Brno, rohlíky Brno", "cs", "alt_keyword_list"),
        ("Мебель на заказ в Костроме недорого — кухни, шкафы, столы Кострома", "ru", "alt_keyword_list"),
        ("Nyitva: H–P 8–18, Szo 8–13", "hu", "alt_generic"),  # an opening-hours widget
        ("Otevírací doba Po–Pá 9–17", "cs", "alt_generic"),
        ("Открыто с 9 до 18", "ru", "alt_generic"),
        ("영업시간 10시~22시", "ko", "alt_generic"),
        ("Локација на мапи", "sr", "alt_generic"),  # a map pin
        ("ภาพกิจกรรม", "th", "alt_generic"),  # a gallery's label
        ("Главная > Галерея", "ru", "alt_navigation"),  # a breadcrumb trail
        ("Obchod > Boty > Pánské", "cs", "alt_navigation"),
        ("Neoprénruha mérettáblázat", "hu", "alt_document"),  # a size chart beside its product
        ("Bảng size áo dài", "vi", "alt_document"),
        ("책과 함께하는 겨울방학 - 다독왕 이벤트", "ko", "alt_promo"),  # an event's banner
        ("الدكتور سامر الخطيب", "ar", "alt_name"),  # a title and a name alt_names does not know
        ("الدكتورة ليلى حسن", "ar", "alt_name"),
        ("Cô Thu Hà", "vi", "alt_name"),  # a Vietnamese teacher's title and a given name
        ("Thầy giáo Minh", "vi", "alt_name"),
        ("Незабораван дан", "sr", "alt_generic"),
        ("Téli hangulat", "hu", "alt_generic"),  # a mood's heading
        ("Atmosféra v dílně", "cs", "alt_generic"),
        ("บรรยากาศสบายๆ ริมทะเล", "th", "alt_generic"),
        ("Không khí Tết", "vi", "alt_generic"),
        ("زوارنا من كل مكان", "ar", "alt_generic"),  # our visitors from everywhere
        ("أمسية لا تُنسى", "ar", "alt_generic"),  # an unforgettable evening: a mood
        ("Nezapomenutelný večer", "cs", "alt_generic"),
        ("Một ngày tuyệt vời trên núi", "vi", "alt_generic"),
        ("Шта мислите, ко је ово?", "sr", "alt_chatter"),  # a question to the reader
        ("สวยไหมคะ", "th", "alt_chatter"),
        ("Veselé Velikonoce!", "cs", "alt_promo"),  # a season's greeting
        ("Boldog karácsonyt!", "hu", "alt_promo"),
        ("С Новым годом!", "ru", "alt_promo"),
        ("Срећна Нова година и Божић!", "sr", "alt_promo"),
        ("สวัสดีปีใหม่ 🎉", "th", "alt_promo"),
        ("Chúc mừng năm mới 2027", "vi", "alt_promo"),
        ("بوستر المهرجان 2026", "ar", "alt_document"),  # a poster and its event, in a script without case
        ("شاهد المزيد من الصور على إنستغرام", "ar", "alt_navigation"),  # see more photos on Instagram
        ("مرخص من وزارة الصحة", "ar", "alt_generic"),  # a licence's badge
        ("Člen Cechu hodinářů ČR – certifikát", "cs", "alt_generic"),  # a membership's badge
        ("Magyar Torna Szövetség tagja", "hu", "alt_generic"),
        ("Ovlašćeni diler", "sr", "alt_generic"),
        ("ⓒ 김도윤 무단 전재 및 재배포 금지", "ko", "alt_credit"),  # a watermark's notice
        ("카테고리: 거리사진", "ko", "alt_navigation"),  # a post's category
        ("Kategorie: Recepty", "cs", "alt_navigation"),
        ("Забронировать номер", "ru", "alt_navigation"),  # calls to book, to shop, to sign up
        ("تسوقي الآن", "ar", "alt_navigation"),
        ("สมัครเรียนวันนี้", "th", "alt_navigation"),
        ("เปิดทุกวันศุกร์-อาทิตย์ 17.00-23.00 น.", "th", "alt_generic"),  # opening hours, no space after the label
        ("ครูแอน", "th", "alt_name"),  # a teacher's title and a given name in one chunk
        ("สนุกสุดๆ 💃", "th", "alt_chatter"),  # talk's intensifier
        ("Quà tặng ý nghĩa", "vi", "alt_generic"),  # a gift idea
        ("เมนูแนะนำ ⭐", "th", "alt_generic"),  # a "recommended" badge with its star
        ("Hội An – Điểm đến hấp dẫn", "vi", "alt_promo"),  # a destination's praise
        ("Bộ sưu tập Thu Đông 2026", "vi", "alt_promo"),  # a season's collection
        ("مجموعة ربيع 2026", "ar", "alt_promo"),
        ("Khoảnh khắc đáng nhớ", "vi", "alt_generic"),  # a memorable moment: a mood, counted in syllables
        ("Радост у сваком дану", "sr", "alt_promo"),  # joy in every day: a slogan of "every day"
        ("Радост на сцени", "sr", "alt_generic"),  # a feeling at the head of a short alt: joy on the stage
        ("Szép emlékek a nyári táborból", "hu", "alt_generic"),  # fond memories of the summer camp
        ("Sladké potěšení pro každého", "cs", "alt_generic"),
        ("Уют и тишина", "ru", "alt_generic"),
        ("ความสุขในถ้วยชา", "th", "alt_generic"),  # happiness in a cup of tea
        ("Tinh hoa đất Việt", "vi", "alt_generic"),  # the essence of Vietnam's soil
        ("Hương vị yêu thương", "vi", "alt_generic"),
        ("행복한 시간", "ko", "alt_generic"),
        ("لحظات حلوة مع العائلة", "ar", "alt_generic"),  # sweet moments with the family
        ("Csodálatos este", "hu", "alt_generic"),  # a delightful evening
        ("Прекрасный вечер", "ru", "alt_generic"),
        ("Ősz a farmon", "hu", "alt_generic"),  # a season somewhere
        ("Зима в зоопарке", "ru", "alt_generic"),
        ("Пролеће је стигло!", "sr", "alt_promo"),  # exclaimed: a cheer (alt_slogans)
        ("Ahol a mesék életre kelnek", "hu", "alt_generic"),  # a slogan's "where ..."
        ("Mua vé ngay", "vi", "alt_promo"),  # "buy tickets now"
        ("Sezóna začíná!", "cs", "alt_promo"),  # a season opens: a notice
        ("Сезон засолки открыт", "ru", "alt_promo"),
        ("Nova sezona", "sr", "alt_promo"),
        ("Jó hangulat az órán", "hu", "alt_generic"),  # a mood in four words
        ("Погрузитесь в атмосферу праздника", "ru", "alt_generic"),  # an invitation into a mood
        ("Kliknutím obrázek zvětšíte", "cs", "alt_navigation"),  # click to enlarge
        ("© 2026 ДентАрт. Все права защищены", "ru", "alt_credit"),  # a brand in camel case: not mojibake
        ("Nhấn vào đây để xem bản đồ", "vi", "alt_navigation"),  # click here to see the map, in seven syllables
        ("อร่อยมาก ต้องลองให้ได้!", "th", "alt_promo"),  # very tasty, you must try it! exclaimed
        ("Незаборавно вече у музеју", "sr", "alt_generic"),
        ("บริการดีเยี่ยม ประทับใจลูกค้า", "th", "alt_generic"),  # excellent service, impressed customers
        ("สนุกสุดมันส์ ประทับใจไม่รู้ลืม", "th", "alt_generic"),
        ("Ngon tuyệt vời luôn!", "vi", "alt_generic"),  # absolutely delicious: a reaction
        ("Анонс: экскурсия по купеческому Касимову — 12 сентября", "ru", "alt_promo"),  # an announcement's label
        ("Радионица портретне фотографије – пријаве до 15. октобра", "sr", "alt_promo"),  # apply by a day
        ("대표원장 김서연", "ko", "alt_name"),  # the head doctor's title and her name
        ("진료시간 평일 09:00~18:00", "ko", "alt_generic"),  # a clinic's hours
        ("Ordinační hodiny Po–Pá 7–15", "cs", "alt_generic"),
        ("معمول بالتمر - علبة 1 كغ - 8 دنانير", "ar", "alt_price"),  # a price closing a listing after a dash
        ("Ноћење са доручком – 2.500 динара по особи", "sr", "alt_price"),  # per person: a tariff
        ("센터장 의학박사 이정훈", "ko", "alt_name"),  # two titles and a name
        ("메인 비주얼 이미지", "ko", "alt_generic"),  # "main visual image"
        ("Hương vị truyền thống", "vi", "alt_generic"),  # a traditional flavour: a feeling in four syllables
        ("الصيدلانية ريم الخطيب", "ar", "alt_name"),  # the pharmacist and her name
        ("Расписание на лето 2026: отправление в 8:00, 12:30 и 17:45", "ru", "alt_promo"),  # a timetable
        ("Пријави се до 15. марта и уштеди 20%", "sr", "alt_price"),  # save 20%: an offer
        ("Khỏe đẹp mỗi ngày", "vi", "alt_promo"),  # a slogan that ends in "every day"
        ("طازج كل يوم", "ar", "alt_promo"),
        ("У амурских тигров родились тигрята — подробности в нашей новости", "ru", "alt_navigation"),  # a teaser
        ("Koncert v sobotu – více v článku", "cs", "alt_navigation"),
    ],
)
def test_labels_are_refused(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Đại hội hội viên thông báo kết quả bầu cử ban chấp hành", "vi"),  # "notice" inside a sentence
        ("Na nástěnce visí oznámení o změně otevírací doby", "cs"),
        ("제주 올레길 7코스의 해안 절벽", "ko"),
        ("아이들이 뛰노는 곳에 핀 벚꽃", "ko"),  # 곳 inside the caption, not closing it
        ("Dům před a po rekonstrukci fasády", "cs"),
        ("Kovář při práci v dílně nad kovadlinou", "cs"),
        ("Шаг за шагом дети учатся кататься на коньках", "ru"),
        ("Šaška ve třetím kroku tance", "cs"),
        ("Zlatá medaile pro Martinu Sáblíkovou na olympiádě", "cs"),
        ("Praha, Brno a Ostrava v zimě", "cs"),
        ("Jablka, hrušky, švestky na stole", "cs"),
        ("Nádraží v Brně – nástupiště, hala, pokladny", "cs"),
        ("Otevřeno nové oddělení nemocnice v Brně", "cs"),
        ("Mapa Prahy z roku 1850", "cs"),
        ("Turisté se dívají na mapu města", "cs"),
        ("이벤트 현장에서 아이들이 풍선을 들고 있다", "ko"),
        ("الأستاذ يشرح الدرس للطلاب", "ar"),  # a title and a verb: a scene
        ("الدكتور في عيادته مع مريض", "ar"),
        ("Vánoční atmosféra na Staroměstském náměstí v Praze", "cs"),
        ("บรรยากาศงานเทศกาลอาหารริมทางยามค่ำคืนที่ประตูท่าแพ 15 มกราคม 2569", "th"),
        ("Ô nhiễm không khí ở Hà Nội", "vi"),
        ("กิจกรรมวันเด็ก 10 มกราคม 2569 แจกขนมให้นักเรียน", "th"),  # 10 January, not 10 mg
        ("ทอผ้าไหมไทย", "th"),  # silk (ไหม), not a question
        ("Cô bé bán diêm", "vi"),  # the little match girl: lower case after the title
        ("Člen hasičského sboru hasí požár", "cs"),  # a member of no association: a scene
        ("A csapat tagja gólt lő a meccsen", "hu"),
        ("ครูสอนเด็กวาดภาพในห้องเรียน", "th"),
        ("Van Gogh maloval slunečnice v Arles", "cs"),
        ("Bộ sưu tập tem cổ của ông nội", "vi"),  # a collection of stamps, no season
        ("Không khí lạnh tràn về Hà Nội sáng nay, người dân mặc áo ấm đi làm", "vi"),
        ("Anh Tuấn đang sửa xe máy", "vi"),
        ("Vánoční trhy na Staroměstském náměstí", "cs"),
        ("Lidé slaví Nový rok ohňostrojem nad Prahou", "cs"),
        ("ملصق يوضح طريقة غسل اليدين للأطفال", "ar"),
        ("กราฟฟิตี้บนกำแพงในกรุงเทพ", "th"),  # graffiti: a word that starts like a chart (กราฟ)
        ("صانع البوظة يدق البوظة بالمدقة الخشبية", "ar"),  # a verb and a preposition: a sentence, no keywords
        ("Rózsaszín kupakos, 50 ml-es női eau de parfum", "hu"),  # what holds the product: the photo's description
        ("Краснодарский чёрный чай, 100 г, в крафтовом пакете", "ru"),
        ("Tradicionális reflexíj", "hu"),  # read as Galician by the identifier
        ("Történelmi templom télen", "hu"),
        ("Radost dětí na pískovišti u řeky", "cs"),  # the feeling's owners and where: a scene
        ("Emlékmű a főtéren", "hu"),  # a monument (emlékmű), not memories
        ("Klidná hladina rybníka za úsvitu", "cs"),  # calm as an adjective of the water
        ("Зима в Карелии: замёрзшее озеро и сосны", "ru"),
        ("ความสุขของเด็กๆ ที่ได้เล่นน้ำในสระว่ายน้ำของโรงเรียน", "th"),
        ("Vẻ đẹp của vịnh Hạ Long lúc bình minh", "vi"),
        ("행복한 가족이 공원에서 소풍을 즐기는 모습", "ko"),
        ("حبات الهيل الأخضر في وعاء نحاسي", "ar"),  # grains (حبات), not love (حب)
        ("Krásná vyhlídka na Pražský hrad", "cs"),
        ("Нови дресови за сезону 2026/27", "sr"),
        ("김서연 대표원장의 진료 모습", "ko"),  # the doctor at work: a scene
        ("Hương vị phở Hà Nội trong tô sành", "vi"),  # the dish named
        ("Trâu cày ruộng trên cánh đồng mỗi ngày", "vi"),  # a habit in a scene
        ("Sraz účastníků v 8:30 u kostela", "cs"),  # one time in a scene
        ("Turisté u stánku s medovinou za 60 Kč na jarmarku", "cs"),  # a price inside a scene
        ("Пријаве за радионицу у градској библиотеци", "sr"),
        (
            "Nhấn vào nút đỏ trên máy pha cà phê, nước nóng chảy ra từ vòi",
            "vi",
        ),  # a scene that starts alike  # new jerseys for the season
        ("Lyžaři na začátku sezóny v Krkonoších", "cs"),
        ("Nhà ngay cạnh chợ Bến Thành", "vi"),  # "ngay" before a place: right by the market
        ("Hrad Karlštejn – více než 600 let starý", "cs"),  # "more than", not a link's "more"
    ],
)
def test_captions_of_the_same_words_stay(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok"


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Vista de la ciudad vieja", "hu"),
        ("Casa de campo con jardín", "cs"),
        ("Kirchturm im Schnee", "hu"),
        ("Pohľad na Vysoké Tatry v zime", "cs"),  # Slovak: its words are Slovak's too
    ],
)
def test_other_languages_stay_refused(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_other_language")
