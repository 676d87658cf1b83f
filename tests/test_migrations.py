"""Migrations: the revisions build the models' schema, a baseline store with real data upgrades
intact, an outdated store is refused with the command to run, on SQLite and on PostgreSQL.

The real revisions run here (not the tests' fast path, LEXREG_SCHEMA_FAST), and the
fast path is checked to give the same schema, so the rest of the suite may use it.
"""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from api.cli.main import app
from api.services import citation_pass
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.readers import iter_paths
from registry import audit, migrations
from registry.access.tokens import create_token
from registry.amendments.supersede import store_document
from registry.core.db import connect, session_scope
from registry.migrations import StoreOutdated
from registry.schema import make_engine, metadata

TEXTS = ["chains/中华人民共和国土地管理法/2004-08-28.md", "chains/中华人民共和国土地管理法/2019-08-26.md",
         "chains/中华人民共和国统计法/2009-06-27.md", "laws/规范性文件"]


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'lexreg.db'}"
    return request.getfixturevalue("pg_database")


def _snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table the store holds, in primary-key order."""
    meta = MetaData()
    meta.reflect(bind=engine)
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in meta.sorted_tables if t.name != "alembic_version"}


def _diffs(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)


def _has_audit_trigger(engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT 1 FROM pg_trigger WHERE tgname = 'audit_entry_append_only'")).first())


def _baseline_store_with_data(url: str, corpus):
    """A store at the baseline revision, filled as lexreg wrote stores then: documents, citations,
    a token and its audit entries (no pending_refresh: that table came later)."""
    engine = connect(url)
    migrations.upgrade(engine, migrations.BASELINE)
    assert migrations.current_revision(engine) == migrations.BASELINE
    assert "pending_refresh" not in inspect(engine).get_table_names()
    sidecar = load_sidecar(corpus / "manifest.csv")
    paths = iter_paths([corpus / rel for rel in TEXTS])
    versions = []
    with audit.acting_as("test"):
        for path in paths:
            with session_scope(engine) as s:
                versions.append(store_document(s, parse_path(path, sidecar.get(path))).version_id)
        with session_scope(engine) as s:
            create_token(s, "editor-1", "editor")
            audit.record(s, "ingest", work_id="/cn/law/1986/土地管理法", target=versions[0],
                         after={"files": len(paths)})
    citation_pass.run(engine, versions)
    return engine, len(paths)


def test_the_revisions_build_exactly_the_models_schema(store_url, monkeypatch):
    engine = connect(store_url)
    before, after = migrations.upgrade(engine)
    assert (before, after) == (None, migrations.head_revision())
    assert _diffs(engine) == [], "the models and the migrations disagree: write a revision for the change"
    if engine.dialect.name == "postgresql":
        assert _has_audit_trigger(engine)
    # The tests' fast path gives the same: same tables, indexes, trigger, revision.
    monkeypatch.setenv("LEXREG_SCHEMA_FAST", "1")
    metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE alembic_version"))
    assert inspect(engine).get_table_names() == []
    fast = make_engine(store_url)
    assert migrations.current_revision(fast) == migrations.head_revision() and _diffs(fast) == []
    if fast.dialect.name == "postgresql":
        assert _has_audit_trigger(fast)


def test_a_baseline_store_with_real_data_upgrades_with_every_row_intact(store_url, shared_corpus, monkeypatch):
    monkeypatch.delenv("LEXREG_SCHEMA_FAST")
    engine, n_files = _baseline_store_with_data(store_url, shared_corpus)
    before = _snapshot(engine)
    assert len(before["version"]) == n_files >= 5 and len(before["provision"]) > 500
    # one entry per document ingested, the token, the explicit one
    assert before["citation"] and len(before["audit_entry"]) == n_files + 2 and len(before["token"]) == 1

    with pytest.raises(StoreOutdated, match=r"revision 0001_baseline, this lexreg needs .*run `lexreg db upgrade`"):
        make_engine(store_url)

    assert migrations.upgrade(engine) == (migrations.BASELINE, migrations.head_revision())
    after = _snapshot(engine)
    added = set(after) - set(before)  # tables later revisions add (pending_refresh, clean-up, 待核对 flags)
    assert "pending_refresh" in added and all(after.pop(t) == [] for t in added)
    assert after == before  # every row of every table, value for value
    assert _diffs(engine) == []

    # The upgraded store is used as it is, and takes new documents.
    again = make_engine(store_url)
    from api.services.ingest_batch import ingest_paths

    report = ingest_paths(again, [shared_corpus / "chains/中华人民共和国统计法/2024-09-13.md"],
                          after_commit=lambda e, v: None)
    assert len(report.ingested) == 1
    assert len(_snapshot(again)["version"]) == n_files + 1


def test_a_store_made_before_migrations_is_refused_then_adopted_by_db_upgrade(tmp_path, shared_corpus, monkeypatch):
    """A store `create_all` made (today's main): no revision. `lexreg db upgrade` adopts it."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    monkeypatch.delenv("LEXREG_SCHEMA_FAST")
    engine = connect(url)
    baseline_tables = [t for t in metadata.sorted_tables if t.name != "pending_refresh"]
    metadata.create_all(engine, tables=baseline_tables)
    with session_scope(engine) as s:
        store_document(s, parse_path(shared_corpus / "chains/中华人民共和国统计法/2009-06-27.md"))
    rows = _snapshot(engine)

    runner = CliRunner()
    refused = runner.invoke(app, ["works"])
    assert refused.exit_code == 1
    assert "made before lexreg had migrations" in refused.output and "lexreg db upgrade" in refused.output
    current = runner.invoke(app, ["db", "current", "--json"])
    assert current.exit_code == 0 and '"revision": null' in current.output

    up = runner.invoke(app, ["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert f"upgraded from no revision to {migrations.head_revision()}" in up.output
    after = _snapshot(engine)
    assert after.pop("pending_refresh") == [] and after == rows
    assert runner.invoke(app, ["db", "upgrade"]).output.strip().endswith(f"already at revision "
                                                                        f"{migrations.head_revision()}")
    works = runner.invoke(app, ["works", "--json"])
    assert works.exit_code == 0 and "统计法" in works.output


def test_a_store_from_a_newer_lexreg_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099_from_the_future'"))
    with pytest.raises(StoreOutdated, match="0099_from_the_future, which this lexreg does not know"):
        make_engine(url)
    with pytest.raises(StoreOutdated, match="does not know"):
        migrations.upgrade(engine)


def test_a_fresh_machine_ingests_without_a_manual_upgrade(tmp_path, shared_corpus, monkeypatch):
    """No LEXREG_SCHEMA_FAST: `lexreg ingest` on a new store runs the real revisions first."""
    monkeypatch.delenv("LEXREG_SCHEMA_FAST")
    monkeypatch.setenv("LEXREG_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh' / 'lexreg.db'}")
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(tmp_path / "index"))
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", "-q", str(shared_corpus / "chains/中华人民共和国统计法/2009-06-27.md")])
    assert done.exit_code == 0, done.output
    assert "1 ingested" in done.output
    current = runner.invoke(app, ["db", "current"])
    assert f"revision {migrations.head_revision()}" in current.output and "(current)" in current.output
    history = runner.invoke(app, ["db", "history"]).output.splitlines()
    assert [line.split()[0] for line in history] == [r for r, _ in migrations.history()]
    assert history[0].startswith(migrations.BASELINE)


def test_postgres_refuses_update_and_delete_on_the_audit_log(pg_database, monkeypatch):
    monkeypatch.delenv("LEXREG_SCHEMA_FAST")
    engine = make_engine(pg_database)  # the real revisions
    with audit.acting_as("test"), session_scope(engine) as s:
        audit.record(s, "token_create", target="token:x", after={"name": "x"})
    for sql in ("UPDATE audit_entry SET actor = 'someone else'", "DELETE FROM audit_entry"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(sql))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actor FROM audit_entry")).scalars().all() == ["test"]
    engine.dispose()


@pytest.mark.parametrize("fast", ["0", "1"])
def test_an_upgrade_that_fails_midway_leaves_the_store_as_it_was(store_url, monkeypatch, fast):
    """The revisions run in one transaction (on SQLite an explicit one: its driver would commit
    each CREATE TABLE on its own), so a process dying mid-upgrade leaves no half schema."""
    from registry.migrations import guards, runner

    def dies(conn):  # the last step of the baseline, after every table is created
        raise RuntimeError("killed mid-upgrade")

    monkeypatch.setattr(guards, "install_audit_guard", dies)  # what the baseline revision imports
    monkeypatch.setattr(runner, "install_audit_guard", dies)  # what the fast path calls
    monkeypatch.setenv("LEXREG_SCHEMA_FAST", fast)
    with pytest.raises(RuntimeError, match="killed mid-upgrade"):
        make_engine(store_url)
    engine = connect(store_url)
    assert inspect(engine).get_table_names() == []
    monkeypatch.undo()
    monkeypatch.setenv("LEXREG_SCHEMA_FAST", fast)
    assert migrations.current_revision(make_engine(store_url)) == migrations.head_revision()


def test_db_upgrade_adopts_a_revisionless_store_made_from_todays_models(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'today.db'}"
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    metadata.create_all(connect(url))  # every table of today's models, no revision
    up = CliRunner().invoke(app, ["db", "upgrade"])
    assert up.exit_code == 0, up.output
    assert f"upgraded from no revision to {migrations.head_revision()}" in up.output
    assert _diffs(make_engine(url)) == []
