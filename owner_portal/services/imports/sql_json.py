"""JSON built by the database, for audit entries copied from rows just written (INSERT … SELECT).

The same few functions under two names: SQLite's json1 and PostgreSQL's json. Keys are our own
constants, written into the SQL as literals.
"""

from itertools import chain

from sqlalchemy import Table, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.engine import Dialect
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import ScalarSelect


def json_object(dialect: Dialect, **pairs: ColumnElement) -> ColumnElement:
    """{"key": value, …} in the order given; SQL NULL becomes null."""
    build = func.json_build_object if _postgres(dialect) else func.json_object
    return build(*chain.from_iterable((literal_column(f"'{key}'"), value) for key, value in pairs.items()))


def json_value(dialect: Dialect, column: ColumnElement) -> ColumnElement:
    """A JSON column embedded as JSON (SQLite stores it as text, which json_object would quote)."""
    return column if _postgres(dialect) else func.json(column)


def json_ids(dialect: Dialect, column: ColumnElement, *where, order_by: tuple, outer: Table) -> ScalarSelect:
    """[column of every row matching `where`] in `order_by` order ([] when none): a subquery correlated with
    `outer`."""
    if _postgres(dialect):
        agg = func.coalesce(func.json_agg(aggregate_order_by(column, *order_by)), literal_column("'[]'::json"))
        return select(agg).where(*where).scalar_subquery()
    # SQLite 3.40 has no ORDER BY inside an aggregate: it aggregates an ordered subquery.
    ordered = select(column.label("v")).where(*where).order_by(*order_by).correlate(outer).subquery()
    return select(func.json_group_array(ordered.c.v)).scalar_subquery()


def _postgres(dialect: Dialect) -> bool:
    return dialect.name == "postgresql"
