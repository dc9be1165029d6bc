"""Inference engines shared by caption, translate, evaluate and serve.

`load_engine(EngineConfig, models_dir, role=...)` returns an object with one method,
`generate(list[GenRequest]) -> list[GenResult]`; backends: hf (transformers: chat models and
seq2seq MT models), tiny (hf on the offline tiny models), vllm (imported only when chosen).
Model refs are hub ids, paths, or tiny:vlm / tiny:lm / tiny:mt; `check_model` verifies one on
the driver before any data is read.
"""

from mella_ray.infer.engine import Engine, GenRequest, GenResult, failed, load_engine
from mella_ray.infer.models import ModelNotFoundError, check_model, engine_model_ref, resolve_model

__all__ = [
    "Engine",
    "GenRequest",
    "GenResult",
    "ModelNotFoundError",
    "check_model",
    "engine_model_ref",
    "failed",
    "load_engine",
    "resolve_model",
]
