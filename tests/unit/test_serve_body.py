"""Request bodies bounded before parsing (serve.body): bytes, time, JSON values and depth."""

from __future__ import annotations

import asyncio
import base64
import json
import tracemalloc

import pytest

from mella_ray.serve.body import BodyLimits, check_body_shape, check_declared_length, read_body
from mella_ray.serve.protocol import ApiError

LIMITS = BodyLimits(
    max_text_bytes=4096, max_images=2, max_image_bytes=3000, max_elements=200, max_depth=8, timeout_s=0.3
)


def chat(text: str = "hi", n_images: int = 0, image_bytes: int = 2000) -> bytes:
    url = "data:image/png;base64," + base64.b64encode(b"\x89PNG" + b"x" * (image_bytes - 4)).decode()
    parts = [{"type": "image_url", "image_url": {"url": url}} for _ in range(n_images)]
    return json.dumps({"messages": [{"role": "user", "content": [*parts, {"type": "text", "text": text}]}]}).encode()


def refused(body: bytes, limits: BodyLimits = LIMITS) -> ApiError:
    with pytest.raises(ApiError) as e:
        check_body_shape(body, limits)
    return e.value


def test_a_normal_request_passes_and_images_do_not_count_as_text():
    check_body_shape(chat("Describe this picture, with {braces}, [brackets] and, commas."), LIMITS)
    body = chat(n_images=2)
    assert len(body) > LIMITS.max_text_bytes  # larger than the text budget, all of it image data
    check_body_shape(body, LIMITS)


def test_text_budget_is_separate_from_the_image_budget():
    e = refused(chat("x" * 5000))
    assert e.status == 413 and e.code == "request_too_large" and "serve.max_text_bytes" in e.message


def test_too_many_or_too_large_data_urls():
    assert refused(chat(n_images=3)).code == "too_many_images"
    assert refused(chat(n_images=1, image_bytes=4000)).code == "image_too_large"


def test_fifty_megabytes_of_empty_objects_cost_a_scan_not_objects():
    big = BodyLimits()  # the defaults: 256 KiB of text, 4 images of 10 MB
    body = b"{}" * 25_000_000
    assert len(body) < big.max_body_bytes  # within the byte cap: refused by the scan, not the cap
    tracemalloc.start()
    try:
        e = refused(body, big)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert e.status == 413 and "serve.max_text_bytes" in e.message
    assert peak < 1_000_000  # no copy of the body, no object per {}; json.loads would take > 1 GB


@pytest.mark.parametrize(
    "body,code",
    [
        (json.dumps({"messages": [{"role": "user", "content": "x"}], "junk": [0] * 300}).encode(), "too_many_elements"),
        (json.dumps({"junk": [{}] * 250}).encode(), "too_many_elements"),
        (b'{"a":' + b"[" * 9 + b"]" * 9 + b"}", "too_deep"),
        (b"[" * 3000, "too_many_elements"),
    ],
)
def test_elements_and_depth_are_counted_outside_strings(body, code):
    assert refused(body).code == code


def test_brackets_and_commas_inside_strings_do_not_count():
    check_body_shape(chat("[[[[[[[[[[{{{{{{{{{{" * 20 + ",,,,," * 100 + '\\"quoted [ {'), LIMITS)


def test_declared_length_over_the_cap_is_refused_before_reading():
    check_declared_length(str(LIMITS.max_body_bytes), LIMITS)
    with pytest.raises(ApiError) as e:
        check_declared_length(str(LIMITS.max_body_bytes + 1), LIMITS)
    assert e.value.status == 413


def test_read_body_caps_bytes_and_time():
    async def chunks(n: int, size: int, pause: float = 0.0):
        for _ in range(n):
            if pause:
                await asyncio.sleep(pause)
            yield b"x" * size

    assert asyncio.run(read_body(chunks(3, 10), LIMITS)) == b"x" * 30
    with pytest.raises(ApiError) as e:
        asyncio.run(read_body(chunks(100, 1000), LIMITS))
    assert e.value.status == 413
    with pytest.raises(ApiError) as e:
        asyncio.run(read_body(chunks(100, 1, pause=0.05), LIMITS))  # 5 s of trickle against 0.3 s
    assert e.value.status == 408 and e.value.code == "body_timeout"


@pytest.mark.timeout(60)  # the quadratic scan this guards against took minutes on this body
def test_unterminated_strings_are_scanned_in_linear_time():
    body = b'{"messages": "' + b'\\"' * 120_000  # 240 kB of escaped quotes, never closed
    check_body_shape(body, BodyLimits())  # within every limit; json.loads then refuses it
    with pytest.raises(ApiError) as e:
        check_body_shape(b"[" * 10 + b'"' + b'\\"' * 100_000, BodyLimits(max_elements=5))
    assert e.value.code == "too_many_elements"
