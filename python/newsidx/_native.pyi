"""Type stubs for the compiled part of newsidx (kept by hand)."""

import datetime
import os
import pathlib
from typing import Any, Dict, Iterable, Iterator, List, Literal, Optional, Sequence, Tuple, Union, final

_Path = Union[str, os.PathLike[str]]
_DateBound = Union[str, datetime.date, None]
_Json = Dict[str, Any]

__all__ = ["Export", "Hit", "Index", "SearchResults", "__version__", "analyze", "build", "entities", "stem", "stem_many"]

__version__: str

def stem(word: str) -> str:
    """The root (kata dasar) of one word, as ``newsidx stem WORD`` prints it."""

def stem_many(words: Iterable[str]) -> List[str]:
    """The roots of many words, in order, as ``newsidx stem W1 W2 ...`` prints them."""

def analyze(text: str, *, stopwords: bool = False) -> List[_Json]:
    """The tokens of ``text``: the list ``newsidx analyze --json`` prints."""

def entities(text: str) -> List[_Json]:
    """The mentions of people, places and organisations in ``text``, as
    ``newsidx entities`` prints them (kind, start, end, text, canonical)."""

def build(
    path: _Path,
    inputs: Union[_Path, Sequence[_Path]],
    *,
    entities: bool = True,
    progress: bool = False,
    rebuild: bool = False,
    strict: bool = False,
    stopwords: bool = False,
    threads: Optional[int] = None,
    memory_mb: Optional[int] = None,
    wait: bool = False,
) -> _Json:
    """Index every article under ``inputs`` into the index at ``path``; returns
    the report ``newsidx build --json`` prints (articles_indexed,
    articles_bad, problems, ...). Raises ``IndexBusyError`` while another
    build writes the index, unless ``wait=True``."""

@final
class Hit:
    """One ranked article."""

    @property
    def rank(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def date(self) -> Optional[datetime.datetime]:
        """Publication time, aware, in WIB (UTC+07:00)."""
    @property
    def source(self) -> Optional[str]: ...
    @property
    def url(self) -> Optional[str]: ...
    @property
    def path(self) -> Optional[str]: ...
    @property
    def score(self) -> Optional[float]:
        """BM25 score; None when sorted by date."""
    @property
    def snippet(self) -> str: ...
    @property
    def highlights(self) -> List[Tuple[int, int]]:
        """(start, end) character offsets of the matched words in ``snippet``."""
    def to_dict(self) -> _Json:
        """The hit as in ``newsidx search --json``."""

@final
class SearchResults:
    """The answer to one search."""

    @property
    def query(self) -> str: ...
    @property
    def total(self) -> int:
        """Matches in the whole index, not only on this page."""
    @property
    def took_ms(self) -> float: ...
    @property
    def hits(self) -> List[Hit]: ...
    @property
    def facets(self) -> Optional[Dict[str, List[_Json]]]:
        """With facets=True: person, place, org, source and category counts."""
    @property
    def timeline(self) -> Optional[List[_Json]]:
        """With timeline=...: [{"start": "YYYY-MM-DD", "count": n}, ...]."""
    @property
    def timeline_undated(self) -> Optional[int]: ...
    @property
    def suggestions(self) -> List[_Json]: ...
    def to_dict(self) -> _Json:
        """Exactly the object ``newsidx search --json`` prints."""
    def to_pandas(self) -> Any:
        """The hits as a pandas.DataFrame; ImportError when pandas is not installed."""
    def __iter__(self) -> Iterator[Hit]: ...
    def __len__(self) -> int: ...

@final
class Export(Iterator[_Json]):
    """Every match of a query, one article dict at a time."""

    def __iter__(self) -> "Export": ...
    def __next__(self) -> _Json: ...
    def __length_hint__(self) -> int: ...

@final
class Index:
    """An index opened for searching."""

    def __new__(cls, path: _Path) -> "Index":
        """Open the index at ``path``; NoIndexError when there is none there."""
    def search(
        self,
        query: str = "",
        *,
        limit: int = 10,
        offset: int = 0,
        sort: Literal["relevance", "date", "-date"] = "relevance",
        date_from: _DateBound = None,
        date_to: _DateBound = None,
        facets: bool = False,
        timeline: Optional[Literal["day", "week", "month", "year"]] = None,
        facet_size: Optional[int] = None,
    ) -> SearchResults:
        """Run a query in the newsidx query language."""
    def count(self, query: str = "", *, date_from: _DateBound = None, date_to: _DateBound = None) -> int:
        """The number of matching articles."""
    def get(self, id: str) -> _Json:
        """One article in full, as ``newsidx show --json`` prints it."""
    def entity(
        self,
        name: str,
        query: str = "",
        *,
        kind: Optional[Literal["person", "place", "org"]] = None,
        date_from: _DateBound = None,
        date_to: _DateBound = None,
        related: int = 10,
    ) -> Optional[_Json]:
        """One entity and who appears with it, as ``newsidx entity --json`` prints it; None when no article names it."""
    def similar(self, id: str, limit: int = 10) -> List[Hit]:
        """The articles most like this one, best first."""
    def stats(self) -> _Json:
        """Figures about the index, as ``newsidx stats --json`` prints them."""
    def export(self, query: str = "", *, date_from: _DateBound = None, date_to: _DateBound = None) -> Export:
        """Every matching article, oldest first, as dicts shaped like get()'s."""
    @property
    def path(self) -> pathlib.Path:
        """The folder the index lives in."""
    def __len__(self) -> int: ...
    def __reduce__(self) -> Tuple[type, Tuple[pathlib.Path]]:
        """Pickled as its path; unpickling opens the index again."""
