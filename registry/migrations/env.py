"""Alembic's environment: run the revisions on the connection `registry.migrations.runner` hands over.

Alembic executes this file for every command; importing it elsewhere (pytest's
doctest collection) does nothing. SQLite cannot ALTER most things in place, so
revisions are rendered and run in batch mode (copy, alter, rename) there.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine


def _run() -> None:
    from registry.schema import metadata

    config = context.config
    connection = config.attributes.get("connection")
    options = dict(target_metadata=metadata, render_as_batch=True, compare_type=True)
    if context.is_offline_mode():
        context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **options)
        with context.begin_transaction():
            context.run_migrations()
        return
    if connection is None:  # the alembic command line with sqlalchemy.url set
        with create_engine(config.get_main_option("sqlalchemy.url")).begin() as connection:
            context.configure(connection=connection, **options)
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(connection=connection, **options)
    with context.begin_transaction():
        context.run_migrations()


try:
    context.config
except (NameError, AttributeError):  # not run by alembic
    pass
else:
    _run()
