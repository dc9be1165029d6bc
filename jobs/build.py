"""Run the build chain (the stages the YAML lists) of a mella-ray job.

ray job submit --working-dir . -- python jobs/build.py --config configs/demo.yaml
"""

from mella_ray.cli import stage_main

if __name__ == "__main__":
    raise SystemExit(stage_main(None))
