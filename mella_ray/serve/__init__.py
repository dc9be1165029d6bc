"""Serve stage: the tuned model behind an OpenAI-compatible chat endpoint on Ray Serve.

`run_serve(cfg)` / `stop_serve()` live in serve.stage (starts Ray and Serve); app holds the
hf deployment and `build_app`, the builder that Serve config files import; http is the hf
deployment's ASGI app (also run without Ray by serve.standalone); llm and llm_ingress are the
vllm backend (Ray Serve LLM). guard (the one key/content-type middleware of both backends), body
(request bytes, time and JSON structure, bounded before parsing), protocol (request/response
models, OpenAI error shape, control tokens), images (image_url to bytes, with size, format,
pixel and network checks; one bounded decode in an image pool), options (job YAML to deployment
options) and page (the page at /) are importable without a running Ray.
"""

from mella_ray.serve.images import ImageError, ImageLimits, load_images
from mella_ray.serve.protocol import ApiError, ChatRequest, parse_chat_request

__all__ = [
    "ApiError",
    "ChatRequest",
    "ImageError",
    "ImageLimits",
    "load_images",
    "parse_chat_request",
    "run_serve",
    "stop_serve",
]


def __getattr__(name: str):
    # run_serve/stop_serve import Ray Serve; load them only when asked for
    if name in ("run_serve", "stop_serve"):
        from mella_ray.serve import stage

        return getattr(stage, name)
    raise AttributeError(name)
