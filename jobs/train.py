"""Run the train stage of a mella-ray job.

ray job submit --working-dir . -- python jobs/train.py --config configs/demo.yaml
"""

from mella_ray.cli import stage_main

if __name__ == "__main__":
    raise SystemExit(stage_main("train"))
