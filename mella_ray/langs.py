"""Languages, scripts, instruction templates and evaluation prompts.

The language list is configuration: each language's texts live in data/templates/{code}.json
(name, script, spaced, eval_prompt, ~10 "know" alt-text style and ~10 "ling" description
style instructions, written by native speakers), so a ninth language is a new file, not new code.

The evaluation prompt is also a training instruction of both groups: the paper trains on the
instructions it evaluates with, and a model that never saw the prompt it is scored with (a tiny
one most of all) answers it worse than the instructions it learned, whichever group a row draws from.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1
    name: str  # English name, used in prompts to translation models
    script: str  # ISO 15924 of the default script
    spaced: bool  # False where words are not separated by spaces (th)
    eval_prompt: str  # "Describe this picture." in the language
    know_templates: tuple[str, ...]  # alt-text style instructions (D_know), then eval_prompt
    ling_templates: tuple[str, ...]  # description style instructions (D_ling), then eval_prompt


TEMPLATE_KEYS = ("name", "script", "eval_prompt", "know", "ling")  # required in every template file


@lru_cache(maxsize=1)
def _load() -> dict[str, Language]:
    """Every data/templates/*.json, in code order; a malformed file fails naming the file and key."""
    folder = resources.files("mella_ray.data").joinpath("templates")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".json")), key=lambda f: f.name)
    out = {}
    for f in files:
        code = f.name[: -len(".json")]
        d = json.loads(f.read_text(encoding="utf-8"))
        missing = [k for k in TEMPLATE_KEYS if not d.get(k)]
        if missing:
            raise ValueError(f"data/templates/{f.name}: missing or empty key(s) {', '.join(missing)}")
        out[code] = Language(
            code=code,
            name=d["name"],
            script=d["script"],
            spaced=d.get("spaced", True),
            eval_prompt=d["eval_prompt"],
            know_templates=_with_prompt(d["know"], d["eval_prompt"]),
            ling_templates=_with_prompt(d["ling"], d["eval_prompt"]),
        )
    return out


def _with_prompt(templates: list[str], eval_prompt: str) -> tuple[str, ...]:
    """A group's instructions with the evaluation prompt among them (once)."""
    return tuple(dict.fromkeys([*templates, eval_prompt]))


LANGUAGES: tuple[str, ...] = tuple(_load())


def language(code: str) -> Language:
    try:
        return _load()[code]
    except KeyError:
        raise KeyError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}") from None


def pick_instruction(code: str, source: str, rng: random.Random, pool: str = "by_source") -> str:
    """One instruction for a sample: from the group that fits the source, or from all of them."""
    lang = language(code)
    if pool == "all":
        choices = tuple(dict.fromkeys(lang.know_templates + lang.ling_templates))  # eval_prompt once
    else:
        choices = lang.know_templates if source == "know" else lang.ling_templates
    return rng.choice(choices)


_SR_CYR = "АБВГДЂЕЖЗИЈКЛЉМНЊОПРСТЋУФХЦЧЏШабвгдђежзијклљмнњопрстћуфхцчџш"
_SR_LAT = [
    "A",
    "B",
    "V",
    "G",
    "D",
    "Đ",
    "E",
    "Ž",
    "Z",
    "I",
    "J",
    "K",
    "L",
    "Lj",
    "M",
    "N",
    "Nj",
    "O",
    "P",
    "R",
    "S",
    "T",
    "Ć",
    "U",
    "F",
    "H",
    "C",
    "Č",
    "Dž",
    "Š",
    "a",
    "b",
    "v",
    "g",
    "d",
    "đ",
    "e",
    "ž",
    "z",
    "i",
    "j",
    "k",
    "l",
    "lj",
    "m",
    "n",
    "nj",
    "o",
    "p",
    "r",
    "s",
    "t",
    "ć",
    "u",
    "f",
    "h",
    "c",
    "č",
    "dž",
    "š",
]
_SR_TABLE = str.maketrans({c: lat for c, lat in zip(_SR_CYR, _SR_LAT)})


_SR_CAPS_DIGRAPH = re.compile(r"(Lj|Nj|Dž)(?=[A-ZČĆĐŠŽ])|(?<=[A-ZČĆĐŠŽ])(Lj|Nj|Dž)")


def serbian_to_latin(text: str) -> str:
    """Serbian Cyrillic to Latin (the official one-to-one Gaj alphabet mapping); Љ, Њ and Џ
    inside a word in capitals are LJ, NJ and DŽ (ЉУБАВ: LJUBAV, not LjUBAV)."""
    return _SR_CAPS_DIGRAPH.sub(lambda m: m.group().upper(), text.translate(_SR_TABLE))
