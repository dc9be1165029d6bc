"""A site's heading in its own voice, "our ..." and a noun or two (alt_rules asks `our_heading`; alt_generic):
"Наша работа", "Наши покупатели", "Naše prodejna", "Egyesületünk tagjai", "ร้านของเรา", "Cửa hàng của
chúng tôi", "우리 가게", "أعمالنا". It labels a section of the site (our work, our customers, our shop), not
what the picture shows; evaluators of the crawl on sites no one had seen marked every such alt ambiguous or
junk. A caption says more around the possessive ("Naše babička na zahradě v Třeboni", "Наши выпускники на
Красной площади"), and a shop's boast ending in "we have" ("تشكيلة من أجمل السجاد لدينا") is its voice too.
A gallery's heading of a mood ("Téli hangulat", "Atmosféra v dílně", "Không khí Tết", "บรรยากาศร้าน": winter
atmosphere, the atmosphere in the workshop) is alt_generic as well (`mood_heading`): it names a feeling, and a
caption of the scene says what is in it ("Lidé u stánků na vánočním trhu").
So is a feeling named at the head of a short alt (`feeling_heading`): joy, memories, moments, beauty, calm, an
experience, quality, love ("Радост у сваком дану", "Szép emlékek a nyári táborból", "ความสุขในถ้วยชา", "Tinh
hoa đất Việt", "행복한 시간", "لحظات حلوة مع العائلة"), a delightful evening ("Csodálatos este"), a season somewhere
("Ősz a farmon", "Зима в зоопарке"), a slogan's "where ..." ("Ahol a mesék életre kelnek") and a Korean "full
of" a feeling ("감성 가득"). Evaluators
marked each of these ambiguous: what the picture shows is for the reader to guess.
A shop's or a venue's promise in its own voice (`promise`, alt_promo): everything "in one place" ("Всё для рыбалки
в одном месте!", "Minden egy helyen") or that a place "awaits you" ("أجواء دافئة بانتظاركم كل مساء", "Těšíme se na
vás", "รอต้อนรับทุกท่าน").
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_words import VIETNAMESE

# fmt: off
# "our" as its own word, in the Slavic languages, Korean ("we", "our": 우리, the humble 저희) and English
OURS = {
    "náš", "naše", "naši", "našeho", "naší", "našich", "наш", "наша", "наше", "наши", "нашего", "наших", "naš",
    "naša", "우리", "저희", "our", "нашей", "нашу", "našeg", "нашег", "naših", "우리들", "우리들의", "우리의", "저희의",
}
GALLERY_FROM = {"z", "ze", "из", "iz"}
# a sample of, an example of or "from" before "our" ("Ukázka naší práce", "Примеры наших работ", "Z naší dílny")
SAMPLE_WORDS = {
    "ukázka", "ukázky", "příklad", "příklady", "vzorky", "пример", "примеры", "образцы", "primer", "primeri",
    "примери", "from", "samples", "examples",
} | GALLERY_FROM
OURS_AFTER = ("của chúng tôi", "của chúng mình", "của chúng ta", "ของเรา", "ของเราเอง")  # after the noun
ARABIC_HAVE = ("لدينا", "عندنا")  # "we have", ending a shop's line
# Arabic nouns of a business's sections with "our" attached (-نا)
ARABIC_OURS = {
    "أعمالنا", "منتجاتنا", "متجرنا", "عملاؤنا", "عملائنا", "زبائننا", "ضيوفنا", "طلابنا", "خدماتنا", "مطعمنا",
    "محلنا", "معرضنا", "مدرستنا", "شركتنا", "ورشتنا", "مكتبنا", "فروعنا", "مشاريعنا", "أطفالنا", "أعضاؤنا",
    "زوارنا", "زوّارنا", "روادنا", "مرضانا", "فريقنا",
}
# A mood: "atmosphere" in the eight languages (Vietnamese "không khí", also the air, is mood_heading's own case)
MOODS = regex.compile(
    r"(?<!\w)(?:atmosféra|atmosféry|atmosféru|hangulat\w*|атмосфер\w+|atmosfer\w+|분위기|أجواء|الأجواء"
    r"|ambience|atmosphere"
    # "unforgettable" ("Nezapomenutelný večer", "أمسية لا تُنسى"), "a wonderful day" ("Một ngày tuyệt vời")
    r"|nezapomenuteln\w+|felejthetetlen\w*|незабываем\w+|незаборав\w+|nezaborav\w+|không thể quên|khó quên"
    r"|ngày tuyệt vời|đáng nhớ|لا تنسى|لا تُنسى|unforgettable)(?!\w)|^บรรยากาศ|ที่ไม่มีวันลืม|ไม่รู้ลืม|ประทับใจ|잊지 못할"
    r"|ngon tuyệt"  # a reaction: impressed (Thai), absolutely delicious (Vietnamese)
)
# A feeling or a quality as a noun, one of an alt's first two words (Latin and Cyrillic scripts, whole words)
FEELINGS = regex.compile(
    r"^(?:vzpomínk[ay]|radost[i]?|štěstí|zábav[ay]|chvíle|chvilk[ay]|okamžik[y]?|krás[ay]|klid|pohod[ay]"
    r"|odpočinek|zážit(?:ek|ky)|kvalit[ay]|kouzl[oa]|lásk[ay]|vášeň|inspirac[ei]|potěšení"  # cs
    r"|emlék(?:ek|eink)?|öröm(?:ök)?|boldogság|szórakozás|pillanat(?:ok)?|szépség|nyugalom|pihenés|kikapcsolódás"
    r"|élmény(?:ek)?|minőség|varázs|szeretet|szenvedély"  # hu
    r"|воспоминани[яей]|радост[ьи]|счасть[ея]|веселье|момент[ыа]?|мгновени[яе]|красот[аы]|уют|покой|отдых"
    r"|тишин[аы]|впечатлени[яе]|качеств[оа]|любов[ьи]|страст[ьи]|вдохновени[ея]|наслаждени[ея]"  # ru
    r"|успомен[еа]|радост[и]?|срећ[ае]|забав[ае]|тренут(?:ак|ци)|лепот[ае]|мир|опуштањ[еа]|уживањ[еа]"
    r"|доживљај|искуств[оа]|квалитет|чаролиј[ае]|љубав|страст|инспирациј[ае]|прич[ае]"  # sr, Cyrillic
    r"|uspomen[ea]|sreć[ae]|zabav[ae]|trenut(?:ak|ci)|lepot[ae]|opuštanj[ea]|uživanj[ea]|doživljaj|iskustv[oa]"
    r"|kvalitet|čarolij[ae]|ljubav|strast|inspiracij[ae]"  # sr, Latin
    r")$",
    regex.I,
)
# a delightful evening, night, day or moment: an adjective of delight and a time
DELIGHT_TIME = regex.compile(
    r"^(?:(?:csodás|csodálatos|fantasztikus|szép|remek|varázslatos) (?:este|éjszaka|nap|délután|pillanat\w*)"
    r"|(?:nádhern|úžasn|skvěl|báječn|krásn|kouzeln)\w* (?:večer|noc|den|odpoledne|chvíl|chvilk)\w*"
    r"|(?:чудесн|прекрасн|замечательн|волшебн)\w* (?:вечер|ноч|день|момент|время)\w*"
    r"|(?:диван|дивн|чаробн|прекрасн|divan|divn|čarobn)\w* (?:вече|ноћ|дан|тренут|veče|noć|dan|trenut)\w*"
    r"|(?:أمسية|ليلة|يوم|وقت) (?:رائعة|رائع|جميلة|جميل|ممتعة|ممتع|سعيدة|سعيد))"
)
ARABIC_FEELINGS = {
    "ذكريات", "ذكرى", "لحظات", "لحظة", "فرحة", "فرح", "سعادة", "بهجة", "متعة", "جمال", "راحة", "هدوء", "استرخاء",
    "تجربة", "جودة", "أصالة", "سحر", "روعة", "حب", "شغف",
}
VIETNAMESE_FEELINGS = (
    "kỷ niệm", "niềm vui", "hạnh phúc", "khoảnh khắc", "vẻ đẹp", "thư giãn", "bình yên", "trải nghiệm", "chất lượng",
    "tinh hoa", "sự hài lòng",
)
VIETNAMESE_FEELINGS_ANYWHERE = ("yêu thương", "đam mê")  # love, passion: first or not ("Hương vị yêu thương")
THAI_FEELINGS = (
    "ความทรงจำ", "ความสุข", "ความสนุก", "สนุก", "อร่อยมาก", "ต้องลอง", "ความงาม", "ความสงบ", "ผ่อนคลาย",
    "ประสบการณ์", "คุณภาพ", "ความรัก", "ช่วงเวลา", "ความประทับใจ", "ความอร่อย",
)
KOREAN_FEELINGS = (
    "추억", "행복", "즐거", "기쁨", "순간", "휴식", "평화", "경험", "품질", "정성", "사랑", "설렘", "힐링", "감동",
)
# a season, then where it is or that it has come ("Ősz a farmon", "Zima v dílně 2024", "Пролеће је стигло!")
SEASON_SOMEWHERE = regex.compile(
    r"^(?:zima|jaro|léto|podzim|tél|tavasz|nyár|ősz|зима|весна|лето|осень|пролеће|јесен|proleće|jesen|leto)"
    r" (?:v|ve|na|u|в|во|на|у|a|az|је|je|přišl[oa]|пришл[ао])(?!\w)"
)
_ARABIC_PREFIX = regex.compile(r"^(?:ال|و|من)")
# "Ahol a mesék életre kelnek": where tales come alive; "Így készül a szép kerámia": this is how it is made ("Így
# néz ki a kész ház", how the house looks, describes it)
WHERE_SLOGAN = regex.compile(r"^(?:ahol|kde|где|gde|így készül\w*) ")
# fmt: on
FEELING_MAX_WORDS = 5  # "Szép emlékek a nyári táborból"; a caption goes on ("Radost dětí na pískovišti u řeky")
VI_FEELING_MAX_WORDS = 6  # syllables: "Tinh hoa đất Việt", "Sự hài lòng của khách hàng"
VI_FLAVOUR_MAX_WORDS = 4
WHERE_MAX_WORDS = 6
OUR_MAX_WORDS = 3  # words of a heading: "Naše nová prodejna", "Ukázka naší práce", "Z výuky"
ARABIC_OURS_MAX_WORDS = 4  # "زوارنا من كل مكان": our visitors from everywhere
MOOD_MAX_WORDS = 4  # "Atmosféra v dílně", "Jó hangulat az órán"
ARABIC_MOOD_MAX_WORDS = 7
VI_MOOD_MAX_WORDS = 7  # Vietnamese writes a word a syllable: "Một ngày tuyệt vời trên núi", "Khoảnh khắc đáng nhớ"
VI_AIR_MAX_WORDS = 4
THAI_MOOD_MAX_CHARS = 24  # "บรรยากาศสบายๆ ริมทะเล"; a sentence about the scene goes on
ARABIC_HAVE_MAX_WORDS = 6
HUNGARIAN_MAX_WORDS = 2  # "Egyesületünk tagjai"
THAI_HEAD_MAX_CHARS = 12  # code points before ของเรา: "ร้าน", "ทีมงาน" (a shop, a team), not a scene
# A Hungarian noun with "our" as its ending (-unk, -ünk; plural -aink, -eink, -jaink): six letters at least,
# so that short words ending so ("punk") are not read as possessives
_HUNGARIAN_OURS = regex.compile(r"^\p{L}{3,}(?:unk|ünk|aink|eink|ink)$")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
# a Korean "full of" a word ("감성 가득", "사랑 듬뿍": full of feeling, of love): a mood's tag
_KOREAN_FULL_OF = regex.compile(r"^\p{Hangul}+\s?(?:가득|가득한|듬뿍|충만)[\s!~.]*$")


def our_heading(text: str) -> bool:
    """Whether `text` is "our" and a noun or two: a section's heading in the site's voice (module docstring)."""
    low = text.lower().strip(" .!:")
    words = _WORD.findall(low)
    if not words:
        return False
    if len(words) <= HUNGARIAN_MAX_WORDS and any(_HUNGARIAN_OURS.match(w) for w in words):
        return True
    if low.endswith(ARABIC_HAVE) and len(words) <= ARABIC_HAVE_MAX_WORDS:
        return True
    if (len(words) <= 2 and any(w in ARABIC_OURS for w in words)) or (
        len(words) <= ARABIC_OURS_MAX_WORDS and words[0] in ARABIC_OURS
    ):
        return True
    after = next((s for s in OURS_AFTER if low.endswith(s)), None)
    if after is not None:  # "Cửa hàng của chúng tôi", "ร้านของเรา": the noun comes first
        head = low.removesuffix(after).strip()
        return len(head.split()) <= 2 if " " in after else len(head) <= THAI_HEAD_MAX_CHARS
    if len(words) > OUR_MAX_WORDS:
        return False
    if len(words) == 2 and words[0] in GALLERY_FROM and text.split()[-1][:1].islower():
        return True  # "Z výuky", "Из жизни": from a section of the site's life ("Из Москвы" names a place)
    return words[0] in OURS or (len(words) >= 2 and words[0] in SAMPLE_WORDS and words[1] in OURS)


# Everything in one place, closing the alt; a place that awaits you, anywhere in it
PROMISE_MAX_WORDS = 8
_ONE_PLACE = regex.compile(
    r"(?:на одном месте|в одном месте|na jednom místě|egy helyen|на једном месту|na jednom mestu|tại một nơi"
    r"|ở một nơi|trong một nơi|ในที่เดียว|في مكان واحد|한 곳에서|한곳에서|한 곳에|한곳에)\W*$",
    regex.I,
)
_AWAITS_YOU = regex.compile(
    r"(?<!\w)(?:těšíme se na vás|čekáme na vás|čeká na vás|čekají na vás|várjuk önöket|várunk titeket|ждём вас|ждем вас"
    r"|ждёт вас|ждет вас|ждут вас|чекамо вас|čekamo vas|очекујемо вас|očekujemo vas|чека вас|čeka vas"
    r"|chờ đón bạn|chờ đón quý khách|đang chờ bạn|hẹn gặp bạn|hẹn gặp lại|بانتظاركم|في انتظاركم|ننتظركم|تنتظركم"
    r"|يرحب بكم|نرحب بكم)(?!\w)|รอต้อนรับ|รอคุณอยู่|기다립니다|기다릴게요|기다리고 있습니다",
    regex.I,
)


def promise(text: str, words: list[str]) -> bool:
    """Whether `text` (`words` its words) promises everything in one place or says a place awaits you."""
    return len(words) <= PROMISE_MAX_WORDS and (_ONE_PLACE.search(text) or _AWAITS_YOU.search(text)) is not None


def mood_heading(text: str) -> bool:
    """Whether `text` is a mood's heading: "atmosphere" and a word or two (module docstring)."""
    low = text.lower().strip(" .!:")
    if low.startswith("không khí"):  # the atmosphere of a feast ("Không khí Tết"), else the air ("Ô nhiễm không khí")
        return len(low.split()) <= VI_AIR_MAX_WORDS
    if MOODS.search(low) is None:
        return False
    if low.startswith("บรรยากาศ"):
        return len(low) <= THAI_MOOD_MAX_CHARS
    if low.startswith(("أجواء", "الأجواء")):  # "الأجواء في الحمّام مساء الجمعة": prepositions are words of their own
        return len(low.split()) <= ARABIC_MOOD_MAX_WORDS
    return len(low.split()) <= (VI_MOOD_MAX_WORDS if VIETNAMESE.search(low) else MOOD_MAX_WORDS)


def feeling_heading(text: str) -> bool:
    """Whether `text` names a feeling or a quality at the head of a short alt (module docstring)."""
    low = text.lower().strip(" .!:")
    words = _WORD.findall(low)
    if not words:
        return False
    if low.startswith(THAI_FEELINGS):
        return len(low) <= THAI_MOOD_MAX_CHARS
    if VIETNAMESE.search(low):
        if low.startswith("hương vị"):  # "Hương vị truyền thống": a flavour; "Hương vị phở Hà Nội" names the dish
            return len(words) <= VI_FLAVOUR_MAX_WORDS
        return len(words) <= VI_FEELING_MAX_WORDS and (
            low.startswith(VIETNAMESE_FEELINGS) or any(f in low for f in VIETNAMESE_FEELINGS_ANYWHERE)
        )
    if WHERE_SLOGAN.match(low):
        return len(words) <= WHERE_MAX_WORDS
    if len(words) > FEELING_MAX_WORDS:
        return False
    if SEASON_SOMEWHERE.match(low) or DELIGHT_TIME.match(" ".join(words)):
        return True
    if any(w.startswith(KOREAN_FEELINGS) for w in words[:2]) or _KOREAN_FULL_OF.search(low):
        return True
    head = words[:2]  # a word as written, or without its article or "and"/"from" ("الذكريات", "ولحظات")
    return any(w in ARABIC_FEELINGS or _ARABIC_PREFIX.sub("", w) in ARABIC_FEELINGS or FEELINGS.match(w) for w in head)
