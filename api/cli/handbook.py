"""`lexreg handbook TOPIC --at DATE`: the 执法手册 of a matter on a date, as text, JSON or Word.
Registered by `register(app)` (listed in api.cli.main); reads only."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day


def register(app: typer.Typer) -> None:
    app.command("handbook")(handle_errors(handbook))


def handbook(topic: str = typer.Argument(..., help="The matter: 非法占用土地, 违法采矿, 临时用地 or any phrase."),
             at: Optional[str] = typer.Option(None, "--at", help="Provisions in force on this date."),
             level: Optional[str] = typer.Option(None, "--level"), organ: Optional[str] = typer.Option(None, "--organ"),
             docx: Optional[Path] = typer.Option(None, "--docx", dir_okay=False),
             as_json: bool = typer.Option(False, "--json")) -> None:
    """The provisions in force that prohibit a matter, set its penalty and give its procedure."""
    from sqlmodel import Session

    from registry.handbook import build

    with Session(engine()) as s:
        h = build(s, topic, parse_day(at), level, organ)
    if docx is not None:
        from api.reports.handbook import write_docx

        write_docx(docx, h)
    if as_json:
        emit_json(h)
        return
    for n in h["norms"]:
        typer.echo(f"《{n['title']}》（{n['level']}，{n['version_date']}）")
        for e in n["provisions"]:
            up = "；".join(f"实施《{i['title']}》{i['label']}" for i in e["implements"])
            typer.echo(f"  {e['label']}\t{'、'.join(e['roles'])}\t{up}")
    if docx is not None:
        typer.echo(f"wrote {docx}")
