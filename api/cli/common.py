"""What every `lexreg` command shares: error translation, dates, the engine, JSON output.

Errors a user is meant to read (LexregError) are printed as one line on stderr
with exit status 1; nothing else is caught, so a real bug still shows its traceback.
"""

from __future__ import annotations

import functools
import getpass
import json
import sys
from contextlib import contextmanager
from datetime import date
from typing import Any, Callable, Iterator, Optional

import typer

from registry.core.errors import LexregError


def handle_errors(fn: Callable) -> Callable:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except LexregError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
    return wrapper


def parse_day(value: Optional[str], option: str = "--at") -> date:
    if value is None or value == "today":
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def engine():
    from registry.core.settings import Settings
    from registry.schema import make_engine

    return make_engine(Settings.from_env().database_url)


@contextmanager
def reading() -> Iterator[Any]:
    """What a command that only reads reads through: the store's plain rows when it is an SQLite
    store at the current revision (`registry.norms.rows`: no ORM to import, so the command answers
    at once), else an ORM session (PostgreSQL, or a store `engine()` must first explain or create)."""
    from registry.core.settings import Settings
    from registry.norms.rows import open_rows

    rows = open_rows(Settings.from_env().database_url)
    if rows is not None:
        try:
            yield rows
        finally:
            rows.close()
        return
    from registry.core.db import session_scope

    with session_scope(engine()) as session:
        yield session


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def cli_actor() -> str:
    """The audit actor of a command run from the shell: cli:<operating-system user>."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        user = "unknown"
    return f"cli:{user}"
