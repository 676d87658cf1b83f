"""One column value to JSON and back, by the column's type.

>>> import datetime as dt, sqlalchemy as sa
>>> to_json(dt.date(2020, 1, 1)), to_json(dt.datetime(2024, 5, 1, 8, 30, tzinfo=dt.timezone.utc))
('2020-01-01', '2024-05-01T08:30:00+00:00')
>>> from_json("2020-01-01", sa.Date())
datetime.date(2020, 1, 1)
>>> from_json("2024-05-01T08:30:00", sa.DateTime(timezone=True))  # a SQLite store keeps UTC without offset
datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.timezone.utc)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa


def to_json(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raise TypeError("binary column values are not dumped (no lexreg table has one)")
    return value


def _kind(col_type: sa.types.TypeEngine) -> type | None:
    try:
        return col_type.python_type
    except NotImplementedError:
        return None


def from_json(value: Any, col_type: sa.types.TypeEngine) -> Any:
    if value is None:
        return None
    kind = _kind(col_type)
    if kind is dt.datetime:
        parsed = dt.datetime.fromisoformat(value)
        aware = getattr(getattr(col_type, "impl", col_type), "timezone", False)
        if aware and parsed.utcoffset() is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        return parsed
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    if kind is dt.time:
        return dt.time.fromisoformat(value)
    if kind is Decimal:
        return Decimal(value)
    return value
