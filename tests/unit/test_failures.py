"""The failure record (mella_ray/failures.py): closed lists of reason codes per stage, the crawl's
codes found in its source, the generated list users read, and stats that count codes."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from mella_ray import failures, records
from mella_ray.cli import main
from mella_ray.crawl.politeness import COME_BACK_LATER
from mella_ray.evaluate.stage import count_predictions
from mella_ray.infer import GenResult, failed
from mella_ray.runtime.stats import StageStats

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9{}]+)*$")

# Strings in the crawl's reason positions that are not failure reasons: success, the fetcher's loop
# states, the sources of a kept text, a table name, the kinds of work (and of failure rows), and
# hop-check answers that requeue the job or only stop a tdmrep.json fetch (no reservations then),
# and sitemap kinds.
NOT_REASONS = {
    *("ok", "done", "redirect", "retry_status", "retry_error", "alt", "figcaption", "annotations"),
    *("page", "image", "sitemap", "robots", "warc"),
    *COME_BACK_LATER,
    "off_host_redirect",
    "urlset",  # a sitemap's kind (urlset or sitemapindex), returned beside its URLs
}
# How a call passes its reason: the name of the called function -> the argument's position.
REASON_ARG = {"fail": 3, "_give_up": 2, "drop": 1, "refuse": 0, "DataUrlError": 0}


def _literal(node: ast.AST) -> str | None:
    """A string constant, or an f-string with each placeholder as "{}" ("http_{}")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    return None


def _values(node: ast.AST) -> list[ast.AST]:
    """The expressions a value may be: each side of `a or b` and of `a if c else b`, each item of
    a returned tuple, the values of a returned dict comprehension."""
    if isinstance(node, ast.BoolOp):
        return [v for n in node.values for v in _values(n)]
    if isinstance(node, ast.IfExp):
        return _values(node.body) + _values(node.orelse)
    if isinstance(node, ast.DictComp):
        return _values(node.value)
    if isinstance(node, ast.Tuple):
        return [v for n in node.elts for v in _values(n)]
    return [node]


def _reason_nodes(tree: ast.AST):
    """Every expression in a position where the crawl puts a failure reason."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            pos = REASON_ARG.get(name)
            if pos is not None and len(node.args) > pos:
                yield node.args[pos]
            yield from (k.value for k in node.keywords if k.arg in ("reason", "error"))
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names = target.elts if isinstance(target, ast.Tuple) else [target]
                pair = isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                values = node.value.elts if pair else [node.value] * len(names)
                for t, v in zip(names, values):
                    n = getattr(t, "attr", getattr(t, "id", ""))
                    if n in ("error", "reason") or (n.isupper() and isinstance(v, ast.Constant)):  # PRIVATE_ADDRESS
                        yield v
                    if isinstance(v, ast.Dict) and ("REASON" in n or "TOKENS" in n):  # token -> reason
                        yield from v.values
        elif isinstance(node, ast.Dict):
            yield from (v for k, v in zip(node.keys, node.values) if k is not None and _literal(k) == "reason")
        elif isinstance(node, ast.Return) and node.value is not None:
            yield node.value


def crawl_reason_literals() -> dict[str, str]:
    """Code-shaped strings in reason positions of the crawl's modules and of the shared ones whose
    codes it records (the data: URL parser, the image check) -> where one was found."""
    shared = [ROOT / "mella_ray" / "infer" / name for name in ("datauri.py", "image_check.py")]
    files = [*sorted((ROOT / "mella_ray" / "crawl").glob("*.py")), *shared]
    found: dict[str, str] = {}
    for f in files:
        for node in _reason_nodes(ast.parse(f.read_text(encoding="utf-8"))):
            for v in _values(node):
                text = _literal(v)
                if text and CODE.match(text) and text not in NOT_REASONS:
                    found.setdefault(text, f"{f.relative_to(ROOT)}:{v.lineno}")
    return found


def test_every_reason_the_crawl_can_emit_is_in_its_list():
    found = crawl_reason_literals()
    assert len(found) > 40  # the scan sees the crawl's reasons at all
    # a family stands for its members: http_{} for http_503, robots_{} for robots_timeout
    probes = {code: code.replace("{}", "503" if "http" in code else "timeout") for code in found}
    unknown = {code: found[code] for code, probe in probes.items() if not failures.is_reason("crawl", probe)}
    assert not unknown, f"crawl reasons missing from failures.CRAWL (code: where): {unknown}"


def _literals_in(files: list[Path], pick) -> set[str]:
    out = set()
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            for v in pick(node):
                text = _literal(v)
                if text and CODE.match(text):
                    out.add(text)
    return out


def test_every_code_an_engine_or_a_gate_can_give_is_in_the_lists_of_the_stages_that_record_it():
    """failure() refuses an unlisted code at run time: a missing entry would stop a stage, so
    every code the engines, the degenerate-output check and the translation gate return is listed."""
    pkg = ROOT / "mella_ray"

    def failed_calls(node):  # failed("code", ...) / failure(stage, "code", ...)
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "failed":
            return node.args[:1]
        return []

    def returns(node):
        return _values(node.value) if isinstance(node, ast.Return) and node.value is not None else []

    engine = _literals_in(sorted((pkg / "infer").glob("*.py")) + [pkg / "caption" / "stage.py"], failed_calls)
    engine |= {"out_of_memory"}  # hf.classify's answer, passed on as a variable
    assert {"engine_error", "input_too_long", "undecodable_image"} <= engine <= set(failures.ENGINE)
    degenerate = _literals_in([pkg / "infer" / "degenerate.py"], returns)
    gate = _literals_in([pkg / "translate" / "prompting.py"], returns)  # quality_reason, chunk_reason
    assert degenerate == {"empty", "repetition"} and degenerate <= set(failures.CAPTION) & set(failures.TRANSLATE)
    assert {"copy_of_source", "length_ratio", "wrong_script"} <= gate <= set(failures.TRANSLATE)


def test_the_fault_sites_expected_reasons_are_in_the_crawl_list():
    sys.path.insert(0, str(ROOT / "tests" / "fixtures"))
    try:
        import crawl_fault_sites as sites
        import crawl_web_site as web_site
    finally:
        sys.path.remove(str(ROOT / "tests" / "fixtures"))
    expected = {reason for _, _, reason in sites.EXPECTED_FAILURES | web_site.WEB_EXPECTED_FAILURES}
    assert expected and all(failures.is_reason("crawl", r) for r in expected), expected


def test_a_code_outside_its_stage_list_is_refused_with_the_allowed_ones():
    f = failures.failure("translate", "length_ratio", RuntimeError("x at 0x7f00aa"))
    assert f == failures.Failure("length_ratio", "RuntimeError: x")
    assert failures.failure("caption", "empty").error is None
    with pytest.raises(failures.UnknownReasonError, match="'length_ratio' is not a failure reason.*empty"):
        failures.failure("caption", "length_ratio")
    with pytest.raises(failures.UnknownReasonError, match="no failure list for stage 'mix'"):
        failures.failure("mix", "empty")
    assert failures.is_reason("crawl", "http_404") and failures.is_reason("crawl", "robots_http_503")
    assert failures.is_reason("crawl", "robots_timeout") and not failures.is_reason("crawl", "http_4o4")
    assert not failures.is_reason("crawl", "robots_made_up") and not failures.is_reason("evaluate", "http_404")
    for stage in ("caption", "translate", "evaluate"):  # every stage that runs an engine takes its codes
        assert set(failures.ENGINE) <= set(failures.REASONS[stage])


def test_engine_results_carry_a_checked_code_and_a_detail():
    res = failed("input_too_long", "900 tokens > 512")
    assert not res.ok and (res.reason, res.error, res.text) == ("input_too_long", "900 tokens > 512", None)
    assert GenResult(None, error="boom").reason == "engine_error" and GenResult("hi").ok
    with pytest.raises(failures.UnknownReasonError):
        failed("wrong_language")  # a translate gate's code, not an engine's


def test_docs_list_equals_the_generated_one_and_the_cli_prints_it(capsys):
    docs = (ROOT / "docs" / "failures.md").read_text(encoding="utf-8")
    assert docs == failures.reasons_text(), "regenerate: python -m mella_ray.cli failure-reasons > docs/failures.md"
    assert main(["failure-reasons"]) == 0
    out = capsys.readouterr().out
    assert out == docs and "- `low_backtranslation_chrf`:" in out and "## evaluate" in out


def test_failed_rows_have_reason_columns_and_evaluate_stats_count_codes_and_retries():
    for schema in (records.CAPTIONS, records.TRANSLATIONS, records.PREDICTIONS):
        assert schema.names.index("reason") == schema.names.index("error") - 1
    stats = StageStats("evaluate")
    rows = [
        {"lang": "cs", "status": "ok", "reason": None, "retries": 2},
        {"lang": "cs", "status": "failed", "reason": "http_error", "retries": 3},
        {"lang": "ru", "status": "failed", "reason": "http_error", "retries": 0},
        {"lang": "ru", "status": "failed", "reason": "timeout", "retries": 3},
    ]
    count_predictions(stats, "hosted", rows)
    d = stats.as_dict()
    assert d["dropped"] == {"hosted:http_error": 2, "hosted:timeout": 1} and d["retries"] == {"hosted": 8}
    assert d["kept"] == {"hosted/cs": 1}


def test_an_output_of_the_older_layout_fails_with_the_missing_column(tmp_path):
    from mella_ray.mix.sources import TRANSLATE_KEYS, finished_shards
    from mella_ray.runtime.batch_stats import RunStats, write_stage_stats
    from mella_ray.runtime.shards import ShardedOutput

    old = records.TRANSLATIONS.remove(records.TRANSLATIONS.get_field_index("reason"))
    row = {"img_id": "a", "lang": "cs", "model": "m", "status": "failed", "error": "length_ratio"}
    out = ShardedOutput(str(tmp_path / "translate"))
    out.write("part-00000", records.to_table([row], old))
    with pytest.raises(records.MissingColumnsError, match="translate: missing column.s. reason.*Rerun the stage"):
        finished_shards(out.folder, "translate", TRANSLATE_KEYS)  # the mix's read
    with pytest.raises(records.MissingColumnsError, match="translate: missing column.s. reason"):
        write_stage_stats(out, "translate", RunStats())  # the stage's own stats.json
