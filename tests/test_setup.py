"""First run: one store per user whatever the working directory, said by `lexreg info` and
`--version`; LEXREG_DATA_DIR overrides it; a busy port is a clear message, not a traceback."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from api.cli.main import app as cli

RULES = "chains/中华人民共和国土地管理法实施条例/2021-07-02.md"


@pytest.fixture
def fresh_user(tmp_path, monkeypatch):
    """A user with no LEXREG_* settings and their own (temp) home and XDG data directory."""
    for key in ("LEXREG_DATA_DIR", "LEXREG_DATABASE_URL", "LEXREG_INDEX_DIR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    return tmp_path


def test_works_from_another_folder_sees_the_store_made_from_the_repo(fresh_user, shared_corpus, monkeypatch):
    from conftest import ROOT

    monkeypatch.chdir(ROOT)
    loaded = CliRunner().invoke(cli, ["ingest", "-q", str(shared_corpus / RULES)])
    assert loaded.exit_code == 0, loaded.output
    elsewhere = fresh_user / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    works = CliRunner().invoke(cli, ["works", "--json"])
    assert works.exit_code == 0, works.output
    assert [w["title"] for w in json.loads(works.stdout)] == ["中华人民共和国土地管理法实施条例"]
    assert not (elsewhere / "var").exists()  # no empty store made where the command ran
    assert (fresh_user / "xdg" / "lexreg" / "lexreg.db").is_file()
    info = json.loads(CliRunner().invoke(cli, ["info", "--json"]).stdout)
    assert info["data_dir"] == str(fresh_user / "xdg" / "lexreg") and info["counts"]["works"] == 1
    version = CliRunner().invoke(cli, ["--version"])
    assert version.exit_code == 0 and str(fresh_user / "xdg" / "lexreg") in version.stdout


def test_lexreg_data_dir_overrides_the_user_directory(fresh_user, monkeypatch):
    monkeypatch.setenv("LEXREG_DATA_DIR", str(fresh_user / "team-store"))
    info = json.loads(CliRunner().invoke(cli, ["info", "--json"]).stdout)
    assert info["data_dir"] == str(fresh_user / "team-store") and info["data_dir_from"] == "LEXREG_DATA_DIR"
    assert info["database_url"] == f"sqlite:///{fresh_user / 'team-store' / 'lexreg.db'}"


def test_a_busy_port_says_so_and_which_port_to_try():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        out = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert out.exit_code == 1
    assert f"端口 {port} 已被占用" in out.output and "PORT=" in out.output


def test_amendments_of_a_norm_without_any_says_so(fresh_user, shared_corpus):
    assert CliRunner().invoke(cli, ["ingest", "-q", str(shared_corpus / RULES)]).exit_code == 0
    out = CliRunner().invoke(cli, ["amendments", "土地管理法实施条例"])
    assert out.exit_code == 0 and "尚无已应用的修改决定" in out.stdout
