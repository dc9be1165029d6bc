"""The OpenAI chat-completions subset that the serve stage speaks, and its error shape.

Pure: pydantic models, request parsing with the configured limits, control-token checks
(responses.py builds the answers). Every refusal is an `ApiError`, which carries its HTTP
status and turns into the OpenAI body {"error": {"message", "type", "param", "code"}}.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError


class ApiError(Exception):
    """A request that gets an OpenAI-style error body instead of an answer."""

    def __init__(
        self,
        status: int,
        message: str,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ):
        super().__init__(message)
        self.status, self.message, self.type, self.param, self.code = status, message, type, param, code

    def body(self) -> dict[str, Any]:
        return error_body(self.message, self.type, self.param, self.code)


def error_body(
    message: str, type: str = "invalid_request_error", param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type, "param": param, "code": code}}


def bad_request(message: str, param: str | None = None, code: str | None = None) -> ApiError:
    return ApiError(400, message, "invalid_request_error", param, code)


# --- request ---------------------------------------------------------------------------


class _Lenient(BaseModel):
    # Clients send fields we do not use (user, seed, logprobs, ...): ignore them, but the
    # fields we do read are type-checked strictly.
    model_config = ConfigDict(extra="ignore")


class ImageURL(_Lenient):
    url: StrictStr
    detail: Literal["auto", "low", "high"] | None = None


class TextPart(_Lenient):
    type: Literal["text"]
    text: StrictStr


class ImagePart(_Lenient):
    type: Literal["image_url"]
    image_url: ImageURL


ContentPart = Annotated[TextPart | ImagePart, Field(discriminator="type")]


class Message(_Lenient):
    role: Literal["system", "developer", "user", "assistant"]
    content: StrictStr | list[ContentPart] | None = None


class StreamOptions(_Lenient):
    include_usage: StrictBool = False


class ChatRequest(_Lenient):
    model: StrictStr | None = None  # None: the one served model
    messages: list[Message] = Field(min_length=1)
    max_tokens: StrictInt | None = Field(None, ge=1)
    max_completion_tokens: StrictInt | None = Field(None, ge=1)  # newer clients send this name
    temperature: StrictFloat | StrictInt | None = Field(None, ge=0, le=2)
    stream: StrictBool = False
    stream_options: StreamOptions | None = None
    n: StrictInt = Field(1, ge=1, le=1)  # one choice per request is all the engine gives

    def requested_max_tokens(self) -> int | None:
        return self.max_completion_tokens if self.max_completion_tokens is not None else self.max_tokens


def _type_tag(p: Any) -> bool:
    """Union members appear in pydantic locations as type names (str, list[...], TextPart)."""
    return isinstance(p, str) and (p == "body" or "[" in p or p[:1].isupper() or p in ("str", "int", "float", "bool"))


def validation_message(e: ValidationError | list[dict]) -> tuple[str, str | None]:
    """One readable line (and the first offending param) from pydantic errors."""
    errors = e.errors() if isinstance(e, ValidationError) else e
    located = [
        (".".join(str(p) for p in err.get("loc", ()) if not _type_tag(p)), err.get("msg", "invalid")) for err in errors
    ]
    # a union reports every member that failed; the deeper location is the one that matters
    located = [
        (loc, msg) for loc, msg in located if not any(other.startswith(loc + ".") for other, _ in located if loc)
    ]
    parts = [f"{loc or 'body'}: {msg}" for loc, msg in located[:5]]
    return "; ".join(parts), (located[0][0] or None) if located else None


# A "\ud800".."\udfff" escape: the only way JSON text can hold a lone surrogate.
_SURROGATE_ESCAPE = {str: re.compile(r"\\u[dD][89a-fA-F]"), bytes: re.compile(rb"\\u[dD][89a-fA-F]")}


def parse_chat_request(body: bytes | str, max_tokens_limit: int) -> ChatRequest:
    """The raw HTTP body to a validated request; ApiError(400) for anything malformed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise bad_request(f"request body is not valid JSON: {e}", code="invalid_json") from None
    except RecursionError:
        raise bad_request("request body is nested too deeply", code="invalid_json") from None
    if not isinstance(data, dict):
        raise bad_request("request body must be a JSON object", code="invalid_json")
    if _SURROGATE_ESCAPE[str if isinstance(body, str) else bytes].search(body):  # rare: check only then
        try:  # JSON may escape a lone surrogate ("\udc00"), which no tokenizer can encode
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise bad_request(
                "request body holds text that is not valid Unicode (a lone surrogate)", code="invalid_json"
            ) from None
    if data.get("messages") == []:
        raise bad_request("messages must contain at least one message", param="messages")
    try:
        req = ChatRequest.model_validate(data)
    except ValidationError as e:
        msg, param = validation_message(e)
        raise bad_request(msg, param=param, code="invalid_value") from None
    asked = req.requested_max_tokens()
    if asked is not None and asked > max_tokens_limit:
        name = "max_completion_tokens" if req.max_completion_tokens is not None else "max_tokens"
        raise bad_request(
            f"{name} is {asked}, above this server's limit of {max_tokens_limit}",
            param=name,
            code="max_tokens_exceeded",
        )
    return req


def split_conversation(req: ChatRequest) -> tuple[str | None, str, list[str]]:
    """(system, prompt, image URLs) for the single-turn engine.

    The engine answers one user turn: system/developer messages become the system text,
    the last message must be the user's, and earlier turns are kept as a transcript
    above it so that no context is silently dropped.
    """
    system, turns, images = [], [], []
    for i, m in enumerate(req.messages):
        if isinstance(m.content, str) or m.content is None:
            text = m.content or ""
        else:
            text = "\n".join(p.text for p in m.content if isinstance(p, TextPart))
            urls = [p.image_url.url for p in m.content if isinstance(p, ImagePart)]
            if urls and m.role != "user":
                raise bad_request(f"messages.{i}: only user messages may carry images", param=f"messages.{i}.content")
            images += urls
        if m.role in ("system", "developer"):
            system.append(text)
        else:
            turns.append((m.role, text))
    if not turns or turns[-1][0] != "user":
        raise bad_request("the last non-system message must have role 'user'", param="messages")
    history = "\n".join(f"{role}: {text}" for role, text in turns[:-1])
    prompt = f"{history}\nuser: {turns[-1][1]}" if history else turns[-1][1]
    return ("\n".join(system) or None), prompt, images


# --- control tokens ---------------------------------------------------------------------

# Chat-template markers of common model families, refused in user text even when the served
# tokenizer does not know them (a prompt that forges turns or image slots for a later model).
TEMPLATE_MARKERS = (
    "<|im_start|>",
    "<|im_end|>",
    "<|endoftext|>",
    "<|image_pad|>",
    "<|video_pad|>",
    "<|vision_start|>",
    "<|vision_end|>",
    "<|vision_pad|>",
    "<image>",
    "<video>",
    "<|image|>",
    "<|begin_of_text|>",
    "<|eot_id|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<start_of_turn>",
    "<end_of_turn>",
)


def control_tokens(tokenizer) -> re.Pattern:
    """One regex of every special or added token string of the tokenizer, plus TEMPLATE_MARKERS."""
    words = set(TEMPLATE_MARKERS)
    if tokenizer is not None:
        words.update(t for t in getattr(tokenizer, "all_special_tokens", []) if isinstance(t, str))
        added = getattr(tokenizer, "added_tokens_decoder", {}) or {}
        words.update(t.content for t in added.values() if getattr(t, "content", None))
    words.discard("")
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def check_control_tokens(pattern: re.Pattern, texts: list[str | None]) -> None:
    """400 when user or system text holds a control-token string (it would act as the token)."""
    for text in texts:
        m = pattern.search(text) if text else None
        if m:
            raise ApiError(
                400,
                f"the messages contain {m.group(0)!r}, a control token of the model's chat "
                "template; it is not accepted in text",
                "invalid_request_error",
                "messages",
                "control_token",
            )
