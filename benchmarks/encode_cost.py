"""CPU cost of turning training rows into model inputs, and what encoding threads buy.

Each row is a JPEG photo (800x600 by default) with an instruction and a ~150-word answer; it
is encoded as the training loop encodes it (train/data.encode_sample: decode, resize to
train.max_pixels, Qwen2-VL's image processor, chat template, tokeniser) and batched by
train/data.MicroBatches with 1, 2 and 4 encoding threads. The processor is the offline tiny
Qwen2-VL's, which is the real Qwen2-VL image processor with a small tokeniser.

    python benchmarks/encode_cost.py                  # rows/s per thread count, ms per row
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing

import numpy as np  # noqa: E402
import torch  # noqa: E402
from PIL import Image  # noqa: E402

from mella_ray.infer.processors import load_processor  # noqa: E402
from mella_ray.infer.tiny import ensure_tiny  # noqa: E402
from mella_ray.train.data import MicroBatches, encode_sample  # noqa: E402


def photos(n: int, size: tuple[int, int]) -> list[bytes]:
    rng = np.random.default_rng(0)
    out = []
    for _ in range(n):  # smooth gradients plus noise: compresses like a photo, not like noise
        y, x = np.mgrid[0 : size[1], 0 : size[0]]
        base = np.stack([x * 255 // size[0], y * 255 // size[1], (x + y) * 127 // sum(size)], -1)
        img = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
        b = io.BytesIO()
        Image.fromarray(img).save(b, "JPEG", quality=88)
        out.append(b.getvalue())
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=64)
    p.add_argument("--max-pixels", type=int, default=448 * 448)
    p.add_argument("--threads", default="1,2,4")
    args = p.parse_args()
    torch.set_num_threads(1)  # as in a training worker
    with tempfile.TemporaryDirectory() as models:
        processor = load_processor(ensure_tiny("tiny:vlm", models), max_pixels=args.max_pixels)
        images = photos(8, (800, 600))
        answer = (
            "Na fotografiji je tržnica u starom delu grada, sa tezgama punim voća i povrća, "
            "prodavcima u keceljama i kupcima koji se cenjkaju. "
        ) * 6
        rows = [
            {"image": images[i % len(images)], "instruction": "Opiši ovu sliku detaljno.", "answer": answer}
            for i in range(args.rows)
        ]

        def encode(row):
            return encode_sample(processor, row, 4096, args.max_pixels)

        encode(rows[0])  # warm-up
        print(f"{args.rows} rows, {len(encode(rows[0])['input_ids'])} tokens each, max_pixels {args.max_pixels}")
        for threads in (int(t) for t in args.threads.split(",")):
            batches = MicroBatches(lambda skip: iter(rows[skip:]), encode, 8, args.rows // 8, 0, encode_threads=threads)
            t0 = time.perf_counter()
            for _ in range(args.rows // 8):
                next(batches)
            dt = time.perf_counter() - t0
            batches.close()
            print(f"encode_threads={threads}: {args.rows / dt:6.1f} rows/s, {1000 * dt / args.rows:5.1f} ms per row")


if __name__ == "__main__":
    main()
