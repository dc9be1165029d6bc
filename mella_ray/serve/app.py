"""The chat deployment: a FastAPI ingress on a Ray Serve replica that owns one engine.

Routes: POST /v1/chat/completions (JSON or SSE), GET /v1/models, GET /healthz, GET /
(a small demo page). Requests from many clients are gathered by @serve.batch into one
engine.generate call, which runs in a worker thread so the event loop keeps accepting
requests. Every error leaves in OpenAI's shape; see protocol.ApiError.
"""
# No `from __future__ import annotations` here: the deployment class travels pickled by
# value, and FastAPI must see real annotation objects (Request), not names it cannot resolve.
import asyncio
import hashlib
import hmac
import json
import logging
import time

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from ray import serve
from starlette.exceptions import HTTPException as StarletteHTTPException

from mella_ray.config import EngineConfig, ServeConfig
from mella_ray.infer import GenRequest, GenResult, load_engine
from mella_ray.langs import language
from mella_ray.serve.images import ImageLimits, load_images
from mella_ray.serve.protocol import (
    ApiError, completion, error_body, models_list, parse_chat_request, split_conversation, stream_chunks,
    validation_message,
)

log = logging.getLogger(__name__)

app = FastAPI(title="mella-ray chat", docs_url=None, redoc_url=None, openapi_url=None)

_STATUS_TYPES = {401: "authentication_error", 403: "permission_error", 404: "not_found_error",
                 429: "rate_limit_error", 504: "timeout_error"}


@app.exception_handler(ApiError)
async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


@app.exception_handler(RequestValidationError)
async def _validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
    msg, param = validation_message(list(exc.errors()))
    return JSONResponse(error_body(msg, param=param, code="invalid_value"), status_code=400)


@app.exception_handler(StarletteHTTPException)
async def _http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    kind = _STATUS_TYPES.get(exc.status_code, "invalid_request_error" if exc.status_code < 500 else "server_error")
    return JSONResponse(error_body(str(exc.detail), kind), status_code=exc.status_code)


def engine_config(cfg: ServeConfig, model_path: str) -> EngineConfig:
    return EngineConfig(backend=cfg.backend, model=model_path, batch_size=cfg.max_batch_size,
                        max_new_tokens=min(cfg.default_max_tokens, cfg.max_tokens_limit),
                        max_pixels=cfg.max_pixels, num_gpus=cfg.num_gpus, num_cpus=cfg.num_cpus)


def key_digest(key: str) -> str:
    """Replicas get the digest of the API key, never the key itself."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def render_page(model_name: str, languages: list[str]) -> str:
    langs = {c: {"name": language(c).name, "prompt": language(c).eval_prompt} for c in languages}
    data = json.dumps({"model": model_name, "langs": langs}, ensure_ascii=False).replace("</", "<\\/")
    return _PAGE.replace("__DATA__", data)


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>mella-ray: describe an image</title>
<style>body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem}
label{display:block;margin:.7rem 0}select,textarea,input{display:block;width:100%;box-sizing:border-box}
#preview{max-width:100%;max-height:18rem;margin:.5rem 0}#out{white-space:pre-wrap;border:1px solid #bbb;padding:.6rem;min-height:3rem}</style>
</head><body>
<h1>Describe an image</h1>
<label>Language <select id="lang"></select></label>
<label>Image <input id="file" type="file" accept="image/*"></label>
<img id="preview" alt="" hidden>
<label>Prompt <textarea id="prompt" rows="2" dir="auto"></textarea></label>
<label>API key (only if the server requires one) <input id="key" type="password" autocomplete="off"></label>
<button id="go" type="button">Describe</button>
<h2>Answer</h2><div id="out" dir="auto" role="status" aria-live="polite"></div>
<script>
const CFG = __DATA__;
const $ = (id) => document.getElementById(id);
let dataUrl = null;
for (const [code, l] of Object.entries(CFG.langs)) $("lang").add(new Option(l.name + " (" + code + ")", code));
$("lang").onchange = () => { $("prompt").value = CFG.langs[$("lang").value].prompt; $("prompt").lang = $("lang").value; };
$("lang").onchange();
$("file").onchange = () => {
  const f = $("file").files[0]; if (!f) return;
  const r = new FileReader();
  r.onload = () => { dataUrl = r.result; $("preview").src = dataUrl; $("preview").hidden = false; };
  r.readAsDataURL(f);
};
$("go").onclick = async () => {
  if (!dataUrl) { $("out").textContent = "Choose an image first."; return; }
  $("go").disabled = true; $("out").textContent = "…";
  const headers = {"Content-Type": "application/json"};
  if ($("key").value) headers["Authorization"] = "Bearer " + $("key").value;
  const body = {model: CFG.model, messages: [{role: "user", content: [
    {type: "image_url", image_url: {url: dataUrl}}, {type: "text", text: $("prompt").value}]}]};
  try {
    const r = await fetch("v1/chat/completions", {method: "POST", headers, body: JSON.stringify(body)});
    const j = await r.json();
    $("out").lang = $("lang").value;
    $("out").textContent = r.ok ? j.choices[0].message.content : "Error: " + j.error.message;
  } catch (e) { $("out").textContent = "Error: " + e; }
  finally { $("go").disabled = false; }
};
</script></body></html>
"""


# The page and helpers come before the deployment class: @serve.deployment pickles the
# class when it is defined (by value, since the module does not hold the name yet), and
# only names that already exist then travel with it.
@serve.deployment(name="MellaChat")
@serve.ingress(app)
class ChatServer:
    def __init__(self, serve_cfg: dict, model_path: str, models_dir: str, languages: list[str],
                 api_key_sha256: str | None = None):
        import torch

        torch.set_num_threads(1)  # few-core hosts: more threads made latency swing 0.08 s -> 6 s
        self.cfg = ServeConfig.model_validate(serve_cfg)
        self.limits = ImageLimits.from_config(self.cfg)
        self.key_sha256 = api_key_sha256
        self.created = int(time.time())
        self.stats = {"requests": 0, "batches": 0, "max_batch": 0}  # per replica, shown by /healthz
        self.engine = load_engine(engine_config(self.cfg, model_path), models_dir, model=model_path)
        self.page = render_page(self.cfg.model_name, languages)
        # @serve.batch takes constants at class definition; the config's values apply here
        self._generate_batch.set_max_batch_size(self.cfg.max_batch_size)
        self._generate_batch.set_batch_wait_timeout_s(self.cfg.batch_wait_timeout_s)
        log.info("serving %s as %r", model_path, self.cfg.model_name)

    def _check_key(self, request: Request) -> None:
        if not self.key_sha256:
            return
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(key_digest(token.strip()), self.key_sha256):
            raise ApiError(401, "missing or invalid API key; send the header 'Authorization: Bearer <key>'",
                           "authentication_error", None, "invalid_api_key")

    async def _read_body(self, request: Request) -> bytes:
        """The body, refused (413) past what max_images data URLs plus text can need."""
        cap = self.cfg.max_images * (self.cfg.max_image_bytes * 4 // 3 + 64) + 1_000_000
        too_big = ApiError(413, f"request body is larger than {cap} bytes", param=None, code="request_too_large")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise too_big
        buf = bytearray()
        async for chunk in request.stream():
            buf += chunk
            if len(buf) > cap:
                raise too_big
        return bytes(buf)

    @app.get("/healthz")
    async def healthz(self) -> dict:
        return {"status": "ok", "model_name": self.cfg.model_name, "batching": self.stats}

    @app.get("/", response_class=HTMLResponse)
    async def index(self) -> HTMLResponse:
        return HTMLResponse(self.page)

    @app.get("/v1/models")
    async def models(self, request: Request) -> dict:
        self._check_key(request)
        return models_list(self.cfg.model_name, self.created)

    @app.post("/v1/chat/completions")
    async def chat(self, request: Request):
        self._check_key(request)
        req = parse_chat_request(await self._read_body(request), self.cfg.max_tokens_limit)
        if req.model is not None and req.model != self.cfg.model_name:
            raise ApiError(404, f"the model {req.model!r} does not exist; this server serves {self.cfg.model_name!r}",
                           "invalid_request_error", "model", "model_not_found")
        try:
            res = await asyncio.wait_for(self._answer(req), self.cfg.request_timeout_s)
        except (asyncio.TimeoutError, TimeoutError):
            raise ApiError(504, f"the request took longer than {self.cfg.request_timeout_s:g}s", "timeout_error",
                           None, "timeout") from None
        except ApiError:
            raise
        except Exception as e:  # a bug must still answer in the API's shape
            log.exception("chat request failed")
            raise ApiError(500, f"internal error: {type(e).__name__}", "server_error", None, "internal_error") from None
        if res.error:
            raise ApiError(500, f"generation failed: {res.error}", "server_error", None, "generation_failed")
        args = (self.cfg.model_name, res.text or "", res.finish_reason, res.prompt_tokens, res.completion_tokens)
        if req.stream:
            include_usage = bool(req.stream_options and req.stream_options.include_usage)
            events = stream_chunks(*args, include_usage=include_usage)

            async def gen():
                for e in events:
                    yield e

            return StreamingResponse(gen(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})
        return JSONResponse(completion(*args))

    async def _answer(self, req) -> GenResult:
        system, prompt, urls = split_conversation(req)
        if urls and not self.engine.is_multimodal:
            raise ApiError(400, "this model is text-only and does not accept images", param="messages",
                           code="images_not_supported")
        images = await load_images(urls, self.limits)
        max_new = req.requested_max_tokens() or min(self.cfg.default_max_tokens, self.cfg.max_tokens_limit)
        return await self._generate_batch(GenRequest(prompt, images, system, max_new, req.temperature))

    @serve.batch(max_batch_size=8, batch_wait_timeout_s=0.02)
    async def _generate_batch(self, reqs: list[GenRequest]) -> list[GenResult]:
        return await asyncio.to_thread(self._generate, reqs)

    def _generate(self, reqs: list[GenRequest]) -> list[GenResult]:
        self.stats["requests"] += len(reqs)
        self.stats["batches"] += 1
        self.stats["max_batch"] = max(self.stats["max_batch"], len(reqs))
        # The hf engine applies the first request's temperature to its whole batch, so
        # requests are grouped by temperature (usually one group: one generate call).
        groups: dict[float | None, list[int]] = {}
        for i, r in enumerate(reqs):
            groups.setdefault(r.temperature, []).append(i)
        out: list[GenResult | None] = [None] * len(reqs)
        for idx in groups.values():
            try:
                results = self.engine.generate([reqs[i] for i in idx])
            except Exception as e:  # fails these requests, not the replica
                log.exception("engine.generate failed")
                results = [GenResult(None, error=f"{type(e).__name__}: {e}"[:300], finish_reason="error")] * len(idx)
            for i, r in zip(idx, results):
                out[i] = r
        return out  # type: ignore[return-value]
