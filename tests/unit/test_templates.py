"""The instruction templates and keyword data files: every language, every type, the right script."""

import json
import random
from importlib import resources

import pytest

from mella_ray.langs import LANGUAGES, language, pick_instruction
from mella_ray.scripts import expected_scripts, script_counts

TEMPLATES = resources.files("mella_ray.data").joinpath("templates")
STOPWORDS = resources.files("mella_ray.data").joinpath("stopwords")


def _files(folder) -> set[str]:
    return {f.name.rsplit(".", 1)[0] for f in folder.iterdir() if f.name.endswith(".json")}


def test_every_language_has_a_template_file_and_keyword_rules():
    assert _files(TEMPLATES) == set(LANGUAGES) == _files(STOPWORDS)
    assert LANGUAGES == ("ar", "cs", "hu", "ko", "ru", "sr", "th", "vi")


@pytest.mark.parametrize("code", LANGUAGES)
def test_template_file_covers_every_type(code):
    d = json.loads(TEMPLATES.joinpath(f"{code}.json").read_text(encoding="utf-8"))
    assert set(d) >= {"name", "script", "spaced", "eval_prompt", "know", "ling"}
    assert (
        len(d["know"]) >= 8 and len(d["ling"]) >= 8 and 18 <= len(d["know"]) + len(d["ling"]) <= 24
    )  # ~20, as the paper's 21
    texts = [d["eval_prompt"], *d["know"], *d["ling"]]
    assert len(set(texts)) == len(texts) and all(t == t.strip() and t for t in texts)
    lang = language(code)
    # the evaluation prompt is a training instruction of both groups: the model learns the prompt it is scored with
    assert lang.know_templates == (*d["know"], d["eval_prompt"]) and lang.ling_templates == (
        *d["ling"],
        d["eval_prompt"],
    )


@pytest.mark.parametrize("code", LANGUAGES)
def test_templates_are_written_in_the_languages_script(code):
    lang = language(code)
    for text in (lang.eval_prompt, *lang.know_templates, *lang.ling_templates):
        # every letter in the language's script; only the HTML attribute name "alt" stays Latin
        counts, _ = script_counts(text.replace("alt", ""))
        assert set(counts) == set(expected_scripts(code)[0][:1]), (code, text, counts)  # sr: Cyrillic, not Latin


def test_thai_is_written_without_spaces_between_words():
    th = language("th")
    assert not th.spaced
    for text in th.know_templates + th.ling_templates:
        assert text.count(" ") <= 4, text  # spaces only between clauses, as Thai is written


def test_sources_draw_from_their_group_and_the_switch_from_the_whole_pool():
    for code in LANGUAGES:
        lang = language(code)
        rng = random.Random(0)
        assert {pick_instruction(code, "know", rng) for _ in range(200)} == set(lang.know_templates)
        assert {pick_instruction(code, "ling", rng) for _ in range(200)} == set(lang.ling_templates)
        pool = [pick_instruction(code, "know", rng, "all") for _ in range(2000)]
        assert set(pool) == set(lang.know_templates + lang.ling_templates)
        # one entry in the joined pool, not two: drawn about as often as any other instruction
        assert pool.count(lang.eval_prompt) < 2000 / len(set(pool)) * 1.6


@pytest.mark.parametrize("code", LANGUAGES)
def test_keyword_rules_files_are_well_formed(code):
    d = json.loads(STOPWORDS.joinpath(f"{code}.json").read_text(encoding="utf-8"))
    assert d["stopwords"] and d["dates"] and d.get("units", "words") in ("words", "phrases")
    assert all(w == w.strip() and w for w in d["stopwords"] + d["dates"])


def test_tiny_tokenizer_corpus_reads_the_template_files():
    from mella_ray.infer.tiny import _corpus

    corpus = _corpus()
    assert language("th").ling_templates[-1] in corpus and language("sr").eval_prompt in corpus
    assert corpus == _corpus()  # deterministic: the tiny models stay reproducible
