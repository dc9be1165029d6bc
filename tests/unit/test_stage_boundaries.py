"""Stages meet only through tables: no stage package imports another (shared code lives in
infer/, runtime/ or the top-level modules)."""

import ast
from pathlib import Path

STAGES = ("crawl", "caption", "translate", "mix", "train", "evaluate", "serve", "demo_site")
PKG = Path(__file__).resolve().parents[2] / "mella_ray"


def _imported_modules(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}  # from mella_ray import caption
    return out


def test_no_stage_imports_another_stage():
    crossings = []
    for stage in STAGES:
        for path in sorted((PKG / stage).rglob("*.py")):
            for mod in _imported_modules(path):
                parts = mod.split(".")
                if parts[0] == "mella_ray" and len(parts) > 1 and parts[1] in STAGES and parts[1] != stage:
                    crossings.append(f"{path.relative_to(PKG.parent)} imports {mod}")
    assert crossings == [], "move what stages share into infer/ or runtime/: " + "; ".join(crossings)


def test_the_check_sees_an_import_between_stages(tmp_path):
    f = tmp_path / "m.py"
    f.write_text("from mella_ray.caption.parsing import split_category\nfrom mella_ray import mix\n")
    assert {"mella_ray.caption.parsing", "mella_ray.mix"} <= _imported_modules(f)
