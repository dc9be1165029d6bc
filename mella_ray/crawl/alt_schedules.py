"""Schedules as alt (alt_slogans asks `schedule`; alt_promo): a day's or a week's hours, a timetable, a slogan of
"every day". A site's notice of when something happens, not what its picture shows.
"""

from __future__ import annotations

import regex

# A schedule: "every" a day or a morning and an hour ("Milonga každý pátek od 20:00", "Friss pékáru minden reggel
# 6-tól"); a caption of a habit has no hour ("Každý den ráno krmíme koně")
SCHEDULE_MAX_WORDS = 8
_EVERY = regex.compile(
    r"(?<!\w)(?:každ[ýéáou]\w*|minden|каждый|каждую|каждое|каждого|svak\w*|свак\w*|mỗi|hàng ngày|hằng ngày|매일|매주"
    r"|ทุก|كل)(?!\w)",
    regex.I,
)
_CLOCK = regex.compile(r"\d{1,2}(?:[:.]\d\d|\s?h\b|-t[óő]l|\s?giờ|시|\s?น\.)|(?:od|от|from|từ|من)\s+\d{1,2}\b")
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


def schedule(text: str, words: list[str]) -> bool:
    """Whether `text` (normalised; `words` its words) is "every" a day and an hour, a timetable (two clock times
    not joined as a range: a range, "7:00–20:00", is opening hours, which alt_rules names) or a slogan that
    ends in "every day"."""
    if len(words) <= SCHEDULE_MAX_WORDS and _EVERY.search(text) and _CLOCK.search(text):
        return True
    if len(words) <= TIMETABLE_MAX_WORDS and len(_HOUR_MINUTE.findall(_HOURS_RANGE.sub(" ", text))) >= 2:
        return True
    return len(words) <= EVERY_DAY_MAX_WORDS and _EVERY_DAY.search(text) is not None
