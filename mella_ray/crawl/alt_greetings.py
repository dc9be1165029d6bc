"""A season's greeting, a congratulation or thanks, or the site's own wish (alt_slogans asks `greeting`;
alt_promo): the site's words on a card ("Veselé Velikonoce!", "Áldott, békés karácsonyt kívánunk!", "عيد أضحى
مبارك"), not a picture's caption.
"""

from __future__ import annotations

import regex

# A season's greeting opening a short alt ("Veselé Velikonoce!", "С Новым годом!", "Chúc mừng năm mới 2027",
# "สวัสดีปีใหม่ 🎉"): the site's wishes on a card, not a picture's caption
GREETING_MAX_WORDS = 10  # "Честитамо Божић и Нову годину свим ученицима и родитељима" is 9
_GREETING = regex.compile(
    r"^(?:veselé vánoce|veselé vianoce|veselé velikonoce|šťastný nový rok|krásné svátky|pf \d|boldog karácsonyt"
    r"|boldog új évet|kellemes ünnepeket|kellemes húsvéti|áldott húsvéti|с новым годом|с рождеством|со светлым"
    r"|с праздником"
    r"|с пасхой|христос воскресе|срећна нова|srećna nova|срећан божић|srećan božić|срећни празници|srećni praznici"
    r"|христос се роди|hristos se rodi|chúc mừng năm mới|chúc mừng giáng sinh|mừng xuân|an khang thịnh vượng"
    r"|สวัสดีปีใหม่|สุขสันต์|새해 복|메리 크리스마스|즐거운 성탄|행복한 추석|عيد مبارك|عيد سعيد|كل عام وأنتم بخير"
    # thanks to the reader or to helpers ("Děkujeme všem dobrovolníkům"): a message, not a caption
    r"|честитамо|čestitamo|blahopřejeme|gratulálunk|поздравляем|축하합니다|ขอแสดงความยินดี|نهنئ"
    r"|děkujeme|köszönjük|спасибо|благодарим|хвала|hvala|xin cảm ơn|cảm ơn|감사합니다|ขอบคุณ|شكرا|شكراً"
    r"|رمضان كريم|رمضان مبارك|موسم مبارك|جمعة مباركة|merry christmas|happy new year|happy easter|season's greetings"
    r"|عيد (?:ال)?أضحى (?:ال)?مبارك|عيد (?:ال)?فطر (?:ال)?مبارك|عيد ميلاد مجيد|áldott(?:,)? békés|békés karácsony)",
    regex.I,
)
# The site's own wish, in the first person plural anywhere ("Áldott, békés karácsonyt kívánunk minden kedves
# testvérünknek!", "Přejeme krásné svátky"); a scene's "Babička přeje vnučce" is the third person
_WISH = regex.compile(
    r"(?<!\w)(?:přejeme|kívánunk|желаем|желимо|želimo|kính chúc|xin chúc|نتمنى لكم)(?!\w)|기원합니다",
    regex.I,
)


# A day's wishes, alone or closed by "!" or the day's date ("Chúc mừng ngày Nhà giáo Việt Nam 20/11", "С Днём
# учителя, дорогие педагоги!"); "С Днём Победы ветеранов поздравили школьники" goes on to a scene
DAY_WISH_MAX_WORDS = 4
_DAY_WISH = regex.compile(
    r"^(?:chúc mừng ngày|с днём|с днем|срећан дан|srećan dan|šťastný den|všechno nejlepší)\s", regex.I
)
_WISH_END = regex.compile(r"!\s*$|(?<![\d.])\d{1,2}\s?[./]\s?\d{1,2}\.?$")


def greeting(text: str) -> bool:
    """Whether `text` (normalised) opens with a greeting, thanks or congratulations, or says the site's wish."""
    if _DAY_WISH.match(text):
        return len(text.split()) <= DAY_WISH_MAX_WORDS or _WISH_END.search(text) is not None
    return _GREETING.match(text) is not None or _WISH.search(text) is not None
