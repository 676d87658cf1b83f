"""The `lexreg` command line: one typer app and its command groups.

Each group module translates arguments and errors; the library decides. Groups are
listed here explicitly so the import graph stays visible and points one way
(groups import `api.cli.common`, never this module).
"""

from __future__ import annotations

import typer

from api.cli import access, citations, evaluation, handbook, legality, lifecycle, norms, search
from api.cli.common import cli_actor
from registry import audit

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="lexreg: registry and lifecycle manager for Chinese legal norms.")


@app.callback()
def _actor() -> None:
    """Every change a command makes to the record is audited as the operating-system user's."""
    audit.set_actor(cli_actor())


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          workers: int = typer.Option(2, "--workers", min=1, help="Processes sharing the port and the index files.")
          ) -> None:
    """Run the REST API and web pages. On an address other than loopback it refuses to start
    while no admin token exists (so nobody can be locked out of, or into, an open registry).
    Each worker is a process with its own loaded snapshot of the read-only index files."""
    import uvicorn

    from api.cli.common import engine
    from registry.access.tokens import any_admin
    from registry.core.db import session_scope

    if host not in ("127.0.0.1", "localhost", "::1"):
        with session_scope(engine()) as s:
            if not any_admin(s):
                typer.echo(f"error: refusing to serve on {host} while no admin token exists; create one with "
                           "`lexreg token create --name NAME --role admin`", err=True)
                raise typer.Exit(1)
    uvicorn.run("api.http.app:create_app", factory=True, host=host, port=port, workers=workers)


for _group in (norms, lifecycle, citations, search, evaluation, legality, handbook, access):
    _group.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
