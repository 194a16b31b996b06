"""Bulk INSERTs for the demo and the benchmarks: rows valid by construction, no model instances."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

INSERT_BATCH = 2000
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)


def _memo(convert):
    """``convert`` remembered per value: dates and moments repeat a lot in the demo (weeks, days of events)."""
    seen: dict = {}

    def converted(value):
        try:
            return seen[value]
        except KeyError:
            result = seen[value] = convert(value)
            return result
        except TypeError:  # not hashable (JSON)
            return convert(value)

    return converted


def _converter(field):
    """How a Python value becomes a parameter for this database (None: as it is)."""
    if isinstance(field, _PLAIN_FIELDS):
        return None
    if isinstance(field, models.UUIDField):
        return None if connection.features.has_native_uuid_field else (lambda value: value.hex)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return _memo(connection.ops.adapt_datefield_value)
    return _memo(lambda value: field.get_db_prep_save(value, connection))


def insert_rows(model, columns: Sequence[str], rows: list[tuple]) -> int:
    """INSERT rows with ``executemany``, without building model instances (a tenth of the cost of
    ``bulk_create`` for the hundreds of thousands of rows of a benchmark municipality).

    Only for rows that are valid by construction (the plan made them): no ``save()``, no signals; the
    database still checks its constraints. ``created_at``/``updated_at`` are filled in with now when the
    model has them and the columns do not. Values go through each field's own conversion for this database
    (dates, UUIDs, JSON, datetimes).
    """
    if not rows:
        return 0
    opts = model._meta
    fields = [opts.get_field(column) for column in columns]
    converters = [_converter(f) for f in fields]
    # Stamped with now unless the rows bring their own (the programme dates its rows in the past).
    stamps = [f for f in opts.concrete_fields if f.name in ("created_at", "updated_at") and f.name not in columns]
    now = timezone.now()
    stamp_values = tuple(f.get_db_prep_save(now, connection) for f in stamps)
    names = [f.column for f in fields] + [f.column for f in stamps]
    qn = connection.ops.quote_name
    # Table and column names come from the model's meta and are quoted; values are parameters.
    sql = (f"INSERT INTO {qn(opts.db_table)} ({', '.join(qn(n) for n in names)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(names))})")
    with connection.cursor() as cursor:
        for start in range(0, len(rows), INSERT_BATCH):
            batch = []
            for row in rows[start:start + INSERT_BATCH]:
                values = [value if conv is None or value is None else conv(value)
                          for value, conv in zip(row, converters, strict=True)]
                batch.append((*values, *stamp_values))
            cursor.executemany(sql, batch)
    return len(rows)
