"""The demo site's HTML pages around the pictures: the root index, each language's index and
article pages, and the staff page that only robots.txt keeps crawlers out of."""

from __future__ import annotations

import random
from html import escape

from mella_ray.demo_site import images, markup
from mella_ray.demo_site.phrases import PhraseBank

PRIVATE_IMAGES = 3
PRIVATE_PAGE = "/private/secret.html"


def _footer(bank: PhraseBank) -> str:
    # rel="nofollow" does not bind crawlers; robots.txt is what must keep them out.
    staff = markup.link(PRIVATE_PAGE, bank.ui["staff"], rel="nofollow")
    return f"{staff} | {markup.link('/', 'index')}"


def _language_page(bank: PhraseBank, title: str, body: str, logo: str, beacon: str, charset: str = "utf-8") -> str:
    """A page of one language's site: its logo, tracking beacon and footer."""
    return markup.page_shell(
        html_lang=bank.html_lang,
        direction=bank.direction,
        charset=charset,
        title=title,
        site_name=bank.site_name,
        home=f"/{bank.lang}/index.html",
        body=body,
        footer=_footer(bank),
        logo=logo,
        beacon=beacon,
    )


def _demo_page(title: str, body: str) -> str:
    """An English page of the whole demo site: no logo, beacon or footer."""
    return markup.page_shell(
        html_lang="en",
        direction="ltr",
        charset="utf-8",
        title=title,
        site_name="mella demo",
        home="/index.html",
        body=body,
        footer="",
        logo=None,
        beacon=None,
    )


def language_index(bank: PhraseBank, pages: list[str], logo: str, beacon: str, rng: random.Random) -> str:
    items = "\n".join(
        f"<li>{markup.link(page.rsplit('/', 1)[1], bank.page_titles[k % len(bank.page_titles)])}</li>"
        for k, page in enumerate(pages)
    )
    intro = escape(bank.compose_paragraph(rng))
    body = f"<h1>{escape(bank.site_name)}</h1>\n<p>{intro}</p>\n<ul>\n{items}\n</ul>"
    return _language_page(bank, bank.ui["home"], body, logo, beacon)


def article_page(
    bank: PhraseBank,
    pages: list[str],
    number: int,
    elements: list[str],
    logo: str,
    charset: str,
    rng: random.Random,
) -> str:
    title = bank.page_titles[(number - 1) % len(bank.page_titles)]
    nav = [markup.link(f"/{bank.lang}/index.html", bank.ui["home"])]
    if number > 1:
        nav.append(markup.link(f"page-{number - 1}.html", bank.ui["prev"], rel="prev"))
    if number < len(pages):
        nav.append(markup.link(f"page-{number + 1}.html", bank.ui["next"], rel="next"))
    paragraph = escape(bank.compose_paragraph(rng))
    body = f"<h1>{escape(title)}</h1>\n<p>{paragraph}</p>\n" + "\n".join(elements)
    body += "\n<nav>" + " | ".join(nav) + "</nav>"
    return _language_page(bank, title, body, logo, f"/px/pixel.gif?p={bank.lang}-{number}", charset)


def build_private_page(banks: list[PhraseBank], seed: int, files: dict[str, bytes]) -> list[str]:
    """A staff page whose images look like any other; only robots.txt keeps them out."""
    rng = random.Random(f"mella-demo-site:{seed}:private")
    elements, paths = [], []
    for k in range(PRIVATE_IMAGES):
        bank = banks[k % len(banks)]
        path = f"/private/img/secret-{k}.jpg"
        files[path] = images.encode(images.render(images.random_scene(rng), images.random_size(rng)), "JPEG")
        elements.append(f'<img src="{path}" alt="{escape(bank.compose_alt(rng))}" lang="{bank.html_lang}">')
        paths.append(path)
    files[PRIVATE_PAGE] = _demo_page("Staff only", "<h1>Staff only</h1>\n" + "\n".join(elements)).encode("utf-8")
    return paths


def root_index(banks: list[PhraseBank]) -> str:
    items = "\n".join(
        f'<li><a href="/{bank.lang}/index.html" hreflang="{bank.html_lang}" lang="{bank.html_lang}">'
        f"{escape(bank.site_name)}</a></li>"
        for bank in banks
    )
    return _demo_page("Regional culture sites", f"<h1>Regional culture sites</h1>\n<ul>\n{items}\n</ul>")
