"""The one image check (infer/image_check.py): the crawl and the API call the same function with
their own policy, so the same bytes can pass one and not the other, for the reason its policy says."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from mella_ray import failures
from mella_ray.crawl import images as crawl_images
from mella_ray.infer.image_check import ImagePolicy, check_image
from mella_ray.serve import images as serve_images
from mella_ray.serve.images import ImageError, ImageLimits, require_image


def encode(img: Image.Image, fmt: str = "JPEG") -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt)
    return buf.getvalue()


def test_both_callers_go_through_the_one_check(monkeypatch):
    seen: list[ImagePolicy] = []

    def spy(data, policy, content_type=None):
        seen.append(policy)
        return check_image(data, policy, content_type)

    monkeypatch.setattr(crawl_images, "check_by_policy", spy)
    monkeypatch.setattr(serve_images, "check_image", spy)
    data = encode(Image.new("RGB", (200, 150), (10, 120, 40)))
    assert crawl_images.check_crawled_image(data).ok and require_image(data, ImageLimits()) == data
    crawl, api = seen
    assert (crawl.decode, crawl.with_phash, crawl.refuse_tracking_pixels) == (True, True, True)
    assert (api.decode, api.max_bytes, api.pixel_cap("JPEG") > api.pixel_cap("PNG")) == (False, 10_000_000, True)


def test_the_same_bytes_judged_by_each_policy():
    beacon = encode(Image.new("RGB", (1, 1)), "PNG")
    assert crawl_images.check_crawled_image(beacon).reason == "tracking_pixel"
    assert require_image(beacon, ImageLimits()) == beacon  # a tiny picture is still a question one may ask
    # a truncated JPEG: its header is fine (the API decodes later, in its image threads) but the crawl,
    # which decodes now, refuses it
    cut = encode(Image.effect_noise((300, 300), 60).convert("RGB"))[:2000]
    assert crawl_images.check_crawled_image(cut).reason == "corrupt"
    assert require_image(cut, ImageLimits()) == cut
    # the upload cap is the API's alone
    big = encode(Image.effect_noise((400, 400), 80).convert("RGB"), "PNG")
    assert crawl_images.check_crawled_image(big, max_aspect=3.0).ok
    with pytest.raises(ImageError, match="bytes, above the limit"):
        require_image(big, ImageLimits(max_bytes=len(big) - 1))


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "svg"),
        (b"<!doctype html><html>404</html>", "not_image"),
        (encode(Image.new("RGB", (16, 16)), "BMP"), "bad_format"),
        (encode(Image.new("RGB", (600, 100))), "bad_aspect"),
        (encode(Image.new("RGB", (3000, 3000))), "decompression_bomb"),
    ],
)
def test_every_refusal_is_a_crawl_reason_code(data, reason):
    policy = ImagePolicy(formats=("JPEG", "PNG"), max_pixels=1_000_000, max_aspect=3.0, min_side=8)
    got = check_image(data, policy)
    assert (got.ok, got.reason) == (False, reason) and failures.is_reason("crawl", got.reason)
