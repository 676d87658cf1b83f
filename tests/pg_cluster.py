"""A throw-away PostgreSQL cluster for one test run.

Reads the server binaries under /usr/lib/postgresql/*/bin; writes a cluster
(initdb) into a folder the caller owns, and serves it on a Unix socket in that
folder only (no TCP, trust auth on the socket, no password). The test session
creates it once, gives each test that needs one its own database, and stops
and removes it at the end. initdb/postgres refuse to run as root, so as root
they run as the `postgres` system user (setpriv, which execs: the pid we hold
is the postmaster's, so we can stop it ourselves).
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

SUPERUSER = "lexreg"  # the cluster's bootstrap role: trust auth on our own socket only
PORT = 5432  # names the socket file (.s.PGSQL.5432) in our folder; nothing listens on TCP
TEMPLATE = "lexreg_template"


class ClusterError(RuntimeError):
    pass


def bin_dir() -> Path:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/15/bin)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if not found:
        raise ClusterError("PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                           "(`make test` installs the Debian package)")
    return found[-1].parent


def _as_server_user() -> tuple[list[str], int | None, int | None]:
    """The command prefix and ids the server runs under: ourselves, or `postgres` when we are root."""
    if os.geteuid() != 0:
        return [], None, None
    user = pwd.getpwnam("postgres")
    return (["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--init-groups", "--"],
            user.pw_uid, user.pw_gid)


class Cluster:
    """initdb + postgres in `root` (root/data, the socket in root itself)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.proc: subprocess.Popen | None = None
        self.pid: int | None = None

    # -- lifecycle -------------------------------------------------------------
    def start(self, timeout: float = 30.0) -> str:
        """Create and start the cluster; returns the admin URL (database `postgres`)."""
        bins = bin_dir()
        prefix, uid, gid = _as_server_user()
        self.root.mkdir(parents=True, exist_ok=True)
        if uid is not None:
            os.chown(self.root, uid, gid)
            # the server user must be able to reach its folder through ours (mkdtemp makes it 0700)
            os.chmod(self.root.parent, os.stat(self.root.parent).st_mode | 0o011)
        env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
        init = subprocess.run([*prefix, str(bins / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                               "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                              env=env, capture_output=True, text=True)
        if init.returncode:
            raise ClusterError(f"initdb failed ({init.returncode}): {init.stderr.strip() or init.stdout.strip()}")
        log = open(self.log, "ab")
        try:
            # its own session: a Ctrl-C in the terminal reaches pytest, which stops the server in order
            self.proc = subprocess.Popen(
                [*prefix, str(bins / "postgres"), "-D", str(self.data), "-k", str(self.root), "-p", str(PORT),
                 "-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                 "-c", "full_page_writes=off", "-c", "max_connections=200", "-c", "shared_buffers=64MB"],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        finally:
            log.close()
        self.pid = self.proc.pid
        self._wait_ready(timeout)
        return self.url("postgres")

    def _wait_ready(self, timeout: float) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                raise ClusterError(f"postgres exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                psycopg.connect(self.dsn("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise ClusterError(f"postgres not ready after {timeout:.0f} s:\n{self.log_tail()}")
                time.sleep(0.1)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the postmaster whether this process or another of the run started it."""
        if self.pid is not None:
            stop_pid(self.pid, timeout)
        self.proc = None

    def remove(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # -- addresses and databases ----------------------------------------------
    def dsn(self, database: str) -> str:
        return f"host={self.root} port={PORT} user={SUPERUSER} dbname={database}"

    def url(self, database: str) -> str:
        return url_for(str(self.root), database)


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie child of ours is reaped, so it counts as gone)."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # not our child: its parent (or init) reaps it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def stop_pid(pid: int, timeout: float = 15.0) -> None:
    """Fast shutdown (SIGINT), then immediate (SIGQUIT), then SIGKILL; returns when the postmaster is gone."""
    for sig, wait in ((signal.SIGINT, timeout), (signal.SIGQUIT, 5.0), (signal.SIGKILL, 5.0)):
        if not alive(pid):
            return
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + wait
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)


def url_for(socket_dir: str, database: str) -> str:
    """The SQLAlchemy URL of `database` on the cluster whose socket is in `socket_dir`."""
    return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={socket_dir}&port={PORT}"


def socket_dir_of(url: str) -> str:
    return url.split("host=", 1)[1].split("&", 1)[0]


def _admin(socket_dir: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"host={socket_dir} port={PORT} user={SUPERUSER} dbname=postgres",
                         autocommit=True) as con:
        con.execute(sql)


def create_template(socket_dir: str) -> None:
    """A database with every lexreg table, which each test's database is copied from (fast CREATE DATABASE)."""
    from sqlmodel import SQLModel

    from registry.schema import make_engine

    _admin(socket_dir, f'CREATE DATABASE "{TEMPLATE}"')
    engine = make_engine(url_for(socket_dir, TEMPLATE))
    SQLModel.metadata.create_all(engine)
    engine.dispose()  # CREATE DATABASE … TEMPLATE refuses while anyone is connected to the template


def create_database(socket_dir: str, label: str = "t", *, template: str = TEMPLATE, exact: bool = False) -> str:
    """A new lexreg database, a copy of `template` (default: the empty one with the tables); returns its URL."""
    name = label if exact else f"{''.join(c for c in label.lower() if c.isalnum())[:20]}_{uuid.uuid4().hex[:10]}"
    _admin(socket_dir, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return url_for(socket_dir, name)


def drop_database(url: str) -> None:
    name = url.split("@/", 1)[1].split("?", 1)[0]
    _admin(socket_dir_of(url), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
