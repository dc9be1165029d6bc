"""Paired bootstrap intervals: BLEU/chrF agree with sacrebleu's own paired bootstrap test, identical
models are never significant, a real improvement is, and the report marks it."""

import pytest
from sacrebleu.metrics import BLEU, CHRF
from sacrebleu.significance import PairedTest

from mella_ray.evaluate import bootstrap
from mella_ray.evaluate.report import build_report
from mella_ray.evaluate.report_render import render_markdown

REFS = [f"Кошка номер {i} спит на красном ковре у окна" for i in range(30)]
GOOD = [f"Кошка номер {i} спит на красном ковре" if i % 3 else f"Собака {i} лежит у окна" for i in range(30)]
BAD = [f"Собака {i} бежит по улице" for i in range(30)]


@pytest.mark.parametrize("name, metric", [("bleu", BLEU()), ("chrf", CHRF())])
def test_bleu_chrf_p_value_is_sacrebleus_paired_bootstrap(name, metric):
    ours = bootstrap.corpus_difference(name, BAD, GOOD, REFS, "ru", n_samples=200, seed=12345)
    _, res = PairedTest([("bad", BAD), ("good", GOOD)], {name: metric}, [REFS], test_type="bs", n_samples=200)()
    key = next(k for k in res if k != "System")  # sacrebleu names the column after the metric (BLEU, chrF2)
    theirs = res[key][1]
    assert ours["diff"] == pytest.approx(theirs.score - res[key][0].score, abs=0.01)  # sacrebleu rounds scores
    assert ours["p_value"] == pytest.approx(theirs.p_value)
    assert ours["significant"] and ours["ci_low"] > 0


def test_identical_models_have_a_zero_interval():
    ci = bootstrap.mean_difference([0.2, 0.5, 1.0, 0.0], [0.2, 0.5, 1.0, 0.0], n_samples=300, seed=1)
    assert ci["diff"] == 0 and ci["ci_low"] == 0 and ci["ci_high"] == 0 and not ci["significant"]


def test_noise_is_not_significant_and_a_clear_gain_is():
    a = [0.0, 1.0] * 10
    noisy = [1.0, 0.0] * 9 + [1.0, 1.0]  # one row better out of 20
    assert not bootstrap.mean_difference(a, noisy, 1000, 12345)["significant"]
    clear = [1.0] * 20
    ci = bootstrap.mean_difference(a, clear, 1000, 12345)
    assert ci["significant"] and ci["diff"] == pytest.approx(0.5) and ci["ci_low"] <= 0.5 <= ci["ci_high"]


def _rows(preds, lang="ru"):
    know = [
        {
            "sample_id": f"k{i}",
            "lang": lang,
            "source": "know",
            "prediction": p,
            "reference": "x",
            "keywords": ["Кремль"],
            "status": "ok",
            "error": None,
        }
        for i, p in enumerate(preds)
    ]
    ling = [
        {
            "sample_id": f"l{i}",
            "lang": lang,
            "source": "ling",
            "prediction": p,
            "reference": REFS[i],
            "keywords": [],
            "status": "ok",
            "error": None,
        }
        for i, p in enumerate(preds)
    ]
    return know + ling


def test_report_marks_significant_differences_and_says_when_tuned_does_not_win():
    tuned = _rows(["Стены Кремля " + g for g in GOOD[:20]])
    base = _rows(BAD[:20])
    report = build_report({"base": base, "tuned": tuned}, {"base": "b", "tuned": "t"}, ["ru"], bootstrap_samples=300)
    kw = report["comparisons"][0]["results"]["ru"]["keyword_accuracy"]
    assert report["comparisons"][0]["difference"] == "tuned - base"
    assert kw["diff"] == pytest.approx(1.0) and kw["significant"]
    assert report["verdict"]["all_languages"] and report["verdict"]["significant"] == ["ru"]
    md = render_markdown(report)
    assert "Yes: tuned beats base on keyword_accuracy in all 1 languages" in md and "+1.000 [+1.000, +1.000]" in md

    worse = build_report({"base": tuned, "tuned": base}, {"base": "b", "tuned": "t"}, ["ru"], bootstrap_samples=100)
    assert worse["verdict"]["not_beating"] == ["ru"]
    assert "No: tuned does not beat base on keyword_accuracy in 1 of 1 languages: ru." in render_markdown(worse)


def test_report_says_whether_an_endpoint_answers_as_the_model_it_serves():
    tuned = _rows(["Стены Кремля " + g for g in GOOD[:10]])
    same = [dict(r) for r in tuned]
    drifted = [dict(r) for r in tuned]
    drifted[0]["prediction"] = "Стены ночью"  # the keyword lost on one know row
    drifted[15]["prediction"] = drifted[15]["prediction"] + " и"  # one ling row longer
    failed = [dict(r) for r in tuned]
    failed[3].update(status="failed", prediction=None, error="HTTP 503")
    preds = {"tuned": tuned, "served": same, "drifted": drifted, "down": failed}
    report = build_report(
        preds,
        {n: n for n in preds},
        ["ru"],
        bootstrap_samples=0,
        same_as={"served": "tuned", "drifted": "tuned", "down": "tuned"},
    )
    agree = report["agreement"]
    assert agree["served"] == {
        "same_as": "tuned",
        "rows": 20,
        "identical": 20,
        "different": 0,
        "failed": 0,
        "languages_with_different_answers": [],
        "keyword_accuracy_differs_in": [],
        "same": True,
    }
    assert (agree["drifted"]["different"], agree["drifted"]["keyword_accuracy_differs_in"]) == (2, ["ru"])
    assert not agree["drifted"]["same"] and agree["down"]["failed"] == 1 and not agree["down"]["same"]
    md = render_markdown(report)
    assert "**Yes: served gave tuned's answer on all 20 rows**" in md
    assert (
        "**No: drifted's answers differ from tuned's on 2 of 20 rows (ru), 0 failed; keyword_accuracy differs in ru.**"
        in md
    )
    assert "**No: down's answers differ from tuned's on 0 of 20 rows (none), 1 failed;" in md
