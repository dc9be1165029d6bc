"""Inference engines shared by caption, translate, evaluate and serve.

`load_engine(EngineConfig, models_dir)` returns an object with one method,
`generate(list[GenRequest]) -> list[GenResult]`; backends: hf (transformers), vllm
(imported only when chosen). Model refs are hub ids, paths, or tiny:vlm / tiny:lm.
"""
from mella_ray.infer.engine import Engine, GenRequest, GenResult, load_engine, resolve_model

__all__ = ["Engine", "GenRequest", "GenResult", "load_engine", "resolve_model"]
