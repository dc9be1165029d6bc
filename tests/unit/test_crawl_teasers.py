"""Teasers (crawl/teasers.py): an image in a link to another page whose alt is that link's headline
names the story, not the picture; the same text beside a picture that links nowhere, or to itself,
or to its full-size file, is still the picture's alt."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

from crawl_fault_sites import picture  # noqa: E402
from crawl_one_site import crawl_one_site  # noqa: E402
from crawl_servers import static  # noqa: E402

from mella_ray.crawl.extract import extract  # noqa: E402
from mella_ray.crawl.teasers import HeadlineLinks, fold, title_head  # noqa: E402

PAGE = "http://zpravy.example/"


def _teasers(body: str, page: str = PAGE) -> dict[str, bool]:
    html = f'<html lang="cs"><head><title>Zprávy</title></head><body>{body}</body></html>'
    return {i.url.rsplit("/", 1)[1]: i.teaser for i in extract(html.encode(), page).images}


@pytest.mark.parametrize(
    "body",
    [
        # WordPress: the picture and the headline are two links to the story
        '<article><a href="/2025/reformy"><img src="/u/a.jpg" alt="Proč nám ujíždí vlak reforem"></a>'
        '<h2><a href="/2025/reformy">Proč nám ujíždí vlak reforem</a></h2></article>',
        # one link around both, the headline in a span; the alt's quotes and case do not matter
        '<a href="/novinky/42"><img src="/u/a.jpg" alt="«Pivní slavnosti 2025»"><span>Pivní Slavnosti 2025</span></a>',
        # a relative and an absolute href to the same page; the headline link elsewhere in the page
        '<div class="related"><a href="/blog/kamchatka/"><img src="/u/a.jpg" alt="Как я провела неделю на Камчатке"></a></div>'
        '<ul><li><a href="http://zpravy.example/blog/kamchatka/">Как я провела неделю на Камчатке</a></li></ul>',
        # Gnuboard: the headline link carries the query of the post
        '<a href="/bbs/board.php?bo_table=news&amp;wr_id=7"><img src="/data/a.jpg" alt="2025학년도 1학기 장학생 선발 안내"></a>'
        '<a href="/bbs/board.php?bo_table=news&wr_id=7">2025학년도 1학기 장학생 선발 안내</a>',
        # Joomla's blog layout: the intro image is no link, the headline beside it is
        '<div class="item"><img src="/images/a.jpg" alt="Nová sezóna začíná v dubnu">'
        '<h2><a href="/clanky/sezona.html">Nová sezóna začíná v dubnu</a></h2></div>',
    ],
)
def test_an_alt_that_is_the_headline_of_its_link_is_a_teaser(body):
    assert _teasers(body) == {"a.jpg": True}


@pytest.mark.parametrize(
    "body",
    [
        # no link: the picture's own page
        '<h1>Karlův most v mlze</h1><img src="/u/a.jpg" alt="Karlův most v mlze">',
        # a link to another page, with another text: a description the headline does not repeat
        '<a href="/clanek/9"><img src="/u/a.jpg" alt="Hasiči při zásahu u požáru skladu"></a>'
        '<a href="/clanek/9">Požár skladu v Kolíně</a>',
        # the headline links to another story than the picture
        '<a href="/clanek/9"><img src="/u/a.jpg" alt="Požár skladu v Kolíně"></a><a href="/clanek/10">Požár skladu v Kolíně</a>',
        # a link to the page itself (an anchor) and a link to the picture's full-size file
        '<a href="/#top"><img src="/u/a.jpg" alt="Vinobraní na Mělníku"></a><a href="/#top">Vinobraní na Mělníku</a>',
        # no link around the picture, and the link of the same text leads to this very page
        '<img src="/u/a.jpg" alt="Vinobraní na Mělníku"><a href="/">Vinobraní na Mělníku</a>',
    ],
)
def test_other_layouts_keep_the_alt(body):
    assert _teasers(body) == {"a.jpg": False}


def test_a_thumbnail_linking_its_picture_is_no_teaser():
    body = '<a href="/foto/velka.jpg"><img src="/foto/mala.jpg" alt="Vinobraní na Mělníku"></a><a href="/foto/velka.jpg">Vinobraní na Mělníku</a>'
    assert _teasers(body) == {"velka.jpg": False}


def test_fold_ignores_case_spacing_and_edge_punctuation():
    assert fold("  «Pivní   SLAVNOSTI 2025» … ") == "pivní slavnosti 2025"
    assert fold("Proč? Protože.") == "proč? protože"


def _crawl(tmp_path, routes: dict) -> tuple[list[str], list[str]]:
    """(D_know's alts, the texts refused as alt_link_text)."""
    return crawl_one_site(tmp_path, routes, "alt_link_text", "news")


HEADLINE = "Proč nám ujíždí vlak reforem"
PICTURE = static(picture(4242), "image/jpeg")


def _news(story_alt: str, headline_link: bool = True) -> dict:
    """A front page shows a story's picture as a teaser (with a headline link, or the picture alone);
    the story's page shows it again, not a link, with `story_alt`."""
    headline = f'<h2><a href="/clanek/1">{HEADLINE}</a></h2>' if headline_link else ""
    front = (
        f'<html lang="cs"><body><article><a href="/clanek/1"><img src="/foto/1.jpg" alt="{HEADLINE}"></a>'
        f"{headline}</article></body></html>"
    )
    story = (
        f'<html lang="cs"><head><title>{HEADLINE} | Deník</title></head><body><h1>{HEADLINE}</h1>'
        f'<img src="/foto/1.jpg" alt="{story_alt}"></body></html>'
    )
    return {"/": static(front), "/clanek/1": static(story), "/foto/1.jpg": PICTURE}


def test_the_crawl_refuses_the_teasers_headline_and_keeps_the_story_pages_description(tmp_path):
    described = "Ministr financí odpovídá novinářům před budovou vlády"
    know, refused = _crawl(tmp_path, _news(described))
    assert know == [described]
    assert refused == [HEADLINE]


@pytest.mark.parametrize("headline_link", [True, False])
def test_the_story_pages_copy_of_the_headline_goes_too(tmp_path, headline_link):
    # with no headline link beside the picture, the story page's heading tells
    know, refused = _crawl(tmp_path, _news(HEADLINE, headline_link))
    assert know == []  # the picture goes to the pool, to be captioned
    assert set(refused) == {HEADLINE}


def test_a_picture_linking_a_page_with_another_heading_keeps_its_alt(tmp_path):
    alt = "Hasiči při zásahu u požáru skladu v Kolíně"
    routes = _news("Požár skladu", headline_link=False)
    routes["/"] = static(
        f'<html lang="cs"><body><a href="/clanek/1"><img src="/foto/2.jpg" alt="{alt}"></a></body></html>'
    )
    routes["/foto/2.jpg"] = static(picture(4243), "image/jpeg")
    know, refused = _crawl(tmp_path, routes)
    assert alt in know and refused == []


def test_headline_links_either_order():
    links = HeadlineLinks()
    assert not links.link("http://a/story", "http://a/1.jpg", "Vlak reforem")  # page not crawled yet
    assert links.page(("http://a/story",), ["Vlak reforem", None]) == [("http://a/1.jpg", "Vlak reforem")]
    assert links.link("http://a/story", "http://a/2.jpg", "«Vlak reforem»")  # page known: at once
    assert not links.link("http://a/story", "http://a/3.jpg", "Jiný text")
    assert title_head("Vlak reforem | Deník") == "Vlak reforem" and title_head("Deník") == "Deník"


def test_a_related_strip_on_every_page_leaves_the_story_its_own_caption(tmp_path):
    """The story's picture in a related-posts strip on every page is the site's chrome there (its
    headline refused site-wide); the story page shows the same picture with a caption, which stays."""
    described = "Prodejna s osvětlenou výlohou a stolky před vchodem"
    strip = f'<aside class="related-posts"><a href="/clanek/1"><img src="/foto/1.jpg" alt="{HEADLINE}"></a></aside>'
    links = "".join(f'<a href="/a/{i}">Článek {i}</a>' for i in range(1, 5))
    routes = {
        "/": static(f'<html lang="cs"><body>{links}<a href="/clanek/1">{HEADLINE}</a>{strip}</body></html>'),
        "/clanek/1": static(
            f'<html lang="cs"><body><h1>{HEADLINE}</h1><img src="/foto/1.jpg" alt="{described}"></body></html>'
        ),
        "/foto/1.jpg": PICTURE,
    }
    for i in range(1, 5):
        photo = f'<img src="/foto/a{i}.jpg" alt="Fotografie z výletu číslo {i} na horách">'
        routes[f"/a/{i}"] = static(f'<html lang="cs"><body><h1>Článek {i}</h1>{photo}{strip}</body></html>')
        routes[f"/foto/a{i}.jpg"] = static(picture(4250 + i), "image/jpeg")
    know, _ = _crawl(tmp_path, routes)
    assert described in know and HEADLINE not in know


HEADER = '<header><a href="/">{name}</a><nav><a href="/galerie.html">Galerie</a></nav></header>'


@pytest.mark.parametrize(
    ("name", "alt", "logo"),
    [
        ("معرض الأصالة للسجاد اليدوي – عمّان", "معرض الأصالة للسجاد", True),  # the name before its separator, in part
        ("Pekárna U Zlatého klasu", "Pekárna U Zlatého klasu", True),  # the whole name
        ("Pekárna U Zlatého klasu", "pekárna u zlatého klasu!", True),
        ("Hrad Karlštejn – průvodce", "Hrad Karlštejn v zimě pod sněhem", False),  # a caption that names the place
        ("Pekárna U Zlatého klasu", "Pekárna", False),  # one word: the alt filter judges it
        ("Pekárna U Zlatého klasu", "Čerstvé rohlíky z pekárny", False),
    ],
)
def test_an_alt_that_is_the_sites_name_in_its_link_home_is_a_logo(name, alt, logo):
    """On the home page too, where the link home leads to the page itself (no teaser of another page)."""
    for url in ("http://pekarna.example/", "http://pekarna.example/o-nas.html"):
        html = f'<html><body>{HEADER.format(name=name)}<p>Text.</p><img src="/logo.png" alt="{alt}"></body></html>'
        (ref,) = extract(html.encode(), url).images
        assert ref.home_link is logo
