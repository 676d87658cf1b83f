"""Shared fixtures: a real, fresh database per test (in-memory SQLite, or a database of
the run's own PostgreSQL cluster with --store=postgres), the shared corpus, and one
full-corpus store per test session for the tests that need all of it.

The run's folder, temp dir and cluster, and the check that nothing is left behind,
are in run_folder.py; the stores in stores.py.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from pathlib import Path

import pytest
from run_folder import RunFolder, escaped
from stores import KINDS, SQLITE, Stores

from registry.core.settings import shared_corpus_dir

ROOT = Path(__file__).resolve().parent.parent
_RUN: dict = {}  # this process's RunFolder; in the controller also what the final check needs


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="Rewrite the golden JSON files from the current parser instead of comparing.")
    parser.addoption("--store", choices=KINDS, default=os.environ.get("LEXREG_TEST_STORE", SQLITE),
                     help="The store the tests run on: sqlite (default) or postgres, a throw-away cluster "
                          "made for this run (also LEXREG_TEST_STORE).")


def pytest_configure(config):
    """Tests never touch the user's store, index (var/) or the system temp dir."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller made the run folder
        run = RunFolder.of_this_process()
        name = config.workerinput["workerid"]
    else:
        system_tmp = Path(tempfile.gettempdir())
        before = set(os.listdir(system_tmp))
        run = RunFolder.create(system_tmp)
        name = "main"
        _RUN.update(system_tmp=system_tmp, before=before, finished=False)
        atexit.register(_finish)  # if pytest_sessionfinish never runs (an error while starting)
    _RUN["run"] = run
    data = run.data_dir(name)
    os.environ["LEXREG_DATA_DIR"] = str(data)
    os.environ["LEXREG_INDEX_DIR"] = str(data / "index")
    os.environ.pop("LEXREG_DATABASE_URL", None)
    from registry import audit

    audit.set_actor("test")  # library writes in tests are audited as "test"; the CLI and HTTP set their own
    # A new store is made by create_all + stamp head, not by running every revision
    # (tests/test_migrations.py proves both give the same schema and triggers).
    os.environ["LEXREG_SCHEMA_FAST"] = "1"


def _finish() -> list[str]:
    if _RUN.get("finished", True):
        return []
    _RUN["finished"] = True
    return _RUN["run"].finish()


@pytest.hookimpl(trylast=True)  # after xdist has shut its workers down
def pytest_sessionfinish(session, exitstatus):
    """Stop the cluster and remove the run folder (also after failures and Ctrl-C); fail the run on leftovers."""
    if hasattr(session.config, "workerinput") or "system_tmp" not in _RUN:
        return
    problems = _finish()
    strays = escaped(_RUN["system_tmp"], _RUN["before"])
    if strays and os.environ.get("LEXREG_TEST_STRICT_TMP") == "1":
        problems.append(f"new in {_RUN['system_tmp']}: {', '.join(strays)}")
    _RUN.update(strays=strays, problems=problems)
    if problems and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    """What the final check found, printed with the summary (it runs after pytest_sessionfinish)."""
    if _RUN.get("strays"):
        terminalreporter.write_line(f"note: new in {_RUN['system_tmp']} during the run (ours, or another "
                                    f"process's): {', '.join(_RUN['strays'])}", yellow=True)
    for p in _RUN.get("problems", []):
        terminalreporter.write_line(f"test run hygiene: {p}", red=True, bold=True)


# -- stores ------------------------------------------------------------------------

@pytest.fixture(scope="session")
def store_kind(request) -> str:
    return request.config.getoption("--store")


@pytest.fixture(scope="session")
def postgres_socket():
    """A function giving the run's cluster (started on first use, once per run)."""
    return _RUN["run"].postgres


@pytest.fixture
def new_store(store_kind, postgres_socket, tmp_path):
    """Fresh stores for one test: `.engine()`, or `.url()` for code that opens its own; dropped afterwards."""
    stores = Stores(store_kind, tmp_path / "stores", postgres_socket)
    yield stores
    stores.close()


@pytest.fixture(scope="module")
def module_store(store_kind, postgres_socket, tmp_path_factory):
    """Fresh stores shared by one module's tests; dropped after the module."""
    stores = Stores(store_kind, tmp_path_factory.mktemp("stores"), postgres_socket)
    yield stores
    stores.close()


@pytest.fixture
def engine(new_store):
    return new_store.engine()


# -- corpora -----------------------------------------------------------------------

@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The shared corpus (../shared/corpus); CI has it beside the clone. Missing is a failure, not a skip."""
    path = shared_corpus_dir()
    assert (path / "manifest.csv").is_file(), f"shared corpus not found at {path} (set LEXREG_SHARED_CORPUS)"
    return path


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    return ROOT / "corpus"


@pytest.fixture
def regen_golden(request) -> bool:
    return request.config.getoption("--regen-golden")


@pytest.fixture(scope="session")
def full_store(tmp_path_factory, shared_corpus, store_kind, postgres_socket):
    """The whole shared corpus: built once per run (about 20 s on SQLite), a copy of its own for each process."""
    from full_store import full_copy

    stores = Stores(store_kind, tmp_path_factory.mktemp("full"), postgres_socket)
    yield full_copy(_RUN["run"].path, stores, shared_corpus)
    stores.close()


@pytest.fixture
def pg_database(postgres_socket, tmp_path):
    """The URL of a new, empty PostgreSQL database on the run's own cluster, dropped afterwards
    (for tests that must run on PostgreSQL whatever --store says)."""
    from stores import POSTGRES, Stores

    stores = Stores(POSTGRES, tmp_path / "pg", postgres_socket)
    yield stores.url("pg", template="template0")  # truly empty: no tables, no revision
    stores.close()
