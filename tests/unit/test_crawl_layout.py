"""Layout (crawl/layout.py): a picture in the site's chrome around the story (navigation,
sidebar, related items, partners strip, the site's header and footer) is the site's, not the
page's; the same picture and alt in the story itself is the page's content."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_one_site import crawl_one_site  # noqa: E402
from crawl_servers import static  # noqa: E402

from mella_ray.crawl.extract import extract  # noqa: E402
from mella_ray.crawl.layout import REASON  # noqa: E402

PAGE = "http://obchod.example/produkt/1"
ALT = "Kytice růží a eukalyptu v kraftovém papíře"


def _region(body: str) -> str | None:
    html = f'<html lang="cs"><head><title>Květiny</title></head><body>{body}</body></html>'
    (image,) = extract(html.encode(), PAGE).images
    return image.region


@pytest.mark.parametrize(
    ("body", "region"),
    [
        (f'<nav class="main"><ul><li><img src="/i/a.jpg" alt="{ALT}"></li></ul></nav>', "nav"),
        (f'<div id="secondary" class="widget-area"><img src="/i/a.jpg" alt="{ALT}"></div>', "sidebar"),
        (f'<aside><div><img src="/i/a.jpg" alt="{ALT}"></div></aside>', "aside"),
        # WooCommerce's related and cross-sell strips; inside the product's <main> too
        (
            f'<main><section class="related products"><a href="/p/2"><img src="/i/a.jpg" alt="{ALT}"></a></section></main>',
            "related",
        ),
        (f'<div class="cross-sells"><a href="/p/2"><img src="/i/a.jpg" alt="{ALT}"></a></div>', "related"),
        (f'<div class="upsells"><a href="/p/3"><img src="/i/a.jpg" alt="{ALT}"></a></div>', "related"),
        # a WordPress sidebar's image widget
        (
            f'<section id="media_image-2" class="widget widget_media_image"><img src="/i/a.jpg" alt="{ALT}"></section>',
            "sidebar",
        ),
        (f'<footer class="site-footer"><img src="/i/a.jpg" alt="{ALT}"></footer>', "footer"),
        (f'<div id="footer_bottom"><img src="/i/a.jpg" alt="{ALT}"></div>', "footer"),
        (f'<header id="masthead"><img src="/i/a.jpg" alt="{ALT}"></header>', "header"),
        (f'<div class="partners-logos"><img src="/i/a.jpg" alt="{ALT}"></div>', "partners"),
        (f'<ol class="breadcrumbs"><li><img src="/i/a.jpg" alt="{ALT}"></li></ol>', "nav"),
        (f'<ul id="main-menu"><li class="menu-item"><img src="/i/a.jpg" alt="{ALT}"></li></ul>', "nav"),
    ],
)
def test_a_picture_in_the_sites_chrome_has_its_region(body, region):
    assert _region(body) == region


@pytest.mark.parametrize(
    "body",
    [
        f'<img src="/i/a.jpg" alt="{ALT}">',
        f'<div class="entry-content"><p><img src="/i/a.jpg" alt="{ALT}"></p></div>',
        # an article's own header (a featured image) and footer are the article's
        f'<article><header class="entry-header"><img src="/i/a.jpg" alt="{ALT}"></header></article>',
        f'<main><article><footer><figure><img src="/i/a.jpg" alt="{ALT}"></figure></footer></article></main>',
        # words that only contain a region's name are not it
        f'<div class="menuitem-gallery headerless"><img src="/i/a.jpg" alt="{ALT}"></div>',
        f'<div class="product-gallery swiper"><img src="/i/a.jpg" alt="{ALT}"></div>',
        f'<section class="food-menu"><div><img src="/i/a.jpg" alt="{ALT}"></div></section>',
        # page builders name content blocks after their kinds: Elementor's image widget is content
        f'<div class="elementor-element elementor-widget elementor-widget-image"><img src="/i/a.jpg" alt="{ALT}"></div>',
        f'<div class="et_pb_module et_pb_image et_pb_sidebar_0"><img src="/i/a.jpg" alt="{ALT}"></div>',
        # a theme's "related" block of the story's own pictures, none of them a link
        f'<div class="related"><img src="/i/a.jpg" alt="{ALT}"></div>',
    ],
)
def test_a_picture_in_the_story_is_content(body):
    assert _region(body) is None


def test_a_strong_region_inside_an_article_is_still_chrome():
    body = f'<article><p>Text</p><div class="related-posts"><a href="/p/9"><img src="/i/a.jpg" alt="{ALT}"></a></div></article>'
    assert _region(body) == "related"


def _crawl(tmp_path, routes: dict) -> tuple[list[str], list[str]]:
    """(D_know's alts, sorted; the errors of the texts refused as alt_layout)."""
    know, refused = crawl_one_site(tmp_path, routes, REASON, "shop")
    return sorted(know), refused


def test_the_crawl_keeps_the_storys_picture_and_refuses_the_chromes(tmp_path):
    story = "Kytice bílých tulipánů na dřevěném stole u okna"
    related = "Svatební kytice z pivoněk a růží v pastelových barvách"
    partner = "Logo dodavatele řezaných květin pro celou republiku"
    page = (
        '<html lang="cs"><body><main><article><h1>Tulipány</h1>'
        f'<img src="/foto/1.jpg" alt="{story}">'
        f'<section class="related products"><a href="/p/2"><img src="/foto/2.jpg" alt="{related}"></a></section>'
        f'</article></main><footer><img src="/foto/3.jpg" alt="{partner}"></footer></body></html>'
    )
    routes = {"/": static(page)} | {f"/foto/{i}.jpg": static(picture(7000 + i), "image/jpeg") for i in (1, 2, 3)}
    know, refused = _crawl(tmp_path, routes)
    assert know == [story]
    assert sorted(refused) == sorted([f"related: {related}", f"footer: {partner}"])


def test_a_picture_in_chrome_on_one_page_and_in_the_story_on_another_keeps_the_storys_alt(tmp_path):
    alt = "Pivoňky v keramické váze na parapetu zahradního domku"
    front = (
        f'<html lang="cs"><body><aside><a href="/clanek"><img src="/foto/1.jpg" alt="{alt}"></a></aside></body></html>'
    )
    story = (
        f'<html lang="cs"><body><article><h1>Pivoňky</h1><img src="/foto/1.jpg" alt="{alt}"></article></body></html>'
    )
    routes = {"/": static(front), "/clanek": static(story), "/foto/1.jpg": static(picture(7100), "image/jpeg")}
    know, refused = _crawl(tmp_path, routes)
    assert know == [alt]
    assert refused == [f"aside: {alt}"]
