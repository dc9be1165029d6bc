"""One failure record for every stage: a reason code from the stage's closed list, plus free text.

A failed row carries `reason` (a short code that stats count and that users can look up here)
and `error` (free text: the exception, the numbers that failed a check). Codes are a closed list
per stage, each with a one-line meaning; `failure()` refuses a code that is not in its stage's
list, so a new way to fail is a new entry here (and in the generated list users read, `mella
failure-reasons`), never an ad hoc string that splits the stats.

Two codes stand for families: `<status>` is a three-digit HTTP status (http_404), and in
`robots_<reason>` the part after `robots_` is another crawl code (robots_timeout).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What an inference engine (infer/) can answer for one request; caption, translate and evaluate
# all run engines, so their lists include these.
ENGINE = {
    "engine_error": "the engine raised while generating (detail: the exception)",
    "input_too_long": "the prompt or the source text is longer than the model or the config allows",
    "out_of_memory": "the accelerator ran out of memory on this request",
    "undecodable_image": "the image bytes could not be decoded by the image processor",
    "unknown_language": "the translation model has no code for the source or target language",
}
DEGENERATE = {
    "empty": "the model's answer is empty (or only a category line)",
    "repetition": "the model's answer loops (a repeated phrase or tail)",
}

CRAWL_FETCH = {
    "http_<status>": "the server answered with an HTTP error status (after retries for 429/5xx)",
    "timeout": "the request timed out (after retries)",
    "connection_error": "the connection failed or dropped (after retries)",
    "incomplete_body": "the connection dropped in the middle of the body",
    "content_encoding_error": "the body does not decode as its Content-Encoding says (corrupt gzip/deflate/br, zstd)",
    "invalid_url": "the URL cannot be requested",
    "fetch_error": "an unexpected error of the HTTP client (detail: the exception)",
    "too_large": "the body (or a data: URL payload) is larger than crawl.max_page_bytes or crawl.max_image_bytes",
    "bad_redirect": "a redirect without a usable Location",
    "redirect_loop": "a redirect back to a URL already visited",
    "too_many_redirects": "more redirects than allowed",
    "private_address": "the host resolves to a private, loopback or otherwise non-public address",
    "dns_error": "the host name could not be resolved",
    "off_site_redirect": "a page redirected to another site",
    "foreign_host": "redirected to a host that no actor of this crawl owns",
}
CRAWL = {
    **CRAWL_FETCH,
    "robots_disallowed": "robots.txt disallows the URL for our user agent",
    "robots_disallow_all": "the host's robots.txt stayed unreachable: the host is not crawled",
    "robots_unparseable": "robots.txt could not be parsed (the host is crawled as allow-all)",
    "robots_<reason>": "robots.txt stayed unreachable for a fetch reason above (robots_http_503, robots_timeout)",
    "host_stopped": "the host refused a burst of requests (e.g. 429s): its queued URLs are not fetched",
    "host_queue_full": "too many images already queued on the host",
    "optout_noai": "a noai robots directive (meta tag or X-Robots-Tag) reserves the content",
    "optout_noimageai": "a noimageai robots directive reserves the images",
    "optout_noindex": "a noindex/none robots directive",
    "optout_tdm": "a TDM reservation (tdm-reservation header, meta tag or tdmrep.json)",
    "not_html": "a page URL that is not HTML",
    "html_too_deep": "a page nested deeper than the HTML parser's limit",
    "sitemap_unreadable": "a sitemap that could not be read or parsed",
    "warc_unreadable": "a WARC input that could not be read",
    "internal_error": "a bug in the crawler while handling the URL (detail: the exception)",
    "unknown": "a failure recorded without a reason (a bug: every failure should have one)",
    "bad_data_uri": "an inlined data: URL that is not valid base64",
    "empty": "the image body is empty",
    "svg": "an SVG image (vector graphics are not kept)",
    "not_image": "the body is not an image (e.g. an HTML error page under an image URL)",
    "bad_format": "an image format not in crawl.formats",
    "corrupt": "the image is truncated or broken and does not decode",
    "decompression_bomb": "the image header declares more pixels than crawl allows (max_pixels)",
    "tracking_pixel": "a 1x1 or 2x2 beacon image",
    "too_small": "the image's shorter side is below crawl.min_side",
    "bad_aspect": "the image is narrower than crawl.max_aspect allows",
    "duplicate_image": "the same bytes were already kept under another URL",
    "near_duplicate": "a near duplicate (perceptual hash) of an image kept in its place",
    "alt_missing": "no alt-text",
    "alt_no_letters": "the alt-text has no letters",
    "alt_control_tokens": "the alt-text contains a model control token",
    "alt_mojibake": "the alt-text is garbled and charset repair did not fix it",
    "alt_filename": "the alt-text is a file name, URL or camera label",
    "alt_credit": "the alt-text is a photo credit or copyright line",
    "alt_generic": "the alt-text is a generic word ('image', 'photo 3')",
    "alt_navigation": "the alt-text labels a link ('Read more', 'Tovább a galériához'), not the picture",
    "alt_keyword_list": "the alt-text is a list of search keywords, hashtags, or one word repeated, not a caption",
    "alt_price": "a short alt-text that is a price or an offer ('Входной билет 300 ₽', 'Sleva 30 %'), not a caption",
    "alt_promo": "a banner, an advertisement or a notice in the site's voice: sales terms ('Chính hãng - Giá rẻ -"
    " Trả góp 0%', 'ส่งฟรี') in a short alt or in a segment of a longer one, a slogan or a cheer ('Плес је живот!'),"
    " an invitation, a greeting, an event's dates and hours ('Den otevřených dveří 14. 3. 2025 od 9:00')",
    "alt_document": "a document or a graphic named by its type ('Плакат - ...', 'Etiketa - Hradní 11', 'ตารางไซส์'),"
    " not a description of a picture",
    "alt_phone": "the alt-text holds a phone number ('예약 문의 010-1234-5678'): an advertisement or a contact card",
    "alt_product": "a short alt-text that is a shop's record: an item with its article number ('... cikkszám:"
    " BS-0142'), a bundle mark ('[1+1] ...') or a brand and a model code alone ('Ray-Ban RB2140'), not a caption",
    "alt_chatter": "the alt-text is user chatter or review talk (emoji faces, hearts, 'ㅎㅎ', '~~', 'Ngon quá! 😋'),"
    " or a customer's quoted words and name, not a caption",
    "alt_chrome_image": "the site's own logo, avatar, author photo, coat of arms, sprite or placeholder (by file"
    " name, a link home, or an alt that is the site's name as its link home writes it)",
    "alt_name": "the alt-text is only a person's name ('Nguyễn Thu Hà', 'Иванова Мария Петровна'), a name with"
    " a title or a role, a staff card with credentials ('Kovács Réka mestercukrász, oktató – 15 év szakmai"
    " tapasztalat'), an avatar or a portrait's byline, or a company's by its legal form (a logo): not a description",
    "alt_layout": "the image sits in the page's chrome, not its story: navigation, a sidebar or widget, related"
    " items, a partners strip, the site's header or footer (by the HTML elements and the theme's class names)",
    "alt_other_script": "a Serbian alt-text in the other script than its page's (Latin on a Cyrillic page, or the"
    " reverse): brought in by a plugin, an import or the site's other edition, not the page's caption; or, with"
    " crawl.serbian_script cyrillic or latin, in the script the crawl does not keep",
    "alt_link_text": "the alt-text is the headline of the link the image is in, a teaser of another page"
    " ('Proč nám ujíždí vlak reforem' on a front page): it names the story, not the picture",
    "alt_page_title": "the alt-text is the page's title with the site's name ('Hrad Pernštejn | Průvodce po Čechách'),"
    " or the home page's title (the site's name)",
    "alt_site_chrome": "an image with the same alt on most pages of its host (header, footer, sidebar furniture)",
    "alt_repeated": "a template alt: the site gives the same text to more than crawl.max_images_per_alt images",
    "alt_too_short": "the alt-text is shorter than crawl.min_alt_chars",
    "alt_too_long": "the alt-text is longer than crawl.max_alt_chars (keyword stuffing, pasted articles)",
    "alt_too_few_words": "the alt-text has fewer words than the minimum (a label, not a caption)",
    "alt_wrong_script": "the alt-text is not in the language's script",
    "alt_other_language": "the alt-text is clearly in another language",
    "alt_no_diacritics": "Vietnamese written without its tone and vowel marks ('Cau Rong Da Nang ve dem')",
}
CAPTION = {
    **ENGINE,
    **DEGENERATE,
    "image_too_large": "the image declares more pixels than caption preprocessing decodes",
}
TRANSLATE = {
    **ENGINE,
    **DEGENERATE,
    "copy_of_source": "the translation is (nearly) a copy of the source caption",
    "length_ratio": "translation length / source length outside translate.min/max_length_ratio",
    "wrong_script": "the translation is not in the target language's (or the required) script",
    "wrong_language": "the translation is clearly in another language",
    "low_backtranslation_chrf": "chrF of the back-translation below translate.min_backtranslation_chrf",
}
EVALUATE = {
    **ENGINE,
    "http_error": "the endpoint answered an HTTP error status (after retries for 408/429/5xx)",
    "timeout": "the endpoint did not answer within its timeout_s (after retries)",
    "connection_error": "the endpoint refused or dropped the connection (after retries)",
    "bad_response": "the endpoint answered 200 with something that is not an OpenAI chat completion",
}
REASONS: dict[str, dict[str, str]] = {"crawl": CRAWL, "caption": CAPTION, "translate": TRANSLATE, "evaluate": EVALUATE}
REASONS["engine"] = ENGINE  # what infer/ may answer: part of every list that runs an engine

_FAMILY = {"<status>": r"\d{3}"}


class UnknownReasonError(ValueError):
    """A failure code that is not in its stage's list."""


@dataclass(frozen=True)
class Failure:
    reason: str  # a code of the stage's list
    error: str | None  # free-text detail; None when the code says it all


def _pattern(stage: str) -> re.Pattern:
    codes = REASONS[stage]
    plain = [re.escape(c) for c in codes if "<" not in c]
    alts = []
    for code in codes:
        if "<reason>" in code:
            alts.append(re.escape(code.split("<", 1)[0]) + "(?:" + "|".join(plain) + r"|http_\d{3})")
        elif "<" in code:
            head, ph = code.split("<", 1)
            alts.append(re.escape(head) + _FAMILY["<" + ph])
    return re.compile("(?:" + "|".join(plain + alts) + ")")


_PATTERNS = {stage: _pattern(stage) for stage in REASONS}


def is_reason(stage: str, code: str | None) -> bool:
    return code is not None and _PATTERNS[stage].fullmatch(code) is not None


def check_reason(stage: str, code: str) -> str:
    """`code` if it is in `stage`'s list, else UnknownReasonError naming the allowed codes."""
    if stage not in REASONS:
        raise UnknownReasonError(f"no failure list for stage {stage!r}; stages: {', '.join(REASONS)}")
    if not is_reason(stage, code):
        raise UnknownReasonError(
            f"{stage}: {code!r} is not a failure reason of this stage; allowed: {', '.join(REASONS[stage])} "
            "(a new reason is a new entry in mella_ray/failures.py)"
        )
    return code


def detail_text(detail: str | BaseException | None, limit: int = 500) -> str | None:
    """Free text of a failure: an exception as "Type: message", object addresses removed (they
    make every message unique), cut at `limit` characters; None when there is nothing to say."""
    if isinstance(detail, BaseException):
        detail = f"{type(detail).__name__}: {detail}"
    if not detail:
        return None
    return re.sub(r" at 0x[0-9a-fA-F]+", "", detail)[:limit]


def failure(stage: str, reason: str, detail: str | BaseException | None = None) -> Failure:
    """The failure record of one row: a checked reason code and its free-text detail."""
    return Failure(check_reason(stage, reason), detail_text(detail))


def reasons_text() -> str:
    """Every stage's codes with their meaning, as printed by `mella failure-reasons`."""
    lines = [
        "# Failure reasons",
        "",
        "A failed row has `status: failed`, a `reason` code from its stage's list below, and `error`",
        "(free text). stats.json counts reason codes. `<status>` is an HTTP status; `robots_<reason>`",
        "ends in another crawl code.",
    ]
    for stage in ("crawl", "caption", "translate", "evaluate"):
        lines += ["", f"## {stage}", ""]
        lines += [f"- `{code}`: {meaning}" for code, meaning in sorted(REASONS[stage].items())]
    return "\n".join(lines) + "\n"
