"""A person's name with their title or role as the whole alt (alt_name): "MUDr. Jana Nováková",
"원장 김미영", "Kovács Anna, gyermekkönyvtáros", "Ведущий солист театра Алексей Воронов", "отац Милан".
Staff pages, team grids and programme booklets caption a portrait with who it is and what they do;
the picture's content (a face, a person at work) is not said. The evaluations of the crawl on sites
no one had seen kept these, and their annotators refused them or called them ambiguous; the hostile
acceptance site counts "Dirigent ..." with a name as junk.

The forms, each around a name alt_names.personal_name recognises:
- academic and professional titles before it (MUDr., Ing., Mgr., prof., dr, д-р, TS., ThS., BS.);
- a Korean title before a name that starts with a family name ("원장 김미영"; after it alt_names knows);
- a role beside it, split by a comma ("Kovács Anna, gyermekkönyvtáros", "A séfünk, Kovács Anna"),
  at most ROLE_MAX_WORDS words;
- a role of at most ROLE_MAX_WORDS words before it, or one lower-case word after it, with no
  function word: "Dirigent Jan Novák", "Kovács Anna hegedűművész". "Jan Novák na pódiu" and
  "Petr Pavel při projevu" have one (a preposition says where or when: a scene) and stay;
- a religious or family title before a lone given name: "отац Милан", "sestra Marie";
- a picture's word before a name ("صورة أحمد", "Фото Ивана Петрова"): whose picture it is.
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_names import ARABIC_FUNCTION_WORDS, GIVEN_NAMES, KOREAN_TITLES, PLACE_NOUNS, personal_name
from mella_ray.crawl.alt_vocabulary import has_function_word
from mella_ray.crawl.alt_words import GENERIC, PICTURE_WORDS, length_in_words

ROLE_MAX_WORDS = 3
CARD_MAX_WORDS = 9  # words of a staff card at most: titles, a name of up to four words and a role
# Czech and Slovak degrees, the Serbian and Russian doctor and professor, Vietnamese TS. (doctor), ThS.
# (master), BS. (physician), PGS./GS. (professor), KS. (engineer), Arabic د. (doctor) and م. (engineer)
_TITLES = regex.compile(
    r"^(?:(?:prof|doc|ing|arch|mgr|mga|bc|bca|mudr|mvdr|mddr|phdr|judr|rndr|pharmdr|paeddr|thdr|akad|mal|soch|dr"
    r"|ph\.\s?d|csc|д-р|др|проф|доц"
    r"|ts|ths|bs|pgs|gs|ks|د|م)\.\s*|(?:dr|др|д-р)\s+)+",
    regex.I,
)
_TRAILING_TITLES = regex.compile(
    r"(?:,?\s*(?:ph\.\s?d\.|phd|csc\.|dr\.\s?sc\.|dis\.|th\.\s?d\.|mba|ll\.\s?m\.))+$", regex.I
)
_ARABIC_LETTER = regex.compile(r"\p{Arabic}")
# A word after a name that places or acts, not names a role: a Hungarian case ending ("Kovács Anna Melinda
# szerepében": in the role of Melinda; -ban, -nál, -val, -ról, -ként) or a Slavic verb's ("Jan Novák zpívá")
_CLAUSE_END = regex.compile(
    r"(?:ban|ben|ból|ből|ban|nál|nél|val|vel|ról|ről|hoz|hez|höz|ként|ja|je|uje|ije|á|í|ает|яет|ует|ит|ет|ют|ят"
    r"|ује|ају|ира)$"
)
# The most frequent Korean family names: a title before two or three syllables led by one is a name
KOREAN_FAMILY = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차"
    "주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부"
)
# one title or two ("센터장 의학박사 이정훈": the centre's head, a doctor of medicine), then the name
# and at most two words of a specialty after it, none an object, a place or a verb by its ending ("대표원장 김서연
# 소아치과 전문의")
_KOREAN_TITLE_FIRST = regex.compile(
    rf"^(?:(?:{'|'.join(KOREAN_TITLES)})\s?){{1,2}}[{KOREAN_FAMILY}]\p{{Hangul}}{{1,2}}"
    r"(?:\s\p{Hangul}+(?<![을를에다요])){0,2}$"
)
# Nouns of a scene, not a name or a specialty after a title ("대표원장 진료 모습": the director at work; 진 is a family
# name too)
KOREAN_SCENE = frozenset({"모습", "장면", "사진", "진료", "상담", "수술", "현장", "풍경", "시술", "중", "회의", "강의"})
# Titles of the clergy, orders and kin before a given name alone
HONORIFICS = frozenset(
    {"отац", "otac", "отец", "батюшка", "sestra", "сестра", "brat", "брат", "páter", "pater", "otec", "fra",
     "mati", "мати", "матушка", "игуман", "iguman", "игуманија", "nővér", "atya"}
)  # fmt: skip

# Vietnamese and Arabic nouns of places, and institutions, named after people (alt_names.PLACE_NOUNS has more)
NAMED_PLACE_NOUNS = frozenset(
    {"đường", "phố", "trường", "cầu", "chợ", "viên", "tượng", "đền", "chùa", "lăng", "phường", "quận", "huyện",
     "tàng", "mộ", "nhà", "khu",
     "مسجد", "جامع", "شارع", "مدرسة", "متحف", "قصر", "حديقة", "ميدان", "مدينة", "جسر", "مستشفى", "جامعة",
     "مكتبة", "برج", "ضريح", "مقام",
     "gymnázium", "škola", "nemocnice", "knihovna", "divadlo", "letiště", "stadion", "univerzita", "nadace",
     "gimnázium", "iskola", "kórház", "könyvtár", "színház", "egyetem", "школа", "гимназия", "больница",
     "библиотека", "стадион", "университет", "институт", "гимназија", "болница", "позориште", "универзитет",
     "gimnazija", "bolnica", "biblioteka", "pozorište", "univerzitet", "aerodrom", "аеродром"}
)  # fmt: skip


# Arabic titles before a name: a given name unknown to alt_names still makes a name after one ("الدكتور سامر
# الخطيب"), when it is no verb (an imperfect's prefix: "الأستاذ يشرح الدرس", the teacher explains the lesson)
ARABIC_TITLES = frozenset(
    {"الدكتور", "الدكتورة", "المهندس", "المهندسة", "الأستاذ", "الأستاذة", "الشيخ", "الشيخة", "الحاج", "الحاجة",
     "السيد", "السيدة", "المدرب", "المدربة", "الكابتن", "الصيدلاني", "الصيدلانية", "الشيف", "المحامي", "المحامية"}
)  # fmt: skip
_ARABIC_VERB = regex.compile(r"^[يت]\p{Arabic}{2,}")
# A Vietnamese kinship or teacher's title before a given name ("Cô Thu Hà", "Thầy giáo Minh", "Chị Mai"): the
# name's syllables capitalised, nothing after them ("Cô bé bán diêm", the little match girl, is lower case)
_VI_TITLED = regex.compile(
    r"^(?i:cô giáo|thầy giáo|cô|thầy|anh|chị|chú|bác|ông|bà|em|bé|cháu|dì|cậu|mợ)(?:\s\p{Lu}\p{Ll}{0,6}){1,3}$"
)


def _arabic_titled_name(words: list[str]) -> bool:
    """An Arabic title and a name of two or three words (_arabic_name_after_title)."""
    return bool(words) and words[0] in ARABIC_TITLES and _arabic_name_after_title(words[1:])


def _arabic_name_after_title(words: list[str]) -> bool:
    """Two or three Arabic words after a title ("الدكتور سامر الخطيب", "د. سامر الخطيب، الصيدلي ..."), the first no
    article's word and no verb, none a function word: the title says a person is named, so an unknown given name
    is one."""
    return (
        2 <= len(words) <= 3
        and all(_ARABIC_LETTER.match(w) for w in words)
        and not words[0].startswith("ال")
        and not _ARABIC_VERB.match(words[0])
        and ARABIC_FUNCTION_WORDS.isdisjoint(words)
    )


_SPACED_DASH = regex.compile(r"\s[-–—/]\s")
_ROLE_MARK = regex.compile(r"\s*[,،]\s*|\s[-–—/]\s")  # what parts a name from its roles ("김지수 원장 / 경력 15년")
# "and" between two roles ("jednatel a mistr truhlář"): each is a role of its own length
_AND = regex.compile(r"\s(?:a|és|и|i|và|und|and|및|และ)\s")  # Korean 와 and Arabic و attach to the next word


def _sentence_word(role: str) -> bool:
    """A function word of a cased language or of Arabic in `role`: a scene's words, not a job's. A capital
    letter alone or an acronym is a grade or a body ("UEFA A лиценца"), not the conjunction it spells."""
    words = [w for w in role.split() if not (w.isupper() and len(w) <= 5)]
    return has_function_word(words) or not ARABIC_FUNCTION_WORDS.isdisjoint(words)


def _roles(role: str, listed: bool) -> bool:
    """Whether `role` is one role or two joined by "and", each of at most ROLE_MAX_WORDS words, none with a
    function word when the name's roles are listed or joined, and none a name ("Jan Novák, Petr a Eva na
    výletě" names three people in a scene)."""
    joined = _AND.split(role)
    listed = listed or len(joined) > 1
    return all(
        len(r.split()) <= ROLE_MAX_WORDS
        and not (listed and _sentence_word(r))
        and not (len(joined) > 1 and _name_part(r))
        for r in joined
    )


def _name_part(name: str) -> bool:
    """A person's name, alone or after a Vietnamese or an Arabic title ("Ông Trần Văn Hòa", "الدكتور سامي الخطيب")."""
    return bool(personal_name(name) or _given_name(name) or _VI_TITLED.match(name) or _arabic_titled_name(name.split()))


# What a staff card lists after the name: a degree, a school finished, a licence, a membership, years of
# practice, a grade ("Mistr houslař Petr Novotný, absolvent houslařské školy v Cremoně, člen Cechu ...",
# "김민준 원장 / 안경광학과 졸업, 경력 15년", "Игорь Петров, старший тренер. Мастер спорта ..., стаж 12 лет")
CREDENTIALS = regex.compile(
    r"(?<!\w)(?:absolvent\w*|выпускни\w*|дипломиран\w*|diplomiran\w*|diplomás|okleveles|végzett|tốt nghiệp"
    r"|člen|členka|член|членица|tagja|thành viên|licencovan\w*|лицензирован\w*|лиценцира\w*|licencira\w*"
    r"|licencelt|certifikovan\w*|сертифицирован\w*|сертификован\w*|praxe|praxí|стаж|опыт работы|искуств\w*"
    r"|iskustv\w*|tapasztalat\w*|kinh nghiệm|magistr\w*|магистр\w*|bakalář\w*|thạc sĩ|tiến sĩ|cử nhân"
    r"|мастер спорта|мајстор спорта|\d{1,2}\.\s?(?:dan|дан)|высшей категории|первой категории|мастер"
    # the family business's generation ("třetí generace rodinného pekařství")
    r"|generace|generáció|поколение|поколения|генерација|generacija|thế hệ"
    # an honorary title or a fellowship ("заслуженный работник культуры РФ", "زمالة المجلس العربي")
    r"|заслуженн\w*|заслужен\w*|zasloužil\w*|érdemes|народный артист|народни уметник"
    r"|[кд]\.\s?[мтбпэфх]\.\s?н\.?)(?!\w)"
    r"|\d{1,2}단|졸업|면허|자격증|경력|석사|박사|زمالة|خريج|عضو|مرخص|معتمد|خبرة|ماجستير|بكالوريوس|دكتوراه|ประสบการณ์|ปริญญา",
    regex.I,
)
# a run of three syllables led by a family name, last or before one more word (a title), or first
_KOREAN_NAMED = regex.compile(
    rf"(?:^|\s)[{KOREAN_FAMILY}]\p{{Hangul}}{{2}}(?:\s\p{{Hangul}}{{1,4}})?$|^[{KOREAN_FAMILY}]\p{{Hangul}}{{2}}\s"
)
CREDENTIAL_MAX_WORDS = 6  # "absolvent houslařské školy v Cremoně", "عضو نقابة أطباء الأسنان الأردنية"
# What happens in a picture: "during", "while", a Korean, Thai or Vietnamese progressive, a Korean verb's ending
_SCENE_MARK = regex.compile(
    r"(?<!\w)(?:při|během|при|во время|в ходе|током|tokom|közben|alatt|đang|lúc|trong khi|أثناء|خلال)(?!\w)"
    r"|있다|있는|모습|하는|중에|กำลัง|ขณะ"
)


def _credential_part(part: str) -> bool:
    return (
        len(part.split()) <= CREDENTIAL_MAX_WORDS
        and CREDENTIALS.search(part) is not None
        and not _SCENE_MARK.search(part)
    )


_INNER_TITLE = regex.compile(r"(?<=\s)(?:prof|doc|ing|mgr|dr|проф|доц|др|д-р)\.\s*", regex.I)
_CARD_PARTS = regex.compile(r"\s*[,،|()]\s*|\s[-–—/]\s|\.\s+")  # brackets too: "관장 김태현 (국기원 공인 7단, ...)"


def credentials_card(text: str) -> bool:
    """A person's name (with a title or a role) and then, after a comma, a dash or a full stop, only what they
    are, have studied, hold or done for how long: each part a role (ROLE_MAX_WORDS, no function word) or a
    credential (CREDENTIALS, CREDENTIAL_MAX_WORDS, no scene's mark). A part that says what the person is doing
    ("Petr Novák, člen horské služby, zachraňuje turistu ze skalní stěny") makes it a news photo's caption."""
    text = text.strip()
    if CREDENTIALS.search(text) is None:  # asked of every alt that passes the other rules: answered first
        return False
    titles = _TITLES.match(text)  # before the split: "د." and "MUDr." end in a full stop
    parts = [p.strip() for p in _CARD_PARTS.split(text[titles.end() :] if titles else text)]
    rest = [p for p in parts[1:] if p]
    if not rest or not any(CREDENTIALS.search(p) for p in rest):
        return False
    if not all(
        _credential_part(p) or (length_in_words(p, len(p.split())) <= ROLE_MAX_WORDS and not _sentence_word(p))
        for p in rest
    ):
        return False
    head = _INNER_TITLE.sub(" ", parts[0]).strip()  # "Директорка проф. Мирјана Петровић": the role, then the title
    if _KOREAN_NAMED.search(head):  # "루트 세터 김민준", "김민준 원장": credentials make a family name's run a name
        return True
    return bool(_name_part(head) or name_with_role(head) or (titles and _arabic_name_after_title(head.split())))


def name_with_role(text: str) -> bool:
    """Whether `text` (normalised) is a person's name with a title or a role and nothing else."""
    text = text.strip()
    if len(text.split()) > CARD_MAX_WORDS:
        return False  # a description; asked of every alt that passes the other rules, so answered first
    if _KOREAN_TITLE_FIRST.match(text) and KOREAN_SCENE.isdisjoint(text.split()[1:]):
        return True
    bare = _TRAILING_TITLES.sub("", _TITLES.sub("", text, count=1)).strip()
    if bare != text and bare:  # "Др Марија Петровић, директорка баште": the rest may hold a role too
        if personal_name(bare) or _given_name(bare) or name_with_role(bare):
            return True
        # a titled name and then its degrees or school ("د. سامر الحلبي، بكالوريوس طب ... – الجامعة الأردنية")
        head = _ROLE_MARK.split(bare)[0].strip()
        return head != bare and (personal_name(head) or _arabic_name_after_title(head.split()))
    parts = [p.strip() for p in _ROLE_MARK.split(text)]
    if len(parts) >= 2 and all(parts):
        # "Kovács Anna, gyermekkönyvtáros" (or the role first); after a dash or among several roles ("Kovács Anna
        # – okleveles sommelier, üzletvezető") none holds a function word, which a scene's words would
        listed = len(parts) > 2 or _SPACED_DASH.search(text) is not None
        for name, *roles in (parts, parts[::-1]) if len(parts) == 2 else (parts,):
            if _name_part(name) and all(_roles(r, listed) for r in roles):
                return True
        if len(parts) == 2:
            return False
    words = text.split()
    if _arabic_titled_name(words) or _VI_TITLED.match(text):
        return True
    if len(words) == 2 and words[0].lower() in HONORIFICS:
        return _given_name(words[1])
    if len(words) >= 2 and words[0].lower() in PICTURE_WORDS:  # "صورة أحمد", "Фото Ивана Петрова": the picture of whom
        rest = " ".join(words[1:])
        return personal_name(rest) or (len(words) == 2 and _given_name(rest))
    for size in (2, 3):  # the name's words, capitalised or Arabic (Korean's are the title forms above)
        head, tail = words[:-size], words[-size:]
        if 1 <= len(head) <= ROLE_MAX_WORDS and _named(tail) and personal_name(" ".join(tail)) and _role(head):
            return True
        head, tail = words[:size], words[size:]
        if len(tail) == 1 and _named(head) and personal_name(" ".join(head)) and _role_after(tail[0]):
            return True
    return False


def _role_after(word: str) -> bool:
    """One lower-case word after a name that names a role, not a place or an act (_CLAUSE_END)."""
    return word[:1].islower() and not _CLAUSE_END.search(word) and _role([word])


def _named(words: list[str]) -> bool:
    return all(w[:1].isupper() or _ARABIC_LETTER.match(w) for w in words)


def _role(words: list[str]) -> bool:
    """A role's words: letters only, lower case after the first (a capital there starts a proper name:
    "Học sinh Trường Lê Quý Đôn"), no function word, and no place's noun ("Náměstí Jana Palacha",
    "Đường Nguyễn Huệ", "مسجد محمد علي": places named after people)."""
    low = [w.lower() for w in words]
    if _ARABIC_LETTER.match(words[0]) and (len(words) > 1 or not low[0].startswith("ال")):
        return False  # an Arabic title is one word with its article ("الدكتور"); "صورة شخصية للفنان" is a picture's
    return (
        not any(w in GENERIC for w in low)  # "Fotka uživatele": a picture's word, not a role
        and all(w.replace("-", "").isalpha() for w in words)
        and not any(w[:1].isupper() for w in words[1:])
        and not has_function_word(words)
        and not any(w in PLACE_NOUNS or w in NAMED_PLACE_NOUNS for w in low)
    )


def _given_name(word: str) -> bool:
    return (word[:1].isupper() or bool(_ARABIC_LETTER.match(word))) and word.lower() in GIVEN_NAMES
