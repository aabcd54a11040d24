"""One Index searched from many Python threads gives the answers it gives
from one."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import newsidx

QUERIES = [
    ('"pasukan Korea Utara"', {}),
    ("korea", {"facets": True, "timeline": "month"}),
    ("banjir", {"sort": "date"}),
    ("*", {"sort": "-date", "limit": 20}),
    ('person:"Vladimir Putin"', {"facets": True}),
    ("timnas OR rupiah", {"timeline": "week"}),
]


def answer(index, i):
    query, kwargs = QUERIES[i % len(QUERIES)]
    d = index.search(query, **kwargs).to_dict()
    d.pop("took_ms")
    return i % len(QUERIES), d


def test_many_threads_get_the_single_threaded_answers(index):
    expected = dict(answer(index, i) for i in range(len(QUERIES)))
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda i: answer(index, i), range(240)))
    assert len(got) == 240
    for i, d in got:
        assert d == expected[i]


def test_threads_mixing_calls_on_one_index(index):
    ids = [h.id for h in index.search("*", limit=10).hits]

    def calls(id):
        title = index.get(id)["title"]
        return (index.get(id), index.count(f'title:"{title}"'), [a["id"] for a in index.export(f'="{title}"')],
                len(index.similar(id, limit=3)), index.stats())

    expected = {id: calls(id) for id in ids}

    def work(n):
        id = ids[n % len(ids)]
        return id, calls(id)

    with ThreadPoolExecutor(max_workers=6) as pool:
        for id, got in pool.map(work, range(120)):
            assert got == expected[id]


def test_stem_many_from_threads(corpus):
    words = ["mengirimkan", "dikirim", "pengiriman", "menolak", "Bekasi"] * 5000
    expected = newsidx.stem_many(words)
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(r == expected for r in pool.map(lambda _: newsidx.stem_many(words), range(8)))


def test_an_index_pickles_as_its_path_for_worker_processes(index):
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    again = pickle.loads(pickle.dumps(index))
    assert again.path == index.path
    expected = answer(index, 1)
    assert answer(again, 1) == expected
    with ProcessPoolExecutor(max_workers=2) as pool:
        assert list(pool.map(answer, [index, index], [1, 1])) == [expected, expected]
