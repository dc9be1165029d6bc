"""The site's furniture rather than a picture: an alt that names what the image is for (a logo, an
author's photo, a social network's badge: names_chrome; "icon" and a lower-case noun: icon_label; both asked by
alt_rules), an image whose file name
says so (a logo, an avatar, an author's picture, a coat of arms), and an alt that is the page's title
where the title names the site (dedup.judge asks the last two, with the image's and the page's URLs
and the page's <title>).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from mella_ray.crawl.alt_vocabulary import has_function_word
from mella_ray.crawl.alt_words import TRIM
from mella_ray.crawl.alt_words_nav import (
    AUTHOR_NOUNS,
    AUTHOR_NOUNS_UNSPACED,
    CHROME_NOUNS,
    CHROME_NOUNS_UNSPACED,
    EMBLEM_NOUNS,
    SOCIAL_NOUNS,
    SOCIAL_NOUNS_UNSPACED,
    unmarked,
)

LOGO_WORDS = {"logo", "logó", "logója", "лого", "логотип", "logotip", "شعار", "로고", "โลโก้"}
_CHROME = CHROME_NOUNS | SOCIAL_NOUNS | set(unmarked(AUTHOR_NOUNS)) | set(unmarked(EMBLEM_NOUNS))
_CHROME_UNSPACED = CHROME_NOUNS_UNSPACED + SOCIAL_NOUNS_UNSPACED + AUTHOR_NOUNS_UNSPACED
# Korean nouns of a page's furniture that head a compound from its end (a network's name is a badge anywhere:
# "카카오톡 상담")
_KOREAN_HEADS = {"로고", "아이콘", "썸네일", "버튼", "배너", "프로필", "아바타"}
_KOREAN_PICTURE = {"사진", "이미지", "그림"}


def names_chrome(low: str) -> bool:
    """Whether lower-case `low` calls its image a logo, an icon, a button, a profile picture, an author's
    photo, a social network's badge or a coat of arms (alt_words_nav: CHROME_NOUNS, SOCIAL_NOUNS,
    AUTHOR_NOUNS, EMBLEM_NOUNS). alt_rules asks it of short alts ("Logo firmy Škoda Auto", "Фото автора")."""
    padded = f" {' '.join(w.strip(TRIM) for w in low.split())} "
    if any(f" {noun} " in padded for noun in _CHROME):
        return True
    # Korean puts a compound's head last: "로그인버튼" is a button, "투버튼 수트" a two-button suit (a word of its own,
    # "아이콘 전화", is a label's wherever it is); a picture's word after the head is no head ("프로필 사진")
    words = [w for w in padded.split() if w not in _KOREAN_PICTURE]
    last = words[-1] if words else ""
    return any((noun in last or noun in words) if noun in _KOREAN_HEADS else noun in low for noun in _CHROME_UNSPACED)


def chrome_at_edge(low: str) -> bool:
    """Whether lower-case `low` opens or closes with a logo's word (LOGO_WORDS) and the rest has no function word:
    a name and its logo at any length alt_rules allows ("Citrom & Bazsalikom Fagylaltozó logó", "Logo Pet Spa
    Bông Xù"); "Logo Škody na budově továrny" is a photo of it."""
    words = [w.strip(TRIM) for w in low.split()]
    if len(words) < 2:
        return False
    if words[-1] in LOGO_WORDS:  # "A Nemzeti Kulturális Alap logója": the article before a name is no sentence
        name = low.split()[:-1]
        return not has_function_word(name[1:] if name[0] in ("a", "az") else name)
    return words[0] in LOGO_WORDS and not has_function_word(low.split()[1:])


# "Icon" in the languages where it is a religious icon too (alt_words_nav leaves them out of CHROME_NOUNS): a UI
# icon's alt names a thing in a lower-case noun ("ikona implantát", "Икона корзины", "telefon ikon"); a holy
# icon names a saint, capitalised or after SACRED ("Ikona Panny Marie", "Икона святого Николая").
ICON_WORDS = {"ikona", "ikon", "икона"}
# fmt: off
SACRED = {
    "svatého", "svaté", "svatých", "sv", "panny", "matky", "krista", "boží", "святого", "святой", "святых", "св",
    "святителя", "преподобного", "пресвятой", "божией", "божьей", "богородицы", "богоматери", "спаса", "спасителя",
    "христа", "господа", "светог", "свете", "светих", "богородице", "господње", "svetog", "svete",
    "svetih", "bogorodice", "hrista", "gospodnje", "szent", "szűz", "krisztus", "istenszülő",
}
# Words after "icon" that make it a description ("Ikona z 18. století", "икона в храме")
ICON_SCENE = {"z", "ze", "s", "se", "v", "ve", "na", "do", "od", "u", "з", "с", "в", "на", "до", "от", "у", "из", "iz",
              "sa", "za", "и", "i", "a", "az", "egy", "és"}
# fmt: on
# Adjective endings: "Икона древнерусская", "ikona pravoslavná" describe an icon's style
_ADJECTIVE = re.compile(r"(?:ая|яя|ий|ый|ой|ое|ые|ска|ски|á|ý|é|í)$")


def icon_label(text: str) -> bool:
    """Whether `text` (a short alt, in its own case) is "icon" and a lower-case noun, before or (in Hungarian)
    after it, that names no saint (ICON_WORDS, SACRED)."""
    words = [w.strip(TRIM) for w in text.split()]
    if len(words) < 2:
        return False
    if words[0].lower() in ICON_WORDS:
        others = words[1:2]
    elif words[-1].lower() == "ikon":
        others = words[:-1]  # "telefon ikon"; "Szent Miklós ikon" is capitalised
    else:
        return False
    return all(
        w.isalpha() and w.islower() and w not in SACRED and w not in ICON_SCENE and not _ADJECTIVE.search(w)
        for w in others
    )


# File-name words of a site's own furniture: the logo on every page carries the site's name or
# motto as its alt, which passes every text rule; an author's or a profile picture carries a byline;
# a municipality's coat of arms (erb, grb, герб, címer) its name. Not "banner" or "icon": a banner is
# often a real photograph with a real description, and icons are too small to be kept anyway.
CHROME_NAME_WORDS = {
    "logo", "logos", "logotype", "logotip", "favicon", "sprite", "sprites", "avatar", "placeholder",
    "userpic", "gravatar", "erb", "grb", "gerb", "cimer", "wappen",
}  # fmt: skip
# Words of an author's or a profile's picture, which are also the words of a real photograph's file name
# ("/foto/autor.jpg" beside "Spisovatelka Alena Mornštajnová na autorském čtení"): furniture only when
# the alt is too (a byline: AUTHOR_ALT_MAX_WORDS words at most, or a bare name).
AUTHOR_NAME_WORDS = {"author", "authors", "autor", "autorka", "autori", "autora", "szerzo", "profile", "profil"}
AUTHOR_ALT_MAX_WORDS = 3
NAME_MAX_WORDS = 5  # "Ing. Jan Novák, Ph.D.": a name with its titles
# Words that are furniture only as the whole name, or its head: "znak.png", "znak-obce.png" are a
# village's arms; "dopravni-znak-stop.jpg" is a photograph of a road sign.
CHROME_NAME_HEADS = {"znak", "coat"}
_NAME_WORD = re.compile(r"[a-z]+")


def chrome_image(image_url: str, alt: str | None = None) -> bool:
    """Whether the image's file name says it is site furniture (a logo, an avatar, a sprite, a coat of
    arms), or an author's or a profile's photo whose `alt` (when given) is a byline, not a caption."""
    name = image_url.split("?", 1)[0].rsplit("/", 1)[-1].lower()
    words = _NAME_WORD.findall(name.rsplit(".", 1)[0] if "." in name else name)
    if not CHROME_NAME_WORDS.isdisjoint(words):
        return True
    if not AUTHOR_NAME_WORDS.isdisjoint(words):
        return alt is None or byline_like(alt)
    return bool(words) and words[0] in CHROME_NAME_HEADS and len(words) <= 3


def byline_like(alt: str) -> bool:
    """An alt of AUTHOR_ALT_MAX_WORDS words at most, or a bare name: words that each start with a
    capital or are no word ("Ing. Jan Novák, Ph.D.", "Jana Nováková – redaktorka" is not)."""
    words = alt.split()
    if len(words) <= AUTHOR_ALT_MAX_WORDS:
        return True
    return len(words) <= NAME_MAX_WORDS and all(w[0].isupper() or not w[0].isalpha() for w in words)


# "Hrad Pernštejn | Průvodce po Čechách": a title's parts, the page's and the site's, between separators
_SEPARATOR = r"(?:\s+[|–—:»·•/-]+\s+|\s*[|»•]\s*)"
TITLE_SEPARATOR = re.compile(_SEPARATOR)
_ENDS_WITH_SEPARATOR = re.compile(_SEPARATOR + "$")
_STARTS_WITH_SEPARATOR = re.compile(_SEPARATOR + r"\S")
# A site's home page: its root, an index file, or a language's root ("/cs/", "/sr-latn/")
_HOME_PATH = re.compile(
    r"^/?(?:(?:index|default|home|main|uvod|domu|pocetna|trang-chu)\.(?:html?|php\d?|aspx?|jsp|shtml))?$"
    r"|^/[a-z]{2}(?:[-_][a-z]{2,4})?/?$",
    re.I,
)


def home_page(page_url: str | None) -> bool:
    """Whether `page_url` is a site's home page (no query: "/?p=12" is an article)."""
    if not page_url:
        return False
    parts = urlsplit(page_url)
    return not parts.query and _HOME_PATH.match(parts.path) is not None


def page_title_alt(text: str, title: str | None, page_url: str | None = None) -> bool:
    """Whether the alt is the page's title with the site's name in it ("Hrad Pernštejn | Průvodce po
    Čechách"), or ends with the name as the title does ("Pernštejn na podzim | Průvodce po Čechách"):
    an SEO plugin's fill-in, which names the site, not the picture; so is the title's headline alone before the
    site's name ("Hrad Pernštejn" of that title: a post's title, copied into its featured image's alt, which
    evaluations on unseen sites found junk or ambiguous every time); or the site's name and its motto
    ("Průvodce po Čechách | Cestujte s námi"). A title without a separator is
    the page's own heading, which often describes its picture, and stays; except on the home page,
    whose title is the site's name ("Obec Dolní Lhota" beside the village's arms), as is each part of it."""
    if not title or not text:
        return False
    title, site = _title_site(title)
    low = " ".join(text.split()).casefold()
    if home_page(page_url) and (low == title or low in TITLE_SEPARATOR.split(title)):
        return True
    if site is None:
        return False
    if low == title or low == TITLE_SEPARATOR.split(title)[0].strip():
        return True  # the title, or its headline before the site's name: an SEO plugin's fill-in from the post
    head = low.removesuffix(site)
    if head != low and bool(head.strip()) and _ENDS_WITH_SEPARATOR.search(head) is not None:
        return True
    # the site's name with its motto ("وزارة السياحة والآثار - الموقع الرسمي": "... - the official site")
    tail = low.removeprefix(site)
    return tail != low and _STARTS_WITH_SEPARATOR.match(tail) is not None


@lru_cache(maxsize=4096)  # one title per page, asked for each of its images
def _title_site(title: str) -> tuple[str, str | None]:
    """(the title normalised, its last part after a separator or None)."""
    title = " ".join(title.split()).casefold()
    parts = TITLE_SEPARATOR.split(title)
    return title, (parts[-1] or None) if len(parts) >= 2 else None
