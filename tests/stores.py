"""Fresh stores for tests, on the store the run was asked for (--store / LEXREG_TEST_STORE).

SQLite: an in-memory database per engine (StaticPool, as before), or a file under
the test's tmp folder when a URL is needed (the CLI, a server, the after-ingest
hook open their own engine). PostgreSQL: a new database on the run's cluster,
copied from a template that already holds the tables. `close()` disposes every
engine it made and drops every database it created; the fixtures in conftest.py
call it when the test, module or session that asked is over.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine

from registry.schema import make_engine

SQLITE, POSTGRES = "sqlite", "postgres"
KINDS = (SQLITE, POSTGRES)


class Stores:
    def __init__(self, kind: str, folder: Path, postgres: Callable[[], str]):
        """`postgres()` returns the socket folder of the run's cluster (starting it if need be)."""
        assert kind in KINDS, kind
        self.kind, self.folder, self.postgres = kind, Path(folder), postgres
        self._engines: list[Engine] = []
        self._databases: list[str] = []
        self._n = itertools.count(1)

    def url(self, label: str = "lexreg", *, template: str | None = None) -> str:
        """A new, empty store's URL (its tables made); on PostgreSQL a copy of `template` if given."""
        if self.kind == SQLITE:
            self.folder.mkdir(parents=True, exist_ok=True)
            return f"sqlite:///{self.folder / f'{label}-{next(self._n)}.db'}"
        import pg_cluster

        url = pg_cluster.create_database(self.postgres(), label, **({"template": template} if template else {}))
        self._databases.append(url)
        return url

    def engine(self, label: str = "lexreg", *, url: str | None = None) -> Engine:
        """A new, empty store. On SQLite it is in memory unless a file is needed anyway."""
        engine = make_engine(url or ("sqlite://" if self.kind == SQLITE else self.url(label)))
        self._engines.append(engine)
        return engine

    def close(self) -> None:
        import pg_cluster

        for engine in self._engines:
            engine.dispose()
        for url in self._databases:
            pg_cluster.drop_database(url)  # WITH (FORCE): also ends what a CLI or server left connected
        self._engines.clear()
        self._databases.clear()
