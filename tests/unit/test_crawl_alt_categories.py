"""Kinds of boilerplate alt that passed on unseen sites, in each of the eight languages, each beside
captions that share its words and must stay: author photos, calls to action, cookie banners, listing
IDs, "photo by" credits, generic phrases in a row, and a home page's title (the site's name)."""

from __future__ import annotations

import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl.alt_filter import alt_verdict
from mella_ray.crawl.alt_page import chrome_image, home_page, page_title_alt
from mella_ray.crawl.dedup import Sighting, judge

AUTHOR = [
    ("cs", "Autorka blogu Jana"),
    ("cs", "Foto autora"),
    ("hu", "A szerző fotója"),
    ("vi", "Ảnh tác giả bài viết"),
    ("ru", "Фото автора"),
    ("ru", "Автор статьи Иван Петров"),
    ("sr", "Fotografija autora"),
    ("sr", "Фотографија аутора"),
    ("ar", "صورة الكاتب"),
    ("ko", "작성자 사진"),
    ("ko", "기자 프로필 이미지"),
    ("th", "รูปผู้เขียน"),
]
CALLS = [
    ("ru", "Подпишитесь на наш канал"),
    ("ru", "Сохранить рецепт"),
    ("ru", "Смотреть видео"),
    ("sr", "Pogledajte galeriju"),
    ("sr", "Pretplatite se na newsletter"),
    ("sr", "Одштампај рецепт"),
    ("cs", "Přihlásit se k odběru novinek"),
    ("cs", "Vytisknout recept"),
    ("cs", "Uložit na Pinterest"),
    ("cs", "Sledujte nás na Instagramu"),
    ("hu", "Iratkozz fel a hírlevélre"),
    ("hu", "Nyomtasd ki a receptet"),
    ("hu", "Nézd meg a galériát"),
    ("vi", "Đăng ký nhận bản tin"),
    ("vi", "Xem video hướng dẫn"),
    ("vi", "Lưu vào Pinterest"),
    ("ar", "اشترك في النشرة البريدية"),
    ("ar", "تابعنا على تويتر"),
    ("ko", "뉴스레터 구독하기"),
    ("ko", "동영상 보기"),
    ("th", "สมัครสมาชิกรับข่าวสาร"),
    ("th", "ติดตามเราบน Facebook"),
]
CONSENT = [
    ("cs", "Souhlas s cookies"),
    ("hu", "Sütik használata az oldalon"),
    ("vi", "Chấp nhận cookie"),
    ("ru", "Мы используем cookie-файлы"),
    ("sr", "Upotreba kolačića na sajtu"),
    ("sr", "Политика колачића"),
    ("ar", "سياسة ملفات تعريف الارتباط"),
    ("ko", "쿠키 설정 안내"),
    ("th", "นโยบายคุกกี้"),
]
LISTING_IDS = [
    ("hu", "Hirdetés azonosító: HU-20931"),
    ("cs", "Číslo inzerátu: 48213"),
    ("vi", "Mã tin: 123456"),
    ("ru", "Номер объявления 2231987"),
    ("sr", "Šifra oglasa: BG-4412"),
    ("ar", "رقم الإعلان: 55231"),
    ("ko", "매물번호 12345"),
    ("th", "รหัสประกาศ 88213"),
]
CREDITS = [
    ("th", "ภาพโดย สมชาย ใจดี"),
    ("th", "ถ่ายโดย สมหญิง รักดี"),
    ("vi", "Ảnh do Nguyễn Văn An"),
    ("vi", "Tác giả ảnh: Lê Minh"),
    ("ko", "사진 제공 연합뉴스"),
    ("ru", "Фото предоставлено пресс-службой"),
    ("sr", "Snimio Petar Petrović"),
    ("sr", "Снимила Јована Јовић"),
    ("hu", "Fotózta Kiss Péter"),
    ("cs", "Vyfotil Jan Novák"),
    ("ar", "بعدسة أحمد علي"),
]
# Latin-script sites that drop the diacritics, and a byline's label alone
UNMARKED = [
    ("cs", "Prihlaste se k odberu"),
    ("cs", "Souhlas s pouzivanim cookies"),
    ("sr", "Sacuvajte recept"),
    ("sr", "Fotografisao Marko Markovic"),
    ("hu", "Nezd meg a galeriat"),
    ("hu", "A szerző"),
    ("vi", "Tác giả"),
]
GENERIC_RUNS = [
    ("ko", "상세페이지 이미지"),
    ("ko", "대표 이미지 썸네일"),
    ("cs", "Hlavní obrázek náhled"),
    ("ru", "Главное фото превью"),
    ("sr", "Istaknuta slika"),
    ("th", "ภาพปก ภาพหลัก"),
    ("hu", "Kiemelt kép előnézet"),
]


@pytest.mark.parametrize("lang, alt", AUTHOR + CALLS + CONSENT + LISTING_IDS + CREDITS + UNMARKED + GENERIC_RUNS)
def test_boilerplate_of_each_kind_is_refused(lang, alt):
    text, reason = alt_verdict(alt, lang)
    assert text is None, (alt, reason)
    assert reason in {"alt_generic", "alt_navigation", "alt_credit"}


# The same words in captions: a book about an author, food called cookies, a printing house, a sentence
# about photographing, a vendor's shop, a channel's subject.
CAPTIONS = [
    ("cs", "Kniha o autorovi na stole"),
    ("cs", "Autor fotografie na horách"),
    ("cs", "Vyfotil jsem západ slunce nad Sněžkou"),
    ("cs", "Tiskárna novin v Praze"),
    ("cs", "Sušenky s čokoládou na talíři"),
    ("hu", "Csokis süti a tányéron"),
    ("hu", "Hegyi mentés a Tátrában"),
    ("hu", "Vásárlás a budapesti nagycsarnokban"),
    ("vi", "Bánh cookie socola trên đĩa"),
    ("vi", "Mua hàng tại chợ Bến Thành"),
    ("vi", "Bức ảnh do anh Minh chụp tại Huế"),
    ("ru", "Книга об авторе на полке"),
    ("ru", "Фотограф на свадьбе в Москве"),
    ("ru", "Печенье с шоколадом на тарелке"),
    ("sr", "Domaći kolačići sa čokoladom"),
    ("sr", "Snimio je ovaj prizor na Kalemegdanu"),
    ("hu", "Fotózta a nagymamám"),
    ("ar", "حفل توقيع كتاب الكاتب في القاهرة"),
    ("ko", "초코칩 쿠키와 우유 한 잔"),
    ("ko", "서울 시내의 상세한 지도"),
    ("th", "คุกกี้เนยสดในจานสีขาว"),
    ("th", "ภาพจากโดรนเหนือกรุงเทพ"),
    ("th", "ติดตามสถานการณ์น้ำท่วมที่อยุธยา"),
    ("cs", "Horké kakao se šlehačkou"),
    ("cs", "Školení GDPR pro úředníky obce"),
    ("vi", "Ghim cài áo ngọc trai"),
    ("ko", "사진 촬영 중인 관광객들"),
    ("ru", "Автор текста гимна Михалков"),
    ("sr", "Pratilac na venčanju mladenaca"),
]


@pytest.mark.parametrize("lang, alt", CAPTIONS)
def test_captions_with_the_same_words_are_kept(lang, alt):
    assert alt_verdict(alt, lang) == (alt, "ok")


def test_a_credit_after_a_caption_is_cut_off():
    assert alt_verdict("วัดอรุณราชวรารามยามเย็น ภาพโดย สมชาย ใจดี", "th")[0] == "วัดอรุณราชวรารามยามเย็น"
    assert alt_verdict("Chùa Một Cột ở Hà Nội, ảnh do Nguyễn Văn An", "vi")[0] == "Chùa Một Cột ở Hà Nội"


@pytest.mark.parametrize(
    "url, home",
    [
        ("https://obec-dolnilhota.cz/", True),
        ("https://obec-dolnilhota.cz", True),
        ("https://obec-dolnilhota.cz/index.php", True),
        ("https://site.rs/sr/", True),
        ("https://site.rs/?p=12", False),
        ("https://obec-dolnilhota.cz/aktuality/pout-2024", False),
    ],
)
def test_home_page(url, home):
    assert home_page(url) == home


@pytest.mark.parametrize(
    "alt, title, url, refused",
    [
        ("Obec Dolní Lhota", "Obec Dolní Lhota", "https://dolnilhota.cz/", True),
        ("Obec Dolní Lhota", "Obec Dolní Lhota | Oficiální stránky", "https://dolnilhota.cz/", True),
        ("Грађевинска фирма Мост", "Грађевинска фирма Мост", "https://most.rs/index.html", True),
        # an article's lead image named by its headline is a caption
        ("Pouť v Dolní Lhotě", "Pouť v Dolní Lhotě", "https://dolnilhota.cz/aktuality/pout", False),
        ("Kostel sv. Jana v Dolní Lhotě", "Obec Dolní Lhota", "https://dolnilhota.cz/", False),
        # the site's name and its motto, on any page whose title ends with the name
        ("وزارة السياحة والآثار - الموقع الرسمي", "افتتاح المعرض - وزارة السياحة والآثار", "https://m.sa/news/1", True),
        ("Průvodce po Čechách | Cestujte s námi", "Hrad Pernštejn | Průvodce po Čechách", "https://p.cz/hrad", True),
        ("Průvodce po Čechách na veletrhu", "Hrad Pernštejn | Průvodce po Čechách", "https://p.cz/hrad", False),
    ],
)
def test_the_home_pages_title_is_the_sites_name(alt, title, url, refused):
    assert page_title_alt(alt, title, url) == refused


@pytest.mark.parametrize(
    "page_url, reason", [("http://obec.test/", "alt_page_title"), ("http://obec.test/o-obci", "ok")]
)
def test_judge_refuses_the_site_name_on_the_home_page_only(page_url, reason):
    s = Sighting("http://obec.test/obr/lipa.jpg", page_url, "cs", ["Obec Dolní Lhota"])
    s.title = "Obec Dolní Lhota"
    [c] = judge(s, s.url, CrawlConfig())
    assert c.reason == reason


@pytest.mark.parametrize(
    "url, chrome",
    [
        ("https://dolnilhota.cz/obr/znak.png", True),
        ("https://dolnilhota.cz/obr/znak-obce.png", True),
        ("https://grad.rs/img/grb-grada.svg", True),
        ("https://blog.cz/img/author-jana.jpg", True),
        ("https://news.ru/u/profile_123.jpg", True),
        ("https://dolnilhota.cz/foto/dopravni-znak-stop-u-skoly.jpg", False),
        ("https://dolnilhota.cz/foto/kostel-sv-jana.jpg", False),
    ],
)
def test_furniture_by_file_name(url, chrome):
    assert chrome_image(url) == chrome
