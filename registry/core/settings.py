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
    data_dir: Path = Path("var")
    max_upload_bytes: int = 20 * 1024 * 1024  # LEXREG_MAX_UPLOAD_MB: request bodies and uploads
    reads_need_token: bool = False  # LEXREG_READS_NEED_TOKEN=1: reads need a reader token too

    @classmethod
    def from_env(cls) -> "Settings":
        data = Path(os.environ.get("LEXREG_DATA_DIR", "var"))
        return cls(
            database_url=os.environ.get("LEXREG_DATABASE_URL", f"sqlite:///{data / 'lexreg.db'}"),
            index_dir=Path(os.environ.get("LEXREG_INDEX_DIR", str(data / "index"))),
            corpus_dir=Path(os.environ.get("LEXREG_CORPUS_DIR", "corpus")),
            data_dir=data,
            max_upload_bytes=int(float(os.environ.get("LEXREG_MAX_UPLOAD_MB", "20")) * 1024 * 1024),
            reads_need_token=os.environ.get("LEXREG_READS_NEED_TOKEN", "") in ("1", "true", "yes"),
        )


def shared_corpus_dir() -> Path:
    """The shared test corpus for tests and benchmarks: LEXREG_SHARED_CORPUS, else
    ../shared/corpus beside the checkout (where CI lays it)."""
    default = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    return Path(os.environ.get("LEXREG_SHARED_CORPUS", default))
