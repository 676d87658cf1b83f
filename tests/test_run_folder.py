"""The run folder's final check: leftovers and live processes are found, stale runs reaped."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pg_cluster
from run_folder import ENV, RunFolder, escaped, processes_of, reap_stale


def _folder(tmp_path, name="lexreg-tests-x"):
    run = RunFolder(tmp_path / name)
    run.tmp.mkdir(parents=True)
    (run.path / "owner.pid").write_text(str(os.getpid()))
    return run


def test_a_clean_run_leaves_nothing_and_reports_nothing(tmp_path):
    run = _folder(tmp_path)
    (run.tmp / "pytest-of-someone").mkdir()  # pytest's own tmp_path root and jieba's cache are expected
    (run.tmp / "jieba.cache").write_bytes(b"")
    run.data_dir("gw0")
    assert run.finish() == [] and not run.path.exists()


def test_a_folder_left_in_the_temp_dir_fails_the_check(tmp_path):
    run = _folder(tmp_path)
    (run.tmp / "lexreg-test-abc").mkdir()
    problems = run.finish()
    assert problems == ["left in the temp dir: lexreg-test-abc"] and not run.path.exists()


def test_a_process_of_the_run_still_alive_is_found_and_stopped(tmp_path):
    run = _folder(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                             env={**os.environ, ENV: str(run.path)})
    try:
        # a child only just started can be missing from one scan of /proc (its environ reads empty
        # until exec has set it up, and Popen may return before that: seen once in CI under load);
        # found within seconds is what the final check needs
        deadline = time.monotonic() + 10
        while (found := [pid for pid, _ in processes_of(run.path, wait=0)]) != [child.pid] \
                and time.monotonic() < deadline:
            time.sleep(0.1)
        assert found == [child.pid]
        problems = run.finish(wait=0.5)
        assert len(problems) == 1 and f"{child.pid}" in problems[0] and "still alive" in problems[0]
        assert child.wait(5) is not None
    finally:
        child.kill()
        child.wait()


def test_a_stale_run_whose_controller_died_is_removed(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = _folder(tmp_path, "lexreg-tests-stale")
    (stale.path / "owner.pid").write_text(str(dead.pid))
    live = _folder(tmp_path, "lexreg-tests-live")
    reap_stale(tmp_path)
    assert not stale.path.exists() and live.path.exists()
    assert not pg_cluster.alive(dead.pid)


def test_only_names_our_tools_make_count_as_escaped(tmp_path):
    before = set(os.listdir(tmp_path))
    for name in ("lexreg-test-1", "jieba.cache", "tmpabc", "pytest-of-root"):
        (tmp_path / name).mkdir()
    assert escaped(tmp_path, before) == ["jieba.cache", "lexreg-test-1", "pytest-of-root"]
