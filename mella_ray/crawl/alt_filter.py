"""Is an image's alt-text usable as native text (D_know), or does the image go to the pool?

Checks, cheapest first: normalisation (entities, whitespace, invisible characters, escaped
inline HTML tags, a leading label or gallery counter and a trailing credit line cut off), boilerplate
(alt_rules: generic words, file names, URLs, credit-only text), length in user-perceived characters, the
writing system, then the language identifier. A text with several letters its language's alphabet lacks is a
neighbour's (Ukrainian on a Russian site). The language check refuses text that is *clearly* another language:
real sites mix in names, brands and short phrases, and a false refusal only moves an image
to the pool (it is captioned later), while a false acceptance puts English into D_know.
Serbian passes in Cyrillic and in Latin script (scripts.py knows it is digraphic). The identifier
counts close relatives as the language (Slovak as Czech); alt_neighbours.py tells them apart.

A caption has at least `min_words` words (2 by default: DataComp's basic filter; one word is
a label, "Borscht" or "banner", not a description). Words are whitespace-separated tokens
with a letter or digit; Thai, written without spaces, is segmented by pythainlp's dictionary
segmenter (newmm, offline); other scripts without spaces (Lao, Khmer, Myanmar, Han, kana) need
`2 * min_words` grapheme clusters instead, a documented stand-in for a segmenter. Vietnamese writes a word
syllable by syllable: two syllables with no verb or function word ("xe đạp") are one (alt_runs).

Text that could break training or that is garbled never passes: strings that are control
tokens of the models (`<|image_pad|>`, `<image>`, `<|im_start|>`, `[INST]`), which a
chat template would read as structure, and mojibake or U+FFFD left after charsets.py's repair.

Every refusal has a reason (alt_missing, alt_no_letters, alt_control_tokens, alt_mojibake, alt_filename,
alt_credit, alt_generic, alt_navigation, alt_price, alt_phone, alt_promo, alt_document, alt_product, alt_chatter,
alt_name, alt_keyword_list, alt_too_short, alt_too_few_words, alt_too_long, alt_wrong_script, alt_other_language,
alt_no_diacritics): the crawl counts them in stats.json and writes each refused text to crawl/failures.
"""

from __future__ import annotations

import html
import unicodedata
from functools import lru_cache

import regex

from mella_ray.crawl.alt_neighbours import neighbour_language
from mella_ray.crawl.alt_rules import boilerplate_reason, credit_line, strip_trailing_credit
from mella_ray.crawl.alt_runs import one_vietnamese_word
from mella_ray.crawl.alt_vocabulary import english_on_latin, own_words_speak
from mella_ray.crawl.charset_lang import ALPHABETS
from mella_ray.crawl.charsets import is_garbled, repair_text
from mella_ray.scripts import expected_scripts, identify, other_language

_AS_SPACE = {"Zs", "Zl", "Zp", "Cc"}
_GRAPHEME = regex.compile(r"\X")
_LETTER = regex.compile(r"\p{L}")
MIN_SCRIPT_SHARE = 1 / 3  # letters in the expected script(s), at least
# Languages whose words nearly all carry a diacritic: a text of several words with none is the language
# typed without its marks (an old keyboard, an SEO slug), or English; not native text to learn from.
UNMARKED_LANGS = {"vi"}
UNMARKED_MIN_WORDS = 3
LANGID_MIN_CHARS = 15  # below this, the identifier is noise: the script check decides
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
MIN_KANA = 2  # one kana is a symbol in a name; two are Japanese
_HAN = regex.compile(r"\p{Han}")
_HANGUL = regex.compile(r"\p{Hangul}")
UNASSIGNED = regex.compile(r"\p{Cn}")
# A label before the description ("Ilustrační foto: lékař vyšetřuje pacienta") goes; alone, it is generic.
LEAD_LABEL = regex.compile(
    r"^(?:ilustrační (?:foto|snímek|obrázek)|иллюстративное фото|ảnh minh họa|illusztráció|илустрација"
    r"|ilustracija|صورة تعبيرية|صورة أرشيفية|ภาพประกอบ|자료사진)\s*:\s*(?=(?:\S+\s+){2}\S)",
    regex.I,
)
# A gallery's counter before the description ("Фото 3 - Дом на озере", "Ảnh 2: Phố cổ Hội An") goes too
LEAD_COUNTER = regex.compile(
    r"^(?:фото|foto|fotó|fotka|obrázek|kép|ảnh|hình|слика|slika|صورة|사진|ภาพ)\s*[#№]?\s*\d{1,3}\s*[-–—:|]\s*(?=\S+\s+\S)",
    regex.I,
)
DEFAULT_MAX_CHARS = 300
DEFAULT_MIN_WORDS = 2
# Special tokens of the chat templates of Qwen, LLaVA, InternVL, Llama, Gemma, Mistral.
CONTROL_TOKEN = regex.compile(
    r"<\|[^<>|\s]{1,40}\|>|<\s*/?\s*(?:image|img|video|audio|s|unk|pad|bos|eos|ref|box|quad|im_start|im_end"
    r"|start_of_turn|end_of_turn|start_of_image|end_of_image|image_soft_token|IMG_CONTEXT|vision_start"
    r"|vision_end)\s*>|\[/?INST\]|<</?SYS>>|\[IMG\]",
    regex.I,
)
# Inline HTML tags escaped into an alt attribute (after the control tokens are looked for).
HTML_TAG = regex.compile(r"</?(?:b|i|em|strong|span|br|a|u|small|sup|sub|font|p|div|mark)\b[^<>]{0,200}>", regex.I)
_WORD = regex.compile(r"[\p{L}\p{N}]")
# A lower-case letter then an upper-case one inside a word that has a non-ASCII letter: a text from a
# database in another code page than its page ("тПУФПЧУЛЙК"), which the page's charset repair cannot
# see. Brand names in ASCII ("iPhone") are left alone.
_CASE_FLIP = regex.compile(r"(?=\w*[^\x00-\x7f])\w*\p{Ll}\p{Lu}")
# A word in Cyrillic and Latin letters at once ("зимi", "Мocква"): look-alike letters typed or pasted
# from another keyboard, or spam hiding from filters; no word of any language here is written so.
_MIXED_WORD = regex.compile(r"(?<!\w)(?=\w*\p{Script=Cyrillic})(?=\w*\p{Script=Latin})\w+")
_THAI = regex.compile(r"\p{Script=Thai}")
_UNSPACED = regex.compile(
    r"[\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Han}\p{Script=Hiragana}"
    r"\p{Script=Katakana}\p{Script=Tibetan}]"
)


def normalize_alt(text: str | None) -> str:
    """Entities decoded, NFC, invisible characters removed, whitespace collapsed, stripped, a text
    said twice in a row said once.

    The HTML parser has decoded entities once; CMSs that escape twice leave `&amp;quot;`
    behind as `&quot;`, so a second pass runs when something entity-like remains.
    """
    if not text:
        return ""
    if "&" in text and ";" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    # Separators and control characters become spaces; format characters (soft hyphens,
    # zero-width spaces) vanish, as they would when the text is rendered.
    text = "".join(
        " " if unicodedata.category(c) in _AS_SPACE else ("" if unicodedata.category(c) == "Cf" else c) for c in text
    )
    words = text.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:] and not _periodic(words[:half]):
        words = words[:half]  # "Karlův most v zimě Karlův most v zimě": a CMS joined the alt and the title
    return " ".join(words)


def _periodic(words: list[str]) -> bool:
    """Whether `words` is a shorter run said over and over: a text said six times is stuffing, which
    the length and keyword rules refuse, not a text said twice."""
    n = len(words)
    return any(n % p == 0 and words == words[:p] * (n // p) for p in range(1, n // 2 + 1))


@lru_cache(maxsize=65536)
def visible_length(text: str) -> int:
    """User-perceived characters (grapheme clusters): a Thai consonant with its vowel and
    tone marks, or one Hangul syllable, counts once, as a reader counts it."""
    return len(_GRAPHEME.findall(text))


@lru_cache(maxsize=64)
def _letters_of(lang: str) -> regex.Pattern | None:
    main, extra = expected_scripts(lang)
    if not main:
        return None
    return regex.compile(r"(?=\p{L})[" + "".join(rf"\p{{Script={s}}}" for s in (*main, *extra)) + "]")


def script_share(text: str, lang: str) -> float:
    """Share of the letters of `text` written in `lang`'s scripts (companions included).

    The same question as scripts.script_share, in one regex pass instead of one per known
    script: the crawler asks it for every alt-text it sees.
    """
    letters = len(_LETTER.findall(text))
    pattern = _letters_of(lang)
    if not letters or pattern is None:
        return 0.0
    return len(pattern.findall(text)) / letters


def japanese(text: str, lang: str) -> bool:
    """Kana, which no language here writes: Japanese ("東京タワーの夜景です" on a Korean site, where its
    Han letters would pass as hanja)."""
    return lang != "ja" and len(_KANA.findall(text)) >= MIN_KANA


def chinese(text: str, lang: str) -> bool:
    """Han letters with no Hangul on a Korean site: Chinese ("上海外滩的夜景"); hanja beside Hangul
    ("大韓民國 국회의사당") is Korean."""
    return lang == "ko" and _HAN.search(text) is not None and _HANGUL.search(text) is None


def _without_lead_label(text: str) -> str:
    """The description after a leading "Ilustrační foto:" label (three words or more) or a gallery's counter
    ("Фото 3 - ", two words or more), else the text."""
    m = LEAD_LABEL.match(text) or LEAD_COUNTER.match(text)
    return text[m.end() :] if m else text


def foreign_letters(text: str, lang: str) -> bool:
    """A non-ASCII letter the language's alphabet lacks (charset_lang.ALPHABETS): a neighbour in the
    same script, which the language identifier may call close enough (Ukrainian "Київ, Андріївський
    узвіз" on a Russian site: і, ї, є; Slovak "ľadom" on a Czech one; Russian ы, э, я on a Serbian
    one), a Latin "á" inside a Cyrillic word, or a foreign name ("Müller" in a Czech alt). One letter
    is enough: the text is not written in the language's own letters, and a reader checking the
    data for garbling flags exactly that; such an image goes to the pool and is captioned."""
    alphabet = ALPHABETS.get(lang)
    if alphabet is None:
        return False
    return any(c.isalpha() and not c.isascii() and c not in alphabet for c in text.lower())


def _thai_words(text: str) -> list[str]:
    from pythainlp.tokenize import word_tokenize  # imported on first use: 0.5 s, only for Thai crawls

    return word_tokenize(text, engine="newmm", keep_whitespace=False)


def word_count(text: str, lang: str) -> int:
    """Words of `text`: whitespace tokens with a letter or digit; Thai runs segmented by pythainlp;
    other unspaced scripts counted as one word per two grapheme clusters (see the module docstring)."""
    words = 0
    for token in text.split():
        if not _WORD.search(token):
            continue
        if _THAI.search(token):
            words += sum(1 for w in _thai_words(token) if _WORD.search(w))
        elif _UNSPACED.search(token):
            words += max(1, visible_length(token) // 2)
        else:
            words += 1
    return words


@lru_cache(maxsize=65536)  # site-wide texts (a logo's alt, a repeated caption) are judged once
def alt_verdict(
    alt: str | None,
    lang: str,
    min_chars: int = 5,
    check_language: bool = True,
    max_chars: int = DEFAULT_MAX_CHARS,
    min_words: int = DEFAULT_MIN_WORDS,
) -> tuple[str | None, str]:
    """(cleaned text or None, reason): the text is None and the reason says why when unusable."""
    if alt and is_garbled(alt):  # before normalizing: misread UTF-8 shows as NBSP, C1 controls, soft hyphens
        alt = repair_text(alt)
    text = normalize_alt(alt)
    if not text:
        return None, "alt_missing"
    if CONTROL_TOKEN.search(text):
        return None, "alt_control_tokens"  # a chat template would read it as structure
    if "<" in text:  # markup a CMS escaped into the attribute ("Hrad <b>Karlštejn</b>"): the words stay
        text = normalize_alt(HTML_TAG.sub(" ", text))
    if is_garbled(text):
        text = normalize_alt(repair_text(text))
    if is_garbled(text) or UNASSIGNED.search(text):  # a repair that left code points no script has
        return None, "alt_mojibake"
    if not text.isascii() and _CASE_FLIP.search(text):
        # "уБНПЧБТ": one Cyrillic code page read as another, in this alt only; but a copyright line with a brand
        # in camel case ("© 2026 ДентАрт. Все права защищены") is named a credit (garbled words are not keywords)
        return None, "alt_credit" if credit_line(text) else "alt_mojibake"
    if _MIXED_WORD.search(text):
        return None, "alt_mojibake"
    text = _without_lead_label(text)
    junk = boilerplate_reason(text)  # before the length check: "logo" says more than "too short"
    if junk:
        return None, junk
    described = strip_trailing_credit(text)
    if described != text:  # "Ilustrační foto. Foto: ČTK": what is left may be boilerplate itself
        junk = boilerplate_reason(described)
        if junk:
            return None, junk
    text = described
    length = visible_length(text)
    if length < min_chars:
        return None, "alt_too_short"
    if length > max_chars:
        return None, "alt_too_long"  # keyword stuffing or a whole article pasted in
    if min_words > 1 and word_count(text, lang) < min_words:
        return None, "alt_too_few_words"  # a label ("Borscht"), not a caption
    if not check_language:
        return text, "ok"
    if expected_scripts(lang)[0] and script_share(text, lang) < MIN_SCRIPT_SHARE:
        return None, "alt_wrong_script"
    if foreign_letters(text, lang) or english_on_latin(text, lang) or japanese(text, lang) or chinese(text, lang):
        return None, "alt_other_language"
    ranked = identify(text) if length >= LANGID_MIN_CHARS else None
    guess = other_language(text, lang, ranked) if ranked is not None else None
    if guess is not None and not own_words_speak(text, lang, guess):
        return None, "alt_other_language"
    if neighbour_language(text, lang, ranked):
        return None, "alt_other_language"  # Slovak on a Czech site, Croatian on a Serbian one
    if lang in UNMARKED_LANGS and text.isascii() and word_count(text, lang) >= UNMARKED_MIN_WORDS:
        return None, "alt_no_diacritics"  # "Cau Rong Da Nang ve dem": Vietnamese stripped of its marks
    if min_words == 2 and lang == "vi" and one_vietnamese_word(text):
        return None, "alt_too_few_words"  # "xe đạp": one word in two syllables (alt_runs)
    return text, "ok"


@lru_cache(maxsize=16384)  # one title per page, asked for each of its images
def clean_title(title: str | None, lang: str) -> str | None:
    """The page title as a row keeps it (a hint beside the caption), or None when it would read as
    garbled to a checker of the data: mojibake that repair_text cannot undo, a letter outside the
    language's alphabet, or a case flip inside a word, brand names ("iPhone") included. A title is
    only a hint: dropping a good one costs little, keeping a bad one puts noise beside the caption."""
    text = normalize_alt(title)
    if not text:
        return None
    if is_garbled(text):
        text = normalize_alt(repair_text(text))
        if is_garbled(text):
            return None
    if foreign_letters(text, lang) or any(a.islower() and b.isupper() for a, b in zip(text, text[1:])):
        return None
    return text


def alt_usable(alt: str | None, lang: str, **limits) -> tuple[bool, str]:
    """(usable, reason): reason is 'ok' or why the alt-text is not native text for `lang`.
    `limits` are alt_verdict's (min_chars, check_language, max_chars, min_words)."""
    text, reason = alt_verdict(alt, lang, **limits)
    return text is not None, reason
