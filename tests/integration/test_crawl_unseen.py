"""Acceptance of the crawl on sites built to be unlike the other fixtures (crawl_unseen_sites.py).

Eight sites, one per language, and two CDNs, crawled by the real stage on a local Ray with two
actors. Each picture has the alt-texts a careful native speaker accepts as its caption; a kept
(image, alt) pair is right when its bytes are a picture whose accepted alts include the alt.
Measured: precision and recall of D_know, requests to paths robots.txt disallows, overlapping
requests and start spacing on hosts that set a Crawl-delay, garbled text, trap depth.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fixtures"))

import crawl_unseen_sites as unseen  # noqa: E402
from crawl_servers import LoopbackServers  # noqa: E402

from mella_ray.config import CrawlConfig, JobConfig  # noqa: E402
from mella_ray.crawl.charsets import is_garbled  # noqa: E402
from mella_ray.runtime.shards import ShardedOutput  # noqa: E402

pytestmark = pytest.mark.integration
LANGS = ["ar", "cs", "hu", "ko", "ru", "sr", "th", "vi"]


def _rows(out: str, name: str) -> list[dict]:
    table = ShardedOutput(f"{out}/crawl/{name}").read_all()
    return table.to_pylist() if table is not None else []


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@pytest.fixture(scope="module")
def crawl(ray_local, tmp_path_factory):
    from mella_ray.crawl.stage import run_crawl

    out = str(tmp_path_factory.mktemp("unseen"))
    with LoopbackServers() as servers:
        sites = unseen.start(servers)
        cfg = JobConfig(
            output_dir=out,
            languages=LANGS,
            crawl=CrawlConfig(
                seeds=[{"url": sites.urls[lang] + "/", "lang": lang} for lang in LANGS],
                allow_private_networks=True,
                num_actors=2,
                per_host_concurrency=3,
                min_host_interval_s=0.0,
                max_retries=1,
                total_timeout_s=2.0,
                connect_timeout_s=1.0,
                max_page_bytes=unseen.MAX_PAGE_BYTES,
                max_query_variants=unseen.MAX_QUERY_VARIANTS,
                min_side=32,
                checkpoint_every_s=1.0,
                progress_every_s=2.0,
                user_agent=unseen.UA,
            ),
        )
        stats = run_crawl(cfg)
        yield {"out": out, "stats": stats, "sites": sites, "logs": servers.logs}


def score(crawl) -> tuple[float, float, list[str]]:
    """(precision, recall, what went wrong) of D_know against the pictures' accepted alts."""
    sites, know = crawl["sites"], _rows(crawl["out"], "know")
    wanted = {label for label, alts in sites.valid.items() if alts}
    found, wrong = set(), []
    for row in know:
        label = unseen.label_of_row(sites, row["image"])
        accepted = {_nfc(a) for a in sites.valid.get(label, ())}
        if label is not None and _nfc(row["alt"]) in accepted:
            found.add(label)
        else:
            wrong.append(f"kept {label} {row['image_url']} {row['alt']!r}")
    missed = [f"missed {label} {sorted(sites.valid[label])}" for label in sorted(wanted - found)]
    return (len(know) - len(wrong)) / max(len(know), 1), len(found) / len(wanted), wrong + missed


def test_precision_and_recall_of_native_pairs(crawl):
    precision, recall, problems = score(crawl)
    print(f"unseen sites: precision {precision:.3f} recall {recall:.3f}", *problems, sep="\n  ")
    assert precision >= 0.97 and recall >= 0.95, problems


def test_no_request_to_a_disallowed_path(crawl):
    forbidden = unseen.forbidden_requests(crawl["sites"])
    print("requests to disallowed paths:", forbidden)
    assert forbidden == []


def test_crawl_delay_hosts_get_one_request_at_a_time_spaced_by_the_delay(crawl):
    for host, delay in crawl["sites"].delayed.items():
        log = crawl["logs"][host]
        starts = sorted(t for _, t in log.starts)
        assert len(starts) >= 4, host
        assert log.overlaps() == 0 and log.max_in_flight == 1, host
        # Starts are stamped by the server's loop, which jitters a little under load: single gaps get
        # 0.05 s of slack, and the whole run must fit the delay on average.
        assert min(b - a for a, b in zip(starts, starts[1:])) >= delay - 0.05, host
        assert starts[-1] - starts[0] >= (len(starts) - 1) * delay - 0.05, host


# The letters each language writes beyond ASCII (names from neighbours aside), and the script ranges
# of the others: a kept text with a letter outside them, or with a word whose case flips from lower to
# upper inside it ("тПУФПЧУЛЙК": one Cyrillic code page read as another), is mojibake.
LETTERS = {
    "cs": "áčďéěíňóřšťúůýž",
    "hu": "áéíóöőúüű",
    "sr": "абвгдђежзијклљмнњопрстћуфхцчџшčćđšž",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "vi": "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ",
}
RANGES = {"ar": ("\u0600", "\u06ff"), "th": ("\u0e00", "\u0e7f"), "ko": ("\uac00", "\ud7a3")}


def _garbled(text: str, lang: str) -> bool:
    if "\ufffd" in text or is_garbled(text):
        return True
    for word in text.split():
        if any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
            return True
    low, span = text.lower(), RANGES.get(lang)
    foreign = [
        c
        for c in low
        if c.isalpha() and not c.isascii() and not (span[0] <= c <= span[1] if span else c in LETTERS[lang])
    ]
    return bool(foreign)


def test_no_garbled_text_is_kept(crawl):
    know = _rows(crawl["out"], "know")
    assert know and not [(r["lang"], r["alt"]) for r in know if _garbled(r["alt"], r["lang"])]
    titles = [(r["lang"], r["page_title"]) for r in know if r["page_title"]]
    assert not [t for lang, t in titles if _garbled(t, lang)]


def test_sitemaps_find_hidden_pages_and_an_image_sitemap_names_no_page(crawl):
    logs = crawl["logs"]
    assert "/tovary/samovar.html" in logs["ru"].paths() and "/an/hahoe.html" in logs["ko"].paths()
    assert logs["ru"].paths().count("/img/samovar.jpg") == 1  # its <image:loc> is not fetched as a page


def test_traps_are_bounded(crawl):
    logs = crawl["logs"]
    assert 0 < len([p for p in logs["ru"].paths() if p.startswith("/afisha")]) <= unseen.MAX_QUERY_VARIANTS
    assert 0 < len([p for p in logs["hu"].paths() if p.startswith("/oldal")]) <= unseen.MAX_QUERY_VARIANTS
    loop = [p for p in logs["th"].paths() if p.startswith("/vong/")]  # /vong/x/x/x/...: bounded by max_depth
    assert 0 < len(loop) <= CrawlConfig().max_depth
    assert crawl["stats"]["pages_left_in_frontier"] == 0 and not crawl["stats"]["stopped_by_deadline"]
