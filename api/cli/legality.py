"""`lexreg review DRAFT --organ ORGAN`: 事前合法性审核 of a draft that is not stored.

Registered by `register(app)` (listed in api.cli.main). Reads the draft (.docx/.txt/.md), prints
the findings (or `{"findings": [...]}` with --json) and writes the 审核意见书 with --docx.
Exit status 0 whether or not there are findings; 1 only when the draft cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day


def register(app: typer.Typer) -> None:
    app.command("review")(handle_errors(review))


def review(draft: Path = typer.Argument(..., exists=True, dir_okay=False, help="The draft (.docx, .txt or .md)."),
           organ: str = typer.Option(..., "--organ", help="The organ that would issue it (制定机关)."),
           as_of: Optional[str] = typer.Option(None, "--as-of", help="Review against the store on this date."),
           level: str = typer.Option("", "--level", help="The kind of document (default: inferred, e.g. 规范性文件)."),
           docx: Optional[Path] = typer.Option(None, "--docx", dir_okay=False, help="Write the 审核意见书 here."),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Review a draft before it is issued: 主体, 权限, 依据, 内容, 形式."""
    from api.services.legality import review_draft

    report = review_draft(engine(), draft.name, draft.read_bytes(), organ, parse_day(as_of, "--as-of"), level)
    if docx is not None:
        from api.reports.legality import write_docx

        write_docx(docx, report)
    if as_json:
        emit_json(report.to_json())
        return
    typer.echo(f"《{report.title}》（{report.level}，{report.organ}，审核基准日 {report.as_of}）：{len(report.findings)} 项")
    for f in report.findings:
        typer.echo(f"[{f.group}] {f.kind}\t{f.provision or '全文'}\t{f.text}" + (f"\t建议：{f.suggestion}" if f.suggestion else ""))
    if docx is not None:
        typer.echo(f"wrote {docx}")
