"""Contenders behind OpenAI-compatible endpoints (`evaluate.endpoints`): a hosted model, or the
project's own Serve app, answering the same test rows with the same prompts as base and tuned.

`EndpointGenerator` is a Ray Data callable like stage.Generator, so image bytes stay on the
workers: each row becomes one `POST {base_url}/chat/completions` with the image as a data: URL
and the language's evaluation prompt, at temperature 0. Requests of a batch run concurrently
(at most `max_concurrency` in flight), their starts spaced by `requests_per_s`; a 429, a 5xx,
a timeout or a dropped connection is retried up to `max_retries` times with exponential
backoff (honouring Retry-After), every other answer is final. A row that still fails becomes
a failed prediction with an evaluate code of failures.py (http_error, timeout,
connection_error, bad_response) and the last answer as detail, never a crashed stage; each row
records how many times it was retried (`retries`), which stats.json sums per contender.
"""

from __future__ import annotations

import asyncio
import base64
import os
import time

import pyarrow as pa

from mella_ray import records
from mella_ray.config.evaluate import EndpointConfig
from mella_ray.failures import Failure, failure
from mella_ray.langs import language

RETRY_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}
MAX_BACKOFF_S = 30.0


def _mime(image: bytes) -> str:
    if image.startswith(b"\x89PNG"):
        return "image/png"
    if image[:4] == b"RIFF" and image[8:12] == b"WEBP":
        return "image/webp"
    if image[:3] == b"GIF":
        return "image/gif"
    return "image/jpeg"


def chat_body(model: str, prompt: str, image: bytes, max_tokens: int) -> dict:
    """The OpenAI chat request for one test row (image first, then the prompt, as in training)."""
    url = f"data:{_mime(image)};base64,{base64.b64encode(image).decode('ascii')}"
    return {
        "model": model,
        "temperature": 0,
        "max_tokens": max_tokens,
        "messages": [
            {
                "role": "user",
                "content": [{"type": "image_url", "image_url": {"url": url}}, {"type": "text", "text": prompt}],
            }
        ],
    }


def _answer_text(data: dict) -> str:
    try:
        content = data["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as e:
        raise ValueError(f"not an OpenAI chat completion ({type(e).__name__}: {e})") from None
    return content if isinstance(content, str) else ""


class EndpointGenerator:
    """Ray Data callable: test rows in, PREDICTIONS rows of one endpoint out."""

    def __init__(self, endpoint: dict, max_tokens: int):
        self.ep = EndpointConfig.model_validate(endpoint)
        self.max_tokens = self.ep.max_tokens or max_tokens
        key = os.environ.get(self.ep.api_key_env, "") if self.ep.api_key_env else ""
        if self.ep.api_key_env and not key:  # checked on the driver too; a worker may lack the variable
            raise RuntimeError(
                f"evaluate.endpoints[{self.ep.name}]: environment variable {self.ep.api_key_env} "
                "is not set on the worker (pass it with ray.runtime_env.env_vars)"
            )
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}
        self.url = self.ep.base_url.rstrip("/") + "/chat/completions"
        self._next_start = 0.0  # rate limit: the earliest time the next request may start

    async def _wait_turn(self) -> None:
        if not self.ep.requests_per_s:
            return
        now = time.monotonic()
        start = max(now, self._next_start)
        self._next_start = start + 1.0 / self.ep.requests_per_s
        if start > now:
            await asyncio.sleep(start - now)

    async def _one(self, client, sem: asyncio.Semaphore, body: dict) -> tuple[str | None, Failure | None, int]:
        """(text, failure, attempts) for one request, retried on transient failures."""
        import httpx

        fail = failure("evaluate", "connection_error", "not attempted")
        for attempt in range(self.ep.max_retries + 1):
            if attempt:
                await asyncio.sleep(min(MAX_BACKOFF_S, self.ep.backoff_s * 2 ** (attempt - 1)))
            async with sem:
                await self._wait_turn()
                try:
                    resp = await client.post(self.url, json=body, headers=self.headers)
                except httpx.TimeoutException as e:
                    fail = failure("evaluate", "timeout", e)
                    continue
                except httpx.TransportError as e:  # refused, reset, dropped mid-answer
                    fail = failure("evaluate", "connection_error", e)
                    continue
            if resp.status_code == 200:
                try:
                    return _answer_text(resp.json()), None, attempt + 1
                except ValueError as e:
                    return None, failure("evaluate", "bad_response", str(e)), attempt + 1
            fail = failure("evaluate", "http_error", f"HTTP {resp.status_code}: {resp.text[:200]}")
            if resp.status_code not in RETRY_STATUS:
                return None, fail, attempt + 1
            retry_after = resp.headers.get("retry-after", "")
            if retry_after.replace(".", "", 1).isdigit():
                await asyncio.sleep(min(MAX_BACKOFF_S, float(retry_after)))
        return None, fail, self.ep.max_retries + 1

    async def _all(self, bodies: list[dict]) -> list[tuple[str | None, Failure | None, int]]:
        import httpx

        sem = asyncio.Semaphore(self.ep.max_concurrency)
        async with httpx.AsyncClient(timeout=self.ep.timeout_s, trust_env=False) as client:
            return await asyncio.gather(*(self._one(client, sem, b) for b in bodies))

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = batch.to_pylist()
        prompts = [language(r["lang"]).eval_prompt for r in rows]
        bodies = [chat_body(self.ep.model, p, r["image"] or b"", self.max_tokens) for p, r in zip(prompts, rows)]
        outcomes = asyncio.run(self._all(bodies))
        out = []
        for r, prompt, (text, fail, attempts) in zip(rows, prompts, outcomes):
            out.append(
                {
                    "sample_id": r["sample_id"],
                    "lang": r["lang"],
                    "source": r["source"],
                    "model_name": self.ep.name,
                    "model": f"{self.ep.model} @ {self.ep.base_url}",
                    "prompt": prompt,
                    "prediction": None if fail else (text or ""),
                    "reference": r["answer"],
                    "keywords": r["keywords"],
                    "status": records.STATUS_FAILED if fail else records.STATUS_OK,
                    "reason": fail.reason if fail else None,
                    "error": fail.error if fail else None,
                    "retries": attempts - 1,
                }
            )
        return pa.Table.from_pylist(out, schema=records.PREDICTIONS)
