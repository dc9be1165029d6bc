"""Schedules as alt (alt_slogans asks `schedule`; alt_promo): a day's or a week's hours, a timetable, a slogan of
"every day", an event's run from one day to another or from an hour until another, a closure with its dates,
enrolment open, a day's date with an hour, a match's fixture and its date. A site's notice of when something
happens, not what its picture shows.
"""

from __future__ import annotations

import regex

from mella_ray.crawl.alt_words import MONTHS

# A schedule: "every" a day or a morning and an hour ("Milonga každý pátek od 20:00", "Friss pékáru minden reggel
# 6-tól"); a caption of a habit has no hour ("Každý den ráno krmíme koně")
SCHEDULE_MAX_WORDS = 10  # "Kézműves délután gyerekeknek – szombatonként 10 és 13 óra között" is 9
_EVERY = regex.compile(
    r"(?<!\w)(?:každ[ýéáou]\w*|minden|каждый|каждую|каждое|каждого|svak\w*|свак\w*|mỗi|hàng ngày|hằng ngày|매일|매주"
    r"|\w+(?:onként|enként|önként)"  # Hungarian's distributive: "szombatonként" (on Saturdays)
    r"|ทุก|كل)(?!\w)",
    regex.I,
)
_CLOCK = regex.compile(r"\d{1,2}(?:[:.]\d\d|\s?h\b|-t[óő]l|\s?óra|\s?giờ|시|\s?น\.)|(?:od|от|from|từ|من)\s+\d{1,2}\b")
# A timetable: two clock times or more in a short alt ("Расписание на лето 2026: отправление в 8:00, 12:30 и 17:45")
TIMETABLE_MAX_WORDS = 14
_HOUR_MINUTE = regex.compile(r"(?<![\d.:])\d{1,2}:\d\d(?![\d.:])")  # a colon: "2.35 a 2.40 m" are heights
_HOURS_RANGE = regex.compile(r"\d{1,2}:\d\d\s*[-–~]\s*\d{1,2}:\d\d")
# A slogan that ends in "every day" ("Khỏe đẹp mỗi ngày", "طازج كل يوم": healthy every day, fresh every day)
EVERY_DAY_MAX_WORDS = 4
_EVERY_DAY = regex.compile(
    r"(?:mỗi ngày|každý den|každý deň|minden nap\w*|каждый день|сваки дан|svaki dan|у сваком дану"
    r"|u svakom danu|ทุกวัน|매일|كل يوم)\W*$",
    regex.I,
)

# An event's run from a day to a day ("Изложба „Светлост и сенка“ од 12. марта до 20. априла 2026.", "Výstava od
# 3. 5. do 30. 6.", "Triển lãm từ 12/3 đến 20/4", "من 12 مارس إلى 20 أبريل"): a day is a number and a month,
# named (MONTHS) or numbered; a history's "od roku 1357 do 1402" has years only, "Děti od 3 do 6 let" no month
RUN_MAX_WORDS = 16
_FROM = r"(?:od|от|од|từ|from|من)"
_UNTIL = r"(?:do|до|đến|tới|to|until|إلى|حتى)"
_DAY = r"\d{{1,2}}(?:\.?\s*(?P<m{n}>\p{{L}}+\.?)|\s?[./]\s?\d{{1,2}}\.?)"
_RUN = regex.compile(
    rf"(?<!\w){_FROM}\s+(?:ngày\s+)?{_DAY.format(n=1)}(?:\s+\d{{4}}\.?)?\s*"
    rf"(?:{_UNTIL}|[-–])\s*(?:ngày\s+)?{_DAY.format(n=2)}",
    regex.I,
)
# An event's hours from a time until another or a moment ("من الساعة 9 مساءً حتى السحور", "od 20 h do půlnoci",
# "с 9 вечера до утра", "từ 19h đến 22h"): the first hour is marked as one (a clock's minutes, a unit, "the hour")
_FROM_HOUR = regex.compile(
    rf"(?<!\w)(?:{_FROM}|с|со)\s+(?:الساعة\s+)?\d{{1,2}}"  # Russian "с 9 вечера": from, before an hour
    r"(?:[:.]\d\d|\s?(?:h|hod\.?|hodin|giờ|час\w*|сат\w*|вечера|утра|pm|am|مساء\w*|صباح\w*)(?!\w))"
    rf".{{0,40}}?\s{_UNTIL}\s",
    regex.I,
)
_HOUR_AFTER_THE_HOUR = regex.compile(r"(?<!\w)(?:من\s+)?الساعة\s+\d{1,2}.{0,40}?\sحتى\s")
# A day and a range of hours ("Ngày hội nhận nuôi thú cưng Chủ nhật 14/12, 8h–11h30 tại công viên", "Trh 12. 10.,
# 9:00–17:00"): an event's announcement; opening hours alone are alt_rules' (no day)
_HOURS = r"\d{1,2}(?:[:.]\d\d|h\d{0,2})"
_DAY_AND_HOURS = regex.compile(rf"(?<![\d.:/])\d{{1,2}}\s?[./]\s?\d{{1,2}}\.?(?![\d:]).*?{_HOURS}\s?[-–]\s?{_HOURS}")
# A closure and a number, its dates or hours ("ประกาศ ปิดปรับปรุงสระ 1-15 มิถุนายน", "Zavřeno 24. 12. – 1. 1.",
# "휴관 안내 12월 25일"): a notice; a caption of a closed shop has no date ("Закрытая веранда" is a covered one)
CLOSURE_MAX_WORDS = 12
_CLOSED = regex.compile(
    r"(?<!\w)(?:zavřeno|uzavřeno|zárva|закрыто|закрыт на|затворено|zatvoreno|đóng cửa|tạm nghỉ|nghỉ tết|nghỉ lễ"
    r"|مغلق|مغلقة|إغلاق|휴관|휴무|휴업)(?!\w)|ปิดปรับปรุง|ปิดทำการ|ปิดให้บริการ|ปิดชั่วคราว",
    regex.I,
)

# Enrolment open ("Ауто школа Точак – упис у току", "Школа рукомета – уписи у току", "รับสมัครนักเรียน"): a notice
ENROLMENT_MAX_WORDS = 16  # "Объявляется приём в 10–12 классы на 2026/2027 учебный год. Документы ..." is 14
_ENROLMENT = regex.compile(
    r"(?<!\w)(?:упис(?:и)? (?:је )?у току|upis(?:i)? (?:je )?u toku|zápis probíhá|набор открыт|идёт набор|идет набор"
    r"|объявляется (?:приём|прием|набор)|приём документов|прием документов|документы принимаются"
    r"|đang tuyển sinh)(?!\w)|รับสมัคร",
    regex.I,
)

# A fixture: two names with a dash between and the match's date or score, nothing else ("Vyškov – Zlín, 12. 10.
# 2025", "Partizan - Crvena zvezda 2:1"): a club's results list. Names are capitalised, so scripts with case only.
_NAME = r"\p{Lu}[\p{L}.'-]*(?:\s+(?:\p{L}[\p{L}.'-]*|\d{1,2})){0,2}"  # "Crvena zvezda", "Slavia Praha B"
_FIXTURE = regex.compile(
    rf"^{_NAME}\s+[-–—]\s+{_NAME}\s*[,:]?\s*(?:\d{{1,2}}\.\s?\d{{1,2}}\.\s?(?:\d{{2,4}})?|\d{{1,2}}\s?:\s?\d{{1,2}}"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?)(?:\s*\(\d{1,2}\s?:\s?\d{1,2}\))?\.?$"
)

# A day by its date and its hours ("Den otevřených dveří 14. 3. 2025 od 9:00"): an event's announcement
DATED_HOUR_MAX_WORDS = 10
WHOLE_HOUR_MAX_WORDS = 14  # "Свечано отварање 27. јуна у 20 часова, Градски трг – улаз слободан" is 12
_NUMERIC_DAY = regex.compile(
    r"(?<![\d.])\d{1,2}\.\s?\d{1,2}\.(?:\s?\d{4})?(?![\d])|(?<![\d/])\d{1,2}/\d{1,2}(?![\d])|\d{1,2}월\s?\d{1,2}일"
)
# or by its month's name ("Múzeumok Éjszakája 2024. június 22., 18:00–24:00", "17. listopadu v 17:00")
_MONTH = "|".join(sorted((regex.escape(m) for m in MONTHS), key=len, reverse=True))
_NAMED_DAY = regex.compile(rf"(?<!\w)(?:\d{{1,2}}\.?\s?(?:{_MONTH})|(?:{_MONTH})\s\d{{1,2}}\.?)(?!\w)", regex.I)
# ...and the hour it starts from or its hours ("od 9:00", "từ 8h", "18:00–24:00"); a photo's moment ("20. března
# 2015 v 10:30": at 10:30) is a caption's detail
_HOUR = regex.compile(
    r"(?<!\w)(?:od|from|с|од|từ|من)\s\d{1,2}(?::\d\d|\s?h\b|h\d\d)"
    r"|(?<![\d.:])\d{1,2}[:.]\d\d\s*[-–—]\s*\d{1,2}[:.]\d\d(?![\d.:])"
)
# or a whole hour by its word after "at", as a programme gives it ("27. јуна у 20 часова", "5월 5일(월) 오후 3시",
# "18 órakor", "الساعة 8"), in a notice of this decade (a year before 2020 dates a historical photo: "Салют Победы
# 9 мая 1945 года в 22 часа"), and not a scene's Korean ("... 해변에서 해돋이를 바라보는 관광객들")
# (Vietnamese "lúc 5 giờ" and Arabic "الساعة 6" date news photos as often as programmes: left to the forms above)
_WHOLE_HOUR = regex.compile(
    r"(?<!\w)(?:у|u|v|ve|в|во|at)\s\d{1,2}\s?(?:часова|часов|часа|сати|sati|hodin)(?!\w)"
    r"|(?<![\d.:])\d{1,2}\s?órakor(?!\w)|(?:오전|오후)\s?\d{1,2}시"
    # or an hour and its minutes after "at", in a notice's form ("отправляется 12 мая в 8:00", "lúc 8h30")
    # (Vietnamese with the day's word: "Đường 3/2 lúc 7h sáng" is a street named after a date)
    r"|(?<!\w)(?:в|во|v|ve|u|у|at)\s\d{1,2}:\d\d(?!\d)|ngày\s\d{1,2}/\d{1,2}(?:/\d{2,4})?\slúc\s\d{1,2}h\d{0,2}(?!\w)"
    # or the hours of a day by their word ("10–18 óráig", "9–17 h")
    r"|(?<![\d.:])\d{1,2}\s?[-–]\s?\d{1,2}\s?(?:óráig|óra|hodin|h|часов|часова|giờ)(?!\w)"
    # or from an hour to an hour by its word ("od 9 do 12 hodin", "с 10 до 18 часов", "од 9 до 14 часова")
    r"|(?<!\w)(?:od|с|од)\s\d{1,2}\s(?:do|до)\s\d{1,2}\s?(?:hodin|hod\.|h|часов|часа|часова|сати|sati)(?!\w)"
)
_OLD_YEAR = regex.compile(r"(?<!\d)(?:1[5-9]\d\d|200\d|201\d)(?!\d)")
# a verb in the past that tells what happened ("szavalták el", "végeztek", "поздравили")
_SCENE = regex.compile(r"에서\s|있다\.?$|모습$|들$|\w{3,}(?:ták|ték|tak|tek)(?!\w)|\w{3,}(?:ли|лись)(?!\w)")
# A Korean run from a day until a day ("3월 7일부터 4월 20일까지", "3월 7일 ~ 4월 20일")
_KOREAN_RUN = regex.compile(r"(?:\d{1,2}월\s?)?\d{1,2}일\s?(?:부터|[~–-])\s?(?:\d{1,2}월\s?)?\d{1,2}일")


def schedule(text: str, words: list[str]) -> bool:
    """Whether `text` (normalised; `words` its words) is "every" a day and an hour, a timetable (two clock times
    not joined as a range: a range, "7:00–20:00", is opening hours, which alt_rules names), a slogan that
    ends in "every day", a run from a day to a day or from an hour until another, a closure and its dates, or
    enrolment open, a date with an hour, or a fixture with its date or score."""
    if len(words) <= SCHEDULE_MAX_WORDS and _EVERY.search(text) and _CLOCK.search(text):
        return True
    if len(words) <= TIMETABLE_MAX_WORDS and len(_HOUR_MINUTE.findall(_HOURS_RANGE.sub(" ", text))) >= 2:
        return True
    if len(words) <= EVERY_DAY_MAX_WORDS and _EVERY_DAY.search(text) is not None:
        return True
    if len(words) <= RUN_MAX_WORDS and (
        _run(text) or _FROM_HOUR.search(text) or _HOUR_AFTER_THE_HOUR.search(text) or _DAY_AND_HOURS.search(text)
    ):
        return True
    if len(words) <= CLOSURE_MAX_WORDS and _CLOSED.search(text) is not None and any(c.isdigit() for c in text):
        return True
    if len(words) <= ENROLMENT_MAX_WORDS and _ENROLMENT.search(text) is not None:
        return True
    # the hour first: rare and cheap to look for, before the long alternation of months
    timed = (len(words) <= DATED_HOUR_MAX_WORDS and _HOUR.search(text)) or (
        len(words) <= WHOLE_HOUR_MAX_WORDS
        and _WHOLE_HOUR.search(text)
        and not _OLD_YEAR.search(text)
        and not _SCENE.search(text)
    )
    if timed and (_NUMERIC_DAY.search(text) or _NAMED_DAY.search(text)):
        return True
    if len(words) <= RUN_MAX_WORDS and _KOREAN_RUN.search(text):
        return True
    return _FIXTURE.match(text) is not None


def _run(text: str) -> bool:
    m = _RUN.search(text)
    if m is None:
        return False
    months = [m[g].lower() for g in ("m1", "m2") if m[g]]  # a numbered day has none
    return all(w in MONTHS or w.rstrip(".") in MONTHS for w in months)
