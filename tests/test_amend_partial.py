"""Apply what can be applied (issue 15, acceptance 4): one garbled instruction in a real decision.

The 2024 统计法 decision with instruction 十二 garbled (弄成 for 修改为): by default the
derived version is stored, marked 推算文本, with exactly the article that instruction
touches (old 第三十九条, now 第四十二条) marked 待核对 in `show` (human and --json), the
text page and the 新旧对照; `--strict` stores nothing. When the official text arrives
it supersedes the derived one and the marks go.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.http.app import create_app
from ingest.pipeline import parse_path
from registry.amendments.supersede import store_document
from registry.core.db import session_scope
from registry.norms import flags, store
from registry.schema import make_engine

STATS = "chains/中华人民共和国统计法"
DECISION = f"{STATS}/2024-09-13_decision_全国人民代表大会常务委员会关于修改《中华人民共和国统计法》的决定.md"
GOOD = "其中的“直接负责的主管人员和其他直接责任人员”修改为“负有责任的领导人员和直接责任人员”"
BAD = "其中的“直接负责的主管人员和其他直接责任人员”弄成“负有责任的领导人员和直接责任人员”"


@pytest.fixture
def db(tmp_path, shared_corpus, monkeypatch):
    """A file store with the 2009 统计法 only, and the decision with one instruction garbled."""
    url = f"sqlite:///{tmp_path / 'lexreg.db'}"
    monkeypatch.setenv("LEXREG_DATABASE_URL", url)
    engine = make_engine(url)
    with session_scope(engine) as s:
        store.add_document(s, parse_path(shared_corpus / STATS / "2009-06-27.md"))
    text = (shared_corpus / DECISION).read_text(encoding="utf-8")
    assert text.count(GOOD) == 1
    garbled = tmp_path / "统计法修改决定（一处笔误）.md"
    garbled.write_text(text.replace(GOOD, BAD), encoding="utf-8")
    return engine, garbled


def _versions(engine) -> list:
    with session_scope(engine) as s:
        return store.versions_of(s, store.get_work(s, "统计法").id)


def test_strict_stores_nothing(db):
    engine, garbled = db
    out = CliRunner().invoke(cli, ["amend", str(garbled), "--strict"])
    assert out.exit_code == 1 and "not-written" in out.stdout, out.output
    assert len(_versions(engine)) == 1


def test_derived_version_stored_with_exactly_the_touched_article_to_check(db, shared_corpus):
    engine, garbled = db
    out = CliRunner().invoke(cli, ["amend", str(garbled), "--json"])
    assert out.exit_code == 1, out.output  # not everything applied: the exit status says so
    report = json.loads(out.stdout)
    norm, = report["norms"]
    assert norm["outcome"] == "written" and [u["text"][:4] for u in norm["unparsed"]] == ["其中的“"]
    assert [c["pid"] for c in norm["to_check"]] == ["art_42"]
    derived = _versions(engine)[-1]
    assert derived.derived_from and derived.version_date.isoformat() == "2024-09-13"

    shown = json.loads(CliRunner().invoke(cli, ["show", "统计法", "--version", "2024-09-13", "--json"]).stdout)
    assert shown["derived_from"] == derived.derived_from
    marked = [a["id"] for a in shown["articles"] if a["to_check"]]
    assert marked == ["art_42"]
    assert "弄成" in shown["articles"][[a["id"] for a in shown["articles"]].index("art_42")]["to_check"][0]["instruction"]
    # every other article is what the official text says (the rest of the decision was applied)
    official = {p.pid: p.text for p in parse_path(shared_corpus / STATS / "2024-09-13.md").provisions
                if p.kind == "article"}
    wrong = [a["id"] for a in shown["articles"] if a["text"] != official.get(a["id"])]
    assert wrong == ["art_42"]

    human = CliRunner().invoke(cli, ["show", "统计法", "--version", "2024-09-13"]).stdout
    assert "推算文本" in human and "1 条待核对" in human
    assert [line.split("　")[0] for line in human.splitlines() if line.startswith("【待核对】")] == ["【待核对】第四十二条"]

    client = TestClient(create_app(engine))
    page = client.get("/works/view", params={"id": "统计法", "version": "2024-09-13"}).text
    assert "推算文本" in page and page.count('class="art to-check"') == 1 and 'to-check" id="art_42"' in page
    diff = client.get("/diff", params={"id": "统计法", "from": "2009-06-27", "to": "2024-09-13"}).json()
    assert diff["derived"] and [r["new_pid"] for r in diff["rows"] if r["to_check"]] == ["art_42"]
    assert client.get("/works/diff", params={"id": "统计法", "from": "2009-06-27", "to": "2024-09-13"}
                      ).text.count(">待核对</span>") == 1

    # the official text supersedes the derived one: marks cleared
    with session_scope(engine) as s:
        store_document(s, parse_path(shared_corpus / STATS / "2024-09-13.md"))
    with session_scope(engine) as s:
        assert flags.flags_of(s, derived.id) == {}
    shown = json.loads(CliRunner().invoke(cli, ["show", "统计法", "--version", "2024-09-13", "--json"]).stdout)
    assert shown["derived_from"] is None and not any(a["to_check"] for a in shown["articles"])


def test_http_amend_strict_and_default(db):
    from registry import audit
    from registry.access.tokens import create_token

    engine, garbled = db
    with audit.acting_as("test"), session_scope(engine) as s:
        _, secret = create_token(s, "编辑乙", "editor")
    client = TestClient(create_app(engine))
    auth = {"Authorization": f"Bearer {secret}"}
    text = garbled.read_text(encoding="utf-8")
    r = client.post("/amend", json={"text": text, "strict": True}, headers=auth)
    assert r.status_code == 200 and r.json()["norms"][0]["outcome"] == "not-written"
    assert len(_versions(engine)) == 1
    r = client.post("/amend", json={"text": text}, headers=auth)
    norm = r.json()["norms"][0]
    assert norm["outcome"] == "written" and [c["pid"] for c in norm["to_check"]] == ["art_42"]
    assert len(_versions(engine)) == 2
