"""The schema: every table of the store, registered in one place, and opening a store.

Reads nothing at import time beyond the table modules; `make_engine` connects and
creates what is missing.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from registry.access import tokens as _tokens  # noqa: F401  (sign-in tokens)
from registry.amendments import records as _amendment_records  # noqa: F401  (applied decisions: runs, operation states, checks)
from registry.audit import records as _audit_records  # noqa: F401  (the audit log)
from registry.citations import records as _citation_records  # noqa: F401  (citation and finding tables)
from registry.cleanup import records as _cleanup_records  # noqa: F401  (定期清理 campaigns, decisions, 制定依据 decisions)
from registry.core.db import connect
from registry.evaluation import records as _evaluation_records  # noqa: F401  (立法后评估)
from registry.norms import flags as _norm_flags  # noqa: F401  (articles of a derived text marked 待核对)
from registry.norms import models as _norm_models  # noqa: F401  (works, versions, provisions, events, sources)

metadata = SQLModel.metadata


def make_engine(url: str) -> Engine:
    """Open the store at `url`, creating any table it lacks."""
    engine = connect(url)
    metadata.create_all(engine)
    return engine
