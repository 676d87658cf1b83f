"""`lexreg ingest / works / show / history`: loading documents and reading norms.

The commands translate arguments and print; the library and `api.services` decide.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day, reading


def register(app: typer.Typer) -> None:
    app.command("ingest")(handle_errors(ingest))
    app.command("works")(handle_errors(works))
    app.command("show")(handle_errors(show))
    app.command("history")(handle_errors(history))


def ingest(
    paths: list[Path] = typer.Argument(..., help="Files (.txt, .md, .docx) or folders, walked recursively."),
    manifest: Optional[Path] = typer.Option(None, "--manifest", help="Metadata sidecar CSV (path,title,level,...)."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    details: bool = typer.Option(False, "--details", help="Print every sidecar discrepancy, not one summary line."),
) -> None:
    """Ingest documents into the store; one transaction per document."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from api.services.derived import after_ingest
    from api.services.ingest_batch import ingest_files
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
        if report.discrepancies and (details or len(report.discrepancies) <= 3):  # a few: each; many: one line
            for d in report.discrepancies:
                typer.echo(f"discrepancy: {d}", err=True)
        elif report.discrepancies:
            typer.echo(f"清单与文本不一致 {len(report.discrepancies)} 处，已按清单（--manifest）处理；"
                       "逐条查看：lexreg discrepancies", err=True)
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(1)


def works(
    level: Optional[str] = typer.Option(None, "--level", help="效力位阶, e.g. 法律, 行政法规, 部门规章."),
    status: Optional[str] = typer.Option(None, "--status", help="时效性, e.g. 现行有效, 已废止."),
    at: Optional[str] = typer.Option(None, "--at", help="Status on this date (YYYY-MM-DD); default today."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """List works with their 效力位阶 and 时效性."""
    from registry.norms.views import list_works

    day = parse_day(at)
    with reading() as source:
        rows = list_works(source, day, level, status)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['status']}\t{r['level']}\t{r['title']}")
    typer.echo(f"{len(rows)} works", err=True)


def show(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    at: Optional[str] = typer.Option(None, "--at", help="The text in force on this date; default today."),
    article: Optional[str] = typer.Option(None, "--article", help="第四十七条, 47 or 10-1."),
    version: Optional[str] = typer.Option(None, "--version", help="A specific version by its date."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The text of a work on a date (or one article of it)."""
    from registry.norms.views import show as show_view

    day = parse_day(at)
    vday = parse_day(version, "--version") if version else None
    with reading() as source:
        data = show_view(source, work, day, article, vday)
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['title']}  [{data['level']}] {data['status']} ({data['status_date']})")
    typer.echo(f"版本 {data['version_date']}  施行 {data['valid_from']}"
               + (f" 至 {data['valid_to']}" if data["valid_to"] else "")
               + (f"  文号 {data['doc_number']}" if data["doc_number"] else "") + f"  {data['organ']}")
    if data["pending_version"]:
        typer.echo(f"（{data['pending_version']} 版本已公布，尚未生效）")
    if data.get("derived_from"):
        marked = sum(1 for a in data["articles"] if a.get("to_check"))
        typer.echo(f"推算文本（由修改决定推算，基于 {data['derived_from']}，以正式公布文本为准）"
                   + (f"；{marked} 条待核对" if marked else ""))
    for note in data.get("to_check_whole") or []:
        typer.echo(f"【待核对·全文】{note['instruction'][:80]} — {note['reason']}")
    typer.echo("")
    for a in data["articles"]:
        typer.echo(("【待核对】" if a.get("to_check") else "") + f"{a['label']}{'（本条已废止）' if a.get('repealed') else ''}　{a['text']}")
        for note in a.get("to_check") or []:
            typer.echo(f"　　待核对：{note['instruction'][:80]} — {note['reason']}")


def history(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    at: Optional[str] = typer.Option(None, "--at", help="Statuses as of this date; default today."),
    article: Optional[str] = typer.Option(None, "--article", help="One article across all versions (47, 第十条之一)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Every version and lifecycle event of a work (or one article across all versions)."""
    from registry.norms.views import history as history_view

    if article is not None:  # one article across all versions: api.cli.lifecycle
        from api.cli.lifecycle import article_history

        return article_history(work, article, at, as_json)
    with reading() as source:
        data = history_view(source, work, parse_day(at))
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['title']}  {data['status']}")
    for v in data["versions"]:
        typer.echo(f"  {v['version_date']}  施行 {v['valid_from']} 至 {v['valid_to'] or '—'}  {v['status']}")
    for e in data["events"]:
        typer.echo(f"  {e['date'] or '日期不详'}  {e['kind']}  {e['text']}")
