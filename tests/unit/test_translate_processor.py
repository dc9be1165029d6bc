"""The vLLM path's CPU steps, without Ray or vLLM: captions split into chunk rows, answered in
any order, regrouped and gated, give exactly the rows the in-actor Translator gives with the
same model, back-translation and the too-long rule included."""

from __future__ import annotations

import random
from collections import defaultdict

import pyarrow as pa
import pytest

from mella_ray.config import TranslateConfig
from mella_ray.infer import GenRequest
from mella_ray.translate.processor import CHUNKS, KEY, finish_group, max_tokens, messages_for, split_captions
from mella_ray.translate.stage import OUT_SCHEMA
from mella_ray.translate.translator import Translator

EN_CS = {
    "A busy market square in the old town, full of wooden stalls.": "Rušné tržiště ve starém městě, plné dřevěných stánků.",
    "Vendors sell bread, cheese and flowers under striped awnings, and the light is warm.": "Prodavači prodávají chléb, sýr a květiny pod pruhovanými markýzami a světlo je teplé.",
    "A quiet street with a red tram.": "Tichá ulice s červenou tramvají.",
}


class ChatTranslator:
    """An instruction model (fake): finds the sentence its prompt quotes and answers with its
    translation, or back into English."""

    model = "fake-llm"
    is_seq2seq = False

    def answer(self, prompt: str) -> str:
        for en, cs in EN_CS.items():
            if prompt.rstrip().endswith(cs):
                return en
            if prompt.rstrip().endswith(en):
                return cs
        return "Něco úplně jiného, co s tím nesouvisí."

    def generate(self, requests: list[GenRequest]):
        from mella_ray.infer import GenResult

        return [GenResult(text=self.answer(r.prompt), completion_tokens=3) for r in requests]


def _captions() -> list[dict]:
    two = "\n\n".join(list(EN_CS)[:2])
    return [
        {
            "img_id": f"img{k}",
            "lang": "cs",
            "caption": text,
            "category": "x/y",
            "status": status,
            "pivot_lang": "en",
            "_shard": "part-00000",
        }
        for k, (text, status) in enumerate(
            [(two, "ok"), (list(EN_CS)[2], "ok"), ("word " * 60, "ok"), (None, "failed")]
        )
    ]


def _through_processor(captions: list[dict], cfg: TranslateConfig, seed: int) -> list[dict]:
    """What processor_build does on Ray, step by step here: split, answer in shuffled order,
    group by (img_id, target), finish; twice with back-translation."""
    engine, rng = ChatTranslator(), random.Random(seed)
    rows = split_captions(pa.Table.from_pylist(captions), cfg=cfg.model_dump(), languages=["cs", "ru"]).to_pylist()
    for back in [False, True] if cfg.backtranslation else [False]:
        to_messages = messages_for(cfg, back)
        answered = []
        for row in rows:
            prompt = to_messages(row)[0]["content"]
            text = "." if max_tokens(row) == 1 else engine.answer(prompt)
            answered.append(
                {
                    **row,
                    "generated_text": text,
                    "num_generated_tokens": 3,
                    "num_input_tokens": 9,
                    "__inference_error__": "",
                }
            )
        rng.shuffle(answered)
        groups = defaultdict(list)
        for row in answered:
            groups[tuple(row[k] for k in KEY)].append(row)
        rows = [
            r
            for g in groups.values()
            for r in finish_group(
                pa.Table.from_pylist(g), cfg=cfg.model_dump(), model="fake-llm", back=back, schema=OUT_SCHEMA
            ).to_pylist()
        ]
    return rows


@pytest.mark.parametrize("backtranslation", [False, True])
def test_chunk_rows_regrouped_in_any_order_give_the_rows_of_the_in_actor_translator(backtranslation):
    cfg = TranslateConfig(targets="all", max_source_chars=200, backtranslation=backtranslation)
    want = pa.Table.from_pylist(
        Translator(cfg, ["cs", "ru"], ChatTranslator()).rows(_captions()), schema=OUT_SCHEMA
    ).to_pylist()  # as stored
    for seed in range(3):
        got = _through_processor(_captions(), cfg, seed)
        key = lambda r: (r["img_id"], r["lang"])  # noqa: E731
        assert sorted(got, key=key) == sorted(want, key=key)
    by_key = {(r["img_id"], r["lang"]): r for r in got}
    assert by_key[("img0", "cs")]["text"] == "\n\n".join(list(EN_CS.values())[:2])  # two chunks, rejoined
    assert (by_key[("img2", "cs")]["reason"], by_key[("img2", "cs")]["error"]) == ("input_too_long", "300 chars > 200")
    assert ("img3", "cs") not in by_key  # a failed caption has no translation rows
    if backtranslation:
        assert by_key[("img0", "cs")]["backtranslation_chrf"] > 95


def test_a_caption_split_into_chunks_becomes_one_row_per_chunk_and_skips_flow_as_one():
    cfg = TranslateConfig(targets="image_lang", max_source_chars=200)
    rows = split_captions(pa.Table.from_pylist(_captions()), cfg=cfg.model_dump(), languages=["cs"]).to_pylist()
    assert [(r["img_id"], r["_chunk"], r["_chunks"], r["_skip"]) for r in rows] == [
        ("img0", 0, 2, False),
        ("img0", 1, 2, False),
        ("img1", 0, 1, False),
        ("img2", 0, 0, True),
    ]
    assert pa.Table.from_pylist(rows, schema=CHUNKS).num_rows == 4
    prompt = messages_for(cfg, back=False)(rows[0])[0]["content"]
    assert "into Czech" in prompt and prompt.rstrip().endswith(list(EN_CS)[0])
    assert [max_tokens(r) for r in rows] == [None, None, None, 1]
