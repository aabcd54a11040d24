"""newsidx: full-text search for Indonesian news archives.

Build an index of a folder of articles, search it with the newsidx query
language (Indonesian stemming, phrases, boolean logic, fields, people,
places, organisations and dates), and use the same stemmer, analyzer and
entity extractor on any text::

    import newsidx
    newsidx.build("idx", ["corpus/"])
    idx = newsidx.Index("idx")
    res = idx.search('"pasukan Korea Utara"', timeline="month")
    print(res.total, [h.title for h in res.hits])

The answers are those of the ``newsidx`` command: ``SearchResults.to_dict()``
is the object ``newsidx search --json`` prints.
"""

from ._errors import (
    ArticleNotFoundError,
    BadIndexError,
    FileError,
    IndexBusyError,
    IndexError,
    InvalidInputError,
    NewsidxError,
    NoIndexError,
    QueryError,
)
from ._native import (
    Export,
    Hit,
    Index,
    SearchResults,
    __version__,
    analyze,
    build,
    entities,
    stem,
    stem_many,
)

__all__ = [
    "ArticleNotFoundError",
    "BadIndexError",
    "Export",
    "FileError",
    "Hit",
    "Index",
    "IndexBusyError",
    "InvalidInputError",
    "NewsidxError",
    "NoIndexError",
    "QueryError",
    "SearchResults",
    "__version__",
    "analyze",
    "build",
    "entities",
    "stem",
    "stem_many",
]
