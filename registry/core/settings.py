"""Settings, declared once with defaults; read from LEXREG_* environment variables
when asked for, never at import time (tests set them per case).

The store lives in one per-user data directory (platformdirs: ~/.local/share/lexreg
on Linux, honouring XDG_DATA_HOME), so `lexreg works` sees the same store from any
folder; LEXREG_DATA_DIR overrides it (`make run` sets it to the repo's var/).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    database_url: str
    index_dir: Path
    corpus_dir: Path
    data_dir: Path = Path("var")  # from_env gives default_data_dir() unless LEXREG_DATA_DIR says otherwise
    max_upload_bytes: int = 20 * 1024 * 1024  # LEXREG_MAX_UPLOAD_MB: request bodies and uploads
    reads_need_token: bool = False  # LEXREG_READS_NEED_TOKEN=1: reads need a reader token too

    @classmethod
    def from_env(cls) -> "Settings":
        data = Path(os.environ["LEXREG_DATA_DIR"]) if os.environ.get("LEXREG_DATA_DIR") else default_data_dir()
        return cls(
            database_url=os.environ.get("LEXREG_DATABASE_URL", f"sqlite:///{data / 'lexreg.db'}"),
            index_dir=Path(os.environ.get("LEXREG_INDEX_DIR", str(data / "index"))),
            corpus_dir=Path(os.environ.get("LEXREG_CORPUS_DIR", "corpus")),
            data_dir=data,
            max_upload_bytes=int(float(os.environ.get("LEXREG_MAX_UPLOAD_MB", "20")) * 1024 * 1024),
            reads_need_token=os.environ.get("LEXREG_READS_NEED_TOKEN", "") in ("1", "true", "yes"),
        )


def default_data_dir() -> Path:
    """The per-user data directory (the store when LEXREG_DATA_DIR is unset)."""
    from platformdirs import user_data_path

    return user_data_path("lexreg", appauthor=False)


def shared_corpus_dir() -> Path:
    """The shared test corpus for tests and benchmarks: LEXREG_SHARED_CORPUS, else
    ../shared/corpus beside the checkout (where CI lays it)."""
    default = Path(__file__).resolve().parents[3] / "shared" / "corpus"
    return Path(os.environ.get("LEXREG_SHARED_CORPUS", default))
