"""SearchResults: to_dict() is the CLI's JSON contract, to_pandas() a frame."""

from __future__ import annotations

import json

import pytest

from conftest import REPO


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((REPO / "schema" / "search-result.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.mark.parametrize(
    "query,kwargs",
    [
        ("korea", {}),
        ("korea", {"facets": True, "timeline": "month"}),
        ("*", {"sort": "date", "limit": 50, "timeline": "day"}),
        ("Ukaina", {}),
        ("zzzqqq", {}),
        ("banjir", {"sort": "-date", "offset": 2, "facets": True, "timeline": "week"}),
    ],
)
def test_to_dict_validates_against_the_schema(index, validator, query, kwargs):
    d = index.search(query, **kwargs).to_dict()
    errors = [e.message for e in validator.iter_errors(d)]
    assert errors == []


def test_the_schema_check_can_fail(index, validator):
    d = index.search("korea").to_dict()
    d["hits"][0]["rank"] = "first"
    assert list(validator.iter_errors(d))


def test_facets_timeline_and_properties(index):
    res = index.search("korea", facets=True, timeline="month")
    d = res.to_dict()
    assert res.facets == d["facets"] and res.timeline == d["timeline"]
    assert res.timeline_undated == d["timeline_undated"]
    assert sum(b["count"] for b in res.timeline) + res.timeline_undated == res.total
    assert set(res.facets) == {"person", "place", "org", "source", "category"}
    plain = index.search("korea")
    assert plain.facets is None and plain.timeline is None and plain.timeline_undated is None
    assert res.query == d["query"] and res.took_ms >= 0


def test_to_pandas_gives_one_row_per_hit(index):
    pandas = pytest.importorskip("pandas")
    res = index.search("korea", limit=20)
    frame = res.to_pandas()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame["id"]) == [h.id for h in res.hits]
    assert list(frame.columns) == ["rank", "id", "title", "date", "source", "url", "path", "score", "snippet"]
    dated = frame["date"].dropna()
    assert len(dated) > 0
    assert all(d.utcoffset().total_seconds() == 7 * 3600 for d in dated)
