#!/usr/bin/env bash
# benchmarks/train_throughput.py on a lent GPU machine (torch and transformers there; pydantic
# from the kit that ../shared/device/make-ray-kit.sh builds into .devkit). Writes $OUT/train.json.
set -euo pipefail
S=$(mktemp -d)
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$S" .devkit/whl/pydantic*.whl .devkit/whl/annotated_types*.whl .devkit/whl/typing_inspection*.whl .devkit/whl/typing_extensions*.whl
export PYTHONPATH=$S:$PWD PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 benchmarks/train_throughput.py --variants "${VARIANTS:-b16,b16c,b32c-ac,b24c}" --out "${OUT:-/tmp}/train.json" 2>&1 | grep -vE "Warning|warn\(|_register_pre_backward_hook"
