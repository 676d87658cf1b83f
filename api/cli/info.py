"""`lexreg info` and `lexreg --version`: which lexreg this is and where its store is.

The store is the per-user data directory unless LEXREG_DATA_DIR (or
LEXREG_DATABASE_URL) says otherwise (registry.core.settings); saying where it is
answers the first question of anyone whose `lexreg works` prints 0 works.
"""

from __future__ import annotations

import os
import re
from importlib.metadata import PackageNotFoundError, version

import typer

from api.cli.common import emit_json, engine, handle_errors


def lexreg_version() -> str:
    try:
        return version("lexreg")
    except PackageNotFoundError:
        return "unknown"


def where() -> dict[str, str]:
    """The settings in force and where each came from (environment or default)."""
    from registry.core.settings import Settings

    s = Settings.from_env()
    return {"version": lexreg_version(), "data_dir": str(s.data_dir.resolve()),
            "data_dir_from": "LEXREG_DATA_DIR" if os.environ.get("LEXREG_DATA_DIR") else "默认的用户数据目录",
            "database_url": re.sub(r"//([^:/@]+):[^@]+@", r"//\1:***@", s.database_url),
            "index_dir": str(s.index_dir.resolve())}


def version_callback(value: bool) -> None:
    if value:
        w = where()
        typer.echo(f"lexreg {w['version']}\n数据目录：{w['data_dir']}（{w['data_dir_from']}）")
        raise typer.Exit()


def register(app: typer.Typer) -> None:
    @app.command("info")
    @handle_errors
    def info(as_json: bool = typer.Option(False, "--json")) -> None:
        """Version, where the store and the search index are, and what the store holds."""
        from registry.core.db import session_scope
        from registry.norms import store

        data = where()
        with session_scope(engine()) as s:
            data["counts"] = store.counts(s)
        if as_json:
            emit_json(data)
            return
        c = data["counts"]
        typer.echo(f"lexreg {data['version']}\n"
                   f"数据目录：{data['data_dir']}（{data['data_dir_from']}；用 LEXREG_DATA_DIR 指定其他目录）\n"
                   f"数据库：{data['database_url']}\n检索索引：{data['index_dir']}\n"
                   f"库中：{c['works']} 件规范，{c['versions']} 个版本，{c['sources']} 个来源文件")

    @app.command("discrepancies")
    @handle_errors
    def discrepancies(work: str = typer.Option(None, "--work", help="Only this norm (id, full or short title)."),
                      as_json: bool = typer.Option(False, "--json")) -> None:
        """Where the sidecar (--manifest) and a text disagree; the sidecar's value was used."""
        from sqlmodel import select

        from registry.core.db import session_scope
        from registry.norms import models as m
        from registry.norms import store

        with session_scope(engine()) as s:
            q = select(m.Discrepancy, m.Version).join(m.Version, m.Version.id == m.Discrepancy.version_id)
            if work:
                q = q.where(m.Version.work_id == store.get_work(s, work).id)
            rows = [{"title": v.title, "version_id": v.id, "version_date": v.version_date.isoformat(),
                     "field": d.field, "text": d.text_value, "sidecar": d.sidecar_value}
                    for d, v in s.exec(q.order_by(m.Version.title, m.Version.version_date)).all()]
        if as_json:
            emit_json(rows)
            return
        for r in rows:
            typer.echo(f"{r['title']}（{r['version_date']} 版本）{FIELD_LABEL.get(r['field'], r['field'])}："
                       f"文本为 {r['text']}，清单为 {r['sidecar']}")
        typer.echo(f"共 {len(rows)} 处", err=True)


FIELD_LABEL = {"title": "标题", "level": "效力位阶", "organ": "制定机关", "promulgated": "公布日期",
               "effective": "施行日期", "doc_number": "文号"}
