"""Deterministic pictures for the demo site, drawn with Pillow.

A picture is first described as a `Scene` in unit coordinates and only then rendered,
so the same scene can be drawn at 1x and 2x: the srcset candidates of one <img> show
the same picture at different sizes, as on real sites, while being distinct files.
"""
from __future__ import annotations

import io
import random
from dataclasses import dataclass
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

MIN_SIDE = 96
MAX_SIDE = 320
MAX_ASPECT = 3.0  # exclusive: crawlers reject banners and strips at 3:1 and beyond

# The formats content images come in, with how often each is drawn.
CONTENT_FORMATS = (("JPEG", 0.6), ("PNG", 0.2), ("WEBP", 0.2))
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

Colour = tuple[int, int, int]


@dataclass(frozen=True)
class Shape:
    kind: str  # "ellipse", "rectangle", "polygon" or "line"
    points: tuple[tuple[float, float], ...]  # unit coordinates, 0..1 on both axes
    colour: Colour
    width: float  # line width as a share of the shorter side


@dataclass(frozen=True)
class Scene:
    top: Colour
    bottom: Colour
    shapes: tuple[Shape, ...]


def _colour(rng: random.Random) -> Colour:
    return (rng.randrange(256), rng.randrange(256), rng.randrange(256))


def random_scene(rng: random.Random) -> Scene:
    """A sky-to-ground gradient with a handful of random shapes on it."""
    shapes = []
    for _ in range(rng.randint(3, 9)):
        kind = rng.choice(("ellipse", "rectangle", "polygon", "line"))
        count = rng.randint(3, 6) if kind == "polygon" else 2
        points = tuple((rng.random(), rng.random()) for _ in range(count))
        shapes.append(Shape(kind, points, _colour(rng), rng.uniform(0.01, 0.05)))
    return Scene(top=_colour(rng), bottom=_colour(rng), shapes=tuple(shapes))


def random_size(rng: random.Random, low: int = MIN_SIDE, high: int = MAX_SIDE) -> tuple[int, int]:
    """(width, height) with both sides in [low, high] and an aspect ratio under 3:1."""
    while True:
        width, height = rng.randint(low, high), rng.randint(low, high)
        if max(width, height) / min(width, height) < MAX_ASPECT:
            return width, height


def random_format(rng: random.Random) -> str:
    formats = [name for name, _ in CONTENT_FORMATS]
    weights = [weight for _, weight in CONTENT_FORMATS]
    return rng.choices(formats, weights=weights)[0]


def render(scene: Scene, size: tuple[int, int]) -> Image.Image:
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for row in range(height):
        t = row / max(height - 1, 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(scene.top, scene.bottom))
        draw.line([(0, row), (width, row)], fill=colour)
    short_side = min(width, height)
    for shape in scene.shapes:
        pixels = [(x * (width - 1), y * (height - 1)) for x, y in shape.points]
        line_width = max(1, round(shape.width * short_side))
        if shape.kind in ("ellipse", "rectangle"):
            (x0, y0), (x1, y1) = pixels
            box = [min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)]
            getattr(draw, shape.kind)(box, fill=shape.colour)
        elif shape.kind == "polygon":
            draw.polygon(pixels, fill=shape.colour)
        else:
            draw.line(pixels, fill=shape.colour, width=line_width)
    return image


def encode(image: Image.Image, image_format: str) -> bytes:
    """Encode with fixed settings and no metadata, so equal pixels give equal bytes."""
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=85, optimize=False, progressive=False)
    elif image_format == "PNG":
        image.save(buffer, "PNG", optimize=False, compress_level=6)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=80, method=4)
    elif image_format == "GIF":
        image.save(buffer, "GIF")
    else:
        raise ValueError(f"unsupported demo image format {image_format!r}")
    return buffer.getvalue()


def tracking_pixel(image_format: str) -> bytes:
    """A 1x1 image as analytics beacons use; crawlers must skip it by size."""
    if image_format == "GIF":
        return encode(Image.new("P", (1, 1), 0), "GIF")
    return encode(Image.new("RGB", (1, 1), (255, 255, 255)), image_format)


def svg_logo(text: str, rng: random.Random) -> bytes:
    """A small vector logo; crawlers keep raster images only, so it must be skipped."""
    fill = "#%02x%02x%02x" % _colour(rng)
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48">\n'
        f'  <rect width="160" height="48" rx="8" fill="{fill}"/>\n'
        f'  <text x="80" y="30" font-size="14" text-anchor="middle" fill="#ffffff">{escape(text)}</text>\n'
        "</svg>\n"
    )
    return svg.encode("utf-8")
