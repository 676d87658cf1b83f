"""`lexreg token create / revoke / list` and `lexreg audit`: who may write, and who did.

The CLI acts on the store directly (whoever can run it can open the database), so it
needs no token; its writes are audited as `cli:<operating-system user>`.
"""

from __future__ import annotations

from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day

token_app = typer.Typer(help="Sign-in tokens for the API and the web page (admin).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    token_app.command("create")(handle_errors(create))
    token_app.command("revoke")(handle_errors(revoke))
    token_app.command("list")(handle_errors(list_))
    app.add_typer(token_app, name="token")
    app.command("audit")(handle_errors(audit_log))


def create(name: str = typer.Option(..., "--name", help="Whom the token is for (a person or a script)."),
           role: str = typer.Option(..., "--role", help="reader, editor, reviewer or admin."),
           as_json: bool = typer.Option(False, "--json")) -> None:
    """Create a token; its secret is printed once and never stored."""
    from registry.access import create_token
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        token, secret = create_token(s, name, role)
    if as_json:
        emit_json({"name": token.name, "role": token.role, "token": secret})
        return
    typer.echo(secret)
    typer.echo(f"令牌已创建：{token.name}（{token.role}）。请妥善保存，它只显示这一次。", err=True)


def revoke(name: str = typer.Argument(..., help="The token's name.")) -> None:
    """Revoke a token: its API calls and web sessions stop at once."""
    from registry.access import revoke_token
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        revoke_token(s, name)
    typer.echo(f"令牌已吊销：{name}")


def list_(as_json: bool = typer.Option(False, "--json")) -> None:
    """The tokens (names, roles, state; never their secrets)."""
    from registry.access import list_tokens
    from registry.core.db import session_scope

    with session_scope(engine()) as s:
        rows = [{"name": t.name, "role": t.role, "created_at": t.created_at.isoformat(), "created_by": t.created_by,
                 "revoked": t.revoked_at is not None} for t in list_tokens(s)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['name']}\t{r['role']}\t{'已吊销' if r['revoked'] else '有效'}\t{r['created_at'][:19]}")


def audit_log(work: Optional[str] = typer.Option(None, "--work", help="One norm (id or title)."),
              actor: Optional[str] = typer.Option(None, "--actor", help="token:NAME or cli:USER."),
              since: Optional[str] = typer.Option(None, "--since", help="From this date (YYYY-MM-DD)."),
              kind: Optional[str] = typer.Option(None, "--kind", help="ingest, amend, repeal, metadata, ..."),
              as_json: bool = typer.Option(False, "--json")) -> None:
    """The audit log: who changed what in the record, when, and what it was before."""
    from registry import audit
    from registry.core.db import session_scope
    from registry.norms import store

    with session_scope(engine()) as s:
        work_id = store.get_work(s, work).id if work else None
        rows = [audit.entry_json(e) for e in audit.entries(s, work_id=work_id, actor=actor,
                                                           since=parse_day(since, "--since") if since else None,
                                                           kind=kind)]
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        typer.echo(f"{r['at'][:19]}\t{r['actor']}\t{r['kind']}\t{r['target']}")
    typer.echo(f"{len(rows)} entries", err=True)
