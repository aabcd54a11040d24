"""The exceptions newsidx raises.

Each derives from ``NewsidxError`` and from the built-in exception a Python
user would expect, so ``except ValueError`` or ``except KeyError`` work too.
"""

from __future__ import annotations

import os
from typing import Optional, Union

__all__ = [
    "NewsidxError",
    "QueryError",
    "IndexError",
    "NoIndexError",
    "BadIndexError",
    "IndexBusyError",
    "ArticleNotFoundError",
    "InvalidInputError",
    "FileError",
]

_Path = Union[str, "os.PathLike[str]"]


class NewsidxError(Exception):
    """Base class of every error newsidx raises."""


class QueryError(NewsidxError, ValueError):
    """A query that cannot be parsed.

    ``str(error)`` is the message ``newsidx search`` prints: the query, a
    caret under the problem, and what was expected. ``position`` is the
    0-based character offset of the problem in ``query``; ``reason`` is the
    message without the query.
    """

    def __init__(self, message: str, query: str = "", position: int = 0, reason: str = "") -> None:
        super().__init__(message)
        self.query = query
        self.position = position
        self.reason = reason

    def __reduce__(self):  # keep the details when pickled (multiprocessing, Dask, Ray)
        return (type(self), (self.args[0], self.query, self.position, self.reason))


class IndexError(NewsidxError):  # noqa: A001 - the name the index's errors share
    """An index that cannot be used (damaged, or a failure underneath).

    Shadows the built-in ``IndexError`` only as ``newsidx.IndexError``.
    """

    def __init__(self, message: str, path: Optional[_Path] = None) -> None:
        super().__init__(message)
        self.path = os.fspath(path) if path is not None else None

    def __reduce__(self):
        return (type(self), (self.args[0], self.path))


class NoIndexError(IndexError, FileNotFoundError):
    """No index exists at the given path (build one with ``newsidx.build``)."""

    def __str__(self) -> str:
        return str(self.args[0])


class BadIndexError(IndexError):
    """The index was written by an incompatible version of newsidx or is
    damaged; rebuild it with ``newsidx.build(..., rebuild=True)``."""


class IndexBusyError(IndexError):
    """Another build (or deletion, or optimization) is writing this index;
    nothing was changed. ``newsidx.build(..., wait=True)`` waits for it."""


class ArticleNotFoundError(NewsidxError, KeyError):
    """No article with this id is in the index."""

    def __init__(self, message: str, id: str = "") -> None:  # noqa: A002
        super().__init__(message)
        self.id = id

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):
        return (type(self), (self.args[0], self.id))


class InvalidInputError(NewsidxError, ValueError):
    """A malformed argument (a date, a sort order) or, in a strict build,
    bad input."""


class FileError(NewsidxError, OSError):
    """A file or folder could not be read or written."""

    def __init__(self, message: str, path: Optional[_Path] = None) -> None:
        super().__init__(message)
        self.filename = os.fspath(path) if path is not None else None

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):
        return (type(self), (self.args[0], self.filename))
