"""Deterministic pictures for the demo site, drawn with Pillow.

A picture is first described as a `Scene` in unit coordinates and only then rendered,
so the same scene can be drawn at 1x and 2x: the srcset candidates of one <img> show
the same picture at different sizes, as on real sites, while being distinct files.

Pictures with an alt-text carry its meaning (`meaning_scene`): every subject of a phrase bank
has a visual signature (a large central shape of its own kind and colour), every place a sky
and ground of its own colours, every action a sun of its own colour and corner, every detail
a frame of its own colour, and every site's culture a band of three colours along the bottom
(a Czech dish does not look like a Thai one); position, size and a little clutter vary from
picture to picture.
A model can therefore learn what the alt-text says from the pixels, as the recipe assumes.
Pool pictures (no alt-text) stay random.
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


# 16 well-separated colours: subjects take colour index s, places 2p/2p+1, the rest a rotation.
PALETTE: tuple[Colour, ...] = (
    (230, 25, 75),
    (60, 180, 75),
    (255, 225, 25),
    (0, 130, 200),
    (245, 130, 48),
    (145, 30, 180),
    (70, 240, 240),
    (240, 50, 230),
    (210, 245, 60),
    (250, 190, 212),
    (0, 128, 128),
    (220, 190, 255),
    (170, 110, 40),
    (255, 250, 200),
    (128, 0, 0),
    (0, 0, 128),
)
SUBJECT_KINDS = ("ellipse", "rectangle", "triangle", "diamond")


@dataclass(frozen=True)
class Meaning:
    """What an alt-text names, as indices into its phrase bank's lists (None: not named)."""

    subject: int
    culture: int = 0  # the phrase bank's index among the languages: the band's colours
    place: int | None = None
    action: int | None = None
    detail: int | None = None


def _pick(index: int, offset: int = 0) -> Colour:
    return PALETTE[(index + offset) % len(PALETTE)]


def _subject_shape(index: int, rng: random.Random) -> Shape:
    cx, cy = 0.5 + rng.uniform(-0.1, 0.1), 0.55 + rng.uniform(-0.08, 0.08)
    half = rng.uniform(0.22, 0.3)
    kind = SUBJECT_KINDS[index % len(SUBJECT_KINDS)]
    if kind in ("ellipse", "rectangle"):
        points = ((cx - half, cy - half), (cx + half, cy + half))
    elif kind == "triangle":
        points = ((cx, cy - half), (cx + half, cy + half), (cx - half, cy + half))
        kind = "polygon"
    else:
        points = ((cx, cy - half), (cx + half, cy), (cx, cy + half), (cx - half, cy))
        kind = "polygon"
    # index // 4 picks among colours far apart in the palette, so kind and colour together are unique
    return Shape(kind, points, _pick(index * 5), 0.02)


def meaning_scene(meaning: Meaning, rng: random.Random) -> Scene:
    """The picture of `meaning` (see the module docstring), with per-picture variation."""
    place = meaning.place if meaning.place is not None else 15
    shapes: list[Shape] = [Shape("rectangle", ((0.0, 0.7), (1.0, 1.0)), _pick(place * 2 + 1), 0.01)]  # ground
    for _ in range(rng.randint(1, 3)):  # clutter: small, random, never near the signature's size
        x, y, r = rng.random(), rng.random(), rng.uniform(0.02, 0.05)
        shapes.append(Shape("ellipse", ((x - r, y - r), (x + r, y + r)), _colour(rng), 0.01))
    if meaning.action is not None:
        x = 0.15 if meaning.action % 2 else 0.85
        shapes.append(Shape("ellipse", ((x - 0.09, 0.06), (x + 0.09, 0.24)), _pick(meaning.action, 3), 0.01))
    # the culture's band: a fifth of the height, so it fills whole 14-px patches even at 112 px
    band = [_pick(meaning.culture * 3 + k, 1) for k in range(3)]
    shapes += [Shape("rectangle", ((k / 3, 0.8), ((k + 1) / 3, 1.0)), band[k], 0.01) for k in range(3)]
    shapes.append(_subject_shape(meaning.subject, rng))
    if meaning.detail is not None:
        w = 0.03
        colour = _pick(meaning.detail, 7)
        shapes += [Shape("line", ((0, y), (1, y)), colour, w) for y in (0.0, 1.0)]
        shapes += [Shape("line", ((x, 0), (x, 1)), colour, w) for x in (0.0, 1.0)]
    return Scene(top=_pick(place * 2), bottom=_pick(place * 2 + 1), shapes=tuple(shapes))


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
    fill = "#{:02x}{:02x}{:02x}".format(*_colour(rng))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="48" viewBox="0 0 160 48">\n'
        f'  <rect width="160" height="48" rx="8" fill="{fill}"/>\n'
        f'  <text x="80" y="30" font-size="14" text-anchor="middle" fill="#ffffff">{escape(text)}</text>\n'
        "</svg>\n"
    )
    return svg.encode("utf-8")
