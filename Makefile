# Two entry points for a fresh machine:  `make demo`  and  `make test`.
# torch is installed first and pinned: on CPU machines `torch==2.13.0` is a small CPU build,
# while an unpinned torch pulled in by another package would be a multi-GB CUDA build.
PYTHON ?= python3
VENV   ?= .venv
TORCH  ?= torch==2.13.0
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip

.PHONY: demo test lint venv clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "$(TORCH)"
	$(PIP) install -q -e ".[test]"
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(PY) jobs/build.py --config configs/demo.yaml

# Style first (ruff lint and format, configured in pyproject.toml), then the suite in a random
# order (pytest-randomly prints the seed). pytest exits 5 when it collects nothing: a failure here.
lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

test: venv lint
	@seed=$$($(PY) -c 'import random; print(random.randrange(2**32))'); \
	echo "random order: seed $$seed (rerun it: $(PY) -m pytest -p randomly --randomly-seed=$$seed tests)"; \
	$(PY) -m pytest -q -rs -p randomly --randomly-seed=$$seed tests; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi; exit $$rc

clean:
	rm -rf $(VENV) outputs
