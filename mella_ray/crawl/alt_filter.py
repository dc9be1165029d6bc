"""Is an image's alt-text usable as native text (D_know), or does the image go to the pool?

Checks, cheapest first: normalised length, junk (file names, URLs, "image", "photo",
"logo", digits and punctuation only), the writing system, then the language identifier.
The language check only refuses alt-text that is *clearly* another language: a real site
mixes in names, brands and short phrases, and a false refusal only moves an image to the
pool (it is captioned later), while a false acceptance puts English into D_know.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from mella_ray.langs import LANGUAGES, language

# Words that say nothing about the image (English and the project's languages).
GENERIC = {
    "image", "img", "photo", "photograph", "picture", "pic", "logo", "icon", "banner", "thumbnail",
    "thumb", "placeholder", "untitled", "spacer", "blank", "default", "avatar", "no image",
    "click here", "alt", "alt text", "null", "none", "undefined", "foto", "fotografie", "obrázek",
    "obrazek", "kép", "fénykép", "ảnh", "hình", "hình ảnh", "изображение", "картинка", "фото",
    "фотография", "логотип", "слика", "фотографија", "slika", "fotografija", "صورة", "شعار",
    "이미지", "사진", "로고", "รูป", "รูปภาพ", "ภาพ", "โลโก้",
}
_FILENAME = re.compile(r"^[\w\-. ()\[\]]+\.(jpe?g|png|gif|webp|bmp|svg|tiff?|avif|heic|ico)$", re.I)
_CAMERA = re.compile(r"^(img|dsc|dscn|dscf|dcim|pic|pict|photo|image|screenshot|p|mvimg|pxl)[_\- ]?\d+", re.I)
_URLISH = re.compile(r"^(https?://|www\.)", re.I)
_GENERIC_NUMBERED = re.compile(r"^(.+?)[\s_\-#:]*\d*$")

# Unicode blocks of the scripts we check (ISO 15924 codes as in langs.py).
_SCRIPT_RANGES = {
    "Latn": [(0x0041, 0x024F), (0x1E00, 0x1EFF)],
    "Cyrl": [(0x0400, 0x052F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F)],
    "Arab": [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
    "Kore": [(0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xD7B0, 0xD7FF),
             (0x4E00, 0x9FFF)],  # Korean text may carry Hanja
    "Hang": [(0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F)],
    "Thai": [(0x0E00, 0x0E7F)],
}
# Scripts a language is also written in, beyond its default script in langs.py.
EXTRA_SCRIPTS = {"sr": {"Latn"}}
# Labels of the identifier that count as the language (close relatives it confuses them with).
COMPATIBLE = {
    "sr": {"sr", "hr", "bs", "mk"},  # Serbo-Croatian standards; Latin Serbian is often "hr"/"bs"
    "cs": {"cs", "sk"},
    "ru": {"ru", "uk", "be", "bg"},
    "ar": {"ar", "ary", "arz"},
}

_AS_SPACE = {"Zs", "Zl", "Zp", "Cc"}
MIN_SCRIPT_SHARE = 1 / 3  # letters in the expected script(s), at least
LANGID_MIN_CHARS = 15  # below this, the identifier is noise: the script check decides
OTHER_LANG_MIN_PROB = 0.2  # "clearly another language": the top label at least this likely...
OWN_LANG_MAX_PROB = 0.05  # ...and the expected language(s) together at most this


def normalize_alt(text: str | None) -> str:
    """NFC, control characters removed, whitespace collapsed, stripped."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    # Separators and control characters become spaces; format characters (soft hyphens,
    # zero-width spaces) vanish, as they would when the text is rendered.
    text = "".join(" " if unicodedata.category(c) in _AS_SPACE else ("" if unicodedata.category(c) == "Cf" else c)
                   for c in text)
    return " ".join(text.split())


def is_junk(text: str) -> str | None:
    """A reason if the text is a file name, URL, generic word or carries no letters."""
    if not any(c.isalpha() for c in text):
        return "alt_no_letters"
    if _URLISH.match(text) or _FILENAME.match(text) or _CAMERA.match(text):
        return "alt_filename"
    low = text.lower().strip(" .,:;!?-_()[]\"'«»")
    m = _GENERIC_NUMBERED.match(low)
    if low in GENERIC or (m and m.group(1).strip() in GENERIC):
        return "alt_generic"
    return None


def _in_script(ch: str, script: str) -> bool:
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _SCRIPT_RANGES.get(script, ()))


def expected_scripts(lang: str) -> set[str]:
    if lang not in LANGUAGES:
        return set()
    return {language(lang).script} | EXTRA_SCRIPTS.get(lang, set())


def script_share(text: str, scripts: set[str]) -> float:
    """Share of the letters of `text` that belong to one of `scripts`."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(any(_in_script(c, s) for s in scripts) for c in letters) / len(letters)


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> list[tuple[str, float]]:
    """Languages by probability, best first (py3langid, normalised probabilities)."""
    return _identifier().rank(text)


def other_language(text: str, lang: str) -> str | None:
    """The label of the language `text` is clearly written in, if it is not `lang`; else None."""
    ranked = identify(text)
    if not ranked:
        return None
    own = COMPATIBLE.get(lang, {lang})
    top, top_p = ranked[0]
    own_p = sum(p for label, p in ranked if label in own)
    if top not in own and top_p >= OTHER_LANG_MIN_PROB and own_p <= OWN_LANG_MAX_PROB:
        return top
    return None


def alt_usable(alt: str | None, lang: str, min_chars: int = 5, check_language: bool = True) -> tuple[bool, str]:
    """(usable, reason): reason is 'ok' or why the alt-text is not native text for `lang`."""
    text = normalize_alt(alt)
    if not text:
        return False, "alt_missing"
    junk = is_junk(text)  # before the length check: "logo" says more than "too short"
    if junk:
        return False, junk
    if len(text) < min_chars:
        return False, "alt_too_short"
    if not check_language:
        return True, "ok"
    scripts = expected_scripts(lang)
    if scripts and script_share(text, scripts) < MIN_SCRIPT_SHARE:
        return False, "alt_wrong_script"
    if len(text) >= LANGID_MIN_CHARS and other_language(text, lang):
        return False, "alt_other_language"
    return True, "ok"
