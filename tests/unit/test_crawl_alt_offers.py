"""A business's own voice as alt (alt_offers): slogans to the reader, announcements, online sales, weather
widgets, compound photo credits, a headline's "more" link, a user's picture and SEO keyword lists, in the
eight languages, each beside captions of the same words that must stay."""

from __future__ import annotations

import pytest

from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_offers import credit_compound, seo_keywords

REFUSED = [
    # the reader addressed
    ("cs", "Spolehlivý servis vašeho vozu v Brně", "alt_promo"),
    ("cs", "Váš spolehlivý partner", "alt_promo"),
    ("cs", "Mechanik opravuje váš vůz", "alt_promo"),  # a caption names the car's owner, not "your"
    ("hu", "Az Ön otthona, a mi gondunk", "alt_promo"),
    ("ru", "Ваш надёжный автосервис", "alt_promo"),
    ("sr", "Ваш дом – наша брига", "alt_promo"),
    ("ko", "고객님의 차를 책임집니다", "alt_promo"),
    ("th", "รถของคุณ เราดูแล", "alt_promo"),
    ("vi", "Chăm sóc xe của bạn", "alt_promo"),
    ("ar", "سيارتك في أيد أمينة", "alt_promo"),
    # an announcement
    ("cs", "Sezóna 2024/25 zahájena!", "alt_promo"),
    ("ru", "Сезон открыт!", "alt_promo"),
    ("hu", "Nyitva a szezon!", "alt_promo"),
    ("sr", "Otvorena sezona!", "alt_promo"),
    ("ko", "시즌 오픈!", "alt_promo"),
    ("th", "เปิดฤดูกาลแล้ว!", "alt_promo"),
    ("vi", "Khai trương mùa mới!", "alt_promo"),
    ("ar", "افتتاح الموسم!", "alt_promo"),
    # tickets online, at a discount
    ("ru", "Билеты онлайн со скидкой", "alt_promo"),
    ("cs", "Vstupenky online se slevou", "alt_promo"),
    ("hu", "Jegyek online kedvezménnyel", "alt_promo"),
    ("sr", "Karte onlajn sa popustom", "alt_promo"),
    ("ko", "온라인 할인 예매", "alt_promo"),
    ("ar", "تذاكر أونلاين بخصم", "alt_promo"),
    ("vi", "Đặt tour ngay – Giảm 15% cho nhóm từ 10 người", "alt_price"),
    ("vi", "Đặt vé trực tuyến", "alt_promo"),
    ("ru", "Скидка для студентов на билеты", "alt_promo"),
    ("vi", "Giảm giá vé cho học sinh", "alt_promo"),
    ("th", "ส่วนลดตั๋วเข้าชม", "alt_promo"),
    ("th", "จองตั๋วออนไลน์", "alt_promo"),
    ("ko", "온라인 예매", "alt_promo"),
    # a weather widget
    ("cs", "Počasí: sněžení -5 °C", "alt_generic"),
    ("ru", "Погода: -3°C, снег", "alt_generic"),
    ("hu", "Időjárás: 12 °C", "alt_generic"),
    ("sr", "Vreme: sunčano 24 °C", "alt_generic"),
    ("ko", "날씨 맑음 23℃", "alt_generic"),
    ("th", "อากาศวันนี้ 32°C", "alt_generic"),
    ("vi", "Thời tiết: 28°C", "alt_generic"),
    ("ar", "الطقس: 35 درجة", "alt_generic"),
    ("vi", "Thời tiết Hà Nội hôm nay 30 độ", "alt_generic"),
    ("hu", "Mai időjárás: napos, 25 fok", "alt_generic"),
    ("th", "พยากรณ์อากาศ 35 องศา", "alt_generic"),
    ("ko", "현재 기온 18도", "alt_generic"),
    ("cs", "Praha dnes: 5 °C, zataženo", "alt_generic"),
    ("ko", "서울 흐림 5℃", "alt_generic"),
    # a credit by a compound or a trade
    ("hu", "Koncertfotó: Nagy Péter", "alt_credit"),
    ("cs", "Fotografie: Jan Novák", "alt_credit"),
    ("ru", "Фотограф: Иван Петров", "alt_credit"),
    ("sr", "Фото: Марија П.", "alt_credit"),
    ("ko", "사진작가: 김민수", "alt_credit"),
    ("th", "ช่างภาพ: สมชาย", "alt_credit"),
    ("vi", "Nhiếp ảnh: Minh Anh", "alt_credit"),
    ("ar", "تصوير: أحمد علي", "alt_credit"),
    ("ko", "사진 김민수 기자", "alt_credit"),
    ("th", "ช่างภาพ สมชาย ใจดี", "alt_credit"),
    ("cs", "Foto a text: Jan Novák", "alt_credit"),
    # a headline with its link's label
    ("hu", "Szombat esti jam session – részletek", "alt_navigation"),
    ("cs", "Koncert v sobotu – více", "alt_navigation"),
    ("ru", "Новый сезон — подробнее", "alt_navigation"),
    ("sr", "Нова сезона – детаљније", "alt_navigation"),
    ("th", "คอนเสิร์ต - อ่านต่อ", "alt_navigation"),
    ("vi", "Đêm nhạc jazz - Xem chi tiết", "alt_navigation"),
    ("ar", "حفل الجاز - التفاصيل", "alt_navigation"),
    ("ru", "Концерт в субботу → Подробнее", "alt_navigation"),
    ("hu", "Szombat esti koncert (részletek)", "alt_navigation"),
    ("sr", "Nova sezona: detaljnije", "alt_navigation"),
    ("th", "คอนเสิร์ตวันเสาร์ ดูรายละเอียด", "alt_navigation"),
    ("ar", "حفل الجاز: التفاصيل", "alt_navigation"),
    # a user's picture
    ("ar", "صورة المستخدم أحمد", "alt_generic"),
    ("hu", "Felhasználó képe: Anna", "alt_generic"),
    ("vi", "Ảnh đại diện của Minh", "alt_generic"),
    ("sr", "Profilna slika korisnika Marko", "alt_generic"),
    ("hu", "Anna profilképe", "alt_generic"),
    ("cs", "Fotka uživatele Petr Novák", "alt_generic"),
    ("th", "รูปผู้ใช้ สมชาย", "alt_generic"),
    ("ko", "김민수님의 프로필 사진", "alt_generic"),
    # SEO keywords with a sale's word
    ("ru", "Акулы в Океанариуме, купить билет в океанариум, океанариум Москва цены", "alt_keyword_list"),
]

KEPT = [
    ("cs", "Lyžaři na zahájení sezóny v Jasné"),
    ("ru", "Посетители на открытии сезона в парке"),
    ("sr", "Navijači na otvaranju sezone u Beogradu"),
    ("cs", "Mechanik opravuje vůz zákazníka v dílně"),
    ("cs", "Lyžaři na sjezdovce při -15 °C"),
    ("ru", "Дети лепят снеговика в сильный мороз"),
    ("th", "สินค้าคุณภาพดีของคุณแม่ที่ตลาดเช้า"),
    ("vi", "Quà cho bạn bè ngày Tết"),
    ("vi", "Nhà của bạn tôi ở Huế"),
    ("ru", "Кассир продаёт билеты у входа в парк"),
    ("hu", "Légifotó: Budapest belvárosa télen"),
    ("cs", "Koncert v sobotu na náměstí"),
    ("ko", "주말 공연을 보는 관객들"),
    ("ar", "حفل الجاز في دار الأوبرا"),
    ("cs", "Praha, Brno a Ostrava v zimě"),
    ("cs", "Výstava „Váš domov“ v Galerii Moderny"),
    ("ru", "Ваш покорный слуга на вершине Эльбруса"),
    ("ko", "영화 '당신의 부탁' 포스터 앞의 배우들"),
    ("ko", "《당신의 밤》 공연 무대"),
    ("vi", "Người dân mua vé online tại nhà ga"),
    ("ko", "맑은 날씨의 한강 공원"),
    ("ar", "الطقس الحار في الرياض صيفا"),
    ("ru", "Фотограф снимает свадьбу в парке"),
    ("vi", "Nhiếp ảnh gia chụp ảnh cưới ở Đà Lạt"),
    ("hu", "Az Országház – részlet"),
    ("ru", "Собор – вид сверху"),
    ("cs", "Trh v Praze, ceny zeleniny rostou, trhovci protestují"),
    ("cs", "Děti se radují ze sněhu"),
    ("hu", "Felhasználók a könyvtárban"),
    ("ko", "고객님들이 매장 앞에 줄을 서 있다"),
    ("ko", "비가 온 다음 무지개가 뜬 하늘"),
    ("ko", "아이들이 공원에서 노는 모습 자세히"),
    ("ar", "مصور الحرب أحمد"),
    ("cs", "Vy a my na pochodu za svobodu"),
    ("ru", "Очередь за билетами со скидкой у кассы театра"),
    ("hu", "Nyári szezon nyitánya a Balatonon"),
    ("cs", "Teploměr ukazuje -20 °C na náměstí"),
    ("ru", "Дети лепят снеговика при -5 °C"),
    ("ko", "사진작가가 촬영하는 모습"),
    ("th", "แม่ค้าขายของให้คุณยายที่ตลาด"),
    ("ar", "بيت جدي القديم في القرية"),
    ("sr", "Ručni rad – korpa od pruća"),
    ("ru", "Билеты в Большой театр на столе"),
]


@pytest.mark.parametrize(("lang", "alt", "reason"), REFUSED)
def test_a_business_speaking_is_refused(lang, alt, reason):
    assert alt_verdict(alt, lang) == (None, reason)


@pytest.mark.parametrize(("lang", "alt"), KEPT)
def test_a_caption_of_the_same_words_stays(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


def test_a_credit_names_a_person_in_capitals():
    assert credit_compound("Tájfotó: Kovács Anna")
    assert not credit_compound("Tájfotó: a Balaton naplementében")
    assert not credit_compound("Fotograf: muž s kamerou na náměstí v Praze")
    assert not credit_compound("Légifotó: Budapest 1920")  # a place and a year


def test_seo_keywords_repeat_a_word_and_name_a_sale():
    assert seo_keywords("akvárium praha, vstupenky do akvária, akvárium cena")
    assert not seo_keywords("akvárium praha, žraloci v nádrži, rejnoci")  # no sale
    assert not seo_keywords("praha, brno, ostrava ceny bytů")  # no word repeated
    assert not seo_keywords("байкал зимой, лёд байкала, цены на туры не указаны")  # a clause
    assert seo_keywords("phố cổ hội an, giá vé tham quan phố cổ, phố cổ về đêm")
