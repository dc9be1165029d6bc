#!/usr/bin/env bash
# Builds .devkit/ for benchmarks/run_all_on_device.sh: Ray and the packages a GPU machine lacks
# (the kit maker beside the checkout), plus the transformers and peft versions this checkout is
# tested with, so the device runs the same library code as the CPU tests (its own may be older).
# Usage, from the project root:  bash benchmarks/device_kit.sh [path/to/make-ray-kit.sh]
set -euo pipefail
cd "$(dirname "$0")/.."
bash "${1:-../shared/device/make-ray-kit.sh}"
py=${PYTHON:-.venv/bin/python}
versions=$($py -c 'import peft, transformers; print(f"transformers=={transformers.__version__} peft=={peft.__version__}")')
# shellcheck disable=SC2086  # two requirement words
python3 -m pip download -q --no-deps --only-binary=:all: -d .devkit/whl $versions
ls .devkit/whl | grep -E "^(transformers|peft)-" && du -sh .devkit
