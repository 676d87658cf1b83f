"""`lexreg db upgrade / current / history`, `lexreg dump OUT`, `lexreg restore IN`: the store itself.

`db` commands open the store without the revision check (`registry.core.db.connect`):
they are how an outdated store is brought up to date. `dump` reads any store,
outdated or not (back up before upgrading); `restore` needs a new, empty one.
"""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import typer

from api.cli.common import emit_json, engine, handle_errors

db_app = typer.Typer(no_args_is_help=True, help="The store's schema: revisions and upgrades (Alembic).")


def register(app: typer.Typer) -> None:
    db_app.command("upgrade")(handle_errors(upgrade))
    db_app.command("current")(handle_errors(current))
    db_app.command("history")(handle_errors(history))
    app.add_typer(db_app, name="db")
    app.command("dump")(handle_errors(dump))
    app.command("restore")(handle_errors(restore))


def _raw_engine():
    from registry.core.db import connect
    from registry.core.settings import Settings

    return connect(Settings.from_env().database_url)


def _where(eng) -> str:
    return eng.url.render_as_string(hide_password=True)


def upgrade(revision: str = typer.Argument("head", help="Target revision (default: the newest).")) -> None:
    """Upgrade the store to the newest schema revision (a new store is created)."""
    from registry import migrations
    from registry.schema import metadata

    eng = _raw_engine()
    before, after = migrations.upgrade(eng, revision, models=metadata)
    if before == after:
        typer.echo(f"{_where(eng)}: already at revision {after}")
    else:
        typer.echo(f"{_where(eng)}: upgraded from {before or 'no revision'} to {after}")


def current(as_json: bool = typer.Option(False, "--json")) -> None:
    """The store's schema revision and the one this lexreg needs."""
    from registry import migrations

    eng = _raw_engine()
    rev, head = migrations.current_revision(eng), migrations.head_revision()
    state = "current" if rev == head else "behind: run `lexreg db upgrade`" if rev else \
        "no revision (new, or made before migrations): run `lexreg db upgrade`"
    if as_json:
        emit_json({"store": _where(eng), "revision": rev, "head": head, "current": rev == head})
    else:
        typer.echo(f"{_where(eng)}: revision {rev or '-'}; this lexreg needs {head} ({state})")


def history(as_json: bool = typer.Option(False, "--json")) -> None:
    """Every schema revision this lexreg knows, oldest first."""
    from registry import migrations

    revs = migrations.history()
    if as_json:
        emit_json([{"revision": r, "doc": d} for r, d in revs])
    else:
        for rev, doc in revs:
            typer.echo(f"{rev}  {doc.splitlines()[0] if doc else ''}")


def _bar(quiet: bool):
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    transient=True, disable=quiet or not sys.stderr.isatty())


def dump(out: Path = typer.Argument(..., help="The JSON-lines file to write (.gz: compressed)."),
         quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """Write the whole store (every table, the audit log and token hashes included) as JSON lines."""
    from registry.backup import dump as dump_store
    from registry.backup.dump import count_rows

    eng = _raw_engine()
    total = sum(count_rows(eng).values())
    with _bar(quiet) as bar:
        task = bar.add_task("dump", total=total)
        report = dump_store(eng, out, progress=lambda table, n: bar.update(task, advance=n, description=table))
    if as_json:
        emit_json({"path": report.path, "revision": report.revision, "rows": report.rows})
    else:
        typer.echo(f"dumped {report.total} rows of {len(report.rows)} tables (revision {report.revision}) to {out}")


def restore(source: Path = typer.Argument(..., help="A file `lexreg dump` wrote."),
            reindex: bool = typer.Option(True, "--reindex/--no-reindex", help="Rebuild the search index after."),
            quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
            as_json: bool = typer.Option(False, "--json")) -> None:
    """Load a dump into a new, empty store (refused if the store holds anything)."""
    from registry import audit
    from registry.backup import restore as restore_store
    from registry.backup.restore import read_header

    head = read_header(source)
    eng = engine()  # a new store is created at head here; restore checks the dump's revision
    with _bar(quiet) as bar:
        task = bar.add_task("restore", total=None)
        # The CLI acts as the operating-system user (once every command is wrapped so, this goes).
        with audit.acting_as(f"cli:{getpass.getuser()}"):
            report = restore_store(eng, source, progress=lambda table, n: bar.update(task, advance=n,
                                                                                       description=table))
    index = None
    if reindex:
        from registry.core.settings import Settings
        from registry.search import rebuild

        index = rebuild(eng, Settings.from_env().index_dir)
    if as_json:
        emit_json({"path": report.path, "revision": report.revision, "rows": report.rows, "index": index,
                   "dumped_at": head.get("created_at")})
    else:
        typer.echo(f"restored {report.total} rows of {len(report.rows)} tables from {source} "
                   f"(dumped {head.get('created_at')}, revision {report.revision})")
        if index:
            typer.echo(f"indexed {index['entries']} provisions of {index['versions']} versions")
        else:
            typer.echo("the search index was not rebuilt: run `lexreg reindex`")
