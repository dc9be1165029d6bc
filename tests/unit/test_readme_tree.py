"""The README's file tree names every module of the package where it is, and nothing that is gone:
a module added, moved or deleted without the map being updated fails here."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "mella_ray"
_MODULE = re.compile(r"(?<![\w/.])(\w+\.py)\b")


def _tree_block() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("## File tree", 1)[1].split("```", 2)[1]
    return block.splitlines()


def _listed() -> dict[str, set[str]]:
    """Module file names the tree lists under each package folder ('' is mella_ray/ itself)."""
    listed: dict[str, set[str]] = defaultdict(set)
    package = None  # None: outside mella_ray/
    for line in _tree_block():
        if not line.strip():
            continue
        if not line.startswith(" "):
            package = "" if line.startswith("mella_ray/") else None
            continue
        if package is None:
            continue
        head = re.match(r"^  (\w+)/", line)
        if head:
            package = head.group(1)
        elif re.match(r"^  \S", line):
            package = ""
        listed[package].update(n for n in _MODULE.findall(line) if n not in ("__init__.py", "__main__.py"))
    return listed


def _modules() -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        if path.name in ("__init__.py", "__main__.py") or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(PACKAGE)
        found[rel.parts[0] if len(rel.parts) > 1 else ""].add(path.name)
    return found


def test_every_module_is_in_the_readme_tree_under_its_package():
    listed, found = _listed(), _modules()
    missing = {pkg: sorted(names - listed.get(pkg, set())) for pkg, names in found.items()}
    assert not {k: v for k, v in missing.items() if v}, "modules missing from the README tree (package: names)"


def test_the_readme_tree_names_no_module_that_does_not_exist():
    listed, found = _listed(), _modules()
    stale = {pkg: sorted(names - found.get(pkg, set())) for pkg, names in listed.items()}
    assert not {k: v for k, v in stale.items() if v}, "README tree names modules that do not exist (package: names)"
