"""A person's name as the whole alt (alt_name): "Nguyễn Thu Hà", "Иванова Мария Петровна", "Kovács
Péter", "أحمد الزهراني", "김민수 교수". Avatars, staff portraits and author boxes carry their person's
name; it says who, not what the picture shows, and every evaluation of the crawl on unseen sites
found such alts kept. A name with a description around it ("Kovács Péter a könyvtár olvasótermében")
is a caption and stays: only a bare name, at most NAME_MAX_WORDS words, is refused.

What marks a name, by language (names are an open class; these are the marks a reader uses):
- a Russian patronymic (-ович, -евич, -овна, -евна, -ична, -инична): "Иванова Мария Петровна";
- a common given name among capitalised words only (Czech, Hungarian, Russian, Serbian, Arabic:
  GIVEN_NAMES, the most frequent of each language): "Jan Novák", "Kovács Péter", "Анна Смирнова";
- a Vietnamese family name first (NGUYEN...: two in five Vietnamese are Nguyễn) and capitalised
  syllables after it: "Nguyễn Thu Hà";
- a Korean name (two to four syllables) with a title after it (교수, 선수, 감독, 원장...): "김민수 교수";
- a company's legal form first or last (Công ty, ООО, s.r.o., Kft., d.o.o., 주식회사, บริษัท ... จำกัด): a
  company's name is its logo's alt.
- a surname by its suffix (-ić, -ová, -ský, -ов/-ова, -ин/-ина, -ский/-ская) after one capitalised word,
  the two words alone: "Radmila Vesić", "Всеволод Ильин"; not after a place's noun ("Улица Ленина"); so is
  a frequent Czech or Hungarian family name beside one more capitalised word ("Pintér Bendegúz", FAMILY_NAMES);
- a Thai title (คุณ, นาย, นาง, นางสาว, THAI_TITLES) as its own word before a given name, then a surname, two
  chunks alone: "คุณสมชาย ใจดี". Thai writes without spaces and titles also begin captions' nouns
  ("คุณแม่", mother; "คุณภาพ", quality; "นายกรัฐมนตรี", prime minister): pythainlp's segmenter keeps those
  whole, so only a title segmented apart counts, and a verb or a function word in the surname's place
  ("คุณแม่ กำลังทำอาหาร") makes a caption.
"""

from __future__ import annotations

import regex

NAME_MAX_WORDS = 4
# fmt: off
GIVEN_NAMES = frozenset({
    # cs
    "jan", "petr", "pavel", "tomáš", "jiří", "josef", "martin", "jaroslav", "lukáš", "jakub", "david", "karel",
    "michal", "ondřej", "jana", "marie", "eva", "hana", "lenka", "kateřina", "lucie", "věra", "petra", "alena",
    "tereza", "markéta", "veronika", "barbora", "zdeněk", "miroslav", "františek", "václav", "vojtěch",
    # hu
    "péter", "lászló", "istván", "józsef", "jános", "zoltán", "sándor", "gábor", "ferenc", "attila", "tamás",
    "zsolt", "balázs", "mária", "erzsébet", "katalin", "ilona", "éva", "anna", "zsuzsanna", "krisztina",
    "andrea", "judit", "ágnes", "eszter", "réka", "dóra", "bence", "máté", "dániel", "ádám",
    # ru, sr (Cyrillic)
    "александр", "сергей", "дмитрий", "андрей", "алексей", "иван", "михаил", "николай", "владимир", "олег",
    "мария", "анна", "елена", "ольга", "наталья", "татьяна", "ирина", "светлана", "екатерина", "юлия",
    "милан", "марко", "никола", "стефан", "драган", "зоран", "милица", "јелена", "ана", "марија", "драгана",
    # sr (Latin)
    "milan", "marko", "nikola", "stefan", "dragan", "zoran", "milica", "jelena", "ana", "marija", "dragana",
    "nenad", "miloš", "vladimir", "ivana", "snežana", "dušan", "aleksandar",
    # ar
    "محمد", "أحمد", "احمد", "علي", "عمر", "خالد", "يوسف", "عبدالله", "عبد", "إبراهيم", "ابراهيم", "حسن", "حسين",
    "مصطفى", "سعيد", "فاطمة", "عائشة", "مريم", "نور", "سارة", "ليلى", "زينب", "هدى",
})
# The most frequent family names, less those that also begin place names ("Hồ Hoàn Kiếm", "Hoàng thành",
# "Hà Nội", "Cao Bằng", "Mai Châu", "Lâm Đồng")
VIETNAMESE_FAMILY = frozenset({
    "nguyễn", "trần", "lê", "phạm", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ", "ngô", "dương", "đinh",
    "trương", "trịnh", "lương",
})
# More given names, rarer ones (cs, hu, ru, sr): a name with any of them alone is a name
GIVEN_NAMES |= {
    "radomír", "bořivoj", "svatopluk", "přemysl", "jaroslava", "libuše", "drahomíra", "zdenka", "miloslav",
    "stanislav", "antonín", "ladislav", "oldřich", "jindřich", "radim", "rostislav", "bohumila", "blanka", "dagmar",
    "irena", "jarmila", "marta", "romana", "simona", "šárka", "zuzana", "milena", "naděžda", "vlasta", "radmila",
    "bohumil", "bohuslav", "vítězslav", "ludmila", "jaromír", "radek", "libor", "dalibor",
    "zsigmond", "bendegúz", "barnabás", "kornél", "lőrinc", "marcell", "olivér", "zsombor", "benedek", "vilmos",
    "ödön", "jenő", "dezső", "kálmán", "géza", "aladár", "emese", "dorina", "kinga", "klára", "piroska", "berta",
    "kristóf", "levente", "gergely", "csaba", "norbert", "róbert", "márton", "botond", "szabolcs", "tibor",
    "imre", "gyula", "lajos", "béla", "mihály", "antal", "andrás", "zsófia", "orsolya", "nóra", "boglárka",
    "viktória", "tímea", "edit", "gabriella", "beáta", "ildikó", "enikő", "noémi", "vivien", "fanni", "csilla",
    "всеволод", "ярослав", "ярослава", "святослав", "вячеслав", "станислав", "борис", "глеб", "тимофей",
    "аркадий", "геннадий", "людмила", "галина", "зинаида", "радмила", "драгослав", "милорад", "љубица",
    "radoslav", "miodrag", "dragoslav", "milorad", "ljubica", "vesna", "branka", "slobodan", "živko",
}
KOREAN_TITLES = (
    "교수", "교수님", "선수", "감독", "대표원장", "부원장", "원장", "원장님", "대표", "대표님", "작가", "기자", "강사",
    "코치", "목사", "관장", "실장", "팀장", "센터장", "의학박사",
    "신부",
    "스님", "선생님", "님", "씨", "회장", "이사장", "총장", "박사", "변호사", "의사",
    "수석", "플래너", "웨딩플래너", "디자이너", "매니저", "약사",
)
# fmt: on
ARABIC_KUNYA = frozenset({"أبو", "ابو", "أم", "ام"})
ARABIC_FUNCTION_WORDS = frozenset(
    {"في", "من", "على", "مع", "عند", "إلى", "الى", "خلال", "أمام", "امام", "داخل", "و", "يا"}
)
# A company's legal form, first or last in a short alt: a company's name is its logo's alt ("Công ty Cổ
# phần Tập đoàn Hòa Phát", "ООО «Ромашка»", "Sklárna Moser a.s.", "Béta Kft.", "㈜카카오", "شركة المراعي")
COMPANY_MAX_WORDS = 9  # "Công ty Cổ phần Tập đoàn Hòa Phát" is 8
_COMPANY = regex.compile(
    r"^(?:công ty|tập đoàn|ооо|оао|зао|пао|ао|ип|група компанија|группа компаний|شركة|مؤسسة|주식회사|\(주\)|㈜|บริษัท)"
    r"(?=[\s«\"„(]|$)"
    r"|(?:^|\s)(?:s\.\s?r\.\s?o\.|a\.\s?s\.|spol\. s r\.\s?o\.|kft\.?|zrt\.?|nyrt\.?|bt\.|d\.\s?o\.\s?o\.|д\.о\.о\."
    r"|ltd\.?|llc|inc\.?|gmbh|jsc|co\., ltd\.?|주식회사|\(주\)|㈜|จำกัด(?: \(มหาชน\))?)$",
    regex.I,
)
_PATRONYMIC = regex.compile(r"^\p{Lu}\p{Ll}+(?:ович|евич|ьич|овна|евна|ична|инична)$")
_KOREAN_NAME = regex.compile(rf"^\p{{Hangul}}{{2,4}}\s?(?:{'|'.join(KOREAN_TITLES)})$")
_ARABIC = regex.compile(r"^[\p{Arabic}\s]+$")
# One or two capitalised names and one or two initials after them, or initials before a surname; in Arabic, which
# has no case, a name of two letters or more and a letter with a dot. A number is no initial: "Praha 1.".
_NAME_WORD = r"\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?"
# A city after a comma ("Jana N., Praha", "Ирина В., Москва") is a review's signature too
_CITY = rf"(?:\s*,\s*{_NAME_WORD}(?:\s+{_NAME_WORD})?)?"
_INITIALLED = regex.compile(
    rf"^{_NAME_WORD}(?:\s+{_NAME_WORD})?(?:\s+\p{{Lu}}\.){{1,2}}{_CITY}$|^(?:\p{{Lu}}\.\s*){{1,2}}{_NAME_WORD}{_CITY}$"
    r"|^\p{Arabic}{2,}(?:\s+\p{Arabic}{2,})?(?:\s+\p{Arabic}\.){1,2}(?:\s*[،,]\s*\p{Arabic}{2,})?$"
)
_SURNAME = regex.compile(
    r"^\p{Lu}\p{Ll}+(?:ić|ová|ský|ská|ski|ska|ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ић|ски|ска|енко|чук|юк)$"
)
# Nouns of places that name a street, a square or a monument after a person ("Улица Ленина", "Náměstí Míru")
# fmt: off
PLACE_NOUNS = frozenset({
    "улица", "площадь", "проспект", "переулок", "бульвар", "памятник", "музей", "парк", "театр", "собор", "храм",
    "станция", "район", "набережная", "мост", "город", "село", "деревня", "усадьба", "дворец", "посёлок", "поселок",
    "ulice", "náměstí", "nábřeží", "pomník", "most", "park", "město", "obec", "ves", "ulica", "trg", "spomenik",
    "bulevar", "grad", "selo", "трг", "споменик", "булевар", "град", "utca", "tér", "szobor", "híd", "város", "falu",
    "церковь", "монастырь", "кремль", "озеро", "река", "остров", "гора", "замок", "вокзал", "аэропорт", "долина",
    "дом", "дача", "особняк", "крепость", "залив", "бухта", "водопад", "пещера", "заповедник", "аллея", "сквер",
    "kostel", "hrad", "zámek", "klášter", "jezero", "řeka", "ostrov", "hora", "rozhledna", "nádraží", "údolí",
    "crkva", "manastir", "tvrđava", "reka", "planina", "црква", "манастир", "тврђава", "језеро",
    "планина", "templom", "vár", "kastély", "tó", "folyó", "sziget", "hegy", "pályaudvar", "kilátó",
    "ikona", "икона", "ikon", "obraz", "socha", "kaple", "часовня", "kapela", "капела", "kápolna",
})
# fmt: on
# The most frequent family names of Czech and Hungarian without a surname's suffix, less adjectives and nouns
# that also name places and things ("Bílý Kříž", "Magyar Posta", "Nagy-tó"): with one more capitalised word
# and nothing else, a person ("Bárány Kristóf" is found by the given name, "Pintér Bendegúz" by this list)
# fmt: off
FAMILY_NAMES = frozenset({
    "novák", "svoboda", "novotný", "dvořák", "procházka", "kučera", "veselý", "horák", "němec", "pokorný",
    "pospíšil", "hájek", "jelínek", "růžička", "beneš", "fiala", "sedláček", "doležal", "zeman", "kolář",
    "navrátil", "čermák", "vaněk", "blažek", "kovář", "bartoš", "vlček", "musil", "kopecký", "šimek", "konečný",
    "holub", "štěpánek", "kadlec", "dostál", "soukup", "šťastný", "mareš", "moravec", "sýkora", "valenta",
    "vávra", "matoušek", "říha", "bureš", "ševčík", "havlíček", "kratochvíl",
    "kovács", "tóth", "szabó", "horváth", "varga", "molnár", "németh", "farkas", "balogh", "papp", "takács",
    "juhász", "lakatos", "mészáros", "oláh", "rácz", "szilágyi", "török", "gál", "szűcs", "kocsis", "pintér",
    "fodor", "szalai", "sipos", "lukács", "gulyás", "bíró", "biró", "boros", "fazekas", "kelemen", "orbán",
    "vincze", "hegedűs", "deák", "bálint", "illés", "vass", "szekeres", "barta", "pásztor", "bárány",
})
# fmt: on
THAI_NAME_MAX_CHARS = 14  # "คุณสมชาย" is 8
THAI_TITLES = frozenset(
    {"คุณ", "นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง", "ด.ช.", "ด.ญ.", "ดร.", "ครู", "อาจารย์", "หมอ"}
)
_THAI_CHUNK = regex.compile(r"^[\p{Thai}.]+$")


def personal_name(text: str) -> bool:
    """Whether `text` (normalised) is only a person's name, or a company's by its legal form (see the
    module's docstring)."""
    if len(text.split()) <= COMPANY_MAX_WORDS and _COMPANY.search(text.strip()):
        return True
    if _INITIALLED.match(text) and text.split()[0].lower() not in PLACE_NOUNS:
        return True  # a reviewer's name with an initial: "Jana N.", "Nguyễn V. A., Hà Nội", "J. Novák", "محمد ع."
    words = text.replace(",", " ").split()
    if not words or len(words) > NAME_MAX_WORDS:
        return False
    if _KOREAN_NAME.match(text):
        return True
    if len(words) == 2 and all(_THAI_CHUNK.match(w) for w in words):
        return _thai_name(words)
    if len(words) == 1 and _THAI_CHUNK.match(text) and len(text) <= THAI_NAME_MAX_CHARS:
        return _thai_titled(text)
    if _ARABIC.match(text):  # no case: a given name first, and no preposition ("إبراهيم في السوق")
        if len(words) == 2 and words[0] in ARABIC_KUNYA and words[1] in GIVEN_NAMES:
            return True  # "أم خالد", "أبو محمد": mother or father of, a name people go by
        return 2 <= len(words) <= 3 and words[0] in GIVEN_NAMES and ARABIC_FUNCTION_WORDS.isdisjoint(words)
    if len(words) < 2 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False  # a lower-case word, a digit or a sign: a description, or not a name
    low = [w.lower() for w in words]
    if low[0] in VIETNAMESE_FAMILY and len(words) == 3:  # family, middle and given name
        return True
    if len(words) <= 3 and any(_PATRONYMIC.match(w) for w in words):
        return True
    if len(words) == 2 and low[0] not in PLACE_NOUNS:
        if _SURNAME.match(words[1]) or low[1] in FAMILY_NAMES or low[0] in FAMILY_NAMES:
            return True
    # "Ikona Panny Marie", "Kostel Panny Marie": a place or a work named after a person
    return len(words) <= 3 and low[0] not in PLACE_NOUNS and any(w in GIVEN_NAMES for w in low)


def _thai_titled(chunk: str) -> bool:
    """A title and a given name in one chunk ("คุณสมชาย", a reviewer's avatar): the title segmented apart,
    at most two pieces of name after it, no verb or function word."""
    from mella_ray.crawl.alt_runs import THAI_CLAUSE_WORDS, thai_words

    pieces = thai_words(chunk)
    return 2 <= len(pieces) <= 3 and pieces[0] in THAI_TITLES and THAI_CLAUSE_WORDS.isdisjoint(pieces[1:])


def _thai_name(chunks: list[str]) -> bool:
    """A title segmented apart, a given name after it, and a surname with no verb or function word."""
    from mella_ray.crawl.alt_runs import THAI_CLAUSE_WORDS, thai_words

    first = thai_words(chunks[0])
    if len(first) < 2 or first[0] not in THAI_TITLES:
        return False
    # "มี" (to have) is a verb of captions and a part of surnames ("มีสุข", "มีชัย")
    return (THAI_CLAUSE_WORDS - {"มี"}).isdisjoint(first[1:] + thai_words(chunks[1]))
