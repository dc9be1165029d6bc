"""The demo website: deterministic build, the ground truth it reports, and the server."""

from __future__ import annotations

import urllib.error
import urllib.request
import urllib.robotparser
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from PIL import Image

from mella_ray.demo_site import BASE_URL_TOKEN, DEFAULT_LANGS, DemoSite, build_site, serve_site
from mella_ray.demo_site.generate import LEGACY_CHARSET

IMAGES_PER_LANG = 12
# Never go through a proxy that the environment may name: the site is on loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


class _ImageRefs(HTMLParser):
    """Every image URL a page references, and the alt attribute of every <img>."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.alts: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "img":
            self.alts.append(values.get("alt"))
        if tag not in ("img", "source"):
            return
        for key in ("src", "data-src"):
            if values.get(key) and not values[key].startswith("data:"):
                self.urls.append(values[key])
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    return build_site(root, images_per_lang=IMAGES_PER_LANG, seed=0)


def test_same_seed_gives_identical_bytes_and_another_seed_differs(tmp_path):
    first = _tree(build_site(tmp_path / "a", images_per_lang=6, seed=7).root)
    second = _tree(build_site(tmp_path / "b", images_per_lang=6, seed=7).root)
    other = _tree(build_site(tmp_path / "c", images_per_lang=6, seed=8).root)
    assert first == second
    pages = {path for path in first if path.endswith(".html")}
    assert pages == {path for path in other if path.endswith(".html")}  # same pages...
    assert any(first[page] != other[page] for page in pages)  # ...other alt-texts
    shared_images = [path for path in first if path.startswith("img/") and path in other]
    assert any(first[path] != other[path] for path in shared_images)  # ...other pictures


def test_every_language_has_the_requested_images(site):
    assert list(site.langs) == list(DEFAULT_LANGS)
    for lang, manifest in site.langs.items():
        assert len(manifest.images) == IMAGES_PER_LANG
        assert manifest.know_count + manifest.pool_count == IMAGES_PER_LANG
        assert manifest.pool_count == round(IMAGES_PER_LANG * 0.2)
        assert len(set(manifest.expected_alts)) == manifest.know_count
        assert manifest.pages == [f"/{lang}/page-{k}.html" for k in (1, 2, 3)]
        for image in manifest.images:
            assert image.lang == lang and image.page in manifest.pages
            for path in image.paths:
                assert (site.root / path.lstrip("/")).is_file(), path
            if image.alt is None:
                assert image.raw_alt is None or image.raw_alt not in manifest.expected_alts


def test_pages_reference_existing_files_and_carry_the_expected_alts(site):
    markups = set()
    for manifest in site.langs.values():
        page_alts: list[str | None] = []
        for page in manifest.pages:
            charset = site.legacy_charset_pages.get(page, "utf-8")
            html = (site.root / page.lstrip("/")).read_bytes().decode(charset)
            assert f'<html lang="{manifest.html_lang}"' in html and f'<meta charset="{charset}">' in html
            refs = _ImageRefs()
            refs.feed(html.replace(BASE_URL_TOKEN, "http://demo.test"))
            for url in refs.urls:
                path = urlsplit(urljoin("http://demo.test" + page, url)).path
                assert (site.root / path.lstrip("/")).is_file(), (page, url)
            page_alts += refs.alts
        assert [alt for alt in page_alts if alt in manifest.expected_alts] == manifest.expected_alts
        markups |= {image.markup for image in manifest.images}
    assert {"plain", "relative", "absolute", "srcset-x", "srcset-w", "picture", "lazy", "figure"} <= markups


def test_robots_forbids_the_private_page_that_every_page_links(site):
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((site.root / "robots.txt").read_text().splitlines())
    assert not robots.can_fetch("*", "/private/secret.html")
    assert not robots.can_fetch("mella-crawler", site.private_images[0])
    assert robots.can_fetch("*", "/cs/page-1.html")
    for manifest in site.langs.values():
        index = (site.root / manifest.index_page.lstrip("/")).read_bytes()
        assert b'href="/private/secret.html"' in index
    private_html = (site.root / "private/secret.html").read_text(encoding="utf-8")
    for path in site.private_images:
        assert path in private_html and (site.root / path.lstrip("/")).is_file()


def test_images_decode_within_size_bounds_and_decoys_are_tiny_or_vector(site):
    for manifest in site.langs.values():
        for image in manifest.images:
            sizes = []
            for path in image.paths:
                with Image.open(site.root / path.lstrip("/")) as decoded:
                    decoded.load()
                    width, height = decoded.size
                    assert 96 <= width <= 320 and 96 <= height <= 320, (path, decoded.size)
                    assert max(width, height) / min(width, height) < 3
                    sizes.append(width * height)
            with Image.open(site.root / image.best_path.lstrip("/")) as best:
                assert (best.format, best.size) == (image.format, (image.width, image.height))
            if image.markup.startswith("srcset"):
                assert sizes[0] > sizes[1]  # the largest candidate is a distinct, bigger file
        for path in manifest.skip_paths:
            file_path = site.root / path.lstrip("/")
            if path.endswith(".svg"):
                assert file_path.read_bytes().startswith(b"<svg")
            else:
                with Image.open(file_path) as pixel:
                    assert pixel.size == (1, 1)


def test_server_answers_http_with_content_types_and_404(site):
    with serve_site(site.root) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        status, content_type, body = _get(server.url("/index.html"))
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        assert "Česká tradice" in body.decode("utf-8")
        assert _get(server.base_url + "/")[2] == body  # a folder serves its index.html
        assert _get(server.url("/robots.txt"))[:2] == (200, "text/plain; charset=utf-8")
        for image in site.langs["cs"].images + site.langs["th"].images:
            status, content_type, data = _get(server.url(image.best_path))
            assert (status, content_type) == (200, f"image/{image.format.lower()}")
            assert data == (site.root / image.best_path.lstrip("/")).read_bytes()
        assert _get(server.url("/img/cs/logo.svg"))[1] == "image/svg+xml"
        assert _get(server.url("/px/pixel.gif?p=cs-1"))[:2] == (200, "image/gif")
        for missing in ("/nope.html", "/cs/page-99.html", "/.mella-demo-site", "/../../etc/passwd"):
            assert _get(server.url(missing))[0] == 404, missing
        # Full absolute URLs in pages point at this very server.
        absolute = next(i for i in site.langs["cs"].images if i.markup == "absolute")
        page_html = _get(server.url(absolute.page))[2].decode("utf-8")
        assert BASE_URL_TOKEN not in page_html
        assert f'src="{server.base_url}{absolute.best_path}"' in page_html


def test_windows_1251_page_is_served_and_decodes_to_cyrillic(site):
    ((page, charset),) = site.legacy_charset_pages.items()
    assert (charset, page) == (LEGACY_CHARSET, site.langs["ru"].pages[-1])
    raw = (site.root / page.lstrip("/")).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really encoded in the legacy charset
    with serve_site(site.root) as server:
        status, content_type, body = _get(server.url(page))
    assert (status, content_type) == (200, "text/html; charset=windows-1251")
    text = body.decode("cp1251")
    alts = [image.alt for image in site.langs["ru"].images if image.page == page and image.alt]
    assert alts and all(alt in text for alt in alts)
    assert "Русские традиции" in text


def test_server_stops_cleanly_and_releases_its_port(site):
    server = DemoSite(site.root)
    with pytest.raises(RuntimeError):
        _ = server.base_url  # not started yet
    server.start()
    url = server.url("/robots.txt")
    assert _get(url)[0] == 200
    server.stop()
    server.stop()  # a second stop is harmless
    assert not server.running
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(url, timeout=2)


def test_build_refuses_a_foreign_folder_and_rebuilds_its_own(tmp_path):
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        build_site(foreign, images_per_lang=2)
    assert (foreign / "notes.txt").read_text() == "keep me"

    root = tmp_path / "site"
    build_site(root, images_per_lang=10, seed=1, langs=("cs", "sr"))
    rebuilt = build_site(root, images_per_lang=5, seed=1, langs=("sr",))
    assert not (root / "cs").exists()  # stale files of the earlier build are gone
    assert list(rebuilt.langs) == ["sr"] and rebuilt.legacy_charset_pages == {}
    with pytest.raises(ValueError, match="xx"):
        build_site(tmp_path / "bad", langs=("xx",))


def test_phrase_banks_fit_their_scripts(site):
    for alt in site.langs["sr"].expected_alts:
        assert not any("a" <= ch.lower() <= "z" for ch in alt), alt  # Serbian in Cyrillic
    for alt in site.langs["th"].expected_alts:
        assert not any("a" <= ch.lower() <= "z" for ch in alt), alt  # Thai phrases, separated by spaces
    for alt in site.langs["ko"].expected_alts:
        assert any("\uac00" <= ch <= "\ud7a3" for ch in alt), alt
    for alt in site.langs["ar"].expected_alts:
        assert any("\u0600" <= ch <= "\u06ff" for ch in alt), alt


def test_every_alt_has_at_least_two_words(site):
    for lang, manifest in site.langs.items():
        for alt in manifest.expected_alts:
            assert len(alt.split()) >= 2, (lang, alt)  # crawlers drop one-word alts as uninformative


def _share(image, colour) -> float:
    return sum(1 for px in image.getdata() if px == colour) / (image.width * image.height)


def test_a_picture_carries_its_alt_texts_meaning():
    import random

    from mella_ray.demo_site import images
    from mella_ray.demo_site.phrases import load_phrase_bank

    subjects = len(load_phrase_bank("ru").subjects)
    colours = {images._subject_shape(s, random.Random(0)).colour for s in range(subjects)}
    assert len(colours) == subjects  # each subject its own colour (kinds differ too)
    for s in range(subjects):
        own = images._subject_shape(s, random.Random(0)).colour
        for seed in range(3):  # any variation of the picture: the subject's colour covers a large area
            pic = images.render(images.meaning_scene(images.Meaning(s, place=seed), random.Random(seed)), (120, 100))
            assert _share(pic, own) > 0.1, (s, seed)
    # places are told apart by their sky: same subject, two places, two skies
    a = images.render(images.meaning_scene(images.Meaning(0, place=1), random.Random(5)), (100, 100))
    b = images.render(images.meaning_scene(images.Meaning(0, place=2), random.Random(5)), (100, 100))
    assert a.getpixel((50, 1)) != b.getpixel((50, 1))


def test_alt_and_meaning_agree():
    import random

    from mella_ray.demo_site.phrases import load_phrase_bank

    bank = load_phrase_bank("cs")
    for alt, meaning in bank.compose_unique(random.Random(3), 20):
        assert bank.subjects[meaning.subject].casefold() in alt.casefold()
        assert meaning.place is None or bank.places[meaning.place] in alt
        assert meaning.action is None or bank.actions[meaning.action] in alt
        assert meaning.detail is None or bank.details[meaning.detail] in alt
