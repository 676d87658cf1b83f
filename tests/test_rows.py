"""The plain-rows reading (registry.norms.rows) answers exactly what the ORM answers.

`lexreg show` and `lexreg search` read an SQLite store at the current revision
through sqlite3 rows, not the ORM, so they start at once. These tests prove, on
real texts of the shared corpus (version chains, repealed and local norms), that
every view and the search catalog read through rows equal the same read through
a session, and that any store the rows cannot vouch for goes the ORM way.
They run on an SQLite file whatever --store says: the rows path exists only there.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from search_store import small_files, store_from
from sqlmodel import Session

from registry.core.db import session_scope
from registry.migrations.head import script_head
from registry.norms import models as m
from registry.norms import views
from registry.norms.rows import DATES, DATETIMES, open_rows
from registry.search.catalog import load_catalog
from registry.search.entries import fetch_entries

DAYS = (date(2026, 12, 1), date(2015, 6, 1), date(1999, 1, 1))


@pytest.fixture(scope="module")
def store(shared_corpus, tmp_path_factory):
    """土地管理法 and 矿产资源法 chains, their 实施条例, local rules, judicial interpretations and
    some repealed 部门规章, in an SQLite file."""
    repealed = [p for p in sorted((shared_corpus / "laws").rglob("*.md")) if "废止" in p.read_text(encoding="utf-8")[:4000]]
    files = small_files(shared_corpus) + repealed[:12]
    db = tmp_path_factory.mktemp("rows") / "lexreg.db"
    engine = store_from(shared_corpus, list(dict.fromkeys(files)), db)
    yield engine, f"sqlite:///{db}"
    engine.dispose()


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


def test_every_view_reads_the_same_through_rows(store):
    engine, url = store
    rows = open_rows(url)
    assert rows is not None
    with session_scope(engine) as s:
        works = s.exec(m.Work.__table__.select()).all()
        assert len(works) > 15
        shown = 0
        for day in DAYS:
            assert _json(views.list_works(s, day)) == _json(views.list_works(rows, day))
        for w in works:
            for ref in (w.id, w.title, w.short_title):
                for day in DAYS:
                    try:
                        want = views.show(s, ref, day)
                    except Exception as exc:  # a norm not yet made on that day, an ambiguous short title
                        with pytest.raises(type(exc)) as got:
                            views.show(rows, ref, day)
                        assert str(got.value) == str(exc)
                        continue
                    assert _json(views.show(rows, ref, day)) == _json(want)
                    shown += 1
            assert _json(views.history(rows, w.id, DAYS[0])) == _json(views.history(s, w.id, DAYS[0]))
        assert shown > 40
        land = views.show(s, "中华人民共和国土地管理法", DAYS[0], "第四十七条")
        assert _json(views.show(rows, "土地管理法", DAYS[0], "47")) == _json(land)
        old = views.show(s, "中华人民共和国土地管理法", DAYS[0], "第四十七条", date(2004, 8, 28))
        assert _json(views.show(rows, "中华人民共和国土地管理法", DAYS[0], "第四十七条", date(2004, 8, 28))) == _json(old)
        assert old["version_date"] == "2004-08-28" and old["articles"] != land["articles"]
    rows.close()


def test_the_search_catalog_and_hit_rows_are_the_same_through_rows(store):
    engine, url = store
    rows = open_rows(url)
    with Session(engine) as s:
        a, b = load_catalog(s), load_catalog(rows)
        assert a.versions == b.versions and a.fingerprint == b.fingerprint
        events = [(e.id, e.date, e.recorded_at) for es in a.events.values() for e in es]
        assert events == [(e.id, e.date, e.recorded_at) for es in b.events.values() for e in es]
        for day in DAYS:
            assert a.statuses(day) == b.statuses(day)
        keys = [(vid, "art_47") for vid in a.versions][:40] + [(next(iter(a.versions)), "art_1")]
        assert fetch_entries(s, keys) == fetch_entries(rows, keys)
    rows.close()


def test_row_dates_are_the_models_dates():
    """DATES and DATETIMES list every date column of the tables the rows convert."""
    for model in (m.Work, m.Version, m.Event, m.SourceDocument):
        table = model.__table__
        dates = tuple(c.name for c in table.columns if isinstance(c.type, sa.Date))
        stamps = tuple(c.name for c in table.columns if isinstance(getattr(c.type, "impl", c.type), sa.DateTime))
        assert dates == DATES.get(table.name, ()), table.name
        assert stamps == DATETIMES.get(table.name, ()), table.name


def test_the_scripts_head_is_alembics():
    from registry.migrations import head_revision

    assert script_head() == head_revision()


def test_a_store_the_rows_cannot_vouch_for_goes_the_orm_way(store, tmp_path):
    _, url = store
    assert open_rows("sqlite://") is None and open_rows(f"sqlite:///{tmp_path / 'none.db'}") is None
    assert open_rows("postgresql+psycopg://u@localhost/x") is None
    behind = tmp_path / "behind.db"
    src = sqlite3.connect(url.removeprefix("sqlite:///"))
    dst = sqlite3.connect(str(behind))
    src.backup(dst)
    src.close()
    dst.execute("UPDATE alembic_version SET version_num = '0002_pending_refresh'")
    dst.commit()
    dst.close()
    assert open_rows(f"sqlite:///{behind}") is None
    env = {**os.environ, "LEXREG_DATABASE_URL": f"sqlite:///{behind}", "LEXREG_DATA_DIR": str(tmp_path)}
    done = subprocess.run([str(Path(sys.executable).with_name("lexreg")), "show", "土地管理法", "--article", "47"],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 1 and "lexreg db upgrade" in done.stderr  # the ORM path explains the store


def test_lexreg_show_and_search_through_rows_print_what_the_orm_gives(store, tmp_path):
    engine, url = store
    env = {**os.environ, "LEXREG_DATABASE_URL": url, "LEXREG_DATA_DIR": str(tmp_path),
           "LEXREG_INDEX_DIR": str(tmp_path / "index")}
    lexreg = str(Path(sys.executable).with_name("lexreg"))
    done = subprocess.run([lexreg, "show", "中华人民共和国土地管理法", "--article", "第四十七条", "--json"], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    with session_scope(engine) as s:
        want = views.show(s, "中华人民共和国土地管理法", date.today(), "第四十七条")
    assert json.loads(done.stdout) == json.loads(_json(want))
    assert subprocess.run([lexreg, "reindex"], env=env, capture_output=True).returncode == 0
    found = subprocess.run([lexreg, "search", "临时用地", "--json"], env=env, capture_output=True, text=True)
    assert found.returncode == 0, found.stderr
    from registry.search import Filters, SearchRequest, SearchService

    req = SearchRequest("临时用地", Filters(date.today()))
    want = SearchService(engine, tmp_path / "index").search(req).to_json()
    got = json.loads(found.stdout)
    assert got["count"] == want["count"] > 0
    assert [(h["version_id"], h["provision_id"]) for h in got["hits"]] == \
        [(h["version_id"], h["provision_id"]) for h in want["hits"]]
    assert "土地管理法" in got["hits"][0]["title"]
