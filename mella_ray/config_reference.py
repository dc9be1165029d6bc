"""Every config key with its default and its description, section by section, straight from the models.

    mella config-reference      # the same listing as the README's reference

Each key is a YAML line `key: default` under its description as `#` comment lines, so the
listing reads as an annotated config file.
"""

from __future__ import annotations

import textwrap
import typing

from pydantic import BaseModel

from mella_ray.config import JobConfig

WIDTH = 110  # comment lines wrap here: the README block reads without horizontal scrolling


def _section_model(annotation) -> type[BaseModel] | None:
    for cand in (annotation, *typing.get_args(annotation)):
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _walk(model: type[BaseModel], prefix: str) -> list[tuple[str, str | None, str]]:
    """(dotted key, default, description) in the models' order; a nested section comes first as
    (its key + ".*", None, its description), then its keys."""
    out = []
    for name, field in model.model_fields.items():
        sub = _section_model(field.annotation)
        key = prefix + name
        if sub is not None and typing.get_origin(field.annotation) is not list:
            out.append((key + ".*", None, field.description or ""))
            out += _walk(sub, key + ".")
        else:
            default = "required" if field.is_required() else repr(field.get_default(call_default_factory=True))
            out.append((key, default, field.description or ""))
    return out


def described_keys(model: type[BaseModel] = JobConfig, prefix: str = "") -> list[tuple[str, str, str]]:
    """(dotted key, default, description) for every leaf key; list-of-model keys (crawl.seeds) are leaves."""
    return [(key, default, text) for key, default, text in _walk(model, prefix) if default is not None]


def keys(model: type[BaseModel] = JobConfig, prefix: str = "") -> list[tuple[str, str]]:
    """(dotted key, default) for every leaf key; list-of-model keys (crawl.seeds) are leaves."""
    return [(key, default) for key, default, _ in described_keys(model, prefix)]


def render() -> str:
    """One block per top-level section: each key's description as `#` lines, then `key: default`;
    a nested section (caption.engine.*) opens with its own description."""
    blocks: dict[str, list[str]] = {}
    for key, default, description in _walk(JobConfig, ""):
        section = key.split(".")[0] if "." in key else "(top level)"
        lines = blocks.setdefault(section, [])
        if default is None:
            lines += textwrap.wrap(f"{key}: {description}", WIDTH, initial_indent="# ", subsequent_indent="#   ")
            continue
        lines += textwrap.wrap(description, WIDTH, initial_indent="# ", subsequent_indent="# ")
        lines.append(f"{key}: {default}")
    return "\n\n".join("\n".join(lines) for lines in blocks.values())
