"""Errors are Python exceptions that keep their details, never a crash."""

from __future__ import annotations

import json
import pickle

import pytest

import newsidx


@pytest.mark.parametrize(
    "query",
    ["titel:banjir", 'pasukan "Kórea Utara', "(rusia OR", "date:2024-13", "banjir AND", "Ukraina~3",
     "(" * 5000 + "korea" + ")" * 5000, "NOT " * 5000 + "korea"],
)
def test_a_bad_query_raises_the_caret_message_the_cli_prints(cli, cli_index, index, query):
    proc = cli.run("search", "--index", str(cli_index), "--", query, ok=(2,))
    with pytest.raises(newsidx.QueryError) as caught:
        index.search(query)
    err = caught.value
    assert proc.stderr == f"newsidx: bad query:\n{err}\n"
    assert err.query == query
    # The caret stands under character `position` of the query.
    lines = str(err).split("\n")
    assert lines[1] == " " * err.position + "^"
    assert lines[2] == err.reason
    assert isinstance(err, ValueError) and isinstance(err, newsidx.NewsidxError)


def test_query_error_position_counts_characters_not_bytes(index):
    with pytest.raises(newsidx.QueryError) as caught:
        index.search("pasukan Kórea titel:x")
    assert caught.value.position == len("pasukan Kórea ")


def test_query_error_survives_pickling(index):
    with pytest.raises(newsidx.QueryError) as caught:
        index.count("(rusia OR")
    back = pickle.loads(pickle.dumps(caught.value))
    assert (str(back), back.query, back.position, back.reason) == (
        str(caught.value), caught.value.query, caught.value.position, caught.value.reason)


def test_every_query_taking_method_raises_query_error(index):
    for call in (lambda: index.search("titel:x"), lambda: index.count("titel:x"),
                 lambda: index.export("titel:x")):
        with pytest.raises(newsidx.QueryError):
            call()


def test_a_missing_index_raises_no_index_error(tmp_path):
    with pytest.raises(newsidx.NoIndexError) as caught:
        newsidx.Index(tmp_path / "nothing")
    assert isinstance(caught.value, FileNotFoundError)
    assert isinstance(caught.value, newsidx.IndexError)
    assert caught.value.path == str(tmp_path / "nothing")
    assert "no index" in str(caught.value)


def test_an_incompatible_index_raises_bad_index_error(py_build, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(py_build[0], copy)
    generation = copy / (copy / "CURRENT").read_text().strip()
    settings = json.loads((generation / "newsidx.json").read_text())
    settings["schema_version"] = 9999
    (generation / "newsidx.json").write_text(json.dumps(settings))
    with pytest.raises(newsidx.BadIndexError, match="schema version 9999"):
        newsidx.Index(copy)
    (copy / "CURRENT").write_text("../elsewhere\n")
    with pytest.raises(newsidx.BadIndexError, match="damaged"):
        newsidx.Index(copy)


def test_an_index_from_another_analyzer_raises_bad_index_error(py_build, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(py_build[0], copy)
    generation = copy / (copy / "CURRENT").read_text().strip()
    settings = json.loads((generation / "newsidx.json").read_text())
    settings["analyzer"]["rules"] = 0
    (generation / "newsidx.json").write_text(json.dumps(settings))
    with pytest.raises(newsidx.BadIndexError, match="different analyzer.*--rebuild"):
        newsidx.Index(copy)


def test_an_unknown_id_raises_article_not_found(index):
    for call in (index.get, index.similar):
        with pytest.raises(newsidx.ArticleNotFoundError) as caught:
            call("no-such-id")
        assert isinstance(caught.value, KeyError)
        assert caught.value.id == "no-such-id"
        assert str(caught.value) == 'no article with id "no-such-id"'


def test_bad_arguments_raise_value_or_type_errors(index):
    with pytest.raises(ValueError, match="sort"):
        index.search("korea", sort="newest")
    with pytest.raises(ValueError, match="timeline"):
        index.search("korea", timeline="decade")
    with pytest.raises(ValueError, match="date_from"):
        index.search("korea", date_from="31/02/2024")
    with pytest.raises(TypeError):
        index.search("korea", date_from=2024)
    with pytest.raises(OverflowError):
        index.search("korea", limit=-1)
    with pytest.raises(TypeError):
        newsidx.stem_many(["kirim", 3])
    with pytest.raises(TypeError):
        newsidx.stem_many("mengirimkan")
    with pytest.raises(TypeError):
        newsidx.build("x", 42)


def test_huge_pages_cost_nothing(index):
    res = index.search("korea", limit=2**62, offset=0)
    assert len(res.hits) == res.total > 0
    assert index.search("korea", limit=2**62, offset=2**62).hits == []


def test_dates_as_date_objects_bound_like_strings(index):
    import datetime

    as_text = index.search("*", date_from="2024-11-01", date_to="2024-11-30").to_dict()
    as_dates = index.search("*", date_from=datetime.date(2024, 11, 1), date_to=datetime.date(2024, 11, 30)).to_dict()
    as_text.pop("took_ms"), as_dates.pop("took_ms")
    assert as_text == as_dates and as_text["total"] > 0


def test_bad_input_is_reported_and_strict_builds_refuse_it(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.jsonl").write_text(json.dumps({"id": "a", "title": "Banjir", "body": "Banjir di Jakarta."}) + "\n")
    (inputs / "bad.jsonl").write_text('{"id": "b", "title": \n')
    report = newsidx.build(tmp_path / "ix", inputs, entities=False)
    assert report["articles_indexed"] == 1 and report["articles_bad"] == 1
    assert report["problems"] and "bad.jsonl" in json.dumps(report["problems"])
    with pytest.raises(newsidx.InvalidInputError, match="strict"):
        newsidx.build(tmp_path / "strict", [inputs], strict=True)
    with pytest.raises(newsidx.NoIndexError):
        newsidx.Index(tmp_path / "strict")


def test_progress_goes_to_sys_stderr(tmp_path, capsys):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text('{"id": "a", "title": "Banjir", "body": "Banjir di Jakarta."}\n{"id": \n')
    newsidx.build(tmp_path / "ix", inputs, progress=True, entities=False)
    err = capsys.readouterr().err
    assert "newsidx: warning:" in err and "in.jsonl" in err
    assert "1 " in err  # the summary counts the indexed article


def test_to_pandas_says_what_is_missing_without_pandas(index, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("No module named 'pandas'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    monkeypatch.delitem(__import__("sys").modules, "pandas", raising=False)
    with pytest.raises(ImportError, match="pip install pandas"):
        index.search("korea").to_pandas()


def test_a_build_while_another_writes_raises_index_busy_error(tmp_path):
    import fcntl

    article = tmp_path / "a.jsonl"
    article.write_text(json.dumps({"id": "a", "title": "Banjir", "body": "Banjir di Jakarta."}))
    root = tmp_path / "idx"
    root.mkdir()
    # Held as a running build holds it: the same OS lock on the same file.
    with open(root / "build.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(newsidx.IndexBusyError) as caught:
            newsidx.build(root, article, entities=False)
        assert isinstance(caught.value, newsidx.IndexError)
        assert caught.value.path == str(root)
        assert "another build is writing this index" in str(caught.value)
    assert newsidx.build(root, article, entities=False)["index_articles"] == 1
