"""The schema: every table of the store, registered in one place, and opening a store.

Reads nothing at import time beyond the table modules; `make_engine` connects and
checks the store's revision (`registry.migrations.prepare`): a new store is
migrated to head, a store behind head is refused with the command to run.
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
from registry.refresh import records as _refresh_records  # noqa: F401  (derived data owed after a commit)

metadata = SQLModel.metadata


def make_engine(url: str) -> Engine:
    """Open the store at `url`: a new one is created at the head revision, an outdated one
    refused (`StoreOutdated`, naming `lexreg db upgrade`)."""
    from registry.migrations import prepare

    engine = connect(url)
    if not _at_head(engine):  # Alembic is imported only when the store is new or not current
        prepare(engine, metadata)
    return engine


def _at_head(engine: Engine) -> bool:
    """The store's recorded revision is the scripts' head (one plain query; False on any doubt)."""
    from sqlalchemy.exc import SQLAlchemyError

    from registry.migrations.head import script_head

    head = script_head()
    if head is None:
        return False
    try:
        with engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
    except SQLAlchemyError:
        return False  # no revision table: a new store, or one made before migrations
    return [r[0] for r in rows] == [head]
