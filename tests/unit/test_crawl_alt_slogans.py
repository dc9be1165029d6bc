"""A banner's slogans (crawl/alt_slogans.py): an imperative of discovery, tasting or visiting first, a release's
"on sale from" line, and a shop's SEO sentence without commas (a buy verb or a cheap word with delivery, a price
or a city), in the eight languages; beside captions of people doing the same, which stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict


@pytest.mark.parametrize(
    "alt, lang",
    [
        # an invitation to discover, taste or visit, first
        ("اكتشف أطيب المأكولات الشعبية هذا الشتاء", "ar"),
        ("Objevte kouzlo Vánoc u nás", "cs"),
        ("Ochutnejte pravou moravskou klobásu", "cs"),
        ("Fedezze fel a Balaton ízeit!", "hu"),
        ("Kóstolja meg a szekszárdi borokat", "hu"),
        ("Откройте для себя вкус лета", "ru"),
        ("Попробуйте наши фирменные пироги", "ru"),
        ("Откријте чаролију зиме", "sr"),
        ("Posetite naš vinski podrum", "sr"),
        ("겨울 별미를 만나보세요", "ko"),
        ("ค้นพบรสชาติต้นตำรับ", "th"),
        ("Khám phá hương vị mùa đông", "vi"),
        ("Hãy đến với Đà Lạt mộng mơ", "vi"),
        # an imperative by its ending, or (Hungarian) a verb before its particle
        ("Zažijte Vánoce v Praze", "cs"),
        ("Осетите дух Божића", "sr"),
        ("Obiđite naše izložbe", "sr"),
        ("Élje át a tél varázsát", "hu"),
        ("Tekintse meg kínálatunkat", "hu"),
        ("استكشف جمال الطبيعة", "ar"),
        ("ชวนชิมอาหารพื้นเมือง", "th"),
        # a release on sale from a day, or soon
        ("Скоро в продаже", "ru"),
        ("Uskoro u prodaji novi album", "sr"),
        ("Sắp ra mắt album mới", "vi"),
        ("Нови албум „Ветар у леђа“ у продаји од петка!", "sr"),
        ("Nové album v prodeji od pátku!", "cs"),
        ("Новый альбом в продаже с пятницы", "ru"),
        ("Az új album péntektől kapható!", "hu"),
        ("새 앨범 금요일 발매!", "ko"),
        ("วางจำหน่ายแล้ววันนี้", "th"),
        ("Album mới đã có mặt!", "vi"),
        ("الألبوم الجديد متوفر الآن", "ar"),
        # a shop's SEO sentence: a buy verb or a cheap word, with delivery, a price or a city
        ("Купить книгу Мастер и Маргарита недорого с доставкой по Москве", "ru"),
        ("Koupit levně květiny s doručením Praha", "cs"),
        ("Olcsó virág rendelés házhozszállítással Budapest", "hu"),
        ("저렴한 꽃배달 당일배송 서울", "ko"),
        ("ซื้อดอกไม้ราคาถูก ส่งฟรี กรุงเทพ", "th"),
        ("Mua hoa giá rẻ giao hàng tận nơi Hà Nội", "vi"),
        ("اشتري ورد رخيص مع توصيل الرياض", "ar"),
        ("Kupiti jeftino cveće sa dostavom Beograd", "sr"),
        ("Jeftine kartice sa dostavom", "sr"),
        ("Недорогие букеты с доставкой", "ru"),
        # an exclamation, last or closing a clause; a Korean notice; a Thai "buy ... today"
        ("Jóga mindenkinek – első óra ingyen!", "hu"),
        ("Nevezz most! Early bird ár 2024. május 31-ig", "hu"),
        ("Letní tábor pro děti – přihlaste se hned!", "cs"),
        ("여름방학 별자리 캠프 참가자 모집 선착순 30명", "ko"),
        ("2024학년도 입학식 안내", "ko"),
        ("Упис нових чланова у току! Први тренинг бесплатан", "sr"),
        ("Приглашаем на экскурсию по собору! Запись по телефону", "ru"),  # an invitation
        ("Opravujeme boty od roku 1994", "cs"),  # the business and its years
        ("Ремонтируем обувь с 1994 года", "ru"),
        ("خدمة فتح الأبواب 24 ساعة اتصل الآن", "ar"),  # call now
        ("Milonga každý pátek od 20:00", "cs"),  # a schedule: "every" and an hour
        ("Friss pékáru minden reggel 6-tól", "hu"),
        ("🧵 Нова колекција", "sr"),  # a new collection
        ("ซื้อบัตรเข้าชมได้แล้ววันนี้", "th"),
    ],
)
def test_slogans_are_refused(alt, lang):
    text, reason = alt_verdict(alt, lang)
    assert text is None, (alt, reason)
    assert reason in {"alt_promo", "alt_navigation"}, (alt, reason)


@pytest.mark.parametrize(
    "alt, lang",
    [
        # people discovering, tasting, visiting, buying: a scene
        ("Turisté objevují jeskyni", "cs"),
        ("Návštěvníci ochutnávají víno na slavnostech", "cs"),
        ("Посетители пробуют вино на ярмарке", "ru"),
        ("Khách du lịch khám phá hang động", "vi"),
        ("Turisti otkrivaju pećinu u planini", "sr"),
        ("A látogatók felfedezik a barlangot", "hu"),
        ("นักท่องเที่ยวค้นพบถ้ำใหม่", "th"),
        ("السياح يكتشفون الكهف", "ar"),
        ("Zákazníci nakupují květiny na trhu", "cs"),
        ("A turisták fedezik fel a barlangot", "hu"),
        ("Péter meg Anna a parkban", "hu"),
        ("Защите природы посвящается", "ru"),
        ("Turisti obilaze izložbu", "sr"),
        ("Lekovite biljke na livadi", "sr"),
        ("Различите боје јесени", "sr"),
        ("Dívka objevuje svět", "cs"),
        ("Покупатели выбирают цветы на рынке", "ru"),
        ("Người dân mua hoa trên phố Hàng Lược", "vi"),
        ("Kurýr doručuje květiny zákaznici", "cs"),
        ("Fans stojí frontu na nové album", "cs"),
        ("Prodej vánočních kaprů na náměstí", "cs"),
        ("Mua sắm Tết tại chợ Bình Tây giá cả tăng cao", "vi"),
        ("Quầy rau giá rẻ trong chợ sáng", "vi"),
        ("แผงผลไม้ราคาถูกในตลาดเช้า", "th"),
        ("시각장애인과 함께 걷는 안내견", "ko"),  # a guide dog, not a notice
        ("호텔 로비의 안내 데스크", "ko"),
        ("ซื้อของที่ตลาดน้ำดำเนินสะดวก", "th"),  # buying at the market: a scene
        ("Ženeme koně na pastvu", "cs"),  # a blog's "we" without a business's years
        ("Každý den ráno krmíme koně", "cs"),  # a habit, no hour
        ("กราฟฟิตี้บนกำแพงในกรุงเทพ", "th"),  # graffiti, which begins like "graph"
    ],
)
def test_scenes_of_the_same_words_stay(alt, lang):
    assert alt_verdict(alt, lang)[1] == "ok", alt


@pytest.mark.parametrize(
    "alt",
    [
        "건강한 미소를 지켜드립니다",  # we keep your smile healthy (for you)
        "정성을 다해 모시겠습니다",  # we will serve you with all our heart
        "최고의 품질로 보답해 드려요",
        "언제나 곁에서 도와드릴게요",
    ],
)
def test_a_korean_promise_to_the_reader_is_a_slogan(alt):
    assert alt_verdict(alt, "ko") == (None, "alt_promo")


@pytest.mark.parametrize(
    "alt",
    [
        "치과 위생사가 환자의 스케일링을 하고 있습니다",  # a report of what happens: a caption
        "김민수 대표원장 진료 사진",  # Korean captions end in their noun, "photo" too
        "가족과 함께한 제주도 여행 사진",
    ],
)
def test_korean_reports_and_photo_nouns_stay(alt):
    assert alt_verdict(alt, "ko") == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Выставка «Городецкая роспись» открыта до 15 марта", "ru"),
        ("Пријаве отворене до 1. октобра", "sr"),  # registrations open until 1 October
        ("Výstava potrvá do 30. září", "cs"),
        ("Triển lãm mở cửa đến ngày 15/3", "vi"),
        ("عاجل: ارتفاع أسعار الخضار في الأسواق المحلية بنسبة 20%", "ar"),  # breaking news: a headline
        ("Срочно: на трассе М-4 ремонт моста", "ru"),
        ("속보: 시립도서관 임시 휴관", "ko"),
    ],
)
def test_what_is_open_until_a_day_and_breaking_news_are_notices(alt, lang):
    assert alt_verdict(alt, lang) == (None, "alt_promo")


@pytest.mark.parametrize(
    "alt, lang",
    [
        ("Vrata otvorena do 1 metra visine", "sr"),  # a size, not a day
        ("Dveře otevřeny do zahrady v létě", "cs"),
        ("Посетители в зале выставки «Городецкая роспись»", "ru"),
        ("Hasiči zasahují u požáru skladu v Kolíně", "cs"),  # a news photo's caption, no label before
    ],
)
def test_open_doors_and_news_captions_stay(alt, lang):
    assert alt_verdict(alt, lang) == (alt, "ok")


@pytest.mark.parametrize(
    "alt, lang, reason",
    [
        ("Честитамо Божић и Нову годину свим ученицима и родитељима", "sr", "alt_promo"),  # we wish you ...
        ("Srdečně Vás zveme na masopust", "cs", "alt_promo"),  # we cordially invite you
        ("영업시간 오전 11시~오후 10시", "ko", "alt_generic"),  # opening hours with "a.m." and "p.m."
        ("Фото загружено 03.04.2024", "ru", "alt_generic"),  # "photo uploaded" and a date
        (
            "محاسب قانوني عمان, تدقيق حسابات, ضريبة مبيعات, مسك دفاتر, أفضل مكتب محاسبة في الأردن",
            "ar",
            "alt_keyword_list",
        ),
    ],
)
def test_wishes_invitations_hours_uploads_and_a_superlatives_keywords(alt, lang, reason):
    assert alt_verdict(alt, lang) == (None, reason)


def test_an_enumeration_with_its_conjunction_stays():
    alt = "Na stole jsou jablka, hrušky, švestky, třešně a nejlepší meruňky ze zahrady"
    assert alt_verdict(alt, "cs") == (alt, "ok")
