"""`lexreg evaluate`, `lexreg evaluation show|report|template`: 立法后评估 from the command line.

Registered by `register(app)` (listed in api.cli.main). Reads the evaluation file staff fill in
(.json or .xlsx), stores it through `api.services.evaluations` (audited as `cli:<os user>`), and
prints it or writes the Word/CSV report and the blank .xlsx template.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day

group = typer.Typer(no_args_is_help=True, help="立法后评估: show an evaluation, its report, the blank sheet.")


def register(app: typer.Typer) -> None:
    app.command("evaluate")(handle_errors(evaluate))
    group.command("show")(handle_errors(show))
    group.command("report")(handle_errors(report))
    group.command("template")(handle_errors(template))
    app.add_typer(group, name="evaluation")


def evaluate(work: str = typer.Argument(..., help="Work id, full or short title."),
             from_file: Path = typer.Option(..., "--from-file", exists=True, dir_okay=False,
                                            help="The evaluation (.json or .xlsx)."),
             version: Optional[str] = typer.Option(None, "--version", help="The evaluated version's date."),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """Store an evaluation of one version of WORK from a JSON file or an .xlsx sheet."""
    from api.services.evaluations import evaluate as run

    day = parse_day(version, "--version") if version else None
    shown = run(engine(), work, from_file.name, from_file.read_bytes(), day)  # audited as the CLI's user
    if as_json:
        emit_json(shown)
        return
    d = shown["derived"]
    typer.echo(f"评估 {shown['id']} 已保存：{shown['version_id']}，结论：{shown['conclusion']}，"
               f"加权得分 {d['weighted_score']}，效益成本比 {d['benefit_cost_ratio'] if d['benefit_cost_ratio'] is not None else '无法计算'}")


def show(work: str = typer.Argument(..., help="Work id, full or short title."),
         as_of: Optional[str] = typer.Option(None, "--as-of", help="Date for the machine-found evidence."),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """The latest evaluation of WORK: stored fields, `derived` and `machine_evidence`."""
    from api.services.evaluations import show as run

    shown = run(engine(), work, parse_day(as_of, "--as-of") if as_of else None)
    if as_json:
        emit_json(shown)
        return
    typer.echo(f"评估 {shown['id']}：{shown['version_id']}，{shown['body']}，"
               f"{shown['period']['from']}至{shown['period']['to']}，结论：{shown['conclusion']}")
    for k, v in shown["indicators"].items():
        typer.echo(f"  {k}\t{v['score']}\t{v.get('evidence', '')}")
    for k, v in shown["derived"].items():
        typer.echo(f"  {k}\t{'无法计算' if v is None else v}")
    for item in shown["machine_evidence"]["items"]:
        typer.echo(f"  〔系统发现〕{item['indicator']}\t{'' if item['ok'] else '【需关注】'}{item['text']}")


def report(work: str = typer.Argument(..., help="Work id, full or short title."),
           docx: Path = typer.Option(..., "--docx", dir_okay=False, help="Write the Word report here."),
           csv: Optional[Path] = typer.Option(None, "--csv", dir_okay=False, help="Also write the CSV here."),
           evaluation_id: Optional[int] = typer.Option(None, "--id", help="An evaluation other than the latest."),
           as_of: Optional[str] = typer.Option(None, "--as-of", help="Date for the machine-found evidence.")) -> None:
    """The Word report (and CSV) of WORK's latest evaluation."""
    from api.reports.evaluation import csv_text, write_docx
    from api.services.evaluations import report_data

    r = report_data(engine(), work, evaluation_id, parse_day(as_of, "--as-of") if as_of else None)
    write_docx(docx, r.title, r.evaluation, r.derived, r.evidence)
    typer.echo(f"wrote {docx}")
    if csv is not None:
        csv.write_text(csv_text(r.evaluation, r.derived), encoding="utf-8-sig")
        typer.echo(f"wrote {csv}")


def template(out: Path = typer.Argument(..., dir_okay=False, help="Where to write the blank .xlsx."),
             version: str = typer.Option("", "--version", help="Fill in the version date."),
             body: str = typer.Option("", "--body", help="Fill in the evaluating body.")) -> None:
    """The blank evaluation sheet (four sheets, row labels, checks on 评分 and 结论)."""
    from registry.evaluation.sheet import write_template

    typer.echo(f"wrote {write_template(out, version, body)}")
