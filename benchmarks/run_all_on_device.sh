#!/usr/bin/env bash
# Every GPU check and benchmark in one run, for a lent GPU machine with a short time budget:
#   1. tests/gpu                     (CUDA engine, FSDP2 over NCCL, checkpoint, export)
#   2. training MFU                  benchmarks/train_throughput.py     -> $OUT/train.json,
#                                    top operators per variant           -> $OUT/train-profile.txt
#   2b. training MFU, packing        the same samples (answers of 8..512 tokens) padded and packed,
#                                    side by side                        -> $OUT/train-packing.json,
#                                                                           $OUT/train-packing-profile.txt
#   3. captioning, batch 64          bare engine and the Ray Data stage -> $OUT/caption-b64.json
#   4. captioning, batch 256         static KV cache + torch.compile     -> $OUT/caption-b256.json
# Each step has its own time limit, so one that hangs or runs long costs only its own share and
# the others still report. Steps are ordered by what they settle; STEPS picks a subset.
#
# Before: bash benchmarks/device_kit.sh     (builds .devkit: Ray, and this checkout's transformers
#         and peft; name .devkit in the run's carry)
# There:  bash benchmarks/run_all_on_device.sh     (OUT is the folder that comes back)
# Here, a CPU rehearsal of the script itself:  TINY=1 OUT=/tmp/dev bash benchmarks/run_all_on_device.sh
#
# Limits in seconds (default; under 10 minutes in all): T_TESTS=80 T_TRAIN=130 T_PACK=170 T_CAP64=100 T_CAP256=100
set -uo pipefail
OUT=${OUT:-$(mktemp -d)}
STEPS=${STEPS:-tests,train,pack,cap64,cap256}
TINY=${TINY:-}
mkdir -p "$OUT"
cd "$(dirname "$0")/.."

# Ray and the packages the GPU machine lacks come from the kit, unpacked once for every step.
if ! python3 -c "import ray, pydantic" 2>/dev/null; then
  S=$(mktemp -d)
  tar -xJf .devkit/ray.tar.xz -C "$S" || { echo "no kit: run benchmarks/device_kit.sh here and carry .devkit" >&2; exit 2; }
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$S" .devkit/whl/*.whl
  export PYTHONPATH=$S
fi
export PYTHONPATH=${PYTHONPATH:+$PYTHONPATH:}$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 MELLA_PROGRESS_BARS=0
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null || echo "no nvidia-smi: CPU rehearsal"
python3 -c "import torch, transformers, ray; print('torch', torch.__version__, 'transformers', transformers.__version__, 'ray', ray.__version__)"

quiet() { grep --line-buffered -vE "Warning|warn\(|_register_pre_backward_hook"; }
step() {  # step NAME LIMIT_S COMMAND...: run it under its limit; log its status and time to $OUT/steps.txt
  local name=$1 limit=$2; shift 2
  [[ ",$STEPS," == *",$name,"* ]] || return 0
  echo "=== $name (limit ${limit}s)"
  local t0=$SECONDS
  timeout -k 10 "$limit" "$@" 2>&1 | quiet | tail -40
  local rc=${PIPESTATUS[0]}
  echo "$name rc=$rc seconds=$((SECONDS - t0))" | tee -a "$OUT/steps.txt"
}

if [[ -n $TINY ]]; then  # a CPU runs even the tiny shape slowly: longer limits
  T_TRAIN=${T_TRAIN:-400} T_PACK=${T_PACK:-400}
  train=(--tiny --variants b4 --warmup 1 --steps 1)
  pack=(--tiny --variants b2,b2-pk --warmup 1 --steps 1)
  cap64=(--tiny --modes bare,ray)
  cap256=(--tiny --modes bare --static-cache --compile)
else
  train=(--variants "${VARIANTS:-b16-ml,b16,b32c}")
  pack=(--variants "${PACK_VARIANTS:-b16,b16-pk,b32c,b32c-pk}")
  cap64=(--batch-size 64 --num-images 512 --modes bare,ray)
  cap256=(--batch-size 256 --num-images 1024 --modes bare --static-cache --compile)
fi
step tests "${T_TESTS:-80}" python3 -m pytest tests/gpu -q -s -p no:cacheprovider -o addopts=""
step train "${T_TRAIN:-130}" python3 benchmarks/train_throughput.py "${train[@]}" --out "$OUT/train.json" \
  --profile "$OUT/train-profile.txt"
step pack "${T_PACK:-170}" python3 benchmarks/train_throughput.py "${pack[@]}" --lengths varied \
  --out "$OUT/train-packing.json" --profile "$OUT/train-packing-profile.txt"
step cap64 "${T_CAP64:-100}" python3 benchmarks/caption_throughput.py "${cap64[@]}" --out "$OUT/caption-b64.json"
step cap256 "${T_CAP256:-100}" python3 benchmarks/caption_throughput.py "${cap256[@]}" --out "$OUT/caption-b256.json"
cat "$OUT/steps.txt"
