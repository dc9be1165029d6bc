"""Ray connection and the demo website."""
from __future__ import annotations

from typing import Any

from pydantic import Field

from mella_ray.config.base import Strict


class RayConfig(Strict):
    # None: RAY_ADDRESS if set, else an in-process local cluster.
    address: str | None = None
    num_cpus: int | None = Field(None, ge=1)
    include_dashboard: bool = False
    # runtime_env passed to ray.init (pip extras, env vars such as S3 credentials).
    runtime_env: dict[str, Any] = Field(default_factory=dict)
    # True when the cluster starts nodes on demand (ray up, KubeRay autoscaler): the resource
    # check before the first stage then trusts the autoscaler instead of today's nodes.
    autoscaling: bool = False


class DemoSiteConfig(Strict):
    """A generated multilingual site served on 127.0.0.1; `{demo_site}` in seed URLs points at it."""

    images_per_lang: int = Field(30, ge=1, le=2000)
    seed: int = 0
