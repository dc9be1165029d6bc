"""Run the evaluate stage of a mella-ray job.

ray job submit --working-dir . -- python jobs/evaluate.py --config configs/demo.yaml
"""

from mella_ray.cli import stage_main

if __name__ == "__main__":
    raise SystemExit(stage_main("evaluate"))
