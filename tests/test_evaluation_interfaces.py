"""Acceptance 2 through the interfaces: an evaluation of the real 土地管理法实施条例 (2021) loaded from
a filled-in sheet with `lexreg evaluate`, shown with `evaluation show --json`, its Word report read
back with python-docx (both tables, the right rows) and converted to PDF by LibreOffice headless
(`make office-deps` installs it); the REST upload (role `review`, audited, bounded) and the pages;
`conclusions()` for clean-up; the draft review route."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from docx import Document
from evaluation_store import land_store
from fastapi.testclient import TestClient
from sqlmodel import Session
from test_evaluation_form import fill, good
from typer.testing import CliRunner

from api.cli.main import app as cli
from api.http.app import create_app
from registry import audit
from registry.access.tokens import create_token
from registry.evaluation import records
from registry.evaluation.sheet import write_template
from registry.schema import make_engine

TITLE = "中华人民共和国土地管理法实施条例"


@pytest.fixture(scope="module")
def db(shared_corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("evalui") / "land.db"
    land_store(shared_corpus, path)
    return path


@pytest.fixture
def run(db, monkeypatch):
    monkeypatch.setenv("LEXREG_DATABASE_URL", f"sqlite:///{db}")
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, [str(a) for a in args], catch_exceptions=False)


def sheet(tmp_path: Path) -> Path:
    path = write_template(tmp_path / "评估表.xlsx", "2021-07-02", "某省自然资源厅")
    fill(path, good())
    return path


def test_cli_evaluate_show_report_pdf(run, db, tmp_path):
    out = run("evaluate", "土地管理法实施条例", "--from-file", sheet(tmp_path), "--version", "2021-07-02", "--json")
    assert out.exit_code == 0, out.output
    stored = json.loads(out.output)
    shown = json.loads(run("evaluation", "show", "土地管理法实施条例", "--json").output)
    assert shown["id"] == stored["id"] and shown["version_id"].endswith("@2021-07-02")
    assert set(shown["derived"]) >= {"weighted_score", "total_cost", "total_benefit", "net_benefit",
                                     "benefit_cost_ratio", "unquantified_benefits"}
    assert shown["derived"]["benefit_cost_ratio"] == 1.4634 and shown["conclusion"] == "修改"
    kinds = {i["kind"] for i in shown["machine_evidence"]["items"]}
    assert {"basis_in_force", "numbering_ok", "delegation_missing"} <= kinds
    docx, csv = tmp_path / "报告.docx", tmp_path / "报告.csv"
    assert run("evaluation", "report", "土地管理法实施条例", "--docx", docx, "--csv", csv).exit_code == 0
    doc = Document(docx)
    indicators, money = doc.tables
    assert [r.cells[0].text for r in indicators.rows] == ["指标", "合法性", "合理性", "协调性", "可操作性", "实效性",
                                                          "规范性", "加权得分"]
    assert [r.cells[0].text for r in money.rows][-4:] == ["成本合计", "效益合计", "净效益", "效益成本比"]
    assert money.rows[-1].cells[2].text == "1.4634"
    assert csv.read_text(encoding="utf-8-sig").startswith("类别,项目,数值")
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice missing: run `make office-deps`"
    profile = Path(f"/tmp/lexreg-soffice-{uuid.uuid4().hex}")
    try:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = tmp_path / "报告.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 5000
    with Session(make_engine(f"sqlite:///{db}")) as s:
        latest = records.conclusions(s)
        row = records.get(s, stored["id"])
        assert latest[row.work_id][:2] == ("修改", stored["id"]) and row.created_by.startswith("cli:")
        assert [e.kind for e in audit.entries(s, work_id=row.work_id, kind="evaluation_add")]


def test_cli_errors_name_the_file(run, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    out = run("evaluate", "土地管理法实施条例", "--from-file", bad)
    assert out.exit_code == 1 and "bad.json" in out.output
    data = good()
    (tmp_path / "e.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = run("evaluate", "土地管理法实施条例", "--from-file", tmp_path / "e.json", "--version", "2014-07-29")
    assert out.exit_code == 1 and "不一致" in out.output


def test_http_upload_guarded_audited_and_pages(db, tmp_path):
    eng = make_engine(f"sqlite:///{db}")
    with Session(eng) as s, audit.acting_as("test"):
        _, reader = create_token(s, f"r-{uuid.uuid4().hex[:6]}", "reader")
        _, reviewer = create_token(s, f"v-{uuid.uuid4().hex[:6]}", "reviewer")
        s.commit()
    client = TestClient(create_app(eng))
    data = sheet(tmp_path).read_bytes()
    url = "/evaluations?work=土地管理法实施条例&filename=eval.xlsx"
    assert client.post(url, content=data).status_code == 401
    assert client.post(url, content=data, headers={"Authorization": f"Bearer {reader}"}).status_code == 403
    r = client.post(url, content=data, headers={"Authorization": f"Bearer {reviewer}"})
    assert r.status_code == 200, r.text
    with Session(eng) as s:
        assert records.get(s, r.json()["id"]).created_by.startswith("token:v-")
    big = client.post(url, content=b"x" * (records.MAX_FILE_BYTES + 1), headers={"Authorization": f"Bearer {reviewer}"})
    assert big.status_code == 413
    assert client.get("/evaluations/report?work=土地管理法实施条例&format=docx").content[:2] == b"PK"
    assert "修改" in json.dumps(client.get("/evaluations/conclusions").json(), ensure_ascii=False)
    page = client.get("/works/evaluation?id=土地管理法实施条例")
    assert page.status_code == 200 and "评估结论" in page.text and "系统发现的证据" in page.text
    assert "立法后评估" in client.get("/works/view?id=土地管理法实施条例").text
    draft = "浙江省临时用地管理办法\n\n第一条 为了规范临时用地，制定本办法。\n第三条 本办法自2022年5月1日起施行，有效期十年。\n"
    rv = client.post("/review/draft?organ=浙江省自然资源厅&filename=d.md&as_of=2022-03-01", content=draft.encode(),
                     headers={"Authorization": f"Bearer {reader}"})
    assert rv.status_code == 200, rv.text
    assert {f["kind"] for f in rv.json()["findings"]} >= {"numbering_gap", "validity_too_long"}
    assert client.get("/review/draft").status_code == 200
