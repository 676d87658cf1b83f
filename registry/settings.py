"""Settings, declared once with defaults; read from LEXREG_* environment variables
when asked for, never at import time (tests set them per case)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    index_dir: Path
    corpus_dir: Path

    @classmethod
    def from_env(cls) -> "Settings":
        data = Path(os.environ.get("LEXREG_DATA_DIR", "var"))
        return cls(
            database_url=os.environ.get("LEXREG_DATABASE_URL", f"sqlite:///{data / 'lexreg.db'}"),
            index_dir=Path(os.environ.get("LEXREG_INDEX_DIR", str(data / "index"))),
            corpus_dir=Path(os.environ.get("LEXREG_CORPUS_DIR", "corpus")),
        )


def shared_corpus_dir() -> Path:
    """The shared test corpus for tests and benchmarks: LEXREG_SHARED_CORPUS, else
    ../shared/corpus beside the checkout (where CI lays it)."""
    default = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    return Path(os.environ.get("LEXREG_SHARED_CORPUS", default))
