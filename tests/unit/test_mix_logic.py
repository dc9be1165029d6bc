from collections import Counter

from mella_ray.config import MixConfig
from mella_ray.mix.logic import assign_splits, conversations, keywords, repeats


def _rows(n_know=40, n_ling=40, langs=("cs", "th")):
    rows = []
    for lang in langs:
        for i in range(n_know):
            rows.append({"img_id": f"k-{lang}-{i}", "image": b"x", "lang": lang, "source": "know",
                         "answer": f"Karlův most a Staroměstské náměstí {i}", "category": None})
        for i in range(n_ling):
            rows.append({"img_id": f"l-{i}", "image": b"x", "lang": lang, "source": "ling",
                         "answer": "Dlouhý popis obrázku.", "category": "scene/city"})
    return rows


def test_splits_never_share_an_image_and_test_has_n_per_bucket():
    rows = _rows()  # ling images appear in both languages (translated into all)
    cfg = MixConfig(test_per_lang=5, val_fraction=0.2, seed=1)
    split = assign_splits(rows, cfg)
    convs = conversations(rows, split, cfg)
    by_img = {}
    for c in convs:
        by_img.setdefault(c["img_id"], set()).add(c["split"])
    assert all(len(s) == 1 for s in by_img.values())  # no leak
    test = Counter((c["lang"], c["source"]) for c in convs if c["split"] == "test")
    assert all(n >= 5 for n in test.values()) and set(test) == {("cs", "know"), ("th", "know"), ("cs", "ling"), ("th", "ling")}
    assert Counter(c["split"] for c in convs)["val"] > 0


def test_mix_is_deterministic_and_seed_dependent():
    rows = _rows()
    a = conversations(rows, assign_splits(rows, MixConfig(seed=3, test_per_lang=4)), MixConfig(seed=3, test_per_lang=4))
    b = conversations(rows, assign_splits(rows, MixConfig(seed=3, test_per_lang=4)), MixConfig(seed=3, test_per_lang=4))
    c = conversations(rows, assign_splits(rows, MixConfig(seed=4, test_per_lang=4)), MixConfig(seed=4, test_per_lang=4))
    assert a == b
    assert [x["sample_id"] for x in a if x["split"] == "test"] != [x["sample_id"] for x in c if x["split"] == "test"]


def test_repeat_weights_scale_train_rows():
    assert repeats(2.0, "k", 0) == 2 and repeats(1.0, "k", 0) == 1 and repeats(0.0, "k", 0) == 0
    kept = sum(repeats(0.5, f"k{i}", 0) for i in range(4000))
    assert 1800 < kept < 2200
    rows = _rows(n_know=200, n_ling=200, langs=("cs",))
    cfg = MixConfig(test_per_lang=0, val_fraction=0.0, weights={"know": 1.0, "ling": 0.5})
    n = Counter(c["source"] for c in conversations(rows, assign_splits(rows, cfg), cfg))
    assert n["know"] == 200 and 70 < n["ling"] < 130


def test_instructions_come_from_the_group_of_the_source():
    from mella_ray.langs import language

    rows = _rows(n_know=10, n_ling=10, langs=("cs",))
    cfg = MixConfig(test_per_lang=2)
    for c in conversations(rows, assign_splits(rows, cfg), cfg):
        group = language("cs").know_templates if c["source"] == "know" else language("cs").ling_templates
        assert c["instruction"] in group


def test_keywords_heuristic():
    kw = keywords("Karlův most v Praze, rok 1357, a trdelník", "cs", 8)
    assert "Karlův" in kw and "trdelník" in kw and "Praze" in kw
    assert not any(ch.isdigit() for k in kw for ch in k) and "v" not in kw
    assert keywords("ตลาดน้ำดำเนินสะดวก ราชบุรี", "th", 8) == ["ตลาดน้ำดำเนินสะดวก", "ราชบุรี"]
    assert len(keywords(" ".join(f"slovo{i}x" for i in range(30)), "cs", 5)) == 0  # digits inside words dropped
