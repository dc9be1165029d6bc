"""image_url parts to image bytes, refusing anything unsafe or not an image.

data: URLs are always accepted (size-capped, an accepted format by its header, pixel-capped
at a small multiple of serve.max_pixels; decoded once, reduced where the format allows, in a
small pool of image threads by `prepare`). http(s) URLs only when the config allows them, and then never to
private, loopback, link-local or otherwise non-global addresses (checked on every address
DNS returns, and the connection is pinned to the checked address so a second lookup
cannot rebind it) unless private networks are allowed too. Every refusal is an
`ImageError`, an HTTP 400 with an OpenAI-style body.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import warnings
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from urllib.parse import urljoin, urlsplit

from PIL import Image

from mella_ray.config import ServeConfig
from mella_ray.infer.datauri import DECODE_FORMATS, DataUrlError, media_type, parse_data_url
from mella_ray.infer.image_check import ImagePolicy, check_image
from mella_ray.infer.images import PreparedImage, prepare_image
from mella_ray.infer.processors import ImageTooLarge
from mella_ray.netguard import is_public
from mella_ray.serve.protocol import ApiError

log = logging.getLogger(__name__)

# An image may decode to at most DECODE_FACTOR x serve.max_pixels pixels (the engine then shrinks
# it to max_pixels). A JPEG's header may say up to JPEG_FACTOR x max_pixels: it decodes reduced
# (draft, 1/2..1/8 per side) to near max_pixels, so a 12 Mpx phone photo is fine at the default
# budget. Other formats have no reduced decode: above the cap they are refused from the header.
DECODE_FACTOR = 16
JPEG_FACTOR = 64
FORMATS = frozenset({*DECODE_FORMATS, "MPO"})  # accepted as image formats (MPO comes from the JPEG plugin)
MAX_ASPECT = 200  # Qwen2-VL's image processor refuses anything narrower
MAX_REDIRECTS = 3
DNS_THREADS = 8
IMAGE_THREADS = 2  # decodes at once per replica: a burst of large images cannot take every core


class ImageError(ApiError):
    def __init__(self, message: str, code: str = "invalid_image", param: str | None = "messages"):
        super().__init__(400, message, "invalid_request_error", param, code)


@dataclass(frozen=True)
class ImageLimits:
    max_images: int = 4
    max_bytes: int = 10_000_000
    max_pixels: int = 448 * 448  # the engine's budget (serve.max_pixels); decode caps are multiples of it
    allow_urls: bool = False
    allow_private: bool = False
    fetch_timeout_s: float = 10.0

    @classmethod
    def from_config(cls, cfg: ServeConfig) -> ImageLimits:
        return cls(
            max_images=cfg.max_images,
            max_bytes=cfg.max_image_bytes,
            max_pixels=cfg.max_pixels,
            allow_urls=cfg.allow_image_urls,
            allow_private=cfg.allow_private_networks,
            fetch_timeout_s=min(10.0, cfg.request_timeout_s),
        )

    @property
    def max_decode_pixels(self) -> int:
        return DECODE_FACTOR * self.max_pixels

    def header_cap(self, fmt: str | None) -> int:
        return self.policy.pixel_cap(fmt)

    @property
    def policy(self) -> ImagePolicy:
        """The API's image policy: any size of picture up to the caps, decoded later by `prepare`."""
        jpeg = JPEG_FACTOR * self.max_pixels
        return ImagePolicy(
            formats=tuple(sorted(FORMATS)),
            max_pixels=DECODE_FACTOR * self.max_pixels,
            format_max_pixels={"JPEG": jpeg, "MPO": jpeg},
            max_aspect=MAX_ASPECT,
            max_bytes=self.max_bytes,
        )


def require_image(data: bytes, limits: ImageLimits) -> bytes:
    """The bytes, if their header shows one image of an accepted format within the caps (the one
    image check, infer/image_check.py, under the API's policy); else an ImageError that says why.

    Only the header is read here (cheap, on any thread); the pixels are decoded once, by
    `prepare` in the image pool, where corrupt data is refused too."""
    check = check_image(data, limits.policy)
    if check.ok:
        return data
    w, h, fmt = check.width, check.height, check.format
    if check.reason == "too_large":
        raise ImageError(f"image is {len(data)} bytes, above the limit of {limits.max_bytes}", "image_too_large")
    if check.reason == "decompression_bomb" and not w:  # past Pillow's own cap (2x89 Mpx), refused in open()
        raise ImageError("image is too large to decode", "image_too_large")
    if check.reason == "decompression_bomb":
        cap = limits.header_cap(fmt)
        hint = "" if fmt in ("JPEG", "MPO") else f"; a JPEG may have up to {limits.header_cap('JPEG')}"
        raise ImageError(f"image is {w}x{h} pixels, above the limit of {cap} for {fmt}{hint}", "image_too_large")
    if check.reason == "bad_aspect":
        raise ImageError(f"image is {w}x{h} pixels: its sides differ by more than {MAX_ASPECT}:1")
    # empty, svg, not_image, bad_format, corrupt header: no accepted format recognised the bytes
    raise ImageError(f"image data is not an image of an accepted format ({', '.join(sorted(FORMATS))})")


@cache
def _image_pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(IMAGE_THREADS, thread_name_prefix="image")


async def prepare(data: bytes, limits: ImageLimits, processor=None) -> PreparedImage:
    """Decode a checked image in the image pool (off the event loop and the engine's thread):
    reduced decode, RGB, the pixel budget and, with a processor, its patches. ImageError if corrupt."""

    def run() -> PreparedImage:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                return prepare_image(data, limits.max_pixels, processor, max_decode_pixels=limits.max_decode_pixels)
        except ImageTooLarge as e:
            raise ImageError(str(e), "image_too_large") from None
        except Exception as e:  # noqa: BLE001 - truncated or corrupt data: the client's bad image
            log.info("image decode failed: %s: %s", type(e).__name__, e, exc_info=True)
            raise ImageError("image data could not be decoded (truncated or corrupt)") from None

    return await asyncio.get_running_loop().run_in_executor(_image_pool(), run)


def decode_data_url(url: str, limits: ImageLimits) -> bytes:
    mime = media_type(url[:200])
    if not mime.startswith("image/"):
        raise ImageError(f"data: URL has media type {mime!r}; only image/* is accepted")
    try:  # an oversize payload is refused before it is decoded
        _, data = parse_data_url(url, limits.max_bytes, base64_only=True)
    except DataUrlError as e:
        if e.code == "too_large":
            raise ImageError(f"image is larger than the limit of {limits.max_bytes} bytes", "image_too_large") from None
        raise ImageError(f"bad data: URL: {e}") from None
    return require_image(data, limits)


@cache
def _dns_pool() -> ThreadPoolExecutor:
    """Lookups of image URLs' hosts get threads of their own: a lookup outlives the request's
    timeout by the resolver's (10-30 s), and a burst of slow ones on the loop's shared pool
    would queue every image decode behind them."""
    return ThreadPoolExecutor(DNS_THREADS, thread_name_prefix="dns")


def resolve_checked(host: str, port: int, allow_private: bool) -> list[str]:
    """Addresses of `host`; ImageError if any of them is not public (unless allowed)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as e:
        raise ImageError(f"image URL host {host!r} does not resolve: {e}", "image_fetch_failed") from None
    addrs = list(dict.fromkeys(info[4][0].split("%")[0] for info in infos))
    if not allow_private:
        for a in addrs:
            if not is_public(a):
                raise ImageError(
                    f"image URL host {host!r} resolves to {a}, a private or local address; refused",
                    "image_url_forbidden",
                )
    return addrs


def _split(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImageError(f"image URL must be http(s) with a host, got {url[:100]!r}", "invalid_image_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ImageError(f"image URL has a bad port: {url[:100]!r}", "invalid_image_url") from None
    return parts.scheme, parts.hostname, port


async def fetch_image(url: str, limits: ImageLimits) -> bytes:
    """GET an image over http(s) with address checks, a size cap and a total timeout."""
    import httpx

    if not limits.allow_urls:
        raise ImageError("image URLs are disabled on this server; send the image as a data: URL", "image_url_forbidden")

    async def get(client, url: str, ip: str, host: str, port: int, scheme: str) -> bytes | str:
        """The body, or the next URL of a redirect; connects to `ip`, the address just checked."""
        target = urlsplit(url)._replace(netloc=f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}").geturl()
        default_port = port == (443 if scheme == "https" else 80)
        headers = {"Host": host if default_port else f"{host}:{port}", "Accept": "image/*"}
        # Host header and TLS name (SNI, certificate check) stay the original host
        async with client.stream("GET", target, headers=headers, extensions={"sni_hostname": host}) as r:
            if r.is_redirect and "location" in r.headers:
                return urljoin(url, r.headers["location"])
            if r.status_code != 200:
                raise ImageError(f"image URL answered HTTP {r.status_code}", "image_fetch_failed")
            too_big = ImageError(f"image is larger than the limit of {limits.max_bytes} bytes", "image_too_large")
            if int(r.headers.get("content-length") or 0) > limits.max_bytes:
                raise too_big
            buf = bytearray()
            async for chunk in r.aiter_bytes():
                buf += chunk
                if len(buf) > limits.max_bytes:
                    raise too_big
            return bytes(buf)

    async def go(url: str) -> bytes:
        # trust_env=False: an HTTP proxy from the environment would undo the address pinning
        async with httpx.AsyncClient(follow_redirects=False, timeout=limits.fetch_timeout_s, trust_env=False) as client:
            for _ in range(MAX_REDIRECTS + 1):  # every hop is checked again
                scheme, host, port = _split(url)
                try:
                    addrs = await asyncio.get_running_loop().run_in_executor(
                        _dns_pool(), resolve_checked, host, port, limits.allow_private
                    )
                except ImageError as e:  # its message names the addresses DNS gave: log them, tell less
                    log.info("image URL refused: %s", e.message)
                    what = (
                        "resolves to a private or local address"
                        if e.code == "image_url_forbidden"
                        else "does not resolve"
                    )
                    raise ImageError(f"image URL host {host[:100]!r} {what}; refused", e.code) from None
                for i, ip in enumerate(addrs):  # e.g. localhost: ::1 refused, 127.0.0.1 listens
                    try:
                        out = await get(client, url, ip, host, port, scheme)
                        break
                    except httpx.ConnectError:
                        if i == len(addrs) - 1:
                            raise
                if isinstance(out, bytes):
                    return out
                url = out
            raise ImageError(f"image URL redirected more than {MAX_REDIRECTS} times", "image_fetch_failed")

    try:
        data = await asyncio.wait_for(go(url), limits.fetch_timeout_s)
    except ImageError:
        raise
    except TimeoutError:
        raise ImageError(f"image URL took longer than {limits.fetch_timeout_s:g}s", "image_fetch_failed") from None
    except Exception as e:  # network errors of every kind are the client's bad URL, not our 500
        log.info("image URL fetch failed: %s: %s", type(e).__name__, e)  # may name internal hosts: log only
        raise ImageError(f"image URL could not be fetched ({type(e).__name__})", "image_fetch_failed") from None
    return await asyncio.to_thread(require_image, data, limits)


async def load_images(urls: list[str], limits: ImageLimits) -> list[bytes]:
    """All images of a request, in order; ImageError on the first bad one or too many."""
    if len(urls) > limits.max_images:
        raise ImageError(
            f"{len(urls)} images in the request; at most {limits.max_images} are accepted", "too_many_images"
        )
    out = []
    for url in urls:
        if url.startswith("data:"):
            out.append(await asyncio.to_thread(decode_data_url, url, limits))
        elif url.startswith(("http://", "https://")):
            out.append(await fetch_image(url, limits))
        else:
            raise ImageError(f"image_url must be a data: URL or http(s) URL, got {url[:40]!r}", "invalid_image_url")
    return out
