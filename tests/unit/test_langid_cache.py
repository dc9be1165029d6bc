"""The language identifier's model, unpacked once per node (scripts._unpacked_model): the plain
copy gives the same answers as py3langid's own loader, is written whole or not at all, and a
cache that cannot be written falls back to the packed model."""

from __future__ import annotations

import os
import subprocess
import sys

from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

from mella_ray import scripts

TEXTS = ["Tradiční vánoční cukroví na stole", "Дети играют в снегу у школы", "ตลาดน้ำยามเช้า", "부산 해운대 해변의 일몰"]


def test_the_unpacked_model_answers_as_the_packed_one(tmp_path, monkeypatch):
    monkeypatch.setenv("MELLA_CACHE_DIR", str(tmp_path))
    plain = scripts._unpacked_model(MODEL_DIR / MODEL_FILE)
    assert plain is not None and plain.parent == tmp_path and plain.suffix == ".npz"
    assert [p.name for p in tmp_path.iterdir()] == [plain.name]  # no temporary file left behind
    # a fresh process: the lru_cache of this one may hold a model loaded otherwise
    code = "from mella_ray.scripts import identify; import sys; print(repr([identify(t)[:3] for t in sys.argv[1:]]))"
    env = {**os.environ, "MELLA_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code, *TEXTS], capture_output=True, text=True, env=env, check=True)
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    assert out.stdout.strip() == repr([reference.rank(t)[:3] for t in TEXTS])
    written = plain.stat().st_mtime_ns
    assert scripts._unpacked_model(MODEL_DIR / MODEL_FILE) == plain  # found, not written again
    assert plain.stat().st_mtime_ns == written


def test_an_unwritable_cache_falls_back_to_the_packed_model(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("MELLA_CACHE_DIR", str(blocked / "cache"))
    assert scripts._unpacked_model(MODEL_DIR / MODEL_FILE) is None
