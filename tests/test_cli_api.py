"""The foundation through the CLI and the REST API, on a real chain and a sidecar."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.cli.main import app
from api.http.app import create_app

CHAIN = "chains/中华人民共和国土地管理法"


@pytest.fixture
def env(tmp_path, monkeypatch, new_store):
    monkeypatch.setenv("LEXREG_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("LEXREG_DATABASE_URL", new_store.url("cli"))
    return tmp_path


def run(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


def sidecar_for(tmp_path: Path, shared_corpus: Path, rel_paths: list[str]) -> Path:
    rows = list(csv.DictReader((shared_corpus / "manifest.csv").open(encoding="utf-8")))
    keep = [r for r in rows if any(r["path"].startswith(p) for p in rel_paths)]
    out = tmp_path / "manifest.csv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        for r in keep:
            r["path"] = str(shared_corpus / r["path"])
            writer.writerow(r)
    return out


def test_ingest_show_history_works(env, shared_corpus):
    manifest = sidecar_for(env, shared_corpus, [CHAIN])
    result = run("ingest", "--manifest", str(manifest), str(shared_corpus / CHAIN))
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "2 ingested, 0 unchanged, 0 failed"

    again = run("ingest", str(shared_corpus / CHAIN))
    assert again.output.strip().splitlines()[-1] == "0 ingested, 2 unchanged, 0 failed"

    old = json.loads(run("show", "土地管理法", "--at", "2010-01-01", "--article", "第四十七条", "--json").output)
    for key in ("work_id", "title", "level", "organ", "doc_number", "status", "version_date", "valid_from",
                "valid_to", "articles"):
        assert key in old
    assert old["version_date"] == "2004-08-28" and old["valid_to"] == "2020-01-01"
    assert old["status"] == "现行有效" and old["level"] == "法律"
    assert [a["id"] for a in old["articles"]] == ["art_47"]
    assert old["articles"][0]["text"].startswith("征收土地的，按照被征收土地的原用途给予补偿。\n")

    new = json.loads(run("show", "/cn/law/1986/土地管理法", "--json").output)
    assert new["version_date"] == "2019-08-26" and new["valid_from"] == "2020-01-01" and new["valid_to"] is None
    assert len(new["articles"]) == 87 and new["articles"][0]["label"] == "第一条"

    hist = json.loads(run("history", "中华人民共和国土地管理法", "--json").output)
    assert [v["status"] for v in hist["versions"]] == ["已修改", "现行有效"]
    assert {e["kind"] for e in hist["events"]} >= {"通过", "修正", "修订", "施行"}

    listing = json.loads(run("works", "--level", "法律", "--json").output)
    assert [w["title"] for w in listing] == ["中华人民共和国土地管理法"]
    assert json.loads(run("works", "--status", "已废止", "--json").output) == []


def test_cli_errors_are_one_line(env, shared_corpus, tmp_path):
    missing = run("show", "不存在的法")
    assert missing.exit_code == 1 and "error: no work titled '不存在的法'" in missing.output
    bad_date = run("show", "土地管理法", "--at", "2019-13-01")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.output
    (tmp_path / "empty.md").write_bytes(b"")
    failed = run("ingest", str(tmp_path / "empty.md"))
    assert failed.exit_code == 1
    assert f"{tmp_path / 'empty.md'}: empty file" in failed.output
    assert "0 ingested, 0 unchanged, 1 failed" in failed.output


def test_sidecar_disagreement_is_reported_and_kept(env, shared_corpus):
    path = shared_corpus / "laws/行政法规/不动产登记暂行条例(2019-03-24).md"
    manifest = sidecar_for(env, shared_corpus, ["laws/行政法规/不动产登记暂行条例"])
    result = run("ingest", "--manifest", str(manifest), str(path))
    assert "discrepancy:" in result.output and "promulgated" in result.output
    data = json.loads(run("show", "不动产登记暂行条例", "--json").output)
    assert data["version_date"] == "2019-03-24"
    assert {"field": "promulgated", "text": "2014-11-24", "sidecar": "2019-03-24"} in data["discrepancies"]


def test_bulk_metadata_fix_through_the_sidecar(env, shared_corpus, tmp_path):
    path = shared_corpus / "laws/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md"
    assert run("ingest", str(path)).exit_code == 0
    fix = tmp_path / "fix.csv"
    fix.write_text(f"path,effective\n{path},2021-04-01\n", encoding="utf-8")
    result = run("ingest", "--manifest", str(fix), str(path))
    assert "0 ingested, 1 unchanged, 0 failed (1 metadata updated)" in result.output
    data = json.loads(run("show", "上海市不动产登记若干规定", "--at", "2021-03-15", "--json").output)
    assert data["status"] == "尚未生效" and data["valid_from"] == "2021-04-01"


def test_api_reads_works_and_versions(env, shared_corpus):
    manifest = sidecar_for(env, shared_corpus, [CHAIN])
    assert run("ingest", "--manifest", str(manifest), str(shared_corpus / CHAIN)).exit_code == 0
    client = TestClient(create_app())
    assert client.get("/health").json()["versions"] == 2
    works = client.get("/works").json()
    assert works[0]["status"] == "现行有效"
    old = client.get("/work", params={"id": "土地管理法", "at": "2010-01-01", "article": "47"}).json()
    assert old["version_date"] == "2004-08-28"
    missing = client.get("/work", params={"id": "不存在的法"})
    assert missing.status_code == 404 and missing.json()["type"] == "NotFound"
    hist = client.get("/work/history", params={"id": "土地管理法"}).json()
    assert len(hist["versions"]) == 2
