"""Run the crawl stage of a mella-ray job.

ray job submit --working-dir . -- python jobs/crawl.py --config configs/demo.yaml
ray job submit --working-dir . -- python jobs/crawl.py --config configs/demo.yaml --retry-failed timeout,http_5xx
"""

from mella_ray.cli import stage_main

if __name__ == "__main__":
    raise SystemExit(stage_main("crawl"))
