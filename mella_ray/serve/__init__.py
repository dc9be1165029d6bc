"""Serve stage: the tuned model behind an OpenAI-compatible chat endpoint on Ray Serve.

`run_serve(cfg)` / `stop_serve()` live in serve.stage (the only module here that touches
Ray); protocol (request/response models, OpenAI error shape) and images (image_url to
bytes, with size, pixel and network checks) are pure and importable without Ray.
"""
from mella_ray.serve.images import ImageError, ImageLimits, load_images
from mella_ray.serve.protocol import ApiError, ChatRequest, parse_chat_request

__all__ = ["ApiError", "ChatRequest", "ImageError", "ImageLimits", "load_images", "parse_chat_request",
           "run_serve", "stop_serve"]


def __getattr__(name: str):
    # run_serve/stop_serve import Ray Serve; load them only when asked for
    if name in ("run_serve", "stop_serve"):
        from mella_ray.serve import stage

        return getattr(stage, name)
    raise AttributeError(name)
