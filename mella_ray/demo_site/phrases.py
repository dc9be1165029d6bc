"""Per-language phrase banks and the alt-texts composed from them.

Each bank (phrases/{lang}.json) holds culturally specific noun phrases written so that
they combine without agreement problems: subjects are in the nominative, places and
actions are already inflected adverbials ("v Praze", "на закате"), details are phrases
that do not agree with the subject. The per-language `patterns` put the slots in the
order the language wants (Korean puts the place first, Thai joins without spaces).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from functools import cache
from importlib import resources

from mella_ray.demo_site.images import Meaning

PHRASE_LANGS = ("ar", "cs", "hu", "ko", "ru", "sr", "th", "vi")

# Alt values that real sites emit but carry no description; {n} becomes a camera counter.
GENERIC_JUNK_ALTS = ("image", "photo", "IMG_{n}.jpg", "DSC_{n}.JPG", "banner", "untitled")

_REQUIRED_LISTS = ("patterns", "subjects", "actions", "places", "details", "page_titles")
_SLOTS = ("subject", "action", "place", "detail")


@dataclass(frozen=True)
class PhraseBank:
    """The phrases of one language, loaded from its JSON file."""

    lang: str
    html_lang: str
    direction: str
    site_name: str
    patterns: tuple[str, ...]
    subjects: tuple[str, ...]
    actions: tuple[str, ...]
    places: tuple[str, ...]
    details: tuple[str, ...]
    page_titles: tuple[str, ...]
    junk_alts: tuple[str, ...]
    ui: dict[str, str]
    sentence_separator: str

    def compose(self, rng: random.Random) -> tuple[str, Meaning]:
        """One alt-text (a random pattern filled with random phrases) and what it names."""
        pattern = rng.choice(self.patterns)
        picks = {slot: rng.randrange(len(getattr(self, slot + "s"))) for slot in _SLOTS}
        text = pattern.format(**{slot: getattr(self, slot + "s")[i] for slot, i in picks.items()})
        meaning = Meaning(
            culture=PHRASE_LANGS.index(self.lang),
            **{slot: i if "{" + slot + "}" in pattern else None for slot, i in picks.items()},
        )
        # Unicase scripts (Arabic, Hangul, Thai) are unchanged by upper().
        return text[0].upper() + text[1:], meaning

    def compose_alt(self, rng: random.Random) -> str:
        """One alt-text: a random pattern filled with random phrases."""
        return self.compose(rng)[0]

    def compose_unique(self, rng: random.Random, count: int) -> list[tuple[str, Meaning]]:
        """`count` distinct (alt-text, meaning) pairs, so every expected alt identifies one image."""
        seen: set[str] = set()
        out: list[tuple[str, Meaning]] = []
        attempts = 0
        while len(out) < count:
            attempts += 1
            if attempts > count * 200:
                raise ValueError(f"phrase bank {self.lang!r} cannot yield {count} distinct alt-texts")
            alt, meaning = self.compose(rng)
            if alt not in seen:
                seen.add(alt)
                out.append((alt, meaning))
        return out

    def compose_unique_alts(self, rng: random.Random, count: int) -> list[str]:
        """`count` distinct alt-texts."""
        return [alt for alt, _ in self.compose_unique(rng, count)]

    def compose_paragraph(self, rng: random.Random, sentences: int = 3) -> str:
        """Body text for a page: a few composed phrases as sentences."""
        separator = self.sentence_separator
        parts = [self.compose_alt(rng) for _ in range(sentences)]
        if separator == ". ":
            return separator.join(parts) + "."
        return separator.join(parts)

    def junk_alt(self, rng: random.Random) -> str:
        """An alt value that a crawler must reject: a filename, a generic word."""
        choices = GENERIC_JUNK_ALTS + self.junk_alts
        return rng.choice(choices).format(n=rng.randint(1000, 9999))


def _validate(lang: str, raw: dict) -> None:
    for key in _REQUIRED_LISTS:
        values = raw.get(key)
        if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"phrases/{lang}.json: '{key}' must be a non-empty list of strings")
    for pattern in raw["patterns"]:
        if "{subject}" not in pattern:
            raise ValueError(f"phrases/{lang}.json: pattern {pattern!r} lacks the {{subject}} slot")
        try:
            pattern.format(**{slot: "" for slot in _SLOTS})
        except (KeyError, IndexError) as err:
            raise ValueError(f"phrases/{lang}.json: pattern {pattern!r} uses an unknown slot {err}") from err
    for key in ("home", "next", "prev", "staff"):
        if key not in raw.get("ui", {}):
            raise ValueError(f"phrases/{lang}.json: 'ui.{key}' is missing")


@cache
def load_phrase_bank(lang: str) -> PhraseBank:
    """The bank of `lang`; raises ValueError for a language without a bank."""
    if lang not in PHRASE_LANGS:
        raise ValueError(f"no demo phrase bank for language {lang!r}; known: {', '.join(PHRASE_LANGS)}")
    text = resources.files(__package__).joinpath("phrases", f"{lang}.json").read_text(encoding="utf-8")
    raw = json.loads(text)
    _validate(lang, raw)
    return PhraseBank(
        lang=lang,
        html_lang=raw.get("html_lang", lang),
        direction=raw.get("direction", "ltr"),
        site_name=raw.get("site_name", lang),
        patterns=tuple(raw["patterns"]),
        subjects=tuple(raw["subjects"]),
        actions=tuple(raw["actions"]),
        places=tuple(raw["places"]),
        details=tuple(raw["details"]),
        page_titles=tuple(raw["page_titles"]),
        junk_alts=tuple(raw.get("junk_alts", ())),
        ui=dict(raw["ui"]),
        sentence_separator=raw.get("sentence_separator", ". "),
    )
