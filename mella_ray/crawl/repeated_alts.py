"""Template alt-texts: one text that a site gives to many different pictures.

A shop that writes its name into every product photo's alt, a gallery whose every picture is
"Fotografie z výstavy", a news site whose thumbnails all carry the section's title: each alt
passes the per-text rules (enough words, the right language), yet it describes the site, not
the picture. Only the whole crawl can tell, so crawl finalize does: each image row's (site,
alt) is hashed to 64 bits where the row is read (finalize_reads, on workers), the driver counts
distinct images per hash with Arrow's group-by, and an alt that one site gives to more than
`crawl.max_images_per_alt` distinct images, and to more than `crawl.template_alt_share` of all
its D_know images, is no image's text. The share tells a template (the shop's name on every
product photo) from a phrase that a large site reuses for a few dozen of its thousands of
pictures, each of which it describes. Those images keep another text
if they have one, else go to the pool (reason `alt_repeated`).
"""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray.crawl.urls import site_key


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big") or 1  # 0: none


def alt_key(page_url: str | None, alt: str | None) -> int:
    """64 bits of the (site, alt) pair; 0 for a row without alt."""
    if not alt or not page_url:
        return 0
    return _hash64(f"{site_key(page_url)}\0{alt}")


def site_hash(page_url: str | None) -> int:
    """64 bits of the page's site; 0 without a page."""
    return _hash64(site_key(page_url)) if page_url else 0


def alt_keys(page_urls: list, alts: list) -> tuple[pa.Array, pa.Array]:
    """((site, alt) hashes, site hashes) of rows, computed where the rows are read."""
    pairs = pa.array([alt_key(p, a) for p, a in zip(page_urls, alts, strict=True)], pa.uint64())
    return pairs, pa.array([site_hash(p) for p in page_urls], pa.uint64())


def repeated_alt_keys(keys: pa.Table, limit: int, share: float = 0.0) -> set[int]:
    """The (site, alt) hashes that D_know rows give to more than `limit` distinct images, and to
    more than `share` of their site's distinct D_know images.

    `keys` has one row per image row (img_id, output, alt_key, site_key); the same image seen
    twice counts once. Only the hashes over the limits become Python values."""
    if limit <= 0 or keys.num_rows == 0:
        return set()
    know = keys.filter(pc.equal(keys.column("output").cast(pa.string()), "know"))
    know = know.select(["alt_key", "site_key", "img_id"])
    pairs = know.filter(pc.not_equal(know.column("alt_key"), pa.scalar(0, pa.uint64())))
    distinct = pairs.group_by(["alt_key", "site_key", "img_id"]).aggregate([])  # Arrow's hash group-by
    per_alt = distinct.group_by(["alt_key", "site_key"]).aggregate([("img_id", "count")])
    per_alt = per_alt.filter(pc.greater(per_alt.column("img_id_count"), limit))
    if not per_alt.num_rows:
        return set()  # the common case: the sites' sizes are not needed
    per_site = know.group_by(["site_key", "img_id"]).aggregate([]).group_by("site_key").aggregate([("img_id", "count")])
    joined = per_alt.join(per_site.rename_columns(["site_key", "site_images"]), "site_key")
    over = pc.greater(
        pc.cast(joined.column("img_id_count"), pa.float64()),
        pc.multiply(pc.cast(joined.column("site_images"), pa.float64()), share),
    )
    return set(joined.filter(over).column("alt_key").to_pylist())
