"""The translator and its quality gate with fake engines (no models, no Ray)."""

from __future__ import annotations

from mella_ray.config import TranslateConfig
from mella_ray.infer import GenResult
from mella_ray.translate.prompting import chunk_text, is_copy, join_chunks, translation_prompt
from mella_ray.translate.translator import Translator

CAPTION = (
    "A busy market square in the old town, full of wooden stalls.\n\n"
    "Vendors sell bread, cheese and flowers under striped awnings, and the light is warm."
)
CZECH = {
    "A busy market square in the old town, full of wooden stalls.": "Rušné tržiště ve starém městě, plné dřevěných stánků.",
    "Vendors sell bread, cheese and flowers under striped awnings, and the light is warm.": "Prodavači prodávají chléb, sýr a květiny pod pruhovanými markýzami a světlo je teplé.",
}
SERBIAN = "Прометна пијаца у старом граду, пуна дрвених тезги и цвећа."
GERMAN = "Ein belebter Marktplatz in der Altstadt, voller hölzerner Stände und Blumen, im warmen Licht des Abends."


class FakeEngine:
    """Records requests; subclasses decide the answer. A seq2seq engine gets the bare source text."""

    model = "fake"
    is_multimodal = False
    is_seq2seq = True

    def __init__(self):
        self.requests = []

    def answer(self, r) -> str:
        raise NotImplementedError

    def generate(self, requests):
        self.requests += requests
        return [GenResult(text=self.answer(r), completion_tokens=5) for r in requests]


class CopyingEngine(FakeEngine):
    """A translator that returns its input unchanged (what MT models do with text they cannot read)."""

    def answer(self, r):
        return r.prompt


class WrongLanguageEngine(FakeEngine):
    """A translator that answers in German whatever it is asked for."""

    def answer(self, r):
        return GERMAN


class CzechEngine(FakeEngine):
    """Translates into Czech sentence by sentence, and back into English when asked."""

    def answer(self, r):
        if r.tgt_lang == "en":
            return {v: k for k, v in CZECH.items()}.get(r.prompt, "Something else entirely, not the caption.")
        return CZECH[r.prompt]


class SerbianEngine(FakeEngine):
    def answer(self, r):
        return SERBIAN


def _caption(**kw) -> dict:
    return {
        "img_id": "img1",
        "lang": "cs",
        "caption": CAPTION,
        "category": "culture/food",
        "status": "ok",
        "pivot_lang": "en",
        "_shard": "part-00000",
        **kw,
    }


def _rows(engine, captions=None, **cfg):
    return Translator(TranslateConfig(**cfg), ["cs", "ru", "sr"], engine).rows(captions or [_caption()])


def test_gate_catches_a_translator_that_returns_its_input():
    rows = _rows(CopyingEngine())
    assert [(r["status"], r["reason"], r["error"], r["text"]) for r in rows] == [
        ("failed", "copy_of_source", None, None)
    ]
    assert rows[0]["detected_lang"] == "en"  # what came back, for audits


def test_gate_catches_a_translator_that_answers_in_the_wrong_language():
    rows = _rows(WrongLanguageEngine(), targets="all")
    assert {r["lang"]: r["reason"] for r in rows} == {
        "cs": "wrong_language",
        "ru": "wrong_script",
        "sr": "wrong_script",
    }
    assert all(r["status"] == "failed" and r["text"] is None and r["detected_lang"] == "de" for r in rows)


def test_good_translation_keeps_paragraphs_and_scores_the_back_translation():
    engine = CzechEngine()
    [row] = _rows(engine, backtranslation=True)
    assert row["status"] == "ok" and row["reason"] is row["error"] is None and row["detected_lang"] == "cs"
    assert row["text"] == "\n\n".join(CZECH.values())  # chunks rejoined, paragraph break kept
    assert row["backtranslation_chrf"] > 95  # the back-translation restores the caption
    assert row["_shard"] == "part-00000" and row["_out_tokens"] == 4 * 5  # 2 chunks there and back
    assert {(r.src_lang, r.tgt_lang) for r in engine.requests} == {("en", "cs"), ("cs", "en")}


def test_low_back_translation_score_can_fail_a_row():
    class Drifting(CzechEngine):
        def answer(self, r):
            return "Nothing to do with it." if r.tgt_lang == "en" else super().answer(r)

    [row] = _rows(Drifting(), backtranslation=True, min_backtranslation_chrf=50)
    assert row["status"] == "failed" and row["reason"] == "low_backtranslation_chrf" and " < " in row["error"]
    assert row["backtranslation_chrf"] < 50


def test_serbian_is_asked_in_cyrillic_and_stored_in_the_configured_script():
    one = _caption(lang="sr", caption=CAPTION.split("\n")[0])  # one paragraph, one chunk
    cyr = _rows(SerbianEngine(), [one])[0]
    assert cyr["status"] == "ok" and cyr["text"] == SERBIAN
    lat = _rows(SerbianEngine(), [one], serbian_script="latin")[0]
    assert lat["status"] == "ok" and lat["text"].startswith("Prometna pijaca u starom gradu")

    class LatinAnswer(FakeEngine):
        def answer(self, r):
            return "Prometna pijaca u starom gradu, puna drvenih tezgi i cveća."

    assert _rows(LatinAnswer(), [one])[0]["reason"] == "wrong_script"  # Cyrillic was asked for


def test_llm_prompts_name_language_and_script():
    class Echo(FakeEngine):
        is_seq2seq = False

        def answer(self, r):
            return "x"

    engine = Echo()
    _rows(engine, [_caption(lang="sr")], serbian_script="latin")
    assert all("into Serbian (Cyrillic script)" in r.prompt and "English text" in r.prompt for r in engine.requests)
    assert "Thai (Thai script)" in translation_prompt("Hi.", "th")


def test_failures_are_rows_with_reasons():
    class Broken(FakeEngine):
        def generate(self, requests):
            raise RuntimeError("CUDA out of memory")

    rows = _rows(Broken(), [_caption(), _caption(img_id="img2", status="failed", caption=None)])
    assert len(rows) == 1 and rows[0]["reason"] == "engine_error"  # failed captions: no rows
    assert rows[0]["error"].startswith("RuntimeError")
    long = _rows(CzechEngine(), [_caption(caption="word " * 100)], max_source_chars=100)
    assert (long[0]["reason"], long[0]["error"]) == ("input_too_long", "500 chars > 100")


def test_chunks_rejoin_and_copies_are_recognised():
    text = "First sentence here. Second one!\n\nA new paragraph? " + "x" * 30 + " " + "y" * 30
    pieces = chunk_text(text, max_chars=50)
    assert all(len(c) <= 50 for c, _ in pieces)
    assert join_chunks([c for c, _ in pieces], [s for _, s in pieces]) == text
    assert is_copy("A cat.  On a mat.", "a cat. on a mat.") and not is_copy("A cat on a mat.", "Kočka na rohožce.")


def test_one_bad_chunk_fails_a_row_that_passes_as_a_whole():
    sentences = [
        "A busy market square in the old town, full of wooden stalls and people.",
        "Vendors sell bread, cheese and flowers under striped awnings.",
        "In the background a church tower rises above red tile roofs.",
        "The light is warm and low, as in the late afternoon of a summer day.",
    ]
    czech = [
        "Rušné tržiště ve starém městě, plné dřevěných stánků a lidí.",
        "Prodavači prodávají chléb, sýr a květiny pod pruhovanými markýzami.",
        "V pozadí se nad červenými taškovými střechami tyčí kostelní věž.",
        "Světlo je teplé a nízké, jako v pozdním odpoledni letního dne.",
    ]
    bad = {
        "copy": sentences[1],
        "empty": "",
        "german": "Händler verkaufen Brot, Käse und Blumen unter gestreiften Markisen.",
    }

    class OneBadChunk(FakeEngine):
        def __init__(self, mode):
            super().__init__()
            self.mode = mode

        def answer(self, r):
            k = sentences.index(r.prompt)
            return bad[self.mode] if k == 1 else czech[k]

    caption = _caption(caption=" ".join(sentences))
    for mode, reason in (("copy", "copy_of_source"), ("empty", "empty"), ("german", "wrong_language")):
        [row] = _rows(OneBadChunk(mode), [caption], chunk_chars=80)
        assert (row["status"], row["reason"], row["error"], row["text"]) == ("failed", reason, "chunk 2 of 4", None)
    good = OneBadChunk("copy")
    good.answer = lambda r: czech[sentences.index(r.prompt)]
    [row] = _rows(good, [caption], chunk_chars=80)
    assert row["status"] == "ok" and row["text"] == " ".join(czech)


def test_chunks_of_names_signs_and_settings_are_not_failed_for_them():
    """Brand names, a quoted sign or camera settings are carried over as written; a short
    chunk made of them looks like a copy, or like Latin script, and is still a translation."""
    pairs = {
        "A busy shop with shelves of drinks and snacks under bright lights.": {
            "ru": "Оживлённый магазин с полками напитков и закусок под ярким светом.",
            "cs": "Rušný obchod s regály nápojů a pochutin pod jasným světlem.",
        },
        "The shelves show the logos of Coca-Cola, Heineken and Samsung.": {
            "ru": "На полках видны логотипы Coca-Cola, Heineken и Samsung.",
            "cs": "Na regálech jsou loga Coca-Cola, Heineken a Samsung.",
        },
        'The sign above the door reads "Golden Crust Bakery".': {
            "ru": 'Вывеска над дверью гласит "Golden Crust Bakery".',
            "cs": 'Nápis nad dveřmi hlásá "Golden Crust Bakery".',
        },
        "Camera: Canon EOS R5, 50 mm, f/1.8, 1/200 s, ISO 400.": {
            "ru": "Камера: Canon EOS R5, 50 mm, f/1.8, 1/200 s, ISO 400.",
            "cs": "Fotoaparát: Canon EOS R5, 50 mm, f/1.8, 1/200 s, ISO 400.",
        },
    }

    class Faithful(FakeEngine):
        def answer(self, r):
            return pairs[r.prompt][r.tgt_lang]

    caption = _caption(caption=" ".join(pairs))
    rows = Translator(TranslateConfig(chunk_chars=70, targets="all"), ["ru", "cs"], Faithful()).rows([caption])
    assert [(r["lang"], r["status"], r["error"]) for r in rows] == [("ru", "ok", None), ("cs", "ok", None)]

    # the same chunk handed back in English is still caught
    class CopiesTheSecond(Faithful):
        def answer(self, r):
            return r.prompt if r.prompt.startswith("The shelves") else super().answer(r)

    rows = Translator(TranslateConfig(chunk_chars=70, targets="all"), ["ru", "cs"], CopiesTheSecond()).rows([caption])
    assert [r["reason"] for r in rows] == ["wrong_script", "copy_of_source"]
