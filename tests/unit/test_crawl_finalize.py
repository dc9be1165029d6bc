"""Crawl finalize on shards written as the actors write them: duplicates across actors, best
texts, near duplicates flagged or dropped, template alts, and a crash between its steps."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from mella_ray import records
from mella_ray.crawl.finalize import finalize, read_groups
from mella_ray.runtime import storage
from mella_ray.runtime.shards import ShardedOutput


def _jpeg(seed: int) -> bytes:
    rng = random.Random(seed)
    img = Image.new("RGB", (64, 48))
    img.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(64 * 48)])
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def _row(img_id, alt, page, phash, lang="cs", image=b"x"):
    return {
        "img_id": img_id,
        "image": image,
        "image_url": f"http://s/{img_id}.jpg",
        "page_url": page,
        "lang": lang,
        "alt": alt,
        "width": 100,
        "height": 80,
        "format": "JPEG",
        "category": None,
        "page_title": "T",
        "figcaption": None,
        "phash": phash,
        "dup_group": None,
    }


@pytest.mark.parametrize("mode", ["flag", "drop"])
def test_finalize_dedups_picks_best_texts_and_handles_near_duplicates(tmp_path, mode):
    crawl = str(tmp_path / "crawl")
    know, pool = ShardedOutput(f"{crawl}/know"), ShardedOutput(f"{crawl}/pool")
    know.write(
        "a0-000000",
        records.to_table(
            [
                _row("id1", "Staroměstské náměstí", "http://s/p1", "ff00ff00ff00ff00"),
                _row("id2", "Tančící dům v Praze", "http://s/p1", "0f0f0f0f0f0f0f0f"),
            ],
            records.CRAWL_IMAGES,
        ),
    )
    # id1 again (another actor), id3 in the pool, id4 a near duplicate of id2
    pool.write(
        "a1-000000",
        records.to_table(
            [
                _row("id1", None, "http://s/p9", "ff00ff00ff00ff00"),
                _row("id3", None, "http://s/p2", "123456789abcdef0"),
                _row("id4", None, "http://s/p2", "0f0f0f0f0f0f0f0e"),
            ],
            records.CRAWL_IMAGES,
        ),
    )
    cand = {"source": "alt", "image_url": "http://s/id3.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a1-000001",
        pa_table(
            [
                {
                    **cand,
                    "img_id": "id3",
                    "alt": "Pražský hrad v noci",
                    "page_url": "http://s/p5",
                },  # seen later: pool -> know
                {
                    **cand,
                    "img_id": "id1",
                    "alt": "Staroměstské náměstí o Vánocích",
                    "page_url": "http://s/p7",
                },  # longer
            ]
        ),
    )
    result = finalize(crawl, mode, 4)
    rows = {r["img_id"]: r for r in know.read_all().to_pylist()}
    pooled = {r["img_id"]: r for r in (pool.read_all().to_pylist() if pool.read_all() is not None else [])}
    assert set(rows) == {"id1", "id2", "id3"} and not set(pooled) & set(rows)
    assert rows["id1"]["alt"] == "Staroměstské náměstí o Vánocích" and rows["id1"]["page_url"] == "http://s/p7"
    assert rows["id3"]["alt"] == "Pražský hrad v noci" and rows["id3"]["image"] == b"x"
    if mode == "flag":
        assert set(pooled) == {"id4"} and read_groups(crawl) == {"id4": "id2", "id2": "id2"}
        assert pooled["id4"]["dup_group"] is None  # groups live in crawl/annotations: no image shard rewritten for them
        assert result["kept"] == {"know/cs": 3, "pool/cs": 1}
    else:
        assert not pooled and result["finalize"]["near_duplicates_dropped"] == 1
        fails = ShardedOutput(f"{crawl}/failures").read_all().to_pylist()
        assert [(f["reason"], f["error"], f["lang"]) for f in fails] == [
            ("near_duplicate", "near duplicate of id2", "cs")
        ]
    assert result["finalize"]["duplicates_removed"] == 1
    again = finalize(crawl, mode, 4)  # idempotent: a second run changes nothing
    assert again["finalize"]["shards_rewritten"] == 0 and again["kept"] == result["kept"]
    assert again["finalize"]["groups_written"] is False


def test_a_template_alt_of_many_images_is_no_caption_but_other_texts_of_them_are(tmp_path):
    crawl = str(tmp_path / "crawl")
    know = ShardedOutput(f"{crawl}/know")
    template = "Eshop Dobrá Káva – čerstvě pražená káva"
    rows = [_row(f"t{i}", template, f"http://www.shop.cz/p{i}", f"{i:016x}") for i in range(5)]
    rows.append(_row("t0", template, "http://shop.cz/p0-again", "0000000000000000"))  # one image seen twice
    rows += [_row(f"o{i}", template, f"http://other.cz/p{i}", f"{i + 9:016x}") for i in range(2)]  # other site
    rows.append(_row("c1", "Výběrová káva z Etiopie v papírovém sáčku", "http://shop.cz/k", "00000000000000ff"))
    know.write("a0-000000", records.to_table(rows, records.CRAWL_IMAGES))
    cand = {"source": "alt", "image_url": "http://shop.cz/t1.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000001",
        pa_table([{**cand, "img_id": "t1", "alt": "Mlýnek na kávu z litiny", "page_url": "http://shop.cz/mlynky"}]),
    )  # t1 has a caption of its own besides the template
    result = finalize(crawl, "off", 4, max_images_per_alt=3)
    kept = {r["img_id"]: r["alt"] for r in know.read_all().to_pylist()}
    pooled = {r["img_id"]: r["alt"] for r in ShardedOutput(f"{crawl}/pool").read_all().to_pylist()}
    assert kept == {"t1": "Mlýnek na kávu z litiny", "o0": template, "o1": template, "c1": rows[-1]["alt"]}
    assert pooled == {f"t{i}": None for i in (0, 2, 3, 4)}  # 5 images on shop.cz (www. is the same site) > 3
    fails = ShardedOutput(f"{crawl}/failures").read_all().to_pylist()
    assert sorted(f["url"] for f in fails if f["reason"] == "alt_repeated") == [
        f"http://s/t{i}.jpg" for i in (0, 2, 3, 4)
    ]
    assert result["finalize"]["alt_repeated"] == 4 and result["kept"] == {"know/cs": 4, "pool/cs": 4}
    again = finalize(crawl, "off", 4, max_images_per_alt=3)  # idempotent
    assert again["finalize"]["shards_rewritten"] == 0 and again["kept"] == result["kept"]
    assert finalize(crawl, "off", 4, max_images_per_alt=0)["kept"] == result["kept"]  # off: nothing moves back


def test_finalize_after_a_crash_between_a_rewrite_and_the_removal_loses_nothing(tmp_path, monkeypatch):
    import shutil

    from mella_ray.crawl import finalize_reads

    monkeypatch.setattr(finalize_reads, "REWRITE_THREADS", 1)  # shards in a fixed order (threads race)

    crawl = str(tmp_path / "crawl")
    know, pool = ShardedOutput(f"{crawl}/know"), ShardedOutput(f"{crawl}/pool")
    pool.write(
        "a0-000001",
        records.to_table(
            [_row("x", None, "http://s/p1", "ff00ff00ff00ff00"), _row("y", None, "http://s/p1", "0f0f0f0f0f0f0f0f")],
            records.CRAWL_IMAGES,
        ),
    )
    cand = {"source": "alt", "image_url": "http://s/x.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000002", pa_table([{**cand, "img_id": "x", "alt": "Pražský hrad v noci", "page_url": "http://s/p5"}])
    )  # x: pool -> know
    shutil.copy(f"{crawl}/pool/a0-000001.parquet", tmp_path / "original.parquet")
    first = finalize(crawl, "flag", 4)
    # The crash: the rewrite of a0-000001 and the moved row were written, the original not yet removed.
    shutil.copy(tmp_path / "original.parquet", f"{crawl}/pool/a0-000001.parquet")
    storage.write_text(f"{crawl}/pool/_done/a0-000001", "2\n")
    again = finalize(crawl, "flag", 4)
    assert [r["img_id"] for r in know.read_all().to_pylist()] == ["x"]
    assert [r["img_id"] for r in pool.read_all().to_pylist()] == ["y"]  # y is kept once, not deleted
    assert again["kept"] == first["kept"] == {"know/cs": 1, "pool/cs": 1}


def pa_table(rows):
    from mella_ray.crawl.checkpoint import ALT_CANDIDATES

    return records.to_table(rows, ALT_CANDIDATES)


def test_an_alt_attribute_beats_a_figcaption_that_carried_a_credit(tmp_path):
    """The row's alt came from a figcaption with a credit line (stored cleaned, the figcaption
    raw); an alt attribute seen on another page must still win (rule: alt beats figcaption)."""
    crawl = str(tmp_path / "crawl")
    know = ShardedOutput(f"{crawl}/know")
    row = _row("id1", "Karlův most v zimě, pohled z Kampy", "http://s/p1", "ff00ff00ff00ff00")
    row["figcaption"] = "Karlův most v zimě, pohled z Kampy. Foto: ČTK"
    know.write("a0-000000", records.to_table([row], records.CRAWL_IMAGES))
    cand = {"source": "alt", "image_url": "http://s/id1.jpg", "lang": "cs", "page_title": None, "figcaption": None}
    ShardedOutput(f"{crawl}/alt_candidates").write(
        "a0-000001", pa_table([{**cand, "img_id": "id1", "alt": "Karlův most v zimě", "page_url": "http://s/p2"}])
    )
    finalize(crawl, "flag", 4)
    assert [r["alt"] for r in know.read_all().to_pylist()] == ["Karlův most v zimě"]


def test_images_seen_more_than_once_are_found_by_prefix_and_confirmed_in_full():
    import pyarrow as pa

    from mella_ray.crawl.finalize_reads import seen_more_than_once

    a, b, c = "ab" * 32, "ab" * 8 + "cd" * 24, "ef" * 32  # a and b share their first 16 digits
    ids = pa.chunked_array([[a, b, c, "not-hex"], [c, "not-hex", "x"]])
    assert seen_more_than_once(ids) == {c, "not-hex"}


def test_a_phrase_a_large_site_reuses_is_no_template_but_one_covering_the_site_is():
    import pyarrow as pa

    from mella_ray.crawl.repeated_alts import alt_keys, repeated_alt_keys

    rows = [(f"http://big.cz/p{i}", f"Popisek obrázku číslo {i}", f"{i:064x}") for i in range(95)]
    rows += [(f"http://big.cz/g{i}", "Karlův most v mlze za svítání", f"{100 + i:064x}") for i in range(5)]
    rows += [(f"http://shop.cz/p{i}", "Dobrá Káva – čerstvě pražená", f"{200 + i:064x}") for i in range(5)]
    rows += [(f"http://shop.cz/k{i}", f"Káva z Etiopie, balení {i}", f"{300 + i:064x}") for i in range(3)]
    pages, alts, ids = (list(c) for c in zip(*rows))
    pair, site = alt_keys(pages, alts)
    keys = pa.table({"img_id": ids, "output": ["know"] * len(ids), "alt_key": pair, "site_key": site})
    by_alt = dict(zip(alts, pair.to_pylist()))
    # 5 of big.cz's 100 images share a caption: 5% of the site; the shop's name is on 5 of its 8
    assert repeated_alt_keys(keys, 3, 0.2) == {by_alt["Dobrá Káva – čerstvě pražená"]}
    assert repeated_alt_keys(keys, 3, 0.0) == {by_alt["Dobrá Káva – čerstvě pražená"], by_alt[alts[95]]}
    assert repeated_alt_keys(keys, 0, 0.2) == set()  # off
