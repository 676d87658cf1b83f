"""`lexreg cleanup …` (定期清理) and `lexreg basis …` (制定依据 decisions).

Registered on the main app by `register(app)` (listed in api.cli.main). The commands
translate arguments and print; `registry.cleanup` decides. Writes are audited as the
CLI's actor (`cli:<os user>`), which the main app sets before every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day

cleanup_app = typer.Typer(no_args_is_help=True, help="定期清理: campaigns, proposals, decisions, apply, export.")
basis_app = typer.Typer(no_args_is_help=True, help="制定依据: the bases a norm states, confirmed or corrected.")


def register(app: typer.Typer) -> None:
    for name, fn in (("new", new), ("list", list_), ("show", show), ("decide", decide), ("accept", accept),
                     ("apply", apply), ("export", export), ("run", rerun), ("tasks", tasks)):
        cleanup_app.command(name)(handle_errors(fn))
    for name, fn in (("show", basis_show), ("decide", basis_decide)):
        basis_app.command(name)(handle_errors(fn))
    app.add_typer(cleanup_app, name="cleanup")
    app.add_typer(basis_app, name="basis")


def new(
    name: str = typer.Argument(..., help="The campaign's name (e.g. 2022年规章清理)."),
    as_of: str = typer.Option(..., "--as-of", help="清理基准日 (YYYY-MM-DD): norms in force on this date."),
    organ: Optional[str] = typer.Option(None, "--organ", help="Issuing organ contains this text."),
    level: Optional[str] = typer.Option(None, "--level", help="效力位阶 list, comma-separated (部门规章,规范性文件)."),
    work: Optional[list[str]] = typer.Option(None, "--work", help="Only these works (id or title); repeatable."),
    promulgated_from: Optional[str] = typer.Option(None, "--from", help="公布日期 on or after (YYYY-MM-DD)."),
    promulgated_to: Optional[str] = typer.Option(None, "--to", help="公布日期 on or before (YYYY-MM-DD)."),
    look_ahead: str = typer.Option("6m", "--look-ahead", help="What falls due within this (6m, 1y)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Create a campaign and propose an opinion for every norm in force in its scope."""
    from registry.cleanup import campaigns
    from registry.cleanup.context import Scope, parse_look_ahead
    from registry.core.db import session_scope

    scope = Scope(organ=organ or "", levels=[x.strip() for x in (level or "").replace("，", ",").split(",") if x.strip()],
                  promulgated_from=parse_day(promulgated_from, "--from") if promulgated_from else None,
                  promulgated_to=parse_day(promulgated_to, "--to") if promulgated_to else None, works=list(work or []))
    with session_scope(engine()) as s:
        campaigns.create(s, name, parse_day(as_of, "--as-of"), scope, parse_look_ahead(look_ahead))
        summary = campaigns.run(s, name)
    _print_summary(name, summary, as_json)


def rerun(name: str = typer.Argument(...), as_json: bool = typer.Option(False, "--json")) -> None:
    """Propose again: decisions are kept, norms new in scope added, new reasons shown."""
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        summary = campaigns.run(s, name)
    _print_summary(name, summary, as_json)


def _print_summary(name: str, summary, as_json: bool) -> None:
    if as_json:
        emit_json({"name": name, **summary.to_json()})
        return
    typer.echo(f"{name}: {summary.proposals} proposals ({summary.new} new, {summary.retired} no longer in scope)")
    typer.echo("  opinions: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.opinions.items())))
    typer.echo("  reasons: " + ", ".join(f"{k} {v}" for k, v in sorted(summary.reasons.items())))


def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """The campaigns, with their counts."""
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        rows = campaigns.list_json(s)
    if as_json:
        emit_json(rows)
        return
    for c in rows:
        applied = f", applied {c['decision_date']}" if c["decision_date"] else ""
        typer.echo(f"{c['name']}\tas of {c['as_of']}\t{c['counts']['proposals']} proposals, "
                   f"{c['counts']['decided']} decided{applied}")


def show(
    name: str = typer.Argument(...),
    opinion: Optional[str] = typer.Option(None, "--opinion", help="继续有效 | 修改 | 废止 | 宣布失效"),
    reason: Optional[str] = typer.Option(None, "--reason", help="A reason kind (cites_repealed …)."),
    state: Optional[str] = typer.Option(None, "--state", help="proposed | accepted | overridden | applied"),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """The proposals: opinion, reasons with evidence, decision and state."""
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        data = campaigns.show_json(s, name, opinion, reason, state)
    if as_json:
        emit_json(data)
        return
    typer.echo(f"{data['name']} (as of {data['as_of']}, look-ahead {data['look_ahead_months']} months): "
               f"{len(data['proposals'])} shown")
    for p in data["proposals"]:
        decided = f" -> {p['decision']['opinion']} ({p['decision']['by']})" if p["decision"] else ""
        typer.echo(f"[{p['state']}] {p['opinion']}{decided}\t{p['title']}\t{p['doc_number']}\t{p['work_id']}")
        for r in p["reasons"]:
            typer.echo(f"    - {r['kind']}: {r['text']}")


def decide(
    name: str = typer.Argument(...),
    work: str = typer.Argument(..., help="Work id or title."),
    opinion: str = typer.Argument(..., help="继续有效 | 修改 | 废止 | 宣布失效"),
    note: str = typer.Option("", "--note", help="Why (required when overriding the proposal)."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Accept or override the proposal for one norm."""
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        p = campaigns.decide(s, name, work, opinion, note)
        out = {"work_id": p.work_id, "proposed": p.opinion, "decision": p.decided_opinion,
               "state": campaigns.state_of(p), "by": p.decided_by}
    emit_json(out) if as_json else typer.echo(f"{out['work_id']}: {out['decision']} ({out['state']}, by {out['by']})")


def accept(
    name: str = typer.Argument(...),
    opinion: Optional[str] = typer.Option(None, "--opinion"),
    reason: Optional[str] = typer.Option(None, "--reason"),
    all_: bool = typer.Option(False, "--all", help="Accept every undecided proposal."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Accept the proposed opinion of every undecided proposal in a filtered set."""
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        n = campaigns.accept(s, name, opinion, reason, all_, note)
    typer.echo(f"{n} proposals accepted")


def apply(
    name: str = typer.Argument(...),
    on: str = typer.Option(..., "--date", help="The decision date: the events start on it."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Say what would change; write nothing."),
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Apply the decisions: 废止/宣布失效 as lifecycle events, 修改 as open tasks, in one transaction."""
    from registry.cleanup import apply as applying
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        report = applying.apply(s, name, parse_day(on, "--date"), dry_run=dry_run)
        data = report.to_json()
    if as_json:
        emit_json(data)
        return
    verb = "would apply" if dry_run else "applied"
    typer.echo(f"{name}: {verb} {len(data['actions'])} decisions on {data['date']} ({data['document']}); "
               f"{data['undecided']} proposals undecided")
    for a in data["actions"]:
        typer.echo(f"  {a['opinion']}\t{a['title']}\t{a['status_before']} -> {a['status_after']}\t{a['outcome']}")


def export(
    name: str = typer.Argument(...),
    docx: Optional[Path] = typer.Option(None, "--docx", help="The decision in the official form (.docx)."),
    csv_out: Optional[Path] = typer.Option(None, "--csv", help="The list as CSV."),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="The campaign as JSON."),
) -> None:
    """Write the clean-up decision (Word), the list (CSV) and the campaign (JSON)."""
    import json

    from api.reports.cleanup import csv_text, write_docx
    from registry.cleanup import campaigns
    from registry.core.db import session_scope

    if not (docx or csv_out or json_out):
        raise typer.BadParameter("give --docx OUT, --csv OUT or --json-out OUT", param_hint="--docx")
    with session_scope(engine()) as s:
        data = campaigns.show_json(s, name)
    if docx:
        n = write_docx(data, docx)
        typer.echo(f"wrote {docx} ({n} decisions)", err=True)
    if csv_out:
        csv_out.write_text(csv_text(data), encoding="utf-8-sig")
        typer.echo(f"wrote {csv_out}", err=True)
    if json_out:
        json_out.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        typer.echo(f"wrote {json_out}", err=True)


def tasks(work: Optional[str] = typer.Option(None, "--work"), as_json: bool = typer.Option(False, "--json")) -> None:
    """Open 修改 tasks: norms a campaign decided to amend that have no newer version yet."""
    from registry.cleanup.apply import task_json
    from registry.core.db import session_scope
    from registry.norms import store

    with session_scope(engine()) as s:
        rows = list(task_json(s).values())
        if work:
            wid = store.get_work(s, work).id
            rows = [r for r in rows if r["work_id"] == wid]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['opened_on']}\t{r['title']}\t{r['version_id']}\t{r['note'][:80]}")


def basis_show(work: str = typer.Argument(...), at: Optional[str] = typer.Option(None, "--at"),
               as_json: bool = typer.Option(False, "--json")) -> None:
    """The 制定依据 the norm states, with people's decisions on them."""
    from registry.cleanup import basis
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        w, v, links = basis.bases_of(s, work, parse_day(at))
        rows = [x.to_json() for x in links]
    if as_json:
        emit_json({"work_id": w.id, "version_id": v.id, "bases": rows})
        return
    for r in rows:
        typer.echo(f"{r['state']}\t{r['written'] or r['key']}\t{r['basis_work_id'] or '(not in store)'}\t{r['pid']}")


def basis_decide(
    work: str = typer.Argument(...),
    basis_name: str = typer.Argument(..., help="The basis as written (《X》), or '' with --state added."),
    state: str = typer.Option(..., "--state", help="confirmed | corrected | rejected | added"),
    to: str = typer.Option("", "--to", help="The work it really is (corrected, added)."),
    note: str = typer.Option("", "--note"),
) -> None:
    """Confirm, correct, reject or add one 制定依据 (kept across citation rebuilds)."""
    from registry.cleanup import basis
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        link = basis.decide(s, work, basis_name, state, basis_work=to, note=note)
        typer.echo(f"{link.state}\t{link.written or link.key}\t{link.basis_work_id or ''}")
