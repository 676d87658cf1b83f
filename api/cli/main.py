"""The `lexreg` command line: one typer app and its command groups.

Each group module translates arguments and errors; the library decides. Groups are
listed here explicitly so the import graph stays visible and points one way
(groups import `api.cli.common`, never this module).
"""

from __future__ import annotations

import typer

from api.cli import citations, info, lifecycle, norms, search

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="lexreg: registry and lifecycle manager for Chinese legal norms.")


@app.callback()
def _root(version: bool = typer.Option(False, "--version", is_eager=True, callback=info.version_callback,
                                       help="Print the version and where the store is, then exit.")) -> None:
    """lexreg: registry and lifecycle manager for Chinese legal norms."""


@app.command()
def serve(host: str = typer.Option("127.0.0.1", "--host"), port: int = typer.Option(8000, "--port")) -> None:
    """Run the REST API and web pages."""
    import socket

    import uvicorn

    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError:
            typer.echo(f"error: 端口 {port} 已被占用（{host}:{port}）：另一个服务正在使用它。"
                       f"请换一个端口：lexreg serve --port {port + 10}，或 make run PORT={port + 10}", err=True)
            raise typer.Exit(1) from None
    uvicorn.run("api.http.app:create_app", factory=True, host=host, port=port)


for _group in (norms, lifecycle, citations, search, info):
    _group.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
