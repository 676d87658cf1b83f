"""CLI for citations, the graph and conflict findings: `register(app)` adds the commands.

cites / cited-by / impact / graph / citations --rebuild / conflicts / finding.
Like the rest of the CLI it translates: the library in registry/ decides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from api.cli.common import emit_json, engine, handle_errors, parse_day
from registry.core.ids import pid_label
from registry.core.wording import (
    ARTICLE_FATE_LABEL,
    CITE_STATUS_LABEL,
    FINDING_KIND_LABEL,
    FINDING_STATE_LABEL,
    SEVERITY_LABEL,
    book_title,
    nested_marks,
)


def _graph(session):
    from registry.citations import graph

    return graph.build(session)


def register(app: typer.Typer) -> None:
    @app.command("cites")
    @handle_errors
    def cites_cmd(work: str = typer.Argument(..., help="Work id, full or short title."),
                  article: Optional[str] = typer.Option(None, "--article", help="第四十七条, 47 or 10-1."),
                  state: str = typer.Option("all", "--state",
                                            help="all, unresolved, or one state: resolved, later_version_only, "
                                                 "not_in_store, ambiguous, no_such_article."),
                  as_json: bool = typer.Option(False, "--json")) -> None:
        """Every citation a norm makes, by citing version in text order, each with its state."""
        from registry.citations.listing import citations_of
        from registry.core.db import session_scope

        with session_scope(engine()) as s:
            data = citations_of(s, work, state, article=article)
        if as_json:
            emit_json(data)
            return
        for line in cites_lines(data):
            typer.echo(line)

    @app.command("cited-by")
    @handle_errors
    def cited_by_cmd(work: str = typer.Argument(...), article: Optional[str] = typer.Option(None, "--article"),
                     internal: bool = typer.Option(False, "--internal", help="Include the norm's own references."),
                     as_json: bool = typer.Option(False, "--json")) -> None:
        """What relies on a norm (or one article), with the citing text."""
        from registry.citations import graph
        from registry.core.db import session_scope

        with session_scope(engine()) as s:
            data = graph.cited_by(_graph(s), s, work, article, internal)
        if as_json:
            emit_json(data)
            return
        for r in data["cited_by"]:
            where = pid_label(r["source_pid"]) if r["source_pid"] else "序言"
            typer.echo(f"{r['citing_title']}（{r['citing_version'].rsplit('@', 1)[-1]} 版本）{where}  "
                       f"[{r['raw']}]\n    {r['text']}")
        typer.echo(f"{len(data['cited_by'])} citing provisions", err=True)

    @app.command("impact")
    @handle_errors
    def impact_cmd(work: str = typer.Argument(...), from_: str = typer.Option(..., "--from"),
                   to: str = typer.Option(..., "--to"), as_json: bool = typer.Option(False, "--json")) -> None:
        """Provisions elsewhere citing an article changed, renumbered or deleted between two dates."""
        from registry.citations import graph
        from registry.core.db import session_scope

        with session_scope(engine()) as s:
            data = graph.impact(_graph(s), s, work, parse_day(from_, "--from"), parse_day(to, "--to"))
        if as_json:
            emit_json(data)
            return
        counts = "，".join(f"{ARTICLE_FATE_LABEL.get(k, k)} {v} 条" for k, v in data["articles"].items())
        typer.echo(f"{data['title']}：{data['from_version'].rsplit('@', 1)[-1]} 版本 -> "
                   f"{data['to_version'].rsplit('@', 1)[-1]} 版本  {counts}")
        if not data["affected"]:
            typer.echo("没有其他规范引用发生变动的条文。")
        for r in data["affected"]:
            ch = r["change"]
            moved = f"，现为{pid_label(ch['new_pid'])}" if ch["status"] == "moved" and ch["new_pid"] else ""
            typer.echo(f"{pid_label(r['cited_pid'])} {ARTICLE_FATE_LABEL.get(ch['status'], ch['status'])}{moved}"
                       f"\t{r['citing_title']} {pid_label(r['source_pid']) if r['source_pid'] else '序言'} [{r['raw']}]")

    @app.command("graph")
    @handle_errors
    def graph_cmd(out: Path = typer.Option(..., "--out", help="File to write (.graphml or .json)."),
                  top: int = typer.Option(0, "--most-cited", help="Also print the N most cited norms.")) -> None:
        """Export the citation graph as GraphML or JSON."""
        from registry.citations import graph
        from registry.core.db import session_scope

        with session_scope(engine()) as s:
            g = _graph(s)
        if out.suffix == ".graphml":
            graph.write_graphml(g, str(out))
        else:
            import json

            out.write_text(json.dumps(graph.to_json(g), ensure_ascii=False, default=str), encoding="utf-8")
        typer.echo(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges -> {out}")
        for r in graph.most_cited(g, top) if top else []:
            typer.echo(f"{r['citing_works']}\t{r['citations']}\t{r['title']}")

    @app.command("citations")
    @handle_errors
    def citations_cmd(rebuild: bool = typer.Option(False, "--rebuild", help="Re-extract and re-resolve everything."),
                      as_json: bool = typer.Option(False, "--json")) -> None:
        """Citation counts by resolution state; --rebuild redoes the whole citation pass."""
        from api.services import citation_pass
        from registry.citations import resolve as citations
        from registry.core.db import session_scope

        eng = engine()
        if rebuild:
            typer.echo(citation_pass.rebuild(eng).summary(), err=True)
        with session_scope(eng) as s:
            data = citations.summary(s)
        if as_json:
            emit_json(data)
        else:
            for k, v in data.items():
                typer.echo(f"{v}\t{k}")

    @app.command("conflicts")
    @handle_errors
    def conflicts_cmd(kind: Optional[str] = typer.Option(None, "--kind"),
                      work: Optional[str] = typer.Option(None, "--work", help="Only findings about this norm."),
                      state: Optional[str] = typer.Option(None, "--state", help="open, confirmed or dismissed."),
                      run: bool = typer.Option(True, "--run/--no-run", help="Run the checks first (default)."),
                      as_json: bool = typer.Option(False, "--json")) -> None:
        """Run the conflict checks and list findings (states survive re-runs)."""
        from registry import review as conflicts
        from registry.core.db import session_scope
        from registry.norms import store

        with session_scope(engine()) as s:
            if run:
                typer.echo(conflicts.run(s, [kind] if kind else None).summary(), err=True)
            work_id = store.get_work(s, work).id if work else None
            rows = [conflicts.finding_json(f) for f in conflicts.findings(s, kind, work_id, state)]
        if as_json:
            emit_json(rows)
            return
        for f in rows:
            typer.echo(f"#{f['id']} [{SEVERITY_LABEL.get(f['severity'], f['severity'])}] "
                       f"{FINDING_KIND_LABEL.get(f['kind'], f['kind'])}（{FINDING_STATE_LABEL.get(f['state'], f['state'])}）"
                       f"  {nested_marks(f['explanation'])}\n    {f['rule']}")

    @app.command("finding")
    @handle_errors
    def finding_cmd(ref: str = typer.Argument(..., help="Finding id or fingerprint prefix."),
                    state: Optional[str] = typer.Option(None, "--set", help="open, confirmed or dismissed."),
                    reason: str = typer.Option("", "--reason", help="Why (required to dismiss).")) -> None:
        """Show a finding, or confirm / dismiss / reopen it."""
        from registry import review as conflicts
        from registry.core.db import session_scope

        with session_scope(engine()) as s:
            f = conflicts.set_state(s, ref, state, reason) if state else conflicts.get(s, ref)
            emit_json(conflicts.finding_json(f))


def cites_lines(data: dict) -> list[str]:
    """The human-readable `cites`: per citing version, each citation with its state in Chinese."""
    out = [f"{book_title(data['title'])} 引用的规范"
           + ("" if data["state"] == "all" else f"（仅{'未对应' if data['state'] == 'unresolved' else CITE_STATUS_LABEL.get(data['state'], data['state'])}）")]
    for g in data["versions"]:
        if not g["citations"]:
            continue
        out.append(f"\n{g['version_date']} 版本：{len(g['citations'])} 处引用，涉及 {len(g['documents'])} 件文件")
        for r in g["citations"]:
            t = r["target"]
            where = (f"{book_title(t['title'])}{t['label']}" if t["title"] and not r["internal"]
                     else t["label"] if r["internal"] else r["doc_number"])
            out.append(f"  {r['source_label']}\t{r['raw']}\t{CITE_STATUS_LABEL.get(r['status'], r['status'])}"
                       + (f"\t-> {where}" if where else ""))
    if len(out) == 1:
        out.append("未发现引用。")
    return out
