import pyarrow as pa
import pytest

from mella_ray import records
from mella_ray.runtime.shards import ShardedOutput


def _rows(n):
    return [
        {"url": f"http://a/{i}", "kind": "page", "lang": "cs", "reason": "http_404", "error": None} for i in range(n)
    ]


def test_shard_is_visible_only_with_its_marker(tmp_path):
    out = ShardedOutput(str(tmp_path / "t"))
    out.write("a0-00000", records.to_table(_rows(3), records.CRAWL_FAILURES))
    # a torn write: file present, marker missing -> invisible and redone
    (tmp_path / "t" / "a0-00001.parquet").write_bytes(b"partial")
    assert out.is_done("a0-00000") and not out.is_done("a0-00001")
    assert [p.rsplit("/", 1)[-1] for p in out.shard_paths()] == ["a0-00000.parquet"]
    assert out.read_all().num_rows == 3


def test_rewriting_a_shard_replaces_it(tmp_path):
    out = ShardedOutput(str(tmp_path / "t"))
    out.write("s", records.to_table(_rows(3), records.CRAWL_FAILURES))
    out.write("s", records.to_table(_rows(2), records.CRAWL_FAILURES))
    assert out.read_all().num_rows == 2


def test_shard_names_cannot_escape(tmp_path):
    with pytest.raises(ValueError):
        ShardedOutput(str(tmp_path)).write("../x", records.CRAWL_FAILURES.empty_table())


def test_require_columns_names_missing():
    with pytest.raises(records.MissingColumnsError, match=r"caption: missing column\(s\) caption, status"):
        records.require_columns("caption", ["img_id", "lang"], ["img_id", "caption", "status"])
    records.require_columns("caption", records.CAPTIONS.names)


def test_to_table_refuses_unknown_columns():
    with pytest.raises(ValueError, match="not in the schema"):
        records.to_table([{"url": "x", "kind": "page", "reason": "r", "oops": 1}], records.CRAWL_FAILURES)
    t = records.to_table([{"url": "x", "kind": "page", "reason": "r"}], records.CRAWL_FAILURES)
    assert t.schema == records.CRAWL_FAILURES and t.column("error").to_pylist() == [None]


def test_every_table_has_a_schema():
    assert all(isinstance(s, pa.Schema) for s in records.TABLES.values())
    assert records.CRAWL_IMAGES.names[:9] == [
        "img_id",
        "image",
        "image_url",
        "page_url",
        "lang",
        "alt",
        "width",
        "height",
        "format",
    ]
