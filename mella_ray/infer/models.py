"""Model refs: which model an engine config means, and a check that it exists before any work.

Refs are hub ids, local paths, or tiny:* (built offline into models_dir). `backend: tiny` picks
the tiny model that fits the stage's role, so `engine: {backend: tiny}` works in every stage.
`check_model` runs on the driver before a stage reads any data: a missing or misnamed model
fails at once, naming the config key and the exact name it looked for, instead of failing
inside an actor after the data pipeline has started.
"""

from __future__ import annotations

import json
import os
import re

from mella_ray.config import EngineConfig
from mella_ray.infer.tiny import TINY_LM, TINY_VLM, ensure_tiny
from mella_ray.infer.tiny_mt import TINY_MT

ROLES = ("vision", "text")  # vision: caption, evaluate, serve; text: translate
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")


class ModelNotFoundError(FileNotFoundError):
    """A configured model that cannot be found or does not fit the stage; the message says which."""


def engine_model_ref(cfg: EngineConfig, role: str = "vision", override: str | None = None) -> str:
    """The model ref an engine will load: `override`, else cfg.model, with backend tiny mapped."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, got {role!r}")
    if override:
        return override
    if cfg.backend != "tiny":
        return cfg.model
    if not cfg.model.startswith("tiny:"):
        raise ModelNotFoundError(
            f"backend tiny runs the offline tiny models, but model is {cfg.model!r}; "
            "use backend hf for it, or leave model out"
        )
    if role == "vision":
        return TINY_VLM
    if cfg.kind == "seq2seq":
        return TINY_MT
    if cfg.kind == "chat":
        return TINY_LM
    return cfg.model if cfg.model in (TINY_LM, TINY_MT) else TINY_LM


def resolve_model(ref: str, models_dir: str) -> str:
    """tiny:* refs become paths of offline-built models; anything else passes through."""
    if ref.startswith("tiny:"):
        return ensure_tiny(ref, models_dir)
    return ref


def local_model(path: str) -> str:
    """A model folder on an object store (s3://, gs://...) copied to this machine's disk, where
    transformers and vLLM can open it; any other ref passes through. The copy is keyed by the
    folder's listing (names, sizes, ETags or mtimes), so a retrain written to the same URL is
    fetched anew and every actor on a node shares one copy (written aside, then renamed)."""
    if "://" not in path or path.startswith("file://"):
        return path
    import hashlib
    import shutil
    import tempfile

    from mella_ray.runtime import storage

    fs, root = storage.fs_and_path(path)
    files = sorted((f, storage.identity_of(info)) for f, info in fs.find(root, detail=True).items())
    if not files:
        raise ModelNotFoundError(f"model: no files under {path!r}")
    digest = hashlib.sha256(json.dumps([path, files]).encode()).hexdigest()[:16]
    cache = os.path.join(tempfile.gettempdir(), "mella-models")
    target = os.path.join(cache, digest)
    if os.path.exists(os.path.join(target, "config.json")):
        return target
    os.makedirs(cache, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=f"{digest}-", dir=cache)
    for f, _ in files:
        local = os.path.join(staging, os.path.relpath(f, root))
        os.makedirs(os.path.dirname(local), exist_ok=True)
        fs.get_file(f, local)
    try:
        os.rename(staging, target)
    except OSError:  # another actor on this node finished first: use its copy
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _looks_local(ref: str) -> bool:
    return ref.startswith(("/", "./", "../", "~", "file://")) or "://" in ref or os.path.exists(ref)


def _hub_offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "0").lower() in ("1", "true", "yes")


def read_model_config(path: str, where: str = "model") -> dict:
    """config.json of a local folder, a remote folder, or a hub id (cache first); clear errors."""
    if _looks_local(path):
        from mella_ray.runtime import storage

        target = path[len("file://") :] if path.startswith("file://") else os.path.expanduser(path)
        cfg_file = storage.join(target, "config.json")
        if not storage.exists(cfg_file):
            what = "folder has no config.json" if storage.exists(target) else "path does not exist"
            raise ModelNotFoundError(f"{where}: no model at {path!r} ({what}; looked for {cfg_file})")
        return json.loads(storage.read_text(cfg_file))
    if not _HUB_ID.match(path):
        raise ModelNotFoundError(f"{where}: {path!r} is neither an existing path nor a hub id (org/name)")
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(repo_id=path, filename="config.json")
    if isinstance(cached, str):
        with open(cached, encoding="utf-8") as f:
            return json.load(f)
    if _hub_offline():
        raise ModelNotFoundError(
            f"{where}: hub model {path!r} is not in the local Hugging Face cache and "
            "HF_HUB_OFFLINE=1; download it first or give a local path"
        )
    from huggingface_hub import hf_hub_download

    try:
        local = hf_hub_download(path, "config.json")
    except Exception as e:  # not found, gated, no network: the actor would fail the same way later
        first = (str(e).strip().splitlines() or [""])[0][:200]
        raise ModelNotFoundError(f"{where}: cannot resolve hub model {path!r} ({type(e).__name__}: {first})") from None
    with open(local, encoding="utf-8") as f:
        return json.load(f)


def model_kind(config: dict) -> str:
    return "seq2seq" if config.get("is_encoder_decoder") else "chat"


def check_model(cfg: EngineConfig, models_dir: str, role: str, key: str) -> str:
    """On the driver: the resolved model path or hub id, or ModelNotFoundError naming `key`."""
    where = f"{key}.model"
    try:
        ref = engine_model_ref(cfg, role)
    except ModelNotFoundError as e:
        raise ModelNotFoundError(f"{where}: {e}") from None
    path = resolve_model(ref, models_dir)
    config = read_model_config(path, where)
    found = model_kind(config)
    if cfg.kind != "auto" and cfg.kind != found:
        raise ModelNotFoundError(
            f"{key}.kind is {cfg.kind!r} but {path!r} is a {found} model (model_type {config.get('model_type')!r})"
        )
    if role == "vision" and "vision_config" not in config:
        raise ModelNotFoundError(
            f"{where}: this stage needs a vision-language model, but {path!r} "
            f"(model_type {config.get('model_type')!r}) has no vision tower"
        )
    if cfg.backend == "vllm" and found == "seq2seq":
        raise ModelNotFoundError(f"{where}: {path!r} is a seq2seq model; run it with backend hf")
    return path
