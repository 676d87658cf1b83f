"""`lexreg amend / diff / repeal / expire / amendments`: applying decisions and lifecycle acts.

Registered on the main app by `register(app)` (listed in api.cli.main). The
commands translate arguments and print; the library decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day
from registry.core.ids import pid_label
from registry.core.wording import CHANGE_LABEL, book_title, change_line, nested_marks

OUTCOME_LABEL = {"written": "已生成新版本", "official-kept": "已有官方文本（仅保留核对）", "superseded": "已由官方文本取代",
                 "not-written": "未写入"}


def register(app: typer.Typer) -> None:
    app.command("amend")(handle_errors(amend))
    app.command("diff")(handle_errors(diff))
    app.command("repeal")(handle_errors(repeal))
    app.command("expire")(handle_errors(expire))
    app.command("amendments")(handle_errors(amendments))


def amend(
    decision_file: Path = typer.Argument(..., exists=True, dir_okay=False, help="The 修改决定 (.md/.txt/.docx)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Apply in memory and report; write nothing."),
    skip_missing: bool = typer.Option(False, "--skip-missing", help="Apply to the norms in the store, report the rest."),
    strict: bool = typer.Option(False, "--strict",
                                help="Store nothing for a norm when any of its instructions is unread or fails "
                                     "(default: store the derived text with the touched articles marked 待核对)."),
    accept_failures: bool = typer.Option(False, "--accept-failures", hidden=True,
                                         help="The default now; kept for old scripts (overrides --strict)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Ingest a 修改决定, apply it to the versions in force before it, print every operation's state."""
    from api.services.amend_file import render_report, run_amend

    report = run_amend(engine(), decision_file, dry_run=dry_run, skip_missing=skip_missing, strict=strict,
                       accept_failures=accept_failures)  # audited as the CLI's user (api.cli.main)
    if as_json:
        emit_json(report.to_json())
    else:
        for line in render_report(report):
            typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


def diff(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    from_day: str = typer.Option(..., "--from", help="The older version: its date, or a date it was in force."),
    to_day: str = typer.Option(..., "--to", help="The newer version: its date, or a date it was in force."),
    docx: Optional[Path] = typer.Option(None, "--docx", help="Also write the Word 对照表 here."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """新旧对照 of two versions: articles aligned across renumbering, word-level changes."""
    from registry.comparison.views import diff_work
    from registry.core.db import session_scope

    with session_scope(engine()) as session:
        result = diff_work(session, work, parse_day(from_day, "--from"), parse_day(to_day, "--to"))
    if docx is not None:
        from api.reports.docx import write_diff_docx

        write_diff_docx(result, docx)
        typer.echo(f"wrote {docx} ({len(result.changed)} changed articles)", err=True)
    if as_json:
        emit_json(result.to_json())
    else:
        typer.echo(result.render_text())


def repeal(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    by: str = typer.Option(..., "--by", help="The decision or order that repeals it (title or 文号)."),
    on: str = typer.Option(..., "--date", help="The day the repeal takes effect (YYYY-MM-DD)."),
    article: Optional[list[str]] = typer.Option(None, "--article", help="Only these articles (部分失效); repeatable."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Record a 废止 (or, with --article, a 部分失效) and show the status on either side of the date."""
    from registry.norms import lifecycle_acts as lifecycle_ops
    _act(work, lambda s, w, day: lifecycle_ops.repeal(s, w, by, day, articles=article or []), on, as_json)


def expire(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    on: str = typer.Option(..., "--date", help="The day it ceases to be in force (YYYY-MM-DD)."),
    reason: str = typer.Option(..., "--reason", help="有效期届满 / 宣布失效 by … / 调整对象已消失 …"),
    by: str = typer.Option("", "--by", help="The document declaring it, if any."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Record a 失效 (有效期届满, 宣布失效) and show the status on either side of the date."""
    from registry.norms import lifecycle_acts as lifecycle_ops
    _act(work, lambda s, w, day: lifecycle_ops.expire(s, w, day, reason, by), on, as_json)


def _act(work: str, act, on: str, as_json: bool) -> None:
    from datetime import timedelta

    from registry.core.db import session_scope
    from registry.norms import lifecycle, store

    day = parse_day(on, "--date")
    with session_scope(engine()) as session:
        w = store.get_work(session, work)
        outcome = act(session, w, day)
        versions, events = store.versions_of(session, w.id), store.events_of(session, w.id)
        before = lifecycle.status_on(versions, events, day - timedelta(days=1)).status
        after = lifecycle.status_on(versions, events, day).status
    data = {**outcome.to_json(), "status_before": before, "status_on": after}
    if as_json:
        emit_json(data)
        return
    said = {"recorded": "已记录", "already": "已有记录", "would-record": "试运行（未写入）"}.get(outcome.outcome,
                                                                                     outcome.outcome)
    typer.echo(f"{said}：{outcome.title} {day} {outcome.kind}，依据 {outcome.by or '—'}"
               + (f"（{'、'.join(outcome.articles)}）" if outcome.articles else "")
               + (f" — {outcome.reason}" if outcome.reason else ""))
    typer.echo(f"  {day - timedelta(days=1)} {before}  ->  {day} {after}")


def amendments(
    work: str = typer.Argument(..., help="Work id, full or short title."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The decisions applied to a work: outcome, operation states and differences from the official text."""
    from registry.amendments.apply import runs_of
    from registry.core.db import session_scope

    with session_scope(engine()) as session:
        data = runs_of(session, work)
    if as_json:
        emit_json(data)
        return
    if not data["runs"]:
        typer.echo(f"{book_title(data['title'])} 尚无已应用的修改决定"
                   f"（修改决定用 lexreg amend 文件 应用；各版本见 lexreg history {data['title']}）")
        return
    for run in data["runs"]:
        check = (f"  与官方文本一致 {run['identical']}/{run['official_count']} 条"
                 if run["official_count"] is not None else "")
        typer.echo(f"{run['version_date']}  {OUTCOME_LABEL.get(run['outcome'], run['outcome'])}  "
                   f"{nested_marks(run['decision'])}  操作 {run['operations']} 项，失败 {run['failed']} 项，"
                   f"未能识别 {run['unparsed']} 项{check}")
        for op in run["operation_states"]:
            if op["status"] != "applied":
                typer.echo(f"    ✗ {op['name']}：{op['reason']} | {op['source'][:60]}")
        for d in run["differences"]:
            typer.echo(f"    与官方文本不同：{pid_label(d['pid'])}")


def article_history(work: str, article: str, at: Optional[str], as_json: bool) -> None:
    """`lexreg history WORK --article N`: the article's number and text in every version, and what changed."""
    from registry.comparison.views import article_history as history_of_article
    from registry.core.db import session_scope

    with session_scope(engine()) as session:
        data = history_of_article(session, work, article, parse_day(at) if at else None)
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['title']}  {data['article']} 条文沿革")
    for v in data["versions"]:
        moved = f"（原{v['moved_from']}）" if v.get("moved_from") else ""
        change = CHANGE_LABEL.get(v["change"], v["change"])
        typer.echo(f"  {v['version_date']} 版本{'（据修改决定生成）' if v['derived'] else ''}  "
                   f"{v['label'] or '本版本无对应条文'}{moved}  {change}")
        if v["text"] and v["change"] not in ("unchanged", "moved"):
            typer.echo("    " + v["text"].replace("\n", "\n    "))
        for c in v["changes"]:
            typer.echo(f"      {change_line(c)}")
        if v.get("same_number"):
            other = v["same_number"]
            typer.echo(f"    本版本的{other['label']}为另一条文：")
            typer.echo("    " + other["text"].replace("\n", "\n    "))
