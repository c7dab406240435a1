"""Insert many rows without building model instances: the write path of large imports.

Django's bulk_create prepares every value of every instance; for the 300,000 rows of a
50,000-partnership import that costs more than the database's own work. Here only the
values that need converting (dates, UUIDs, JSON) go through the field; the rest go to
the driver as they are. Callers are service functions inside a transaction.
"""

from collections.abc import Callable, Sequence
from typing import Any

import orjson
from django.db import connection, connections, models

_CONVERT = (models.JSONField, models.UUIDField, models.DateField)


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch: int = 20_000,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """INSERT rows (tuples in the order of `fields`, which may be names or attnames)."""
    table, columns, convert = _columns(model, fields)
    names = ", ".join(name for name, _holder in columns)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(holder for _name, holder in columns)})"
    copy = connection.vendor == "postgresql"  # COPY: a third of executemany's time (docs/performance.md)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            prepared = _prepared(chunk, convert) if convert else chunk
            if copy:
                with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as stream:
                    for row in prepared:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, prepared)
            if progress:
                progress(min(start + batch, len(rows)), len(rows))


def _prepared(rows: Sequence[Sequence[Any]], convert: list[tuple[int, Callable[[Any], Any]]]) -> list[list[Any]]:
    prepared = []
    for row in rows:
        values = list(row)
        for i, prep in convert:
            values[i] = prep(values[i])
        prepared.append(values)
    return prepared


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    batch: int = 20_000,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """UPDATE rows by primary key: each row is (pk, *values in the order of `fields`).

    Django's bulk_update writes one CASE expression per field and batch, which SQLite
    evaluates row by row against every branch: a gazetteer reload took a quarter of an hour.
    """
    table, columns, convert = _columns(model, fields)
    assignments = ", ".join(f"{name} = {holder}" for name, holder in columns)
    sql = f"UPDATE {table} SET {assignments} WHERE {connection.ops.quote_name(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start:start + batch]
            cursor.executemany(sql, [[*values, row[0]] for row, values in zip(
                chunk, _prepared([row[1:] for row in chunk], convert), strict=True)])
            if progress:
                progress(min(start + batch, len(rows)), len(rows))


def _columns(model: type[models.Model], fields: Sequence[str]) -> tuple[
        str, list[tuple[str, str]], list[tuple[int, Callable[[Any], Any]]]]:
    """The quoted table, (quoted column, placeholder) per field, and the converters by position."""
    opts = model._meta
    found = [opts.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # JSON goes in as text (orjson: a twentieth of the json module's time); PostgreSQL casts it to jsonb.
    cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    columns = [(quote(c.column), cast if isinstance(c, models.JSONField) else "%s") for c in found]  # type: ignore[union-attr, arg-type]
    convert = [(i, _converter(c)) for i, c in enumerate(found) if isinstance(c, _CONVERT)]
    return quote(opts.db_table), columns, convert


def _json(value: Any, _connection: Any) -> str | None:
    return None if value is None else orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _converter(field: "models.Field[Any, Any]") -> Callable[[Any], Any]:
    """The field's conversion, remembered per value: an import repeats the same dates and lists."""
    prepare = _json if isinstance(field, models.JSONField) else field.get_db_prep_save
    wrapper = connections[connection.alias]  # the thread's own connection, not the proxy: faster per value
    seen: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            memo = tuple(value) if isinstance(value, list) else value
            if memo not in seen:
                seen[memo] = prepare(value, wrapper)
            return seen[memo]
        except TypeError:  # not hashable
            return prepare(value, wrapper)

    return convert
