"""The script a page of a digraphic language is written in, and alts written in the other one.

Serbian is written in Cyrillic and in Latin script, and a site picks one; a Cyrillic page whose
picture has a Latin alt (or the reverse) got that alt from somewhere else (a plugin, an import from
the site's other edition, a stock library). Native readers still read it as a Serbian caption: in
39 evaluated sets of sites no one had seen, a Latin alt on a Cyrillic page that no other rule
refused was labelled VALID 14 times, ambiguous twice and junk three times (a poster's label, a
Croatian caption, a site's name). So `crawl.serbian_script` keeps both
scripts by default (`any`). `page` refuses an alt mostly in the other script than its page's
(`alt_other_script`) on a page whose visible text is in one script (at least MAIN_SCRIPT_SHARE of
its letters; a page mixing both keeps both); `cyrillic` or `latin` keep that script only, whatever
the page's, for a user who trains on Serbian in one script. Languages with one script are left to
the alt filter's script check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from selectolax.lexbor import LexborHTMLParser

from mella_ray.scripts import expected_scripts, script_letters

if TYPE_CHECKING:
    from mella_ray.crawl.parsed_page import Page

REASON = "alt_other_script"
MAIN_SCRIPT_SHARE = 0.8  # of the page's letters in its languages' scripts
MIN_PAGE_LETTERS = 30  # fewer: too little text to tell which script the site writes
_HIDDEN = ("script", "style", "noscript", "template")


def page_script(tree: LexborHTMLParser, page: Page, lang: str | None) -> str | None:
    """The Unicode script of the page's visible text and title when `lang` is written in more than one
    script and one of them holds MAIN_SCRIPT_SHARE of the letters; else None. A page with fewer than
    MIN_PAGE_LETTERS letters (a shop's listing says little but its menu) is read with its images' alts
    too, and only then: English and transliterated alts, in Latin letters, would sway a page written in
    Cyrillic.
    Strips the page's scripts and styles from `tree`: call it after everything else is read."""
    scripts = expected_scripts(lang)[0] if lang else ()
    if len(scripts) < 2 or tree.body is None:
        return None
    tree.strip_tags(list(_HIDDEN))
    text = f"{tree.body.text(separator=' ')} {page.title or ''}"
    counts = {s: script_letters(text, s) for s in scripts}
    if sum(counts.values()) < MIN_PAGE_LETTERS:
        alts = " ".join(a for image in page.images for a in image.alts)
        counts = {s: counts[s] + script_letters(alts, s) for s in scripts}
    letters = sum(counts.values())
    if letters < MIN_PAGE_LETTERS:
        return None
    top = max(scripts, key=counts.__getitem__)
    return top if counts[top] >= MAIN_SCRIPT_SHARE * letters else None


def kept_script(setting: str, page: str | None, lang: str) -> str | None:
    """The one script whose alts a page of `lang` keeps under crawl.serbian_script `setting` (page, any,
    cyrillic, latin), the page's `page` script (page_script) given; None: alts in any script are kept."""
    if setting == "page":
        return page
    chosen = setting.capitalize()  # "cyrillic" -> the Unicode script name "Cyrillic"
    scripts = expected_scripts(lang)[0]
    return chosen if len(scripts) > 1 and chosen in scripts else None  # "any", or a language with one script


def split_alts(alts: list[str], script: str, lang: str) -> tuple[list[str], list[str]]:
    """(`alts` in the page's `script`, those in another of `lang`'s scripts)."""
    other = [a for a in alts if in_other_script(a, script, lang)]
    return [a for a in alts if a not in other], other


def in_other_script(alt: str, script: str, lang: str) -> bool:
    """Whether most of `alt`'s letters are in another of `lang`'s scripts than the page's `script`
    (a brand in Latin letters inside a Cyrillic caption is fine: the caption is mostly Cyrillic)."""
    other = sum(script_letters(alt, s) for s in expected_scripts(lang)[0] if s != script)
    return other > script_letters(alt, script)
