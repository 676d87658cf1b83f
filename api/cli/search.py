"""`lexreg search`, `lexreg reindex`, `lexreg check`: translate arguments, print results.

The library (`registry.search`) decides; errors it raises on purpose
(BadQuery, LexregError) are printed as one line by `api.cli.common.handle_errors`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day, reading
from registry.core.errors import BadQuery


def _date(value: Optional[str], option: str):
    return parse_day(value, option) if value else None


def build_request(query: str, exact: bool, scope: str, at: Optional[str], level: Optional[str],
                  organ: Optional[str], status: Optional[str], limit: int, offset: int,
                  promulgated_from: Optional[str] = None, promulgated_to: Optional[str] = None,
                  effective_from: Optional[str] = None, effective_to: Optional[str] = None):
    from registry.search import Filters, SearchRequest

    filters = Filters(day=parse_day(at), levels=tuple(x for x in (level or "").split(",") if x),
                      organ=organ or "", status=status or None,
                      promulgated_from=_date(promulgated_from, "--promulgated-from"),
                      promulgated_to=_date(promulgated_to, "--promulgated-to"),
                      effective_from=_date(effective_from, "--effective-from"),
                      effective_to=_date(effective_to, "--effective-to"))
    return SearchRequest(query=query, filters=filters, exact=exact, scope=scope, limit=limit, offset=offset)


def _service():
    """One search from the shell: jieba's table read on demand, and the store read through
    `api.cli.common.reading` (plain rows when it can be), so the command answers without
    importing the ORM."""
    from registry.core.settings import Settings
    from registry.search.service import SearchService

    return SearchService(None, Settings.from_env().index_dir, lazy_words=True, source=reading)


def _print_text(result) -> None:

    typer.echo(f"{result.count} hits ({result.mode}, {result.scope}, at {result.at})")
    for note in result.notes:
        typer.echo(f"note: {note}", err=True)
    for i, h in enumerate(result.hits, start=result.offset + 1):
        parts = "".join(p["label"] for p in h.parts[:1]) if h.parts and len(h.parts) == 1 else ""
        typer.echo(f"{i:>3}. {h.title}（{h.version_date}）{h.label}{parts}  [{h.status}，{h.level}]  {h.score}")
        typer.echo(f"     {h.snippet}")
    if result.facets.get("level"):
        typer.echo("效力位阶: " + "  ".join(f"{k} {v}" for k, v in result.facets["level"].items()))


def register(app: typer.Typer) -> None:
    @app.command()
    @handle_errors
    def search(
        words: Optional[list[str]] = typer.Argument(None, help='Words (ANDed), "quoted phrases", AND/OR/NOT, ( ).'),
        exact: bool = typer.Option(False, "--exact", help="精确: every provision containing the string."),
        scope: str = typer.Option("article", "--scope", help="article (同条), paragraph (同款), sentence (同句), title."),
        at: Optional[str] = typer.Option(None, "--at", help="Versions in force on this date; default today."),
        level: Optional[str] = typer.Option(None, "--level", help="效力位阶, comma-separated."),
        organ: Optional[str] = typer.Option(None, "--organ", help="制定机关 (substring)."),
        status: Optional[str] = typer.Option(None, "--status", help="时效性 on --at (现行有效, 已修改, 已废止...) or 'any'."),
        promulgated_from: Optional[str] = typer.Option(None, "--promulgated-from"),
        promulgated_to: Optional[str] = typer.Option(None, "--promulgated-to"),
        effective_from: Optional[str] = typer.Option(None, "--effective-from"),
        effective_to: Optional[str] = typer.Option(None, "--effective-to"),
        limit: int = typer.Option(10, "--limit"),
        offset: int = typer.Option(0, "--offset"),
        queries: Optional[Path] = typer.Option(None, "--queries", help="File with one query per line."),
        as_json: bool = typer.Option(False, "--json"),
    ) -> None:
        """Search provisions: ranked by default, exact for quoted phrases or --exact."""
        service = _service()

        def run(q: str):
            return service.search(build_request(q, exact, scope, at, level, organ, status, limit, offset,
                                                promulgated_from, promulgated_to, effective_from, effective_to))

        if queries is not None:
            for line in queries.read_text(encoding="utf-8").splitlines():
                if not line.strip():
                    continue
                try:
                    data = run(line.strip()).to_json()
                except BadQuery as exc:
                    data = {"query": line.strip(), "count": 0, "hits": [], "error": str(exc)}
                sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
            return
        if not words:
            raise BadQuery("empty query: give QUERY or --queries FILE")
        result = run(" ".join(words))
        if as_json:
            emit_json(result.to_json())
        else:
            _print_text(result)

    @app.command()
    @handle_errors
    def reindex(as_json: bool = typer.Option(False, "--json")) -> None:
        """Rebuild the search index from the store."""
        from registry.core.settings import Settings
        from registry.search import rebuild

        report = rebuild(engine(), Settings.from_env().index_dir)
        if as_json:
            emit_json(report)
        else:
            typer.echo(f"indexed {report['entries']} provisions of {report['versions']} versions "
                       f"in {report['seconds']} s (generation {report['generation']})")

    @app.command()
    @handle_errors
    def check(as_json: bool = typer.Option(False, "--json")) -> None:
        """Report provisions missing from the search index and stale index entries."""
        from registry.core.settings import Settings
        from registry.search import check as check_index

        report = check_index(engine(), Settings.from_env().index_dir)
        if as_json:
            emit_json(report)
        else:
            typer.echo(("ok" if report["ok"] else "NOT consistent") +
                       f": {report['missing_entries']} provisions missing from the index, "
                       f"{report['stale_entries']} stale entries, {report['missing_versions']} versions missing, "
                       f"{report['stale_versions']} stale versions")
            if report.get("owed_versions"):
                typer.echo(f"  {report['owed_versions']} versions committed and not yet indexed (owed: the next "
                           "ingest indexes them, or `lexreg reindex`)")
            for line in report["examples"]:
                typer.echo(f"  {line}")
        if not report["ok"]:
            raise typer.Exit(1)
