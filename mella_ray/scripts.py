"""Writing systems and language identification, shared by crawl, translate and evaluate.

Scripts come from Unicode's own Script property (the `regex` module), not hand-kept code
point ranges. Language ID is py3langid, which ships its model (no download). Both answer
the same question in different places: is this text in the language we think it is?
"""

from __future__ import annotations

import lzma
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import regex

from mella_ray.langs import LANGUAGES, language

# ISO 15924 code -> Unicode script names. Kore = Hangul with Hanja beside it.
_ISO_SCRIPTS = {
    "Arab": ("Arabic",),
    "Latn": ("Latin",),
    "Cyrl": ("Cyrillic",),
    "Thai": ("Thai",),
    "Kore": ("Hangul",),
    "Hang": ("Hangul",),
    "Grek": ("Greek",),
    "Hebr": ("Hebrew",),
    "Deva": ("Devanagari",),
    "Jpan": ("Hiragana", "Katakana", "Han"),
    "Hans": ("Han",),
    "Hant": ("Han",),
}
_COMPANIONS = {"Kore": ("Han",)}  # may appear beside the main script, never dominate it
_ALSO_WRITTEN_IN = {"sr": ("Latn",)}  # Serbian is digraphic
_DETECT = (
    "Latin",
    "Cyrillic",
    "Arabic",
    "Thai",
    "Hangul",
    "Han",
    "Hiragana",
    "Katakana",
    "Greek",
    "Hebrew",
    "Devanagari",
)
_SCRIPT_RE = {s: regex.compile(rf"\p{{Script={s}}}") for s in _DETECT}
_LETTER = regex.compile(r"\p{L}")

# Labels of the identifier that count as the language (close relatives it confuses them with).
COMPATIBLE = {
    "sr": {"sr", "hr", "bs", "mk"},  # Serbo-Croatian standards; Latin Serbian is often "hr"/"bs"
    "cs": {"cs", "sk"},
    "ru": {"ru", "uk", "be", "bg"},
    "ar": {"ar", "ary", "arz"},
}
OTHER_LANG_MIN_PROB = 0.2  # "clearly another language": the top label at least this likely...
OWN_LANG_MAX_PROB = 0.05  # ...and the expected language(s) together at most this


def script_letters(text: str, script: str) -> int:
    """How many of `text`'s letters are in the Unicode `script` (one of _DETECT: "Latin", "Cyrillic"...)."""
    return len(_SCRIPT_RE[script].findall(text))


def script_counts(text: str) -> tuple[dict[str, int], int]:
    """Letters per Unicode script, and the number of letters."""
    counts = {s: len(rx.findall(text)) for s, rx in _SCRIPT_RE.items()}
    return {s: n for s, n in counts.items() if n}, len(_LETTER.findall(text))


@lru_cache(maxsize=64)
def expected_scripts(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(scripts that may dominate, scripts that may only accompany) for `lang`; () if unknown."""
    if lang not in LANGUAGES:
        return (), ()
    isos = (language(lang).script, *_ALSO_WRITTEN_IN.get(lang, ()))
    main = tuple(s for iso in isos for s in _ISO_SCRIPTS.get(iso, ()))
    extra = tuple(s for iso in isos for s in _COMPANIONS.get(iso, ()))
    return main, extra


def script_share(text: str, lang: str) -> float:
    """Share of the letters of `text` in `lang`'s scripts (companions included); 0 without letters."""
    main, extra = expected_scripts(lang)
    counts, letters = script_counts(text or "")
    return sum(counts.get(s, 0) for s in main + extra) / letters if letters else 0.0


def script_mismatch(text: str, lang: str, min_share: float = 0.5, min_letters: int = 10) -> tuple[str, float] | None:
    """(dominant script found, its share) when `text` is not mostly in `lang`'s script; else None.

    Texts with fewer than `min_letters` letters (a number, "iPhone 15") are not judged.
    """
    main, _ = expected_scripts(lang)
    if not main:
        return None
    counts, letters = script_counts(text or "")
    if letters < min_letters:
        return None
    found = max(counts, key=counts.get) if counts else "unknown"
    if found not in main or script_share(text, lang) < min_share:
        return found, counts.get(found, 0) / letters
    return None


def cache_dir() -> Path:
    """Where derived files are kept between processes: MELLA_CACHE_DIR, else ~/.cache/mella-ray."""
    return Path(os.environ.get("MELLA_CACHE_DIR") or Path.home() / ".cache" / "mella-ray")


def _unpacked_model(packed: Path) -> Path | None:
    """py3langid's model as a plain .npz beside the others of this node, unpacked once.

    The shipped model is LZMA-compressed: every process that loads it spends 0.6 s of CPU
    unpacking it (each crawl actor, each translate worker), 0.05 s when it is plain. The copy
    is named by the packed file's size and time, and written under a temporary name then
    renamed, so concurrent processes never read half a file. None when no cache can be written.
    """
    stat = packed.stat()
    path = cache_dir() / f"py3langid-{stat.st_size}-{int(stat.st_mtime)}.npz"
    if path.exists():
        return path
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as tmp:
            with lzma.open(packed) as src:
                while chunk := src.read(1 << 20):
                    tmp.write(chunk)
        os.chmod(tmp.name, 0o644)
        os.replace(tmp.name, path)
    except OSError:
        if tmp is not None and os.path.exists(tmp.name):
            os.unlink(tmp.name)
        return None
    return path


@lru_cache(maxsize=1)
def _identifier():
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
    from py3langid.modelio import _to_array

    plain = _unpacked_model(MODEL_DIR / MODEL_FILE)
    if plain is None:
        return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    # the arrays as py3langid's own loader (modelio.load_model) returns them, read from the plain copy
    with np.load(plain, allow_pickle=False) as data:
        ptc, pc, classes = data["ptc"], data["pc"], data["classes"].tolist()
        nextmove, row, output = _to_array(data["nextmove"]), _to_array(data["nextmove_row"]), data["out_feat"].tolist()
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def identify(text: str) -> list[tuple[str, float]]:
    """Languages by probability, best first (py3langid, normalised probabilities)."""
    return _identifier().rank(text)


def other_language(text: str, lang: str, ranked: list[tuple[str, float]] | None = None) -> str | None:
    """The label of the language `text` is clearly written in, if it is not `lang`; else None.
    `ranked`: identify(text), when the caller has it already."""
    ranked = identify(text) if ranked is None else ranked
    if not ranked:
        return None
    own = COMPATIBLE.get(lang, {lang})
    top, top_p = ranked[0]
    own_p = sum(p for label, p in ranked if label in own)
    if top not in own and top_p >= OTHER_LANG_MIN_PROB and own_p <= OWN_LANG_MAX_PROB:
        return top
    return None
