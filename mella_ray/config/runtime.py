"""Ray connection and the demo website."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from mella_ray.config.base import Strict


class RayConfig(Strict):
    address: str | None = Field(
        None,
        description=(
            "Ray cluster address passed to ray.init (e.g. ray://head:10001 or auto); None: RAY_ADDRESS if set, "
            "else an in-process local cluster, so a laptop run needs no cluster."
        ),
    )
    num_cpus: int | None = Field(
        None,
        ge=1,
        description=(
            "CPUs of the in-process local cluster; None: all of this machine's. Ignored when joining a cluster."
        ),
    )
    include_dashboard: bool = Field(
        False, description=("Start Ray's dashboard with the local cluster; off by default: it costs memory and a port.")
    )
    runtime_env: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "runtime_env passed to ray.init (pip extras, env vars such as S3 credentials); empty: the workers "
            "use the driver's environment."
        ),
    )
    autoscaling: bool = Field(
        False,
        description=(
            "True when the cluster starts nodes on demand (ray up, KubeRay autoscaler): the resource check before "
            "the first stage then trusts the autoscaler instead of today's nodes. Off: a request no node can meet "
            "fails before work starts."
        ),
    )


class DemoSiteConfig(Strict):
    """A generated multilingual site served on 127.0.0.1; `{demo_site}` in seed URLs points at it."""

    images_per_lang: int = Field(
        30,
        ge=1,
        le=2000,
        description=(
            "Images (with alt-text) the demo site shows per language; 30 keeps the demo run to minutes on a laptop."
        ),
    )
    seed: int = Field(0, description="Random seed of the generated site: the same seed gives the same pages.")
