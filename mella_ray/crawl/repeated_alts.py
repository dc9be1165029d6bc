"""Template alt-texts: one text that a site gives to many different pictures.

A shop that writes its name into every product photo's alt, a gallery whose every picture is
"Fotografie z výstavy", a news site whose thumbnails all carry the section's title: each alt
passes the per-text rules (enough words, the right language), yet it describes the site, not
the picture. Only the whole crawl can tell, so crawl finalize does: each image row's (site,
alt) is hashed to 64 bits where the row is read (finalize_reads, on workers), the driver counts
distinct images per hash with Arrow's group-by, and an alt that one site gives to more than
`crawl.max_images_per_alt` distinct images is no image's text. Those images keep another text
if they have one, else go to the pool (reason `alt_repeated`).
"""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc

from mella_ray.crawl.urls import site_key


def alt_key(page_url: str | None, alt: str | None) -> int:
    """64 bits of the (site, alt) pair; 0 for a row without alt."""
    if not alt or not page_url:
        return 0
    digest = hashlib.blake2b(f"{site_key(page_url)}\0{alt}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") or 1  # 0 means "no alt"


def alt_keys(page_urls: list, alts: list) -> pa.Array:
    return pa.array([alt_key(p, a) for p, a in zip(page_urls, alts, strict=True)], pa.uint64())


def repeated_alt_keys(keys: pa.Table, limit: int) -> set[int]:
    """The (site, alt) hashes that D_know rows give to more than `limit` distinct images.

    `keys` has one row per image row (img_id, output, alt_key); the same image seen twice
    counts once. Only the hashes over the limit become Python values."""
    if limit <= 0 or keys.num_rows == 0:
        return set()
    know = keys.filter(pc.equal(keys.column("output").cast(pa.string()), "know"))
    pairs = know.select(["alt_key", "img_id"]).filter(pc.not_equal(know.column("alt_key"), pa.scalar(0, pa.uint64())))
    distinct = pairs.group_by(["alt_key", "img_id"]).aggregate([])  # Arrow's hash group-by, not Python
    per_alt = distinct.group_by("alt_key").aggregate([("img_id", "count")])
    return set(per_alt.filter(pc.greater(per_alt.column("img_id_count"), limit)).column("alt_key").to_pylist())
