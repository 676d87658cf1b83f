"""One test run's folder: its temp dir, data dirs and PostgreSQL cluster, and the final check.

The controlling pytest process (the only one without xdist, the xdist controller
otherwise) makes `lexreg-tests-XXXX` in the system temp dir before any worker
starts and points TMPDIR of the whole run at its `tmp/` (workers, the uvicorn
and Chromium the browser tests start, jieba's cache, pytest's own tmp_path
root all inherit it). Workers find the folder through LEXREG_TEST_RUN_DIR.

The cluster is started lazily by the first process that needs it, under a
file lock in the run folder (so once per run, not per worker, and not at all
when no test asks for PostgreSQL); its URL and postmaster pid are written
beside the lock. At the end the controller stops the postmaster, checks that
no process of the run is alive and that nothing but pytest's own folder was
left in `tmp/`, and removes the run folder, also after a failure or Ctrl-C
(pytest_sessionfinish, with atexit as a fallback). A run killed outright
leaves its folder; the next run reaps it (its owner pid is gone).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
import time
from pathlib import Path

import pg_cluster

ENV = "LEXREG_TEST_RUN_DIR"
PREFIX = "lexreg-tests-"
# jieba caches its default dictionary as TMPDIR/jieba.cache (registry/search/analysis.py, in
# production too): a library cache, not a test's leftover; it goes with the run folder.
CACHES = ("pytest-of-", "jieba")
# The run folder also holds tmp/, pg/ (the cluster), pg.lock|url|pid, owner.pid, data-* (LEXREG_DATA_DIR), full-*.


class RunFolder:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.tmp = self.path / "tmp"

    # -- made by the controller, found by workers ------------------------------
    @classmethod
    def create(cls, system_tmp: Path) -> "RunFolder":
        reap_stale(system_tmp)
        run = cls(Path(tempfile.mkdtemp(prefix=PREFIX, dir=system_tmp)))
        run.tmp.mkdir()
        (run.path / "owner.pid").write_text(str(os.getpid()))
        os.environ[ENV] = str(run.path)
        os.environ["TMPDIR"] = str(run.tmp)
        tempfile.tempdir = None  # gettempdir() caches: forget the system one
        return run

    @classmethod
    def of_this_process(cls) -> "RunFolder":
        return cls(Path(os.environ[ENV]))

    def data_dir(self, name: str) -> Path:
        path = self.path / f"data-{name}"
        path.mkdir(exist_ok=True)
        return path

    # -- PostgreSQL, once per run ----------------------------------------------
    def postgres(self) -> str:
        """The socket folder of the run's cluster, started here if no process of the run has yet."""
        with open(self.path / "pg.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            url_file = self.path / "pg.url"
            if url_file.exists():
                return pg_cluster.socket_dir_of(url_file.read_text())
            cluster = pg_cluster.Cluster(self.path / "pg")
            try:
                url = cluster.start()
            finally:
                if cluster.pid is not None:  # written first: the controller stops it even if the rest fails
                    (self.path / "pg.pid").write_text(str(cluster.pid))
            pg_cluster.create_template(str(cluster.root))
            url_file.write_text(url)
            return str(cluster.root)

    # -- the end of the run (controller only) ----------------------------------
    def finish(self, wait: float = 10.0) -> list[str]:
        """Stop, check, remove. Returns what was wrong (empty: the run left nothing behind).

        Processes of the run get `wait` seconds to end (xdist workers may still be exiting).
        """
        if not self.path.exists():
            return []
        problems = []
        pid_file = self.path / "pg.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text())
            pg_cluster.stop_pid(pid)
            if pg_cluster.alive(pid):
                problems.append(f"postgres {pid} still running after stop")
        stray = processes_of(self.path, wait)
        if stray:
            problems.append("processes of the run still alive: " + "; ".join(f"{p} {c}" for p, c in stray))
            for pid, _ in stray:
                pg_cluster.stop_pid(pid, timeout=3.0)
        left = sorted(p.name for p in self.tmp.iterdir() if not p.name.startswith(CACHES)) \
            if self.tmp.exists() else []
        if left:
            problems.append(f"left in the temp dir: {', '.join(left)}")
        shutil.rmtree(self.path, ignore_errors=True)
        if self.path.exists():
            problems.append(f"could not remove {self.path}")
        return problems


def escaped(system_tmp: Path, before: set[str]) -> list[str]:
    """New entries in the system temp dir named like what this project's tests and tools make.

    They can only come from code that ignores TMPDIR; on a shared machine another
    person's run may make them too, so the caller decides whether they fail the run.
    """
    new = set(os.listdir(system_tmp)) - before
    return sorted(n for n in new if n.startswith(("lexreg-test-", "pytest-of-", "jieba")))


def processes_of(run_dir: Path, wait: float = 10.0) -> list[tuple[int, str]]:
    """Processes (not this one) that carry the run's marker in their environment or work in its folder."""
    marker = f"{ENV}={run_dir}".encode()
    deadline = time.monotonic() + wait
    while True:
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                env = (entry / "environ").read_bytes().split(b"\0")
                cwd = os.readlink(entry / "cwd")
                if marker in env or cwd.startswith(str(run_dir)):
                    if (entry / "stat").read_text().split(") ", 1)[1][0] != "Z":
                        cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                        found.append((int(entry.name), cmd.strip()[:120]))
            except (OSError, IndexError):
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def reap_stale(system_tmp: Path) -> None:
    """Folders of earlier runs whose controller died (SIGKILL, OOM): stop their server, remove them."""
    for folder in system_tmp.glob(f"{PREFIX}*"):
        try:
            owner = int((folder / "owner.pid").read_text())
        except (OSError, ValueError):
            continue  # being created right now, or not ours
        if pg_cluster.alive(owner):
            continue
        try:
            pid = int((folder / "pg.pid").read_text())
            if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):  # still that postmaster, not a reused pid
                pg_cluster.stop_pid(pid, timeout=5.0)
        except (OSError, ValueError):
            pass
        shutil.rmtree(folder, ignore_errors=True)
