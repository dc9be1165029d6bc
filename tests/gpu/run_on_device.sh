#!/usr/bin/env bash
# The GPU checks on a lent GPU machine that has torch and transformers but no Ray:
# unpack the Ray kit (bash ../shared/device/make-ray-kit.sh, plus the pytest wheels), then run
# tests/gpu. Usage there: bash tests/gpu/run_on_device.sh
set -euo pipefail
S=$(mktemp -d)
tar -xJf .devkit/ray.tar.xz -C "$S"
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$S" .devkit/whl/*.whl
export PYTHONPATH=$S:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 MELLA_PROGRESS_BARS=0
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader
python3 -c "import torch, transformers, importlib.util as u; print('torch', torch.__version__, 'transformers', transformers.__version__, 'torchvision', bool(u.find_spec('torchvision')))"
python3 -m pytest tests/gpu -q -s -p no:cacheprovider -o addopts="" 2>&1 | grep -vE "Warning|warn\(" | tail -60
