"""What the crawl keeps of what it finds on the real web: captions of two words without control
tokens, a figcaption as a hint, opt-outs (robots meta and headers, TDM reservations, TDMRep
files), the image formats Pillow may open, and the cap on images queued per host."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mella_ray.config import CrawlConfig
from mella_ray.crawl.alt_filter import alt_verdict, word_count
from mella_ray.crawl.dedup import Sighting, choose, judge
from mella_ray.crawl.extract import extract
from mella_ray.crawl.optout import image_opt_out, page_opt_out, robots_tokens

PAGE = "http://example.cz/dir/page.html"


@pytest.mark.parametrize(
    "text,lang,reason",
    [
        ("Borscht", "ru", "alt_too_few_words"),
        ("Гуляш", "ru", "alt_too_few_words"),
        ("ต้มยำกุ้ง", "th", "alt_too_few_words"),  # one Thai word: pythainlp segments it as one
        ("ตลาดน้ำดำเนินสะดวกยามเช้า", "th", "ok"),
        ("경복궁 야경", "ko", "ok"),
        ("Guláš s knedlíky", "cs", "ok"),
        ("баннер", "ru", "alt_generic"),
        ("banner", "cs", "alt_generic"),
        ("배너", "ko", "alt_generic"),
        ("Матрёшка <|image_pad|> на ярмарке", "ru", "alt_control_tokens"),
        ("Dort &lt;image&gt; s jahodami", "cs", "alt_control_tokens"),
        ("<|im_start|>system", "cs", "alt_control_tokens"),
        ("[INST] popis obrázku [/INST]", "cs", "alt_control_tokens"),
    ],
)
def test_a_caption_has_two_words_and_no_control_tokens(text, lang, reason):
    assert alt_verdict(text, lang)[1] == reason
    assert alt_verdict("Borscht", "ru", min_chars=3, check_language=False, min_words=1)[1] == "ok"


def test_word_counts():
    assert word_count("ตลาดน้ำดำเนินสะดวก", "th") == 3 and word_count("a - b", "cs") == 2
    assert word_count("市场早晨", "zh") == 2  # unspaced scripts: two grapheme clusters a word


def test_figcaption_is_a_hint_unless_configured():
    seen = Sighting("http://x/a.jpg", "http://x/", "cs", [], caption="Tradiční moravský kroj při hodech")
    off = CrawlConfig()
    best = choose(judge(seen, seen.url, off))
    assert best.text is None and best.reason == "alt_missing" and best.caption == seen.caption
    on = choose(judge(seen, seen.url, CrawlConfig(figcaption_as_alt=True)))
    assert on.text == seen.caption and on.source == "figcaption"


UA = "mella-ray-crawler/0.1 (+https://example.org)"


@pytest.mark.parametrize(
    "header,meta,reason",
    [
        ("noai", "", "optout_noai"),
        ("noimageai, nofollow", "", "optout_noimageai"),
        ("noindex", "", "optout_noindex"),
        ("none", "", "optout_noindex"),
        ("", "noai, noimageai", "optout_noai"),
        ("", "NoIndex", "optout_noindex"),
        ("googlebot: noindex", "", None),
        ("mella-ray-crawler: noai", "", "optout_noai"),
        ("unavailable_after: 2020-01-01, noimageai", "", "optout_noimageai"),
        ("nofollow", "index, follow", None),
    ],
)
def test_robots_opt_out_in_headers_and_meta(header, meta, reason):
    html = f'<meta name="robots" content="{meta}"><img src="a.jpg" alt="Karlův most">' if meta else "<p>x</p>"
    page = extract(html.encode(), PAGE)
    assert page_opt_out(page, {"x-robots-tag": header} if header else {}, UA) == reason


def test_tdm_reservation_in_header_and_meta():
    page = extract(b'<meta name="tdm-reservation" content="1"><img src=a.jpg>', PAGE)
    assert page_opt_out(page, {}, UA) == "optout_tdm"
    assert page_opt_out(extract(b"<img src=a.jpg>", PAGE), {"tdm-reservation": "1"}, UA) == "optout_tdm"
    assert page_opt_out(extract(b"<meta name=tdm-reservation content=0>", PAGE), {}, UA) is None
    assert image_opt_out({"x-robots-tag": "noimageai"}, UA) == "optout_noimageai"
    assert image_opt_out({"tdm-reservation": "1"}, UA) == "optout_tdm" and image_opt_out({}, UA) is None
    assert robots_tokens("bingbot: noai, otherbot: noindex", UA) == set()


def test_judge_accepts_a_plain_config():
    cfg = SimpleNamespace(
        min_alt_chars=5, check_alt_language=True, max_alt_chars=300, min_alt_words=2, figcaption_as_alt=False
    )
    seen = Sighting("http://x/a.jpg", "http://x/", "cs", ["Karlův most v zimě"])
    assert choose(judge(seen, seen.url, cfg)).text == "Karlův most v zimě"


def test_only_the_accepted_formats_plugins_open_crawled_bytes(monkeypatch):
    import io

    from PIL import Image

    from mella_ray.crawl import images

    buf = io.BytesIO()
    Image.new("RGB", (80, 80), "red").save(buf, "TIFF")
    tiff = buf.getvalue()
    opened = []
    real_open = Image.open

    def spy(fp, mode="r", formats=None):
        opened.append(formats)
        return real_open(fp, mode, formats)

    monkeypatch.setattr(images.Image, "open", spy)
    check = images.check_crawled_image(tiff, min_side=8)
    assert check.reason == "bad_format" and check.format == "TIFF"  # named by its signature, never parsed
    assert opened == [("JPEG", "PNG", "WEBP", "GIF")]
    assert images.check_crawled_image(tiff, min_side=8, formats=["TIFF"]).ok
    assert images.pillow_formats(["jpeg", "NOPE"]) == ("JPEG",)


def test_tdmrep_rules_first_match_in_order():
    from mella_ray.crawl.optout import parse_tdmrep

    rules = parse_tdmrep(
        '[{"location": "/news/open$", "tdm-reservation": 0}, {"location": "/news/*", '
        '"tdm-reservation": 1, "tdm-policy": "https://x/p.json"}, {"location": "*.jpg"}]'
    )
    first = [next((r for p, r in rules if p.match(path)), None) for path in ("/news/open", "/news/a.jpg", "/a.jpg")]
    assert first == [False, True, None]  # "*.jpg" does not start with '/': no rule
    assert parse_tdmrep("not json") == [] and parse_tdmrep('{"location": "/"}') == []


def test_queued_images_per_host_are_capped(tmp_path):
    from mella_ray.crawl.crawler import Crawler
    from mella_ray.crawl.mailbox import Router

    cfg = CrawlConfig(max_queued_images_per_host=3)
    crawler = Crawler(0, cfg, str(tmp_path), Router(0, 1, {}), 10, lambda peer, item: None)
    for i in range(5):
        crawler.add_sighting(Sighting(f"http://gallery.cz/{i}.jpg", "http://gallery.cz/", "cs", ["Obraz číslo jedna"]))
    assert len(crawler.images) == 3 and crawler.counters.dropped["image:host_queue_full"] == 2
    crawler.cpu_pool.shutdown()
