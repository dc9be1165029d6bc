"""Splits, weights and conversations of the mix: pure logic, no Ray, no files."""

from collections import Counter
from fractions import Fraction

import pytest

from mella_ray.config import MixConfig, parse_config
from mella_ray.config.base import ConfigError
from mella_ray.langs import language
from mella_ray.mix import conversations
from mella_ray.mix.seeded import exact, round_half_up
from mella_ray.mix.splits import SplitError, assign_splits, clusters
from mella_ray.mix.weights import group_train_keys, plan_copies, target_rows


def _rows(n_know=40, n_ling=40, langs=("cs", "th"), dup_every=0):
    """Know images per language; ling images translated into every language (one cluster each);
    with dup_every, every k-th know image is a near duplicate of the ling image of the same index."""
    rows = []
    for lang in langs:
        for i in range(n_know):
            dup = f"l-{i}" if dup_every and i % dup_every == 0 else None
            rows.append(
                {
                    "img_id": f"k-{lang}-{i}",
                    "lang": lang,
                    "source": "know",
                    "dup_group": dup,
                    "answer": f"Karlův most a Staroměstské náměstí {i}",
                    "category": None,
                }
            )
        for i in range(n_ling):
            rows.append(
                {
                    "img_id": f"l-{i}",
                    "lang": lang,
                    "source": "ling",
                    "dup_group": None,
                    "answer": "Dlouhý popis obrázku.",
                    "category": "scene/city",
                }
            )
    return rows


def _split(rows, cfg: MixConfig, needs=None):
    needs = {(r["lang"], r["source"]) for r in rows} if needs is None else needs
    return assign_splits(rows, cfg.test_per_lang, cfg.val_fraction, cfg.seed, needs)


def _mix(rows, cfg: MixConfig):
    sp = _split(rows, cfg)
    copies, plans = plan_copies(group_train_keys(rows, sp.split, conversations.row_key), cfg)
    return conversations.build(rows, sp.split, copies, {}, cfg.seed, cfg.instruction_pool), plans


def test_no_image_and_no_near_duplicate_group_is_in_two_splits():
    rows = _rows(dup_every=3)
    cfg = MixConfig(test_per_lang=5, val_fraction=0.2, seed=1)
    sp = _split(rows, cfg)
    by_img, by_group = {}, {}
    for r, s in zip(rows, sp.split):
        if s:
            by_img.setdefault(r["img_id"], set()).add(s)
            by_group.setdefault(r["dup_group"] or r["img_id"], set()).add(s)
    assert all(len(s) == 1 for s in by_img.values()) and all(len(s) == 1 for s in by_group.values())
    assert sp.multi_image_clusters == 14  # i = 0, 3, ..., 39: each joins k-cs-i, k-th-i and l-i
    assert len(clusters(rows)) == 40 + 2 * 40 - 2 * 14


def test_test_split_holds_exactly_n_per_language_and_source():
    for seed in range(5):
        rows = _rows(dup_every=4)
        cfg = MixConfig(test_per_lang=7, val_fraction=0.1, seed=seed)
        sp = _split(rows, cfg)
        test = Counter((r["lang"], r["source"]) for r, s in zip(rows, sp.split) if s == "test")
        assert test == {(lang, src): 7 for lang in ("cs", "th") for src in ("know", "ling")}


def test_val_takes_exactly_its_fraction_of_the_clusters_left():
    rows = _rows(n_know=30, n_ling=0, langs=("cs",))
    sp = _split(rows, MixConfig(test_per_lang=10, val_fraction=0.25))
    assert Counter(sp.split) == {"test": 10, "val": 5, "train": 15}  # round(0.25 * 20)


def test_too_few_images_for_the_test_split_names_language_and_source():
    rows = _rows(n_know=3, n_ling=20, langs=("cs",))
    with pytest.raises(SplitError, match=r"cs/know: only 2 of mix.test_per_lang=3"):
        _split(rows, MixConfig(test_per_lang=3))  # one image must stay for train
    sp = _split(rows, MixConfig(test_per_lang=3), needs=set())  # unweighted: all three may be test
    assert Counter(s for r, s in zip(rows, sp.split) if r["source"] == "know") == {"test": 3}


def test_mix_is_deterministic_and_seed_dependent():
    rows = _rows()
    a, _ = _mix(rows, MixConfig(seed=3, test_per_lang=4))
    b, _ = _mix(rows, MixConfig(seed=3, test_per_lang=4))
    c, _ = _mix(rows, MixConfig(seed=4, test_per_lang=4))
    assert a == b
    assert {x["img_id"] for x in a if x["split"] == "test"} != {x["img_id"] for x in c if x["split"] == "test"}


@pytest.mark.parametrize(
    "weights, caps, expected",
    [
        ({"know": 1.0, "ling": 0.5}, {}, {"know": 31, "ling": 16}),  # 0.5 * 31 = 15.5 -> 16, exactly
        ({"know": 2.0, "ling": 0.1}, {}, {"know": 62, "ling": 3}),  # 0.1 * 31 = 3.1 -> 3
        ({"know": 1.5, "ling": 0.5}, {"*": {"know": 40}, "cs": {"ling": 5}}, {"know": 40, "ling": 5}),
        ({"know": 0.0, "ling": 1.0}, {}, {"know": 0, "ling": 31}),
    ],
)
def test_ratios_hold_exactly_for_a_seeded_run(weights, caps, expected):
    rows = _rows(n_know=35, n_ling=35, langs=("cs",))
    cfg = MixConfig(test_per_lang=4, val_fraction=0.0, weights=weights, caps=caps, seed=7)
    convs, plans = _mix(rows, cfg)
    train = Counter(c["source"] for c in convs if c["split"] == "train")
    assert {s: train[s] for s in ("know", "ling")} == expected
    assert {p.source: p.rows for p in plans} == expected and {p.distinct for p in plans} == {31}
    per_row = Counter((c["img_id"], c["source"]) for c in convs if c["split"] == "train")
    for src, n in expected.items():  # copies differ by at most one: the integer part for every row
        counts = [v for (_, s), v in per_row.items() if s == src] + [0] * (31 - sum(1 for k in per_row if k[1] == src))
        assert max(counts) - min(counts) <= 1 if n else counts == [0] * 31
    assert all(Counter(c["split"] for c in convs if c["source"] == s)["test"] == 4 for s in ("know", "ling"))


def test_weight_arithmetic_is_exact():
    assert round_half_up(Fraction(5, 2)) == 3 and round_half_up(Fraction(3, 2)) == 2
    assert exact(0.1) == Fraction(1, 10) and target_rows(25, 0.1, None) == 3 and target_rows(5, 0.3, None) == 2
    assert target_rows(10, 3.0, 12) == 12 and target_rows(0, 0.5, None) == 0


def test_a_weight_that_rounds_a_bucket_to_nothing_is_an_error():
    rows = _rows(n_know=5, n_ling=5, langs=("th",))
    cfg = MixConfig(test_per_lang=1, val_fraction=0.0, weights={"know": 1.0, "ling": 0.1})
    with pytest.raises(SplitError, match=r"th/ling: weight 0.1 of 4 train rows rounds to 0 rows"):
        _mix(rows, cfg)


def test_instructions_come_from_the_group_of_the_source_or_the_whole_pool():
    rows = _rows(n_know=30, n_ling=30, langs=("cs",))
    cs = language("cs")
    convs, _ = _mix(rows, MixConfig(test_per_lang=2))
    for c in convs:
        assert c["instruction"] in (cs.know_templates if c["source"] == "know" else cs.ling_templates)
    convs, _ = _mix(rows, MixConfig(test_per_lang=2, instruction_pool="all"))
    used = {c["instruction"] for c in convs if c["source"] == "know"}
    assert used & set(cs.ling_templates) and used & set(cs.know_templates)


def test_mix_config_rejects_bad_weights_and_caps():
    with pytest.raises(ConfigError, match=r"mix.weights.ling: Input should be greater than or equal to 0"):
        parse_config({"output_dir": "x", "mix": {"weights": {"know": 1.0, "ling": -0.5}}})
    with pytest.raises(ConfigError, match=r"mix.weights.lang: unknown key"):
        parse_config({"output_dir": "x", "mix": {"weights": {"lang": 1.0}}})
    with pytest.raises(ConfigError, match=r"mix.caps: unknown language\(s\) \['de'\]"):
        parse_config({"output_dir": "x", "mix": {"caps": {"de": {"know": 5}}}})
    with pytest.raises(ConfigError, match=r"mix.caps.cs.ling: Input should be greater than or equal to 0 \(got -1\)"):
        parse_config({"output_dir": "x", "mix": {"caps": {"cs": {"ling": -1}}}})
    with pytest.raises(ConfigError, match=r"mix.caps.cs.lnig.\[key\]: Input should be 'know' or 'ling' \(got 'lnig'\)"):
        parse_config({"output_dir": "x", "mix": {"caps": {"cs": {"lnig": 5}}}})
    cfg = parse_config({"output_dir": "x", "mix": {"caps": {"*": {"ling": 9}, "th": {"ling": 2}}}}).mix
    assert (cfg.cap("th", "ling"), cfg.cap("cs", "ling"), cfg.cap("cs", "know")) == (2, 9, None)


def test_the_rows_a_test_cluster_keeps_do_not_depend_on_where_they_sit_in_the_input():
    """Three near duplicates in one cluster, a test quota of 2: which two are kept must not move
    when unrelated rows come first (shards listed differently, another language added)."""
    group = [
        {"img_id": f"th-{c}", "lang": "th", "source": "know", "dup_group": "th-a", "answer": "ตลาดน้ำ", "category": None}
        for c in "abc"
    ]
    picks = set()
    for n_other in range(2, 8):
        others = [
            {"img_id": f"ko-{i}", "lang": "ko", "source": "know", "dup_group": None, "answer": "시장", "category": None}
            for i in range(n_other)
        ]
        rows = others + group
        sp = assign_splits(rows, 2, 0.0, 7, set())
        picks.add(
            frozenset(rows[i]["img_id"] for i, s in enumerate(sp.split) if s == "test" and rows[i]["lang"] == "th")
        )
    assert len(picks) == 1


def test_a_source_row_seen_twice_is_kept_once_and_counted():
    from mella_ray.mix.sources import Row, Sources, _drop_repeats

    a, b = "ab" * 32, "ab" * 8 + "cd" * 24  # the same first 64 bits: compared in full, kept apart
    rows = [
        Row(a, "cs", "know", None, 0, 0),
        Row(b, "cs", "know", None, 0, 0),
        Row(a, "cs", "ling", None, 1, 2),
        Row(a, "cs", "know", None, 3, 3),
        Row("odd-id", "th", "know", None, 0, 0),
        Row("odd-id", "th", "know", None, 1, 1),
    ]
    src = Sources(rows)
    _drop_repeats(src)
    assert [(r.img_id, r.source, r.img_shard) for r in src.rows] == [
        (a, "know", 0),
        (b, "know", 0),
        (a, "ling", 1),
        ("odd-id", "know", 0),
    ]
    assert src.dropped == {"know:duplicate_row": 2}
