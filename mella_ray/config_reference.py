"""Every config key with its default, section by section, straight from the models.

    mella config-reference      # the same listing as the README's reference
"""
from __future__ import annotations

import typing

from pydantic import BaseModel

from mella_ray.config import JobConfig


def _section_model(annotation) -> type[BaseModel] | None:
    for cand in (annotation, *typing.get_args(annotation)):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def keys(model: type[BaseModel] = JobConfig, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, default) for every leaf key; list-of-model keys (crawl.seeds) are leaves."""
    out = []
    for name, field in model.model_fields.items():
        sub = _section_model(field.annotation)
        key = prefix + name
        if sub is not None and typing.get_origin(field.annotation) is not list:
            out += keys(sub, key + ".")
        else:
            default = "required" if field.is_required() else repr(field.get_default(call_default_factory=True))
            out.append((key, default))
    return out


def render() -> str:
    """One block per section: `key: default` lines."""
    blocks: dict[str, list[str]] = {}
    for key, default in keys():
        section = key.split(".")[0] if "." in key else "(top level)"
        blocks.setdefault(section, []).append(f"{key}: {default}")
    return "\n\n".join("\n".join(lines) for lines in blocks.values())
