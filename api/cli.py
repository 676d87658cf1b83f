"""The `lexreg` command line. It translates arguments and errors; the library decides.

Errors a user is meant to read (LexregError) are printed as one line on stderr
with exit status 1; nothing else is caught, so a real bug still shows its traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any, Callable, Optional

import typer

from registry.errors import LexregError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="lexreg: registry and lifecycle manager for Chinese legal norms.")

# Command groups that live in their own modules (search, lifecycle, citations...):
# each exposes register(app). Listed explicitly so the import graph stays visible.
COMMAND_MODULES: list[str] = ["api.cli_lifecycle", "api.cli_citations", "api.cli_search"]


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
    from registry.db import make_engine
    from registry.settings import Settings

    return make_engine(Settings.from_env().database_url)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@app.command()
@handle_errors
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md, .docx) or folders, walked recursively."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="Metadata sidecar CSV (path,title,level,...)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Ingest documents into the store; one transaction per document."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from api.jobs import ingest_files
    from api.derived import after_ingest
    from ingest.manifest import load_sidecar
    from ingest.readers import iter_paths

    sidecar = load_sidecar(manifest) if manifest else None
    files = iter_paths(paths)
    eng = engine()
    show_bar = not quiet and not as_json and sys.stderr.isatty()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  transient=True, disable=not show_bar) as bar:
        task = bar.add_task("ingest", total=len(files))

        def derived(engine_, version_ids):
            after_ingest(engine_, version_ids, say=lambda step: bar.update(task, description=step))

        report = ingest_files(eng, files, sidecar, progress=lambda _p: bar.advance(task), after_commit=derived)
    if as_json:
        emit_json({**report.to_json(), "summary": report.summary()})
    else:
        for failure in report.failed:
            typer.echo(failure, err=True)
        for d in report.discrepancies:
            typer.echo(f"discrepancy: {d}", err=True)
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def works(
    level: Optional[str] = typer.Option(None, "--level", help="效力位阶, e.g. 法律, 行政法规, 部门规章."),
    status: Optional[str] = typer.Option(None, "--status", help="时效性, e.g. 现行有效, 已废止."),
    at: Optional[str] = typer.Option(None, "--at", help="Status on this date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List works with their 效力位阶 and 时效性."""
    from registry.db import session_scope
    from registry.views import list_works

    day = parse_day(at)
    with session_scope(engine()) as session:
        rows = list_works(session, day, level, status)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['status']}\t{r['level']}\t{r['title']}\t{r['work_id']}")
    typer.echo(f"{len(rows)} works", err=True)


@app.command()
@handle_errors
def show(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    at: Optional[str] = typer.Option(None, "--at", help="The text in force on this date; default today."),
    article: Optional[str] = typer.Option(None, "--article", help="第四十七条, 47 or 10-1."),
    version: Optional[str] = typer.Option(None, "--version", help="A specific version by its date."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The text of a work on a date (or one article of it)."""
    from registry.db import session_scope
    from registry.views import show as show_view

    day = parse_day(at)
    vday = parse_day(version, "--version") if version else None
    with session_scope(engine()) as session:
        data = show_view(session, work, day, article, vday)
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['title']}  [{data['level']}] {data['status']} ({data['status_date']})")
    typer.echo(f"版本 {data['version_date']}  施行 {data['valid_from']}"
               + (f" 至 {data['valid_to']}" if data["valid_to"] else "")
               + (f"  文号 {data['doc_number']}" if data["doc_number"] else "") + f"  {data['organ']}")
    if data["pending_version"]:
        typer.echo(f"（{data['pending_version']} 版本已公布，尚未生效）")
    typer.echo("")
    for a in data["articles"]:
        typer.echo(f"{a['label']}　{a['text']}")


@app.command()
@handle_errors
def history(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    at: Optional[str] = typer.Option(None, "--at", help="Statuses as of this date; default today."),
    article: Optional[str] = typer.Option(None, "--article", help="One article across all versions (47, 第十条之一)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Every version and lifecycle event of a work (or one article across all versions)."""
    from registry.db import session_scope
    from registry.views import history as history_view

    if article is not None:  # one article across all versions: api.cli_lifecycle
        from api.cli_lifecycle import article_history

        return article_history(work, article, at, as_json)
    with session_scope(engine()) as session:
        data = history_view(session, work, parse_day(at))
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['title']}  {data['status']}  {data['work_id']}")
    for v in data["versions"]:
        typer.echo(f"  {v['version_date']}  施行 {v['valid_from']} 至 {v['valid_to'] or '—'}  {v['status']}")
    for e in data["events"]:
        typer.echo(f"  {e['date'] or '日期不详'}  {e['kind']}  {e['text']}")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")) -> None:
    """Run the REST API and web pages."""
    import uvicorn

    uvicorn.run("api.app:create_app", factory=True, host=host, port=port)


for _module in COMMAND_MODULES:
    import_module(_module).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
