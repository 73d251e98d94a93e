"""Core statements run on the driver's cursor in their compiled form (SQLite's commonest write).

`Connection.execute` sets up an execution context, a result and its metadata on every call: ~70 µs
a statement in a slow spell of this machine, where SQLite runs the statement itself in ~25. A
`Prepared` statement is compiled once for a dialect and keeps what each run needs: its SQL, its
parameters in order with SQLAlchemy's own bind processors (ids as SQLite stores them, times in its
format), and its columns' result processors, so what goes in and what comes out is what
`Connection.execute` gives. It runs on the connection's own DBAPI cursor, in its transaction.
Only for positional parameter styles (SQLite's).
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ClauseElement, Connection, Dialect


class Prepared:
    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled: Any = statement.compile(dialect=dialect)
        if compiled.positiontup is None:
            raise ValueError("a prepared statement needs a positional parameter style")
        self._compiled = compiled
        self.sql: str = compiled.string
        processors = compiled._bind_processors
        self._binds = tuple((name, processors.get(name)) for name in compiled.positiontup)
        columns = compiled._result_columns
        self._results = tuple(c.type._cached_result_processor(dialect, None) for c in columns)
        self._row = _row_type(tuple(c.keyname for c in columns))

    def _args(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        values = self._compiled.construct_params(params)
        return tuple(values[name] if process is None else process(values[name]) for name, process in self._binds)

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        """Every row, with attributes named as the statement's columns (and `_mapping`, as SQLAlchemy's)."""
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.execute(self.sql, self._args(params))
            raw = cursor.fetchall()
        finally:
            cursor.close()
        results, row = self._results, self._row
        return [row(*(v if p is None else p(v) for v, p in zip(r, results, strict=True))) for r in raw]

    def run_many(self, conn: Connection, params: Iterable[Mapping[str, Any]]) -> None:
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.executemany(self.sql, [self._args(p) for p in params])
        finally:
            cursor.close()


def _row_type(names: tuple[str, ...]) -> type:
    base = namedtuple("Row", names)  # type: ignore[misc]  # the names are the statement's

    class Row(base):
        @functools.cached_property
        def _mapping(self) -> dict[str, Any]:  # read more than once per row (the set target's parts)
            return dict(zip(names, self, strict=True))

    return Row
