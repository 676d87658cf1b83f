"""Dump and restore: the whole shared corpus round-trips row for row; a store with a row in
every table round-trips into SQLite and into PostgreSQL; bad dumps and non-empty stores are refused."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from api.cli.main import app
from api.services import citation_pass
from api.services.amend_file import run_amend
from api.services.ingest_batch import ingest_paths
from ingest.manifest import load_sidecar
from registry import audit
from registry import review as conflicts
from registry.access.tokens import create_token
from registry.amendments.records import AmendmentRun, OfficialDifference
from registry.backup import dump, restore
from registry.cleanup.records import BasisDecision, Campaign, CleanupTask, Proposal
from registry.core.db import session_scope
from registry.core.errors import LexregError
from registry.evaluation.records import EvaluationRecord
from registry.norms.flags import ArticleFlag
from registry.norms.models import Version
from registry.schema import make_engine, metadata

STATS = "chains/中华人民共和国统计法"
DECISION = f"{STATS}/2024-09-13_decision_全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定.md"


def _rows(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, read through the models' column types."""
    with engine.connect() as conn:
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
                for t in metadata.sorted_tables}


def _assert_same(a: dict, b: dict) -> None:
    restored_by = b["audit_entry"][len(a["audit_entry"]):]
    assert len(restored_by) == 1, "one audit entry records the restore"
    b = {**b, "audit_entry": b["audit_entry"][:len(a["audit_entry"])]}
    for name in a:
        assert len(a[name]) == len(b[name]), f"{name}: {len(a[name])} rows dumped, {len(b[name])} restored"
        assert a[name] == b[name], f"{name}: rows differ after the round trip"


def _rich_store(url: str, corpus) -> object:
    """A small real store with a row in every table: texts, an applied decision and its official
    version's article sources, an official-text difference, citations, conflict findings, a token, audit entries, an evaluation."""
    engine = make_engine(url)
    sidecar = load_sidecar(corpus / "manifest.csv")
    with audit.acting_as("test"):
        ingest_paths(engine, [corpus / f"{STATS}/2009-06-27.md", corpus / "chains/中华人民共和国土地管理法",
                              corpus / "laws/地方性法规/河南"], sidecar, after_commit=lambda e, v: citation_pass.run(e, v))
        run_amend(engine, corpus / DECISION)  # a derived version: its article sources are kept
        ingest_paths(engine, [corpus / "laws/规范性文件"], sidecar)  # owed a refresh: pending_refresh
        with session_scope(engine) as s:
            run = s.exec(select(AmendmentRun)).first()
            # 统计法's official text equals the applied one; a difference as a check records it
            s.add(OfficialDifference(run_id=run.id, official_version_id=run.version_id or "", pid="art_7",
                                     status="different", official="第七条　甲", applied="第七条　乙",
                                     changes=json.dumps([["甲", "乙"]], ensure_ascii=False)))
            conflicts.run(s)
            create_token(s, "editor-1", "editor")
            version = s.exec(select(Version).order_by(Version.id)).first()
            s.add(EvaluationRecord(work_id=version.work_id, version_id=version.id, body="法制工作机构",
                                   period="2020-01-01/2023-12-31", payload=json.dumps({"结论": "继续施行"},
                                                                                       ensure_ascii=False)))
            audit.record(s, "evaluation", work_id=version.work_id, target=version.id, after={"结论": "继续施行"})
            # a clean-up campaign with a proposal and an open 修改 task, a curated 制定依据, a 待核对 mark
            campaign = Campaign(name="2023年清理", as_of=date(2023, 1, 1), scope='{"levels": ["地方性法规"]}')
            s.add(campaign)
            s.flush()
            s.add(Proposal(campaign_id=campaign.id, work_id=version.work_id, version_id=version.id, opinion="修改",
                           reasons='[{"kind": "cites_repealed"}]'))
            s.add(CleanupTask(campaign_id=campaign.id, work_id=version.work_id, version_id=version.id,
                              opened_on=date(2023, 2, 1), note="依上位法修改"))
            s.add(BasisDecision(work_id=version.work_id, basis_key="中华人民共和国土地管理法", state="confirmed"))
            s.add(ArticleFlag(version_id=version.id, pid="art_1", instruction="将第一条修改为……", reason="未读懂"))
    return engine


@pytest.fixture(params=["sqlite", "postgres"])
def target_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    return request.getfixturevalue("pg_database")


def test_a_store_with_a_row_in_every_table_round_trips(tmp_path, shared_corpus, target_url):
    source = _rich_store(f"sqlite:///{tmp_path / 'source.db'}", shared_corpus)
    before = _rows(source)
    empty = sorted(name for name, rows in before.items() if not rows)
    assert empty == [], f"the test store should fill every table; empty: {empty}"

    report = dump(source, tmp_path / "store.jsonl.gz")
    assert report.rows == {name: len(rows) for name, rows in before.items()}
    target = make_engine(target_url)
    with audit.acting_as("test"):
        restored = restore(target, tmp_path / "store.jsonl.gz")
    assert restored.rows == report.rows
    _assert_same(before, _rows(target))

    # The restored store goes on: new rows get new ids (PostgreSQL's sequences were reset).
    with audit.acting_as("test"), session_scope(target) as s:
        create_token(s, "reviewer-1", "reviewer")
    after = _rows(target)
    assert len(after["token"]) == 2 and len(after["audit_entry"]) == len(before["audit_entry"]) + 2


@pytest.mark.slow
def test_the_whole_shared_corpus_round_trips_row_for_row(full_store, tmp_path):
    source, report = full_store
    before = _rows(source)
    assert len(before["version"]) >= 1400 and len(before["provision"]) > 100_000
    dumped = dump(source, tmp_path / "corpus.jsonl")
    assert dumped.total == sum(len(r) for r in before.values())
    target = make_engine(f"sqlite:///{tmp_path / 'restored.db'}")
    with audit.acting_as("test"):
        restore(target, tmp_path / "corpus.jsonl")
    _assert_same(before, _rows(target))


def _small(tmp_path, corpus, name="small.db"):
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    ingest_paths(engine, [corpus / f"{STATS}/2009-06-27.md"])
    return engine


def test_restore_refuses_a_store_that_holds_anything_and_damaged_dumps(tmp_path, shared_corpus):
    source = _small(tmp_path, shared_corpus)
    out = tmp_path / "d.jsonl"
    dump(source, out)
    with pytest.raises(LexregError, match=r"the store is not empty \(.*provision: \d+ rows"):
        restore(source, out)

    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[:-1]), encoding="utf-8")
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    with pytest.raises(LexregError, match=rf"cut.jsonl:{len(lines) - 1}: the dump ends before its last line"):
        restore(fresh, cut)
    with Session(fresh) as s:  # nothing half-restored
        assert s.exec(select(func.count()).select_from(metadata.tables["provision"])).one() == 0

    edited = tmp_path / "edited.jsonl"
    edited.write_text("".join(lines[:-2] + lines[-1:]), encoding="utf-8")  # one row less
    with pytest.raises(LexregError, match=rf"edited.jsonl:{len(lines) - 1}: the dump's last line counts"):
        restore(fresh, edited)
    work_line = next(i for i, line in enumerate(lines) if line.startswith('{"table":"work"'))
    orphans = tmp_path / "orphans.jsonl"
    orphans.write_text("".join(lines[:work_line] + lines[work_line + 1:]), encoding="utf-8")
    with pytest.raises(LexregError, match=r"orphans.jsonl:\d+: table \w+, rows up to this line: the store refused"):
        restore(fresh, orphans)
    other = tmp_path / "other.jsonl"
    other.write_text(lines[0].replace('"revision":"', '"revision":"0000_other_'), encoding="utf-8")
    with pytest.raises(LexregError, match=r"other.jsonl:1: the dump was made at revision 0000_other_"):
        restore(fresh, other)
    (tmp_path / "notes.txt").write_text("土地管理法\n", encoding="utf-8")
    with pytest.raises(LexregError, match=r"notes.txt:1: not a lexreg dump"):
        restore(fresh, tmp_path / "notes.txt")


def test_dump_and_restore_from_the_command_line(tmp_path, shared_corpus, monkeypatch):
    monkeypatch.setenv("LEXREG_DATABASE_URL", f"sqlite:///{tmp_path / 'a.db'}")
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(tmp_path / "index-a"))
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "-q", str(shared_corpus / f"{STATS}/2009-06-27.md")]).exit_code == 0
    done = runner.invoke(app, ["dump", str(tmp_path / "a.jsonl")])
    assert done.exit_code == 0, done.output
    assert "rows of" in done.output and "to " + str(tmp_path / "a.jsonl") in done.output

    refused = runner.invoke(app, ["restore", str(tmp_path / "a.jsonl")])
    assert refused.exit_code == 1 and "the store is not empty" in refused.output

    monkeypatch.setenv("LEXREG_DATABASE_URL", f"sqlite:///{tmp_path / 'b.db'}")
    monkeypatch.setenv("LEXREG_INDEX_DIR", str(tmp_path / "index-b"))
    loaded = runner.invoke(app, ["restore", str(tmp_path / "a.jsonl")])
    assert loaded.exit_code == 0, loaded.output
    assert "restored" in loaded.output and "indexed" in loaded.output
    assert runner.invoke(app, ["check"]).exit_code == 0
    found = runner.invoke(app, ["search", "统计调查", "--json"])
    assert found.exit_code == 0 and "统计法" in found.output
    log = make_engine(f"sqlite:///{tmp_path / 'b.db'}")
    with Session(log) as s:
        entry = audit.entries(s, kind="restore")[0]
    assert entry.actor.startswith("cli:") and "a.jsonl" in entry.note
