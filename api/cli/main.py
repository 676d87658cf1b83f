"""The `lexreg` command line: one typer app and its command groups.

Each group module translates arguments and errors; the library decides. Groups are
listed here explicitly so the import graph stays visible and points one way
(groups import `api.cli.common`, never this module).
"""

from __future__ import annotations

import typer

from api.cli import citations, lifecycle, norms, search

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="lexreg: registry and lifecycle manager for Chinese legal norms.")


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")) -> None:
    """Run the REST API and web pages."""
    import uvicorn

    uvicorn.run("api.http.app:create_app", factory=True, host=host, port=port)


for _group in (norms, lifecycle, citations, search):
    _group.register(app)


def main() -> None:
    import getpass

    from registry import audit

    with audit.acting_as(f"cli:{getpass.getuser()}"):  # every write a command makes is audited as its user
        app()


if __name__ == "__main__":
    main()
