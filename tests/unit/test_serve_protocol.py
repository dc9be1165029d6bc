"""Serve stage, pure parts: request validation, the conversation handed to the engine, and the
responses' OpenAI shape."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mella_ray.serve.protocol import (
    parse_chat_request,
    split_conversation,
)
from mella_ray.serve.responses import completion, stream_chunks

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))
from serve_requests import refused  # noqa: E402


def body(**kw) -> bytes:
    d = {"model": "mella", "messages": [{"role": "user", "content": "hi"}], **kw}
    return json.dumps(d).encode()


def test_valid_request_with_parts():
    raw = body(
        messages=[
            {"role": "system", "content": "Be brief."},
            {
                "role": "user",
                "content": [
                    {"type": "image_url", "image_url": {"url": "data:x"}},
                    {"type": "text", "text": "Describe this picture."},
                ],
            },
        ],
        max_tokens=16,
        temperature=0.5,
        stream=True,
        user="someone",
    )  # unknown fields are ignored
    req = parse_chat_request(raw, 1024)
    assert req.requested_max_tokens() == 16 and req.stream and req.temperature == 0.5
    system, prompt, urls = split_conversation(req)
    assert (system, prompt, urls) == ("Be brief.", "Describe this picture.", ["data:x"])


def test_max_completion_tokens_wins():
    req = parse_chat_request(body(max_tokens=5, max_completion_tokens=7), 1024)
    assert req.requested_max_tokens() == 7


@pytest.mark.parametrize(
    "raw,param",
    [
        (b"{not json", None),
        (b"[1, 2]", None),
        (body(messages=[]), "messages"),
        (json.dumps({"model": "mella"}).encode(), "messages"),
        (body(messages="hello"), "messages"),
        (body(messages=[{"role": "user", "content": 5}]), "messages.0.content"),
        (body(messages=[{"role": "robot", "content": "x"}]), "messages.0.role"),
        (body(messages=[{"role": "user", "content": [{"type": "audio", "audio": "x"}]}]), "messages.0.content.0"),
        (body(max_tokens="many"), "max_tokens"),
        (body(max_tokens=0), "max_tokens"),
        (body(max_tokens=2000), "max_tokens"),
        (body(temperature=3), "temperature"),
        (body(stream="yes"), "stream"),
        (body(n=2), "n"),
        (body(temperature="1"), "temperature"),  # strict like every other field
        (b"[" * 50_000, None),  # nested past the parser's recursion limit
        (b'{"messages": [{"role": "user", "content": "\\udc00"}]}', None),  # a lone surrogate
    ],
)
def test_bad_requests_are_400(raw, param):
    e = refused(parse_chat_request, raw, 1024)
    assert e.status == 400 and e.type == "invalid_request_error"
    if param:
        assert e.param == param, e.message


def test_last_message_must_be_user():
    req = parse_chat_request(
        body(messages=[{"role": "user", "content": "a"}, {"role": "assistant", "content": "b"}]), 64
    )
    assert refused(split_conversation, req).status == 400


def test_history_kept_as_transcript():
    req = parse_chat_request(
        body(
            messages=[
                {"role": "user", "content": "a"},
                {"role": "assistant", "content": "b"},
                {"role": "user", "content": "c"},
            ]
        ),
        64,
    )
    assert split_conversation(req)[1] == "user: a\nassistant: b\nuser: c"


def test_responses_have_openai_shape():
    c = completion("mella", "hello", "stop", 10, 2)
    assert c["object"] == "chat.completion" and c["usage"] == {
        "prompt_tokens": 10,
        "completion_tokens": 2,
        "total_tokens": 12,
    }
    ev = stream_chunks("mella", "x" * 40, "length", 3, 4, include_usage=True)
    assert ev[-1] == "data: [DONE]\n\n"
    chunks = [json.loads(e[6:]) for e in ev[:-1]]
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"]) == "x" * 40
    assert chunks[-2]["choices"][0]["finish_reason"] == "length" and chunks[-1]["usage"]["total_tokens"] == 7
