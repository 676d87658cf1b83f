"""Shared fixtures: a real database per test (in-memory SQLite), the shared corpus,
and one full-corpus store per test session for the tests that need all of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registry.core.settings import shared_corpus_dir
from registry.schema import make_engine

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Tests never touch the user's store or index (var/): every process gets its own."""
    import tempfile

    data = Path(tempfile.mkdtemp(prefix="lexreg-test-"))
    os.environ["LEXREG_DATA_DIR"] = str(data)
    os.environ["LEXREG_INDEX_DIR"] = str(data / "index")
    os.environ.pop("LEXREG_DATABASE_URL", None)


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="Rewrite the golden JSON files from the current parser instead of comparing.")


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
def engine():
    return make_engine("sqlite://")


@pytest.fixture
def regen_golden(request) -> bool:
    return request.config.getoption("--regen-golden")


@pytest.fixture(scope="session")
def full_store(tmp_path_factory, shared_corpus):
    """The whole shared corpus ingested once into a SQLite file (about 20 s).

    Each xdist worker that runs a test using it builds its own (tests are spread by file).
    """
    from api.services.ingest_batch import ingest_paths
    from ingest.manifest import load_sidecar

    db = tmp_path_factory.mktemp("full") / "lexreg.db"
    eng = make_engine(f"sqlite:///{db}")
    report = ingest_paths(eng, [shared_corpus / "laws", shared_corpus / "chains"],
                          load_sidecar(shared_corpus / "manifest.csv"))
    return eng, report


@pytest.fixture(autouse=True, scope="session")
def _acting_as_test():
    """Writes through the library record who made them (issue 9): tests act as "test"."""
    from registry import audit

    with audit.acting_as("test"):
        yield
