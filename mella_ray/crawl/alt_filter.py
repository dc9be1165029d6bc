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

from mella_ray.scripts import expected_scripts, other_language, script_share

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

_AS_SPACE = {"Zs", "Zl", "Zp", "Cc"}
MIN_SCRIPT_SHARE = 1 / 3  # letters in the expected script(s), at least
LANGID_MIN_CHARS = 15  # below this, the identifier is noise: the script check decides


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
    if expected_scripts(lang)[0] and script_share(text, lang) < MIN_SCRIPT_SHARE:
        return False, "alt_wrong_script"
    if len(text) >= LANGID_MIN_CHARS and other_language(text, lang):
        return False, "alt_other_language"
    return True, "ok"
