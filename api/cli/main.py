"""The `lexreg` command line: one typer app and its command groups.

Each group module translates arguments and errors; the library decides. Groups are
listed here explicitly so the import graph stays visible and points one way
(groups import `api.cli.common`, never this module).
"""

from __future__ import annotations

import typer

from api.cli import access, citations, cleanup, db, evaluation, handbook, info, legality, lifecycle, norms, search
from api.cli.common import cli_actor, handle_errors
from registry import audit

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="lexreg: registry and lifecycle manager for Chinese legal norms.")


@app.callback()
def _actor(version: bool = typer.Option(False, "--version", is_eager=True, callback=info.version_callback,
                                        help="Print the version and where the store is, then exit.")) -> None:
    """Every change a command makes to the record is audited as the operating-system user's."""
    audit.set_actor(cli_actor())


@app.command()
@handle_errors
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port"),
          workers: int = typer.Option(2, "--workers", min=1, help="Processes sharing the port and the index files.")
          ) -> None:
    """Run the REST API and web pages. On an address other than loopback it refuses to start
    while no admin token exists (so nobody can be locked out of, or into, an open registry).
    Each worker is a process that loads its own snapshot of the read-only index files before
    it takes a request."""
    import socket

    import uvicorn

    from api.cli.common import engine
    from registry.access.tokens import any_admin
    from registry.core.db import session_scope

    engine().dispose()  # an outdated store is refused here, naming `lexreg db upgrade`, not in a traceback
    if host not in ("127.0.0.1", "localhost", "::1"):
        with session_scope(engine()) as s:
            if not any_admin(s):
                typer.echo(f"error: refusing to serve on {host} while no admin token exists; create one with "
                           "`lexreg token create --name NAME --role admin`", err=True)
                raise typer.Exit(1)
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            typer.echo(f"error: 端口 {port} 已被占用（{host}:{port}）：另一个服务正在使用它。"
                       f"请换一个端口：lexreg serve --port {port + 10}，或 make run PORT={port + 10}", err=True)
            raise typer.Exit(1) from None
    uvicorn.run("api.http.app:served_app", factory=True, host=host, port=port, workers=workers)


for _group in (norms, lifecycle, citations, search, cleanup, evaluation, legality, handbook, access, info, db):
    _group.register(app)


def main() -> None:
    import getpass

    from registry import audit

    with audit.acting_as(f"cli:{getpass.getuser()}"):  # every write a command makes is audited as its user
        app()


if __name__ == "__main__":
    main()
