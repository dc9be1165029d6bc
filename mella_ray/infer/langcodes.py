"""Language codes that seq2seq MT models expect, and how each model family takes them.

Families differ: NLLB names languages by FLORES-200 codes ("srp_Cyrl") that are tokens of its
vocabulary (the source code set on the tokenizer, the target forced as the first decoder
token); M2M100 uses "__sr__" tokens the same way; multilingual Marian models expect a
">>srp_Cyrl<<"-style prefix on the source; single-pair Marian models take no code at all.
`LangCodes` looks at the tokenizer's vocabulary once and picks the right form.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

# FLORES-200 codes (language_Script) of the project's languages and common pivots. Serbian is
# Cyrillic: a Latin-script variant is made by transliteration, which is lossless.
FLORES = {
    "en": "eng_Latn",
    "ar": "arb_Arab",
    "cs": "ces_Latn",
    "hu": "hun_Latn",
    "ko": "kor_Hang",
    "ru": "rus_Cyrl",
    "sr": "srp_Cyrl",
    "th": "tha_Thai",
    "vi": "vie_Latn",
    "de": "deu_Latn",
    "fr": "fra_Latn",
    "es": "spa_Latn",
    "zh": "zho_Hans",
    "ja": "jpn_Jpan",
}


@dataclass(frozen=True)
class CodePlan:
    """How to tell a model the languages of one (source, target) pair."""

    src_lang: str | None = None  # set as tokenizer.src_lang (NLLB, M2M100)
    forced_bos_token_id: int | None = None  # first decoder token (NLLB, M2M100)
    prefix: str = ""  # prepended to the source text (multilingual Marian)
    family: str = "single_pair"


class LangCodes:
    def __init__(self, tokenizer, overrides: dict[str, str] | None = None):
        self.tokenizer = tokenizer
        self.flores = {**FLORES, **(overrides or {})}
        self.vocab = set(tokenizer.get_vocab())
        self._warned: set[tuple] = set()

    def flores_code(self, lang: str) -> str:
        try:
            return self.flores[lang]
        except KeyError:
            raise KeyError(f"no FLORES-200 code for language {lang!r}; add it under engine.lang_codes") from None

    def plan(self, src: str | None, tgt: str | None) -> CodePlan:
        if tgt is None:
            return CodePlan()
        t_flores = self.flores_code(tgt)
        if t_flores in self.vocab:  # NLLB-style vocabulary
            s = self.flores_code(src) if src else None
            return CodePlan(
                src_lang=s, forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(t_flores), family="nllb"
            )
        if f"__{tgt}__" in self.vocab:  # M2M100
            return CodePlan(
                src_lang=src, forced_bos_token_id=self.tokenizer.convert_tokens_to_ids(f"__{tgt}__"), family="m2m100"
            )
        for code in (t_flores, t_flores.split("_")[0], tgt):  # multilingual Marian: >>code<< prefix
            if f">>{code}<<" in self.vocab:
                return CodePlan(prefix=f">>{code}<< ", family="marian_multi")
        if (src, tgt) not in self._warned:  # a single-pair model: the pair is fixed by the model
            self._warned.add((src, tgt))
            log.warning("seq2seq: the model has no language tokens; assuming it translates %s->%s", src, tgt)
        return CodePlan()
