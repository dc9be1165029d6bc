"""Scores of one language's predictions: keyword accuracy (D_know) and BLEU, chrF, ROUGE-L,
METEOR (D_ling), plus the guard that refuses references in the wrong script.

Pure functions, no Ray: the stage calls them on the driver once generation is done.
Scales: BLEU and chrF 0–100 (sacrebleu's convention), the others 0–1.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

from mella_ray.evaluate import matching
from mella_ray.evaluate.matching import MATCHING_LANGUAGE, MATCHING_STRICT
from mella_ray.evaluate.tokenize import UNIT_CHAR, bleu_tokenizer, fold_script, tokenize, unit
from mella_ray.langs import language
from mella_ray.scripts import expected_scripts, script_mismatch

log = logging.getLogger(__name__)

METRICS = ("keyword_accuracy", "bleu", "chrf", "rougeL", "meteor")
SCALE = {"keyword_accuracy": "0-1", "bleu": "0-100", "chrf": "0-100", "rougeL": "0-1", "meteor": "0-1"}


# ---------------------------------------------------------------- keyword accuracy
def _match_form(text: str, lang: str) -> str:
    """Tokens re-joined: punctuation and extra spaces gone, so 'Nový  rok,' contains 'nový rok'."""
    sep = "" if unit(lang) == UNIT_CHAR else " "
    return sep.join(tokenize(text, lang))


def keyword_hits(
    prediction: str | None, keywords: list[str] | None, lang: str, mode: str = MATCHING_LANGUAGE
) -> tuple[int, int]:
    """(found, total) gold keywords in the prediction; `mode` 'language' (matching.py) or 'strict':

    Both sides are NFKC + casefolded, Serbian is folded to Latin (so a Latin answer matches
    Cyrillic keywords), punctuation is dropped, and a keyword counts when it occurs as a
    substring, ignoring word boundaries, in every language: th has no spaces and ko attaches
    particles to words ("김치를" contains "김치"); for the others it also accepts inflected forms
    that extend the keyword (ru "Кремля" does not contain "Кремль", a known limit). Keywords that
    normalise to the same string count once; empty ones are ignored.
    """
    if mode == MATCHING_LANGUAGE:
        return matching.keyword_hits(prediction, keywords, lang)
    gold = list(dict.fromkeys(k for k in (_match_form(k, lang) for k in keywords or []) if k))
    if not gold:
        return 0, 0
    answer = _match_form(prediction or "", lang)
    return sum(1 for k in gold if k in answer), len(gold)


def keyword_shares(rows: list[dict], lang: str, mode: str = MATCHING_LANGUAGE) -> list[float | None]:
    """Per-row share of keywords found (None for a row without keywords): the unit the bootstrap resamples."""
    out: list[float | None] = []
    for r in rows:
        found, total = keyword_hits(r.get("prediction"), r.get("keywords"), lang, mode)
        out.append(found / total if total else None)
    return out


def keyword_accuracy(rows: list[dict], lang: str, mode: str = MATCHING_LANGUAGE) -> tuple[float | None, int]:
    """Mean per-sample share of keywords found, over samples with ≥1 keyword; (mean, n samples)."""
    shares = [s for s in keyword_shares(rows, lang, mode) if s is not None]
    return (sum(shares) / len(shares) if shares else None), len(shares)


# ---------------------------------------------------------------- language guard
class LanguageMismatchError(ValueError):
    """A reference is written in a script its row's language does not use."""

    def __init__(self, sample_id: str, lang: str, expected: list[str], found: str, share: float):
        self.sample_id, self.lang, self.expected, self.found, self.share = sample_id, lang, expected, found, share
        super().__init__(
            f"sample {sample_id}: the reference is in {found} script ({share:.0%} of its letters) but the row's "
            f"language is {lang!r}, which expects {' or '.join(expected)}. The test split is mislabelled "
            "(or a translation went to the wrong language): fix or drop the row and rerun the mix stage."
        )


MIN_LETTERS = 10  # shorter texts (a number, a brand name: "iPhone 15") are too noisy to judge
MIN_SHARE = 0.5


def check_script(sample_id: str, text: str, lang: str) -> None:
    """Raise LanguageMismatchError unless `text`'s letters are mostly in `lang`'s script(s)."""
    main, _ = expected_scripts(lang)
    if not main:
        log.warning("language guard: no script table for %s (%s); not checked", lang, language(lang).script)
        return
    bad = script_mismatch(text, lang, MIN_SHARE, MIN_LETTERS)
    if bad:
        raise LanguageMismatchError(sample_id, lang, list(main), *bad)


def guard_references(rows: list[dict]) -> None:
    """Check every row's reference (keys sample_id, lang, reference or answer) before scoring."""
    for r in rows:
        check_script(r["sample_id"], r.get("reference", r.get("answer")) or "", r["lang"])


# ---------------------------------------------------------------- BLEU, chrF (sacrebleu)
def _ref_streams(refs: list[str] | list[list[str]], lang: str) -> list[list[str]]:
    """One reference per hypothesis, or several reference streams (sacrebleu's layout)."""
    streams = [refs] if refs and isinstance(refs[0], str) else refs
    return [[fold_script(r, lang) for r in stream] for stream in streams]  # type: ignore[union-attr]


def corpus_bleu(hyps: list[str], refs: list[str] | list[list[str]], lang: str) -> tuple[float, str]:
    """Corpus BLEU with the language's tokenizer ('13a' or 'char'); (score, signature)."""
    from sacrebleu.metrics import BLEU

    bleu = BLEU(tokenize=bleu_tokenizer(lang))
    score = bleu.corpus_score([fold_script(h, lang) for h in hyps], _ref_streams(refs, lang))
    return float(score.score), str(bleu.get_signature())


def corpus_chrf(hyps: list[str], refs: list[str] | list[list[str]], lang: str) -> tuple[float, str]:
    """Corpus chrF (character 6-grams, β=2), language-independent; (score, signature)."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    score = chrf.corpus_score([fold_script(h, lang) for h in hyps], _ref_streams(refs, lang))
    return float(score.score), str(chrf.get_signature())


# ---------------------------------------------------------------- ROUGE-L (rouge_score)
def units(text: str, lang: str, mode: str = MATCHING_LANGUAGE) -> list[str]:
    """ROUGE-L/METEOR tokens: language-aware words (matching.py) or the strict policy's (tokenize.py)."""
    return list(matching.word_units(text or "", lang)) if mode == MATCHING_LANGUAGE else tokenize(text, lang)


class _Tokenizer:
    """A rouge_score tokenizer (anything with `.tokenize(text) -> list[str]`): our units for one language.

    RougeScorer(tokenizer=...) calls only `.tokenize`; stemming is not applied with a custom tokenizer,
    which is what we want: rouge_score's stemmer is English Porter.
    """

    def __init__(self, lang: str, mode: str):
        self.lang, self.mode = lang, mode

    def tokenize(self, text: str) -> list[str]:
        return units(text, self.lang, self.mode)


@lru_cache(maxsize=64)
def _rouge_scorer(lang: str, mode: str):
    from rouge_score.rouge_scorer import RougeScorer

    # tokenizer=: the default keeps only [a-z0-9] and would score every non-Latin text 0.
    return RougeScorer(["rougeL"], tokenizer=_Tokenizer(lang, mode))


def rouge_l(hyp: str, ref: str, lang: str, mode: str = MATCHING_LANGUAGE) -> float:
    """Sentence ROUGE-L F-measure on our units (see `units`)."""
    return float(_rouge_scorer(lang, mode).score(ref or "", hyp or "")["rougeL"].fmeasure)


# ---------------------------------------------------------------- METEOR (nltk)
class _NoWordNet:
    """A WordNet with no synsets: METEOR then matches exact and stemmed tokens only."""

    def synsets(self, *args: Any, **kwargs: Any) -> list:
        return []


_WORDNET_DIRS = ("/usr/share/wordnet", "/usr/share/nltk_data/corpora/wordnet")


@lru_cache(maxsize=1)
def wordnet() -> tuple[Any, str]:
    """(reader, description): nltk's WordNet, Debian's wordnet-base folder, or the stub.

    nltk's downloader cannot reach its data on our machines; the stub keeps METEOR defined
    (exact + Porter-stem matching) and the report says so. WordNet is English: for these eight
    languages its synonyms rarely apply anyway.
    """
    import os

    try:
        from nltk.corpus import wordnet as wn

        wn.synsets("dog")
        return wn, "nltk wordnet"
    except Exception:  # LookupError without the data; anything else: same fallback
        pass
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    for d in filter(None, (os.environ.get("MELLA_WORDNET_DIR"), *_WORDNET_DIRS)):
        try:
            reader = WordNetCorpusReader(d, None)
            reader.synsets("dog")
            return reader, f"wordnet at {d}"
        except Exception:
            continue
    return _NoWordNet(), "none (stub: exact + stem matching only)"


def meteor(hyp: str, ref: str, lang: str, mode: str = MATCHING_LANGUAGE) -> float:
    """Sentence METEOR on pre-tokenised input (nltk needs token lists; punkt is unavailable).

    Language mode stems with Snowball where it has the language (no stemming elsewhere) instead of
    nltk's English Porter default."""
    from nltk.translate.meteor_score import single_meteor_score

    h, r = units(hyp, lang, mode), units(ref, lang, mode)
    if not h or not r:
        return 0.0
    if mode == MATCHING_LANGUAGE:
        return float(single_meteor_score(r, h, wordnet=wordnet()[0], stemmer=matching.Stemmer(lang)))
    return float(single_meteor_score(r, h, wordnet=wordnet()[0]))


# ---------------------------------------------------------------- one language
def score_language(rows: list[dict], lang: str, mode: str = MATCHING_LANGUAGE) -> tuple[dict[str, Any], dict[str, str]]:
    """All metrics of one model on one language; (scores, sacrebleu signatures).

    rows: dicts with source (know|ling), prediction (None for a failed generation, scored as
    an empty answer so both models are judged on the same rows), reference, keywords.
    Keyword accuracy uses the know rows, the text metrics the ling rows (as in the paper).
    """
    know = [r for r in rows if r["source"] == "know"]
    ling = [r for r in rows if r["source"] == "ling"]
    kw, n_kw = keyword_accuracy(know, lang, mode)
    scores: dict[str, Any] = {
        "keyword_accuracy": kw,
        "keyword_samples": n_kw,
        "know_samples": len(know),
        "ling_samples": len(ling),
        "bleu": None,
        "chrf": None,
        "rougeL": None,
        "meteor": None,
    }
    sigs: dict[str, str] = {}
    if ling:
        hyps = [r.get("prediction") or "" for r in ling]
        refs = [r["reference"] or "" for r in ling]
        scores["bleu"], sigs["bleu"] = corpus_bleu(hyps, refs, lang)
        scores["chrf"], sigs["chrf"] = corpus_chrf(hyps, refs, lang)
        scores["rougeL"] = sum(rouge_l(h, r, lang, mode) for h, r in zip(hyps, refs)) / len(ling)
        scores["meteor"] = sum(meteor(h, r, lang, mode) for h, r in zip(hyps, refs)) / len(ling)
    return scores, sigs


def caveats(mode: str = MATCHING_LANGUAGE) -> list[str]:
    """What a reader of the numbers must know about how they were computed."""
    wn_desc = wordnet()[1]
    out = [
        "BLEU and chrF are corpus-level per language on a 0-100 scale; ROUGE-L, METEOR and keyword accuracy "
        "are per-sample means on a 0-1 scale.",
        "Means are macro averages over the languages that have a value (missing languages are left out).",
        "Text metrics (BLEU, chrF, ROUGE-L, METEOR) use the D_ling rows, keyword accuracy the D_know rows with "
        "at least one gold keyword.",
        "A failed generation is scored as an empty answer (so all models are judged on the same rows) and "
        "counted under counts.failed.",
        "BLEU uses sacrebleu's '13a' tokenizer ('char' for th and ko) and chrF characters, in both matching modes, "
        "so they stay comparable with published numbers. Scores are not comparable across languages.",
    ]
    if mode == MATCHING_STRICT:
        out += [
            "Matching is strict (evaluate.matching: strict, the paper's numbers): a keyword counts when it occurs as a "
            "substring after NFKC + casefold (+ Serbian Cyrillic->Latin, Arabic tatweel dropped), ignoring word "
            "boundaries: it credits inflected forms that extend a keyword but not those that change its stem, and "
            "Arabic harakat or hamza'd alef forms make a miss.",
            "Strict units: ROUGE-L/METEOR use grapheme clusters for th, space-separated words elsewhere (ko eojeol).",
            f"METEOR: nltk with WordNet = {wn_desc} and the English Porter stemmer, so for these languages METEOR is "
            "essentially exact-match unigram F-mean with a fragmentation penalty.",
        ]
    else:
        out += matching.CAVEATS + [
            f"METEOR: nltk with WordNet = {wn_desc} (English: its synonyms rarely apply) and the language's Snowball "
            "stemmer where there is one (ar, cs, hu, ru, sr), no stemming elsewhere.",
        ]
    return out
