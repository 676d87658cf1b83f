"""bench.then says why it measured nothing when the issue's code cannot be had from this checkout."""

from datetime import date

from bench import then


def test_a_commit_this_clone_lacks_is_reported_not_measured(tmp_path, monkeypatch):
    monkeypatch.setattr(then, "THEN", "0" * 40)
    got = then.measure(tmp_path, tmp_path, ["征收土地的补偿"], date(2026, 12, 1))
    assert got["commit"] == "0" * 40 and "git archive" in got["missing"] and "top10" not in got
    assert list(tmp_path.iterdir()) == []  # nothing of the attempt left behind


def test_a_machine_without_git_is_reported_not_measured(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    got = then.measure(tmp_path, tmp_path, ["征收土地的补偿"], date(2026, 12, 1))
    assert "could not run" in got["missing"] and "top10" not in got
