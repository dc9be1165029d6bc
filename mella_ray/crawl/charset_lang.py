"""Which legacy charset a page of a known language was written in, when its declaration lies.

Old regional sites send bytes in their language's legacy code page behind a header that names
another one: a Czech CMS sends windows-1250 as `ISO-8859-1`, a Russian one windows-1251 as
`KOI8-R` (or the reverse), an Arabic one ISO-8859-6 as `windows-1256`; with no declaration at
all, charset-normalizer may guess a code page of another region (windows-1258 or ISO-8859-10 for
Czech). Every such reading decodes without an error into letters ("Karlùv most v zimì",
"уБНПЧБТ Й ВБТБОЛЙ") that no later check calls garbled, and the mojibake would be kept. Browsers
avoid it with a locale's default encoding; the crawl knows each page's language (its seed's), so:

the text decoded as charsets.py chose is compared with the same bytes decoded by the legacy
code pages of the page's language (`LEGACY_BY_LANG`), by how plausible each reading is for the
language: the share of its non-ASCII letters that belong to the language's alphabet, less the share of
words whose case flips from lower to upper inside the word or that mix Latin letters with another
script, less the share of upper-case letters above one half (a single-byte Cyrillic code page read
as another swaps the cases: "уБНПЧБТ Й ВБТБОЛЙ"); signs glued to letters ("©umava": ISO-8859-2's
"Š" read as windows-1250) count as foreign letters. A reading better by `MARGIN` wins. Valid UTF-8 and pages
with a BOM never get here (charsets.decode_page settles them first).

A page written wholly in capitals defeats the case measure: KOI8-R capitals read as windows-1251
are all lower case, letters of the alphabet every one ("тпуфпчулйк" for "РОСТОВСКИЙ"). So for the
Cyrillic languages the case measure gives way to letter frequencies: the language's ten commonest
letters make about two thirds of real text and about a third of a permuted reading
(`COMMON_LETTERS`). And a declared charset whose reading is plausible (`TRUSTED`) is kept, unless another
code page of the language reads the few letters it does not write as its own and loses none ("gyõztes", one
"ő" of a Hungarian ISO-8859-2 page read as Latin-1, in a page of "á", "é" and "ö" that both read alike).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

# The legacy code pages of each language, most common first (Python codec names).
LEGACY_BY_LANG = {
    "cs": ("cp1250", "iso8859_2"),
    "hu": ("iso8859_2", "cp1250"),
    "sr": ("cp1251", "cp1250", "iso8859_5"),
    "ru": ("cp1251", "koi8_r"),
    "ar": ("cp1256", "iso8859_6"),
    "th": ("cp874",),
    "vi": ("cp1258",),
    "ko": ("cp949",),
}
_VI = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_RU = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# The non-ASCII letters each language writes (lowercase; names and loanwords aside).
ALPHABETS = {
    "cs": set("áčďéěíňóřšťúůýž"),
    "hu": set("áéíóöőúüű"),
    "sr": set("абвгдђежзијклљмнњопрстћуфхцчџш") | set("čćđšž"),
    "ru": set(_RU),
    "vi": set(_VI),
}
RANGES = {"ar": ("\u0600", "\u06ff"), "th": ("\u0e00", "\u0e7f"), "ko": ("\uac00", "\ud7a3")}
MARGIN = 0.05  # a reading must be this much more plausible to replace the one chosen
UPPER_SHARE = 0.5  # text is mostly lower case; one Cyrillic code page read as another is mostly upper
PLAUSIBLE = 0.6  # a reading of the language's own code page this plausible beats a guess from another region
TRUSTED = 0.9  # a declared charset whose reading scores this well is kept whatever else reads as well
# The ten most frequent letters of each Cyrillic language: about 2/3 of the letters of real text,
# about 1/3 of a reading that maps the letters to others (KOI8-R read as windows-1251, or back).
COMMON_LETTERS = {"ru": set("оеаинтсрвл"), "sr": set("аиоенрстјув")}
COMMON_SHARE = 0.5  # below this share of common letters, a reading is penalised (twice the shortfall)
COMMON_MIN_LETTERS = 20  # fewer Cyrillic letters than this: the share is noise, not measured
_PUNCTUATION = "\u00a0\u00ad–—„“”«»…·’‘‚′″°"
# A non-ASCII sign (not a letter, digit, space or usual punctuation) touching a letter.
_GLUED_SYMBOL = re.compile(rf"(?<=[^\W\d_])[^\w\s\x00-\x7f{_PUNCTUATION}]|[^\w\s\x00-\x7f{_PUNCTUATION}](?=[^\W\d_])")
SAMPLE_CHARS = 64 * 1024
_WORD = re.compile(r"\w+")


def _native(c: str, lang: str) -> bool:
    span = RANGES.get(lang)
    if span is not None:
        return span[0] <= c <= span[1]
    return c.lower() in ALPHABETS[lang]


def plausibility(text: str, lang: str) -> float | None:
    """How well `text` reads as `lang` (see the module docstring); None when it has no non-ASCII letters."""
    text = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = [c for c in text if c == "\ufffd" or (not c.isascii() and c.isalpha())]
    if not letters:
        return None
    glued = len(_GLUED_SYMBOL.findall(text))  # "©umava": a letter of one code page, a sign in another
    native = sum(1 for c in letters if c != "\ufffd" and _native(c, lang)) / (len(letters) + glued)
    upper = sum(1 for c in letters if c.isupper()) / len(letters)
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    odd = sum(1 for w in words if _flipped(w) or _mixed(w))
    score = native - odd / max(len(words), 1)
    common = _common_share(letters, lang)
    if common is None:
        return score - max(0.0, upper - UPPER_SHARE)
    # Letter frequencies, not case: a page written wholly in capitals is as plausible as any other.
    return score - 2 * max(0.0, COMMON_SHARE - common)


def _common_share(letters: list[str], lang: str) -> float | None:
    """The share of the language's most frequent letters among its Cyrillic letters; None when not measured."""
    common = COMMON_LETTERS.get(lang)
    if common is None:
        return None
    cyrillic = [c.lower() for c in letters if "\u0400" <= c <= "\u04ff"]
    if len(cyrillic) < COMMON_MIN_LETTERS:
        return None
    return sum(1 for c in cyrillic if c in common) / len(cyrillic)


def _flipped(word: str) -> bool:
    """Lower case then upper case inside a word: "уБНПЧБТ" (KOI8-R read as windows-1251)."""
    return any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def _mixed(word: str) -> bool:
    """Latin letters beside letters of another script in one word: "Иevapi" (windows-1250 read as 1251).
    Vietnamese's letters (Latin Extended Additional, U+1E00-U+1EFF: "ớ", "ệ") are Latin."""
    return any("a" <= c <= "z" for c in word.lower()) and any(
        c >= "\u0370" and c.isalpha() and not "\u1e00" <= c <= "\u1eff" for c in word
    )


def better_legacy_codec(
    body: bytes, text: str, codec: str, lang: str | None, declared: str | None = None
) -> tuple[str, str] | None:
    """(codec, text) of a legacy code page of `lang` that reads `body` clearly better than `codec` did.
    A `declared` charset that `codec` is and that reads plausibly (TRUSTED) is kept, unless another code page
    of the language reads its foreign letters as the language's own."""
    candidates = LEGACY_BY_LANG.get((lang or "").split("-")[0].lower())
    if not candidates:
        return None
    current = plausibility(text, lang)
    if current is None:
        return None
    best, codec = None, codecs.lookup(codec).name
    declared_codec = codecs.lookup(declared).name if declared is not None else None
    trusted = declared_codec == codec and current >= TRUSTED
    # A codec the page named, or one of the language's own, keeps its reading unless another reads clearly
    # better; a detector's guess from another region (mac-cyrillic for a windows-1251 page whose alts quote
    # mojibake, which that guess happens to score well) yields to any of the language's code pages that
    # reads plausibly (PLAUSIBLE).
    names = [codecs.lookup(n).name for n in candidates]
    own = codec == declared_codec or codec in names
    needed = current + MARGIN if own else min(current, PLAUSIBLE)
    # A trusted reading may still hold a few letters the language does not write ("gyõztes": one ő of a
    # Hungarian ISO-8859-2 page read as Latin-1); a code page of the language that reads them as its own
    # letters, and no worse elsewhere, is the page's.
    letters, foreign = _letters(text, lang) if trusted else (0, 0)
    for name in names:
        if name == codec:
            continue
        guess = body.decode(name, errors="replace")
        score = plausibility(guess, lang)
        if score is None:
            continue
        if trusted and score > current:  # no letter lost (a control character in the other code page)
            guess_letters, guess_foreign = _letters(guess, lang)
            repairs = guess_letters >= letters and guess_foreign < foreign
        else:
            repairs = False
        if (score >= needed or repairs) and (best is None or score > best[0]):
            best = (score, name, guess)
    return (best[1], best[2]) if best else None


def _letters(text: str, lang: str) -> tuple[int, int]:
    """(non-ASCII letters of `text`, those of them that `lang` does not write and signs glued to letters)."""
    text = unicodedata.normalize("NFC", text[:SAMPLE_CHARS])
    letters = [c for c in text if not c.isascii() and c.isalpha()]
    foreign = sum(1 for c in letters if not _native(c, lang)) + len(_GLUED_SYMBOL.findall(text))
    return len(letters), foreign
