"""Core statements straight to the driver, many rows in or out, with SQLAlchemy's own type processors.

conn.execute() does the same, but at 100,000 rows its per-row bookkeeping (Row objects, one processor
call per cell, one fetch per row) costs more than the database's work. Here processors run column-wise
and only for the columns that have one (dates on SQLite, JSON).
"""

from datetime import date
from functools import lru_cache

from sqlalchemy import insert
from sqlalchemy.engine import Connection


def executemany(conn: Connection, stmt, rows: list[dict]) -> int:
    """One statement, many rows given as dicts. Returns the rows affected."""
    return executemany_columns(conn, stmt, columns_of(rows)) if rows else 0


def columns_of(rows: list[dict]) -> dict[str, list]:
    """Rows given as dicts (all with the same keys) → {name: values}."""
    return {name: [row[name] for row in rows] for name in rows[0]}


def executemany_columns(conn: Connection, stmt, columns: dict[str, list]) -> int:
    """One statement, many rows given column by column ({name: values}, all of one length): no dict
    per row to build and take apart again. Returns the rows affected."""
    count = len(next(iter(columns.values()), []))
    if not count:
        return 0
    compiled, names = _compile(stmt, conn.dialect, tuple(columns))
    converted = [_bind_column(compiled.binds[name], columns.get(name), count, conn.dialect) for name in names]
    tuples = zip(*converted)
    params = list(tuples) if compiled.positiontup else [dict(zip(names, t)) for t in tuples]
    return conn.exec_driver_sql(compiled.string, params).rowcount


@lru_cache(maxsize=64)
def _compile(stmt, dialect, keys: tuple[str, ...]):
    """Compiled once per statement object and columns: an import runs the same few statements for
    every chunk. Callers keep their statements (module constants, insert_into): a statement made per call
    would never be found here again."""
    compiled = stmt.compile(dialect=dialect, column_keys=list(keys))
    if compiled.insert_prefetch or compiled.update_prefetch:  # Python-side defaults would be skipped
        raise ValueError(f"executemany needs every column given: {compiled.insert_prefetch + compiled.update_prefetch}")
    return compiled, list(compiled.positiontup or compiled.binds)


@lru_cache(maxsize=None)
def insert_into(model):
    """One INSERT statement object per model, so that its compiled form is reused."""
    return insert(model)


def _bind_column(bind, values: list | None, count: int, dialect) -> list:
    process = bind.type._cached_bind_processor(dialect)
    if values is None:  # a literal in the statement, e.g. .values(status="已售")
        value = bind.effective_value
        return [process(value) if process and value is not None else value] * count
    if not process:
        return values
    if isinstance(values[0], date):  # dates and timestamps repeat (one `now` per batch): convert each once
        converted = {v: process(v) for v in set(values) if v is not None}
        return [converted.get(v) for v in values]
    return [process(v) if v is not None else None for v in values]


def fetch_all(conn: Connection, query) -> list[tuple]:
    """Every row of a SELECT as a plain tuple, as the driver gives it, then converted column-wise."""
    state = query.compile(dialect=conn.dialect).construct_expanded_state()  # IN (...) lists expanded
    params = {name: (process(value) if (process := state.processors.get(name)) and value is not None else value)
              for name, value in state.parameters.items()}
    if state.positiontup is not None:
        params = tuple(params[name] for name in state.positiontup)
    result = conn.exec_driver_sql(state.statement, params)
    rows, description = result.cursor.fetchall(), result.cursor.description
    result.close()
    processors = [column.type._cached_result_processor(conn.dialect, coltype)
                  for column, (_name, coltype, *_rest) in zip(query.selected_columns, description)]
    if not rows or not any(processors):
        return rows
    columns = [[process(v) for v in values] if process else values
               for process, values in zip(processors, zip(*rows))]
    return list(zip(*columns))
