"""OpenAI chat-completions answers: a whole completion, the SSE chunks of a streamed one, and
the model list. Pure builders of the bodies; protocol.py has the requests and errors."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any


def new_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def usage(prompt_tokens: int, completion_tokens: int) -> dict[str, int]:
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
    }


def completion(
    model: str,
    text: str,
    finish_reason: str,
    prompt_tokens: int,
    completion_tokens: int,
    id: str | None = None,
    created: int | None = None,
) -> dict[str, Any]:
    return {
        "id": id or new_id(),
        "object": "chat.completion",
        "created": created or int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish_reason,
                "logprobs": None,
            }
        ],
        "usage": usage(prompt_tokens, completion_tokens),
    }


def _chunk(
    id: str,
    created: int,
    model: str,
    delta: dict,
    finish_reason: str | None,
    usage_: dict | None = None,
    choices: bool = True,
) -> str:
    body: dict[str, Any] = {
        "id": id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason, "logprobs": None}] if choices else [],
    }
    if usage_ is not None:
        body["usage"] = usage_
    return f"data: {json.dumps(body, ensure_ascii=False)}\n\n"


def stream_chunks(
    model: str,
    text: str,
    finish_reason: str,
    prompt_tokens: int,
    completion_tokens: int,
    include_usage: bool = False,
    piece_chars: int = 16,
) -> list[str]:
    """SSE events for a finished answer: role, text pieces, finish, [usage], [DONE]."""
    id, created = new_id(), int(time.time())
    events = [_chunk(id, created, model, {"role": "assistant", "content": ""}, None)]
    events += [
        _chunk(id, created, model, {"content": text[i : i + piece_chars]}, None)
        for i in range(0, len(text), piece_chars)
    ]
    events.append(_chunk(id, created, model, {}, finish_reason))
    if include_usage:  # OpenAI sends usage in a last chunk with no choices
        events.append(_chunk(id, created, model, {}, None, usage(prompt_tokens, completion_tokens), choices=False))
    events.append("data: [DONE]\n\n")
    return events


def models_list(model_name: str, created: int) -> dict[str, Any]:
    return {
        "object": "list",
        "data": [{"id": model_name, "object": "model", "created": created, "owned_by": "mella-ray"}],
    }
