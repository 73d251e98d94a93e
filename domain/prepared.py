"""Core statements run on the driver's cursor in their compiled form (the commonest reads and writes).

`Connection.execute` sets up an execution context, a result and its metadata on every call: ~70 µs
a statement in a slow spell of this machine, where SQLite runs the statement itself in ~25; with
psycopg, reading the result's metadata also builds a column description per column (32 for a
logged set's one statement). A `Prepared` statement is compiled once per dialect, on first use, and
keeps what each run needs: its SQL, its parameters with SQLAlchemy's own bind processors (ids as
SQLite stores them, times in its format), and its columns' result processors, so what goes in and
what comes out is what `Connection.execute` gives. It runs on the connection's own DBAPI cursor, in
its transaction (or, on an autocommit connection, as its own). Positional (SQLite's `?`) and named
(psycopg's `%(name)s`) parameter styles; not statements whose parameters change the SQL (`IN` lists,
literals rendered at run time) or whose names need escaping.
"""

from __future__ import annotations

import functools
import operator
import weakref
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ClauseElement, Connection, Dialect
from sqlalchemy.exc import InvalidRequestError


class Prepared:
    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._by_dialect: weakref.WeakKeyDictionary[Dialect, Compiled] = weakref.WeakKeyDictionary()

    def compiled(self, dialect: Dialect) -> Compiled:
        found = self._by_dialect.get(dialect)
        if found is None:
            found = self._by_dialect[dialect] = Compiled(self.statement, dialect)
        return found

    def rows(self, conn: Connection, params: Mapping[str, Any]) -> list[Any]:
        """Every row, with attributes named as the statement's columns (and `_mapping`, as SQLAlchemy's)."""
        compiled = self.compiled(conn.dialect)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            _run(conn, cursor, compiled.sql, compiled.args(params), many=False)
            if compiled.results is None:  # the first run: what the driver says each column holds
                compiled.read_results(cursor.description)
            raw = cursor.fetchall()
        finally:
            cursor.close()
        return compiled.rows(raw)

    def run_many(self, conn: Connection, params: Iterable[Mapping[str, Any]]) -> None:
        compiled = self.compiled(conn.dialect)
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            _run(conn, cursor, compiled.sql, [compiled.args(p) for p in params], many=True)
        finally:
            cursor.close()


def _run(conn: Connection, cursor: Any, sql: str, args: Any, *, many: bool) -> None:
    fire_before(conn, cursor, sql, args, many=many)
    if many:
        cursor.executemany(sql, args)
    else:
        cursor.execute(sql, args)
    fire_after(conn, cursor, sql, args, many=many)


# The engine's cursor-execute listeners (logging, tests that count statements) see these statements
# as they see SQLAlchemy's own executions (without an execution context).


def fire_before(conn: Connection, cursor: Any, sql: str, args: Any, *, many: bool) -> None:
    if conn._has_events or conn.engine._has_events:
        conn.dispatch.before_cursor_execute(conn, cursor, sql, args, None, many)


def fire_after(conn: Connection, cursor: Any, sql: str, args: Any, *, many: bool) -> None:
    if conn._has_events or conn.engine._has_events:
        conn.dispatch.after_cursor_execute(conn, cursor, sql, args, None, many)


class Compiled:
    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled: Any = statement.compile(dialect=dialect)
        if (
            compiled.post_compile_params
            or compiled.literal_execute_params
            or compiled.escaped_bind_names
            or getattr(compiled, "_collected_params", None)  # values given with .params()
        ):
            raise ValueError("a prepared statement's parameters must not change its SQL or need escaping")
        self._compiled = compiled
        self.sql: str = compiled.string
        self._positional = compiled.positiontup is not None
        names = compiled.positiontup if self._positional else dict.fromkeys(compiled.bind_names.values())
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        processors = compiled._bind_processors
        # Per parameter, what `construct_params` looks at (the caller's value by key or by name, else
        # the statement's own value, or an error if one is required) and its bind processor:
        # read once here rather than on every run.
        self.names: tuple[str, ...] = tuple(names)  # the parameters, each once, in their order
        self.pipelined: bytes | None = None  # with `$n` parameters (domain/pipeline.py)
        self._binds = tuple(
            (name, by_name[name].key, by_name[name], by_name[name].required, processors.get(name)) for name in names
        )
        self._dialect = dialect
        self._row = _row_type(tuple(c.keyname for c in compiled._result_columns))
        self.results: tuple[Any, ...] | None = None  # the columns' result processors, from the first run
        self._processed: tuple[tuple[int, Any], ...] = ()

    def read_results(self, description: Any) -> None:
        """Each column's result processor, which can depend on the type the driver reports for it
        (PostgreSQL's numbers), as SQLAlchemy's own result metadata does."""
        columns = self._compiled._result_columns
        codes = [d[1] for d in description] if description else [None] * len(columns)
        self.results = tuple(
            c.type._cached_result_processor(self._dialect, code) for c, code in zip(columns, codes, strict=True)
        )
        # Only the columns that have one (psycopg's values mostly come as they are; SQLite's booleans
        # are 0 and 1): a pass over every value of every row cost more than the rest of the read.
        self._processed = tuple((i, p) for i, p in enumerate(self.results) if p is not None)

    def args(self, params: Mapping[str, Any]) -> tuple[Any, ...] | dict[str, Any]:
        """The driver's parameters: in order (SQLite's `?`) or by name (psycopg's `%(name)s`)."""
        values = self.values(params)
        return values if self._positional else dict(zip(self.names, values, strict=True))

    def values(self, params: Mapping[str, Any]) -> tuple[Any, ...]:
        """Each parameter's value, in `names` order, as the driver takes it."""
        values = []
        for name, key, bind, required, process in self._binds:
            if key in params:
                value = params[key]
            elif name in params:
                value = params[name]
            elif required:
                raise InvalidRequestError(f"A value is required for bind parameter {key!r}")
            else:
                value = bind.effective_value
            values.append(value if process is None else process(value))
        return tuple(values)

    def rows(self, raw: Iterable[tuple[Any, ...]]) -> list[Any]:
        row, processed = self._row, self._processed
        if not processed:
            return [row(r) for r in raw]
        rows = []
        for r in raw:
            values = list(r)
            for i, process in processed:
                values[i] = process(values[i])
            rows.append(row(values))
        return rows


class _Row(tuple[Any, ...]):
    """A row as SQLAlchemy's `Row` is read: by position, by attribute, `_fields` and `_mapping`."""

    _fields: tuple[str, ...] = ()

    @functools.cached_property
    def _mapping(self) -> dict[str, Any]:  # read more than once per row (the set target's parts)
        return dict(zip(self._fields, self, strict=True))


def _row_type(names: tuple[str, ...]) -> type[_Row]:
    by_name = {name: property(operator.itemgetter(i)) for i, name in enumerate(names) if not hasattr(_Row, name)}
    return type("Row", (_Row,), {"_fields": names, **by_name})
