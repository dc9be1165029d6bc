"""Build the demo website: static files under one folder, deterministic from a seed.

Layout (site paths; files live under `root` at the same relative paths):
    /robots.txt                       disallows /private/
    /index.html                       links to every language
    /{lang}/index.html                links to the language's article pages
    /{lang}/page-{k}.html             about five images each, prev/next links
    /img/{lang}/{nnn}.{jpg,png,webp}  content images ({nnn}@2x.* for srcset, .webp+.jpg for <picture>)
    /img/{lang}/logo.svg              vector logo with an alt-text: must be skipped
    /px/pixel.gif, /px/{lang}-beacon.png   1x1 tracking pixels: must be skipped
    /private/secret.html, /private/img/*   linked from every page, forbidden by robots.txt
The Russian site's last article page is encoded in windows-1251, as older sites are.
"""

from __future__ import annotations

import logging
import math
import random
import shutil
from collections.abc import Sequence
from pathlib import Path

from mella_ray.demo_site import images, markup
from mella_ray.demo_site.manifest import DemoImage, LangManifest, SiteManifest
from mella_ray.demo_site.pages import PRIVATE_PAGE, article_page, build_private_page, language_index, root_index
from mella_ray.demo_site.phrases import PHRASE_LANGS, PhraseBank, load_phrase_bank

log = logging.getLogger(__name__)

DEFAULT_LANGS = PHRASE_LANGS
IMAGES_PER_PAGE = 5
POOL_SHARE = 0.2  # share of content images whose alt is missing, empty or junk
LEGACY_CHARSET = "windows-1251"
LEGACY_CHARSET_LANG = "ru"
ROBOTS_DISALLOW = "/private/"
# Present in a folder that build_site made; without it, a non-empty folder is refused
# rather than wiped, so a wrong --root cannot delete someone's files.
SITE_MARKER = ".mella-demo-site"


def build_site(
    root: Path | str,
    images_per_lang: int = 30,
    seed: int = 0,
    langs: Sequence[str] = DEFAULT_LANGS,
) -> SiteManifest:
    """Write the site under `root` (replacing an earlier build there) and describe it."""
    if images_per_lang < 1:
        raise ValueError(f"images_per_lang must be at least 1, got {images_per_lang}")
    langs = tuple(dict.fromkeys(langs))
    if not langs:
        raise ValueError("langs must name at least one language")
    banks = [load_phrase_bank(lang) for lang in langs]

    files: dict[str, bytes] = {}
    lang_manifests = {bank.lang: _build_language(bank, images_per_lang, seed, files) for bank in banks}
    private_images = build_private_page(banks, seed, files)
    files["/robots.txt"] = f"User-agent: *\nDisallow: {ROBOTS_DISALLOW}\n".encode("ascii")
    files["/index.html"] = root_index(banks).encode("utf-8")
    files["/px/pixel.gif"] = images.tracking_pixel("GIF")

    root = Path(root)
    _prepare_root(root)
    for site_path in sorted(files):
        target = root / site_path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[site_path])
    legacy = {}
    if LEGACY_CHARSET_LANG in lang_manifests:
        legacy[lang_manifests[LEGACY_CHARSET_LANG].pages[-1]] = LEGACY_CHARSET
    manifest = SiteManifest(
        root=root,
        seed=seed,
        images_per_lang=images_per_lang,
        langs=lang_manifests,
        robots_disallow=[ROBOTS_DISALLOW],
        private_pages=[PRIVATE_PAGE],
        private_images=private_images,
        legacy_charset_pages=legacy,
        files=sorted(files),
    )
    log.info(
        "demo site built at %s: %d languages, %d files, %d images with alt, %d pool images",
        root,
        len(langs),
        len(files),
        manifest.know_count,
        manifest.pool_count,
    )
    return manifest


def _prepare_root(root: Path) -> None:
    if root.exists():
        entries = list(root.iterdir())
        if entries and not (root / SITE_MARKER).exists():
            raise FileExistsError(f"{root} is not empty and holds no demo site; choose an empty folder")
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    root.mkdir(parents=True, exist_ok=True)
    (root / SITE_MARKER).write_text("mella_ray demo site; rebuilt by build_site\n", encoding="ascii")


def _build_language(bank: PhraseBank, count: int, seed: int, files: dict[str, bytes]) -> LangManifest:
    lang = bank.lang
    # One stream per language: adding a language does not change the others.
    rng = random.Random(f"mella-demo-site:{seed}:{lang}")
    pool_indices = set(rng.sample(range(count), round(count * POOL_SHARE)))
    alts = iter(bank.compose_unique(rng, count - len(pool_indices)))
    know_markups = list(markup.KNOW_MARKUPS)
    rng.shuffle(know_markups)

    page_count = math.ceil(count / IMAGES_PER_PAGE)
    pages = [f"/{lang}/page-{k}.html" for k in range(1, page_count + 1)]
    elements: dict[str, list[str]] = {page: [] for page in pages}
    demo_images: list[DemoImage] = []
    know_seen = 0
    for index in range(count):
        page = pages[index // IMAGES_PER_PAGE]
        if index in pool_indices:
            kind, alt = rng.choice(markup.POOL_MARKUPS), None
            raw_alt = rng.choice((None, "", bank.junk_alt(rng)))
            scene = images.random_scene(rng)
        else:
            kind = know_markups[know_seen % len(know_markups)]
            alt, meaning = next(alts)
            raw_alt = alt
            know_seen += 1
            scene = images.meaning_scene(meaning, rng)  # the picture shows what its alt-text names
        image, element = _build_image(lang, index, page, kind, alt, raw_alt, scene, rng, files)
        demo_images.append(image)
        elements[page].append(element)

    logo = f"/img/{lang}/logo.svg"
    beacon = f"/px/{lang}-beacon.png"
    files[logo] = images.svg_logo(bank.site_name, rng)
    files[beacon] = images.tracking_pixel("PNG")
    index_page = f"/{lang}/index.html"
    files[index_page] = language_index(bank, pages, logo, beacon, rng).encode("utf-8")
    for number, page in enumerate(pages, start=1):
        charset = LEGACY_CHARSET if lang == LEGACY_CHARSET_LANG and number == page_count else "utf-8"
        html = article_page(bank, pages, number, elements[page], logo, charset, rng)
        # Strict encoding: a phrase the legacy charset cannot hold is a bank error to fix.
        files[page] = html.encode(charset)

    return LangManifest(
        lang=lang,
        html_lang=bank.html_lang,
        index_page=index_page,
        pages=pages,
        know_count=sum(image.alt is not None for image in demo_images),
        pool_count=sum(image.alt is None for image in demo_images),
        expected_alts=[image.alt for image in demo_images if image.alt is not None],
        images=demo_images,
        skip_paths=[logo, beacon, "/px/pixel.gif"],
    )


def _build_image(
    lang: str,
    index: int,
    page: str,
    kind: str,
    alt: str | None,
    raw_alt: str | None,
    scene: images.Scene,
    rng: random.Random,
    files: dict[str, bytes],
) -> tuple[DemoImage, str]:
    """Draw one picture, store its candidate files, return its record and HTML."""
    stem = f"/img/{lang}/{index:03d}"
    if kind in ("srcset-x", "srcset-w"):
        # The 2x candidate is the same scene drawn twice as large: a distinct, bigger file.
        small = images.random_size(rng, images.MIN_SIDE, images.MAX_SIDE // 2)
        large = (small[0] * 2, small[1] * 2)
        image_format = images.random_format(rng)
        ext = images.EXTENSIONS[image_format]
        paths = (f"{stem}@2x.{ext}", f"{stem}.{ext}")
        files[paths[0]] = images.encode(images.render(scene, large), image_format)
        files[paths[1]] = images.encode(images.render(scene, small), image_format)
        displayed, best_size = small, large
    elif kind == "picture":
        size = images.random_size(rng)
        picture = images.render(scene, size)
        paths = (f"{stem}.webp", f"{stem}.jpg")
        files[paths[0]] = images.encode(picture, "WEBP")
        files[paths[1]] = images.encode(picture, "JPEG")
        image_format, displayed, best_size = "WEBP", size, size
    else:
        size = images.random_size(rng)
        image_format = images.random_format(rng)
        paths = (f"{stem}.{images.EXTENSIONS[image_format]}",)
        files[paths[0]] = images.encode(images.render(scene, size), image_format)
        displayed, best_size = size, size
    record = DemoImage(
        lang=lang,
        page=page,
        markup=kind,
        paths=paths,
        width=best_size[0],
        height=best_size[1],
        format=image_format,
        alt=alt,
        raw_alt=raw_alt,
    )
    return record, markup.image_element(kind, paths, displayed, raw_alt)
