"""HTML of the demo site: image elements in the shapes real sites use, and page shells.

The variety is the point: a crawler that handles only `<img src alt>` would miss the
srcset, <picture>, lazy-loading and absolute-URL cases, and one that ignores robots.txt
or size checks would pick up the private page, the tracking pixels or the SVG logo.
"""

from __future__ import annotations

from html import escape

from mella_ray.demo_site.manifest import BASE_URL_TOKEN

# A transparent 1x1 GIF that lazy-loading scripts keep in `src` until they swap in data-src.
LAZY_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"

# Markups for images with native alt-text; pool images use the simpler ones.
KNOW_MARKUPS = ("plain", "relative", "absolute", "srcset-x", "srcset-w", "picture", "lazy", "figure")
POOL_MARKUPS = ("plain", "relative", "lazy")


def _alt_attribute(raw_alt: str | None) -> str:
    return "" if raw_alt is None else f' alt="{escape(raw_alt)}"'


def _relative(path: str) -> str:
    """A site path as seen from a page one folder deep (/{lang}/page-k.html)."""
    return ".." + path


def image_element(markup: str, paths: tuple[str, ...], size: tuple[int, int], raw_alt: str | None) -> str:
    """The HTML of one image. `paths` is preferred-first; `size` is the displayed size."""
    alt = _alt_attribute(raw_alt)
    dims = f' width="{size[0]}" height="{size[1]}"'
    if markup == "plain":
        return f'<img src="{paths[0]}"{alt}{dims}>'
    if markup == "relative":
        return f'<img src="{_relative(paths[0])}"{alt}>'
    if markup == "absolute":
        return f'<img src="{BASE_URL_TOKEN}{paths[0]}"{alt}{dims} decoding="async">'
    if markup == "srcset-x":
        large, small = paths
        return f'<img src="{small}" srcset="{small} 1x, {large} 2x"{alt}{dims}>'
    if markup == "srcset-w":
        large, small = paths
        width = size[0]
        return (
            f'<img src="{_relative(small)}" srcset="{_relative(small)} {width}w, '
            f'{_relative(large)} {width * 2}w" sizes="(max-width: 600px) 100vw, {width * 2}px"{alt}>'
        )
    if markup == "picture":
        webp, jpeg = paths
        return f'<picture>\n  <source type="image/webp" srcset="{webp}">\n  <img src="{jpeg}"{alt}{dims}>\n</picture>'
    if markup == "lazy":
        return f'<img class="lazyload" src="{LAZY_PLACEHOLDER}" data-src="{paths[0]}"{alt}{dims}>'
    if markup == "figure":
        caption = escape(raw_alt or "")
        return (
            f'<figure>\n  <img src="{paths[0]}"{alt} loading="lazy">\n  <figcaption>{caption}</figcaption>\n</figure>'
        )
    raise ValueError(f"unknown image markup {markup!r}")


def page_shell(
    *,
    html_lang: str,
    direction: str,
    charset: str,
    title: str,
    site_name: str,
    home: str,
    body: str,
    footer: str,
    logo: str | None,
    beacon: str | None,
) -> str:
    """A complete HTML document around `body`."""
    logo_html = ""
    if logo is not None:
        logo_html = f'<a href="{home}"><img src="{logo}" alt="{escape(site_name)}" width="160" height="48"></a>'
    beacon_html = ""
    if beacon is not None:
        beacon_html = f'\n<img src="{beacon}" width="1" height="1" alt="" style="display:none">'
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}" dir="{direction}">\n'
        "<head>\n"
        f'<meta charset="{charset}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)} | {escape(site_name)}</title>\n"
        "</head>\n"
        "<body>\n"
        f"<header>{logo_html}</header>\n"
        f"<main>\n{body}\n</main>\n"
        f"<footer>{footer}</footer>{beacon_html}\n"
        "</body>\n"
        "</html>\n"
    )


def link(href: str, text: str, rel: str | None = None) -> str:
    rel_attr = f' rel="{rel}"' if rel else ""
    return f'<a href="{href}"{rel_attr}>{escape(text)}</a>'
