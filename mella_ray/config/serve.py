"""The serve stage's settings: the model, the engine backend, limits, and Serve deployment options.

The same model drives `jobs/serve.py`, the build's serve stage and the `serve run` / `serve deploy`
builder (mella_ray.serve.app:build_app), so a YAML file means the same thing on every path.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from pydantic import Field, model_validator

from mella_ray.config.base import Strict

# Where Ray Serve LLM can load LoRA adapters from at run time (its LoraConfig refuses anything else).
LORA_SCHEMES = ("s3://", "gs://", "abfss://", "azure://")


def is_loopback(host: str) -> bool:
    """Whether host is a loopback address or name (only this machine can connect)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ServeConfig(Strict):
    model: str | None = Field(
        None,
        description=("Model to serve (hub id, path or tiny:vlm); None: output_dir/train/final, what this run trained."),
    )
    backend: Literal["hf", "vllm"] = Field(
        "hf",
        description=(
            "hf: a Serve deployment on transformers (CPU or GPU); vllm: Ray Serve LLM on GPUs. hf runs everywhere."
        ),
    )
    model_name: str = Field("mella", description="Model name clients send in the OpenAI-style API's `model` field.")
    host: str = Field(
        "127.0.0.1",
        description=(
            "Address the HTTP proxy listens on; loopback by default, so nothing is exposed unless asked (0.0.0.0)."
        ),
    )
    port: int = Field(8000, ge=0, le=65535, description="HTTP port of the proxy; 8000 is Ray Serve's default.")
    # Autoscaling and concurrency limits apply to the chat deployment (hf) or the LLM server (vllm).
    # num_cpus/num_gpus size an hf replica; a vllm replica takes tensor_parallel_size GPUs.
    min_replicas: int = Field(
        1, ge=0, description=("Replicas kept when idle; 1 answers the first request without a cold start.")
    )
    max_replicas: int = Field(1, ge=1, description="Replicas the autoscaler may start at most.")
    target_ongoing_requests: int = Field(
        8, ge=1, description=("Requests in flight per replica the autoscaler aims for; 8 matches max_batch_size.")
    )
    max_ongoing_requests: int = Field(
        32, ge=1, description=("Concurrent requests per replica at most; the rest wait in queue.")
    )
    max_queued_requests: int = Field(
        256,
        ge=1,
        description="requests that may wait per caller (Serve's proxy) for a replica slot; past it "
        "Serve answers 503 at once instead of holding the connection. Finite so that a flood cannot queue "
        "without bound; 256 is 8 full replicas' worth of the default max_ongoing_requests",
    )
    handlers_on_replica_loop: bool = Field(
        True,
        description=(
            "hf backend: handlers run on the replica's own event loop instead of a second thread "
            "(RAY_SERVE_RUN_USER_CODE_IN_SEPARATE_THREAD=0): half of Serve's per-request CPU in the replica. Safe "
            "here: image decoding and generation run in worker threads, off the loop."
        ),
    )
    num_cpus: float = Field(1.0, gt=0, description="CPUs per hf replica.")
    num_gpus: float = Field(0.0, ge=0, description="GPUs per hf replica; 0 serves on CPU (the demo).")
    accelerator_type: str | None = Field(
        None, description=("e.g. H100, L4: asks Ray for that node type, which steers the autoscaler; None: any node.")
    )
    max_batch_size: int = Field(
        8, ge=1, description=("hf backend: concurrent requests @serve.batch gathers into one generate call at most.")
    )
    batch_wait_timeout_s: float = Field(
        0.02,
        ge=0,
        description=(
            "hf backend: seconds a batch waits to fill; 20 ms adds little latency and lets concurrent requests meet."
        ),
    )
    # Request limits: every breach is a 4xx with an OpenAI-style body.
    max_tokens_limit: int = Field(
        1024, ge=1, description=("Largest max_tokens a request may ask for; a request above it is refused (4xx).")
    )
    default_max_tokens: int = Field(256, ge=1, description="max_tokens of a request that sets none.")
    max_images: int = Field(4, ge=0, description="Images per request at most.")
    max_image_bytes: int = Field(10_000_000, ge=1, description="Bytes of one image at most (decoded from base64).")
    max_pixels: int = Field(
        448 * 448,
        ge=28 * 28,
        description=(
            "Pixels per image before the vision tower (scaled down to fit); the budget the model was trained with."
        ),
    )
    allow_image_urls: bool = Field(
        False,
        description=(
            "Fetch http(s) image URLs in requests; off by default: only data: URLs, so the server fetches nothing."
        ),
    )
    allow_private_networks: bool = Field(
        False,
        description=(
            "Let image URLs reach loopback and private addresses (tests); off: no request can probe the network."
        ),
    )
    api_key_env: str | None = Field(
        None, description=("Name of the environment variable holding the Bearer key clients must send; None: no key.")
    )
    allow_unauthenticated: bool = Field(
        False,
        description="serve without an API key on an address other than loopback. Off: a host such as "
        "0.0.0.0 without serve.api_key_env fails before anything starts, since anyone who reaches the port "
        "could spend the replicas' accelerators",
    )
    public_page: bool = Field(
        False,
        description="answer GET / (the demo page, static HTML with no data) without the API key, so "
        "that a browser can open it; its requests still send the key. Off: only /healthz is open",
    )
    request_timeout_s: float = Field(60.0, gt=0, description="Seconds to the answer at most; 504 past it.")
    # Per-request budgets, checked before the body is parsed (see serve.body): the memory and CPU
    # a request can cost follow from these and the image limits, not from what a client sends.
    max_text_bytes: int = Field(
        262_144,
        ge=1024,
        description="bytes of a request body outside its image data: URLs (prompts, JSON "
        "syntax, unused fields); past it the request is 413 before parsing. 256 KiB is far above any "
        "context window the served models have",
    )
    max_json_elements: int = Field(
        4096,
        ge=16,
        description="JSON values (objects, arrays, strings, numbers) a request body may hold; "
        "counted before parsing, so a body of millions of {} costs a scan, not millions of objects",
    )
    max_json_depth: int = Field(16, ge=4, description="nesting depth of a request body's JSON; a chat request needs 6")
    body_timeout_s: float = Field(
        10.0,
        gt=0,
        description="seconds to receive a request's whole body; a client that sends slower gets "
        "408 and frees its slot (a replica holds max_ongoing_requests slots, body reads included)",
    )
    http_request_timeout_s: float = Field(
        120.0,
        gt=0,
        description="Serve proxy's request timeout (http_options.request_timeout_s), set by the "
        "serve stage: the backstop above body_timeout_s + request_timeout_s for a request stuck anywhere",
    )
    # vllm backend (Ray Serve LLM): parallelism, LoRA adapters, extra vLLM engine arguments.
    tensor_parallel_size: int = Field(1, ge=1, description="vllm backend: GPUs one replica shards the model over.")
    lora_adapters: str | None = Field(
        None,
        description=(
            "vllm backend: s3://, gs://, abfss:// or azure:// folder, one subfolder per LoRA adapter; None: none."
        ),
    )
    max_lora_rank: int = Field(
        16, ge=1, description=("vllm backend: the largest rank among the adapters (the recipe trains r=16).")
    )
    vllm_engine_kwargs: dict[str, Any] = Field(
        default_factory=dict,
        description=("vllm backend: extra vLLM engine arguments, e.g. max_model_len, gpu_memory_utilization."),
    )
    blocking: bool | None = Field(
        None,
        description=("Keep serving until interrupted; None: yes when the serve stage runs alone, no inside a build."),
    )

    @model_validator(mode="after")
    def _consistent(self) -> ServeConfig:
        if not (self.api_key_env or self.allow_unauthenticated or is_loopback(self.host)):
            raise ValueError(
                f"serve.host {self.host!r} is reachable from other machines but no API key is set: "
                "set serve.api_key_env to the name of a variable holding the key, or bind to "
                "127.0.0.1, or set serve.allow_unauthenticated: true to serve openly on purpose"
            )
        if self.http_request_timeout_s < self.body_timeout_s + self.request_timeout_s:
            raise ValueError(
                f"serve.http_request_timeout_s ({self.http_request_timeout_s:g}) must be at least "
                f"serve.body_timeout_s + serve.request_timeout_s ({self.body_timeout_s:g} + "
                f"{self.request_timeout_s:g}), or the proxy cuts requests that are within both"
            )
        if self.min_replicas > self.max_replicas:
            raise ValueError(f"min_replicas ({self.min_replicas}) must not exceed max_replicas ({self.max_replicas})")
        if self.lora_adapters is not None:
            if self.backend != "vllm":
                raise ValueError(
                    "serve.lora_adapters needs serve.backend: vllm (the hf backend serves merged "
                    "models, such as train/final)"
                )
            if not self.lora_adapters.startswith(LORA_SCHEMES):
                raise ValueError(
                    f"serve.lora_adapters must be a folder on {', '.join(LORA_SCHEMES)} "
                    f"(Ray Serve LLM loads adapters from there), got {self.lora_adapters!r}"
                )
        # our settings own these; a second source in vllm_engine_kwargs would silently win or clash
        owned = sorted(
            {
                "model",
                "served_model_name",
                "tensor_parallel_size",
                "enable_lora",
                "max_lora_rank",
                "limit_mm_per_prompt",
            }
            & set(self.vllm_engine_kwargs)
        )
        if owned:
            raise ValueError(
                f"serve.vllm_engine_kwargs must not set {', '.join(owned)}: use serve.model, "
                "serve.model_name, serve.tensor_parallel_size, serve.lora_adapters, "
                "serve.max_lora_rank or serve.max_images instead"
            )
        return self
