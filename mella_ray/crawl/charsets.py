"""A page's bytes to text, as a browser decodes them, and a repair when the declaration lies.

Which encoding: a BOM, else the HTTP header's charset, else `<meta charset>` (or http-equiv)
in the first 4 KiB, else UTF-8. Only labels of the WHATWG Encoding Standard count (webencodings
holds its table: `latin1`, `ascii` and `iso-8859-1` all mean windows-1252, as in browsers); any
other name is ignored, so a page cannot make the crawler run an arbitrary Python codec
(`punycode` decodes in quadratic time, `base64` raises, `rot13` garbles).

Regional sites often declare one charset and send another: a CMS moved to UTF-8 behind an old
`charset=windows-1251` header, or the reverse. Such a page decoded as declared yields mojibake
("РњР°С‚СЂС‘С€РєР°" for "Матрёшка") that looks like letters to every later check. So:

1. bytes that are valid UTF-8 with non-ASCII sequences are UTF-8, whatever the declaration
   says (a legacy single-byte text is almost never valid UTF-8 by chance);
2. bytes that do not decode strictly as declared, or decode into text that charset-normalizer's
   mess detector calls chaotic, are detected with charset-normalizer and decoded with its best
   guess when that reads cleaner;
3. a page of a known language read as a single-byte code page of another region ("Karlùv most"
   for windows-1250 sent as ISO-8859-1, KOI8-R sent as windows-1251) is read with its language's
   legacy code page instead, when that reads clearly better (charset_lang.py);
4. text that is still mojibake inside correctly decoded bytes (double-encoded by a CMS) is
   repaired per alt-text with ftfy (`repair_text`); alt_filter refuses what stays garbled.

Each repair is counted by the crawl (`charset_contradictions`, `texts_repaired`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

import ftfy
import webencodings
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from ftfy.badness import is_bad

from mella_ray.crawl.charset_lang import better_legacy_codec

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.I)
META_SCAN_BYTES = 4096
DETECT_BYTES = 64 * 1024  # enough text for the detector; a 5 MB page is not scanned whole
CHAOS_LIMIT = 0.2  # charset-normalizer's mess ratio above which a decoding is suspect
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# UTF-8 Thai read as TIS-620/windows-874: every letter becomes "เธ"/"เน" plus one more letter.
_THAI_MOJIBAKE = re.compile("\u0e40[\u0e18\u0e19]")
# Codecs whose misreading of UTF-8 repair_text undoes (beyond ftfy's own): the regional ones.
LEGACY_CODECS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1256",
    "cp874",
    "cp1253",
    "cp1254",
    "cp1257",
    "cp1258",
    "iso-8859-2",
    "koi8-r",
)


@dataclass
class Decoded:
    text: str
    charset: str  # the encoding used (Python codec name)
    declared: str  # what the header/meta/BOM said, or "utf-8" by default
    contradiction: bool = False  # the bytes contradicted the declaration (or the UTF-8 default): re-decoded


def whatwg_codec(label: str | None) -> str | None:
    """The Python codec of a WHATWG encoding label, or None for anything that is not one."""
    if not label:
        return None
    enc = webencodings.lookup(label.strip())
    if enc is None or enc.name == "x-user-defined":
        return None
    if enc.name in ("utf-16le", "utf-16be"):  # WHATWG: a declared UTF-16 in a page means UTF-8
        return "utf-8"
    return codecs.lookup(enc.codec_info.name).name


def header_charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip("\"'") or None
    return None


def meta_charset(body: bytes) -> str | None:
    m = _META_CHARSET.search(body[:META_SCAN_BYTES])  # <meta charset> and http-equiv content alike
    return m.group(1).decode("ascii") if m else None


def declared_charset(content_type: str | None, body: bytes) -> str:
    """The codec the page asks for: BOM, header, meta (WHATWG labels only), else utf-8."""
    for bom, name in BOMS:
        if body.startswith(bom):
            return name
    for label in (header_charset(content_type), meta_charset(body)):
        codec = whatwg_codec(label)
        if codec:
            return codec
    return "utf-8"


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode_page(body: bytes, content_type: str | None = None, lang: str | None = None) -> Decoded:
    """The page's text (never raises: undecodable bytes become U+FFFD); see the module docstring.
    `lang`, the language the page is expected in, lets a legacy code page of that language
    replace a lying or guessed single-byte reading (charset_lang.py)."""
    decoded = _decode(body, content_type)
    if lang is None or decoded.charset.startswith("utf-"):
        return decoded  # a BOM, valid UTF-8 or a declared UTF-16 is never second-guessed
    better = better_legacy_codec(body, decoded.text, decoded.charset, lang, decoded.declared)
    if better is None:
        return decoded
    return Decoded(better[1].lstrip("\ufeff"), better[0], decoded.declared, contradiction=True)


def _decode(body: bytes, content_type: str | None) -> Decoded:
    declared = declared_charset(content_type, body)
    if declared.startswith("utf-16"):
        return Decoded(body.decode(declared, errors="replace").lstrip("\ufeff"), declared, declared)
    non_ascii = not body.isascii()
    if declared != "utf-8" and non_ascii:
        as_utf8 = _strict(body, "utf-8")
        if as_utf8 is not None:
            return Decoded(as_utf8.lstrip("\ufeff"), "utf-8", declared, contradiction=True)
    text = _strict(body, declared)
    if text is not None and (not non_ascii or declared == "utf-8"):
        # ASCII, or valid UTF-8 said to be UTF-8: nothing contradicts the declaration. A page that
        # quotes mojibake ("Ð¦Ñ€ÐºÐ²Ð°" in one alt) is messy text, not a misread page; the alt
        # filter repairs or refuses that text alone.
        return Decoded(text.lstrip("\ufeff"), declared, declared)
    if text is None or mess_ratio(text[:DETECT_BYTES], CHAOS_LIMIT) >= CHAOS_LIMIT:
        better = _detect(body, declared, text)
        if better is not None:
            return better
    if text is None:
        text = body.decode(declared, errors="replace")
    return Decoded(text.lstrip("\ufeff"), declared, declared)


def _detect(body: bytes, declared: str, text: str | None) -> Decoded | None:
    best = from_bytes(body[:DETECT_BYTES]).best()
    if best is None:
        return None
    codec = whatwg_codec(best.encoding) or best.encoding
    try:
        codec = codecs.lookup(codec).name
    except LookupError:
        return None
    if codec == declared:
        return None
    guess = body.decode(codec, errors="replace")
    if text is not None and mess_ratio(guess[:DETECT_BYTES], 1.0) >= mess_ratio(text[:DETECT_BYTES], 1.0):
        return None  # not cleaner than the declaration: keep what the page said
    return Decoded(guess.lstrip("\ufeff"), codec, declared, contradiction=True)


def _mojibake_pairs() -> re.Pattern:
    """A lead byte's character followed by a continuation byte's, in any of LEGACY_CODECS: every
    UTF-8 text misread by one of them has such a pair, and most clean text has none (a cheap
    prefilter for the round trip below)."""
    leads, conts = set(), set()
    for codec in LEGACY_CODECS:
        leads.update(bytes([b]).decode(codec, errors="ignore") for b in range(0xC2, 0xF5))
        conts.update(bytes([b]).decode(codec, errors="ignore") for b in range(0x80, 0xC0))
    return re.compile(f"[{re.escape(''.join(sorted(leads - {''})))}][{re.escape(''.join(sorted(conts - {''})))}]")


def _utf8_read_as_legacy(text: str) -> str | None:
    """The text that `text` was before UTF-8 bytes were read as a legacy codec, if it was.

    ftfy knows windows-1252/1251 and latin-1 well but misses e.g. windows-1250 ("KarlĹŻv") and
    windows-874 ("เธ•เธฅ"). Real text in these codecs almost never re-encodes into valid UTF-8
    (every lead byte would need its continuation bytes after it), so a whole-text round trip
    that succeeds and shortens the text is mojibake.
    """
    if _MOJIBAKE_PAIR.search(text) is None:
        return None
    for codec in LEGACY_CODECS:
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if not fixed.isascii() and len(fixed) <= len(text) - 2:
            return fixed
    return None


_MOJIBAKE_PAIR = _mojibake_pairs()


@lru_cache(maxsize=4096)  # asked of an alt before and after it is normalised, mostly the same text
def is_garbled(text: str) -> bool:
    """Mojibake or undecodable bytes (see repair_text): never kept as alt-text."""
    if "\ufffd" in text or is_bad(text):
        return True
    thai_mojibake = len(_THAI_MOJIBAKE.findall(text))  # counted first: the letters only when there are some
    if thai_mojibake:
        letters = sum(1 for c in text if not c.isspace())
        if letters >= 6 and 2 * thai_mojibake >= 0.5 * letters:
            return True
    return not text.isascii() and _utf8_read_as_legacy(text) is not None


@lru_cache(maxsize=16384)  # site-wide alts and captions repeat on every page
def repair_text(text: str) -> str:
    """`text` with mojibake undone (UTF-8 read as windows-125x, TIS-620...); unchanged when it looks clean."""
    if not text or text.isascii():
        return text
    if is_bad(text):
        text = ftfy.fix_encoding(text)
    return _utf8_read_as_legacy(text) or text
