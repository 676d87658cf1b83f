"""Schema migrations (Alembic): the store's revision, upgrading it, and refusing a store that is behind.

The revision scripts live in `versions/` beside this file and ship with the
package, so an installed lexreg upgrades its own store (`lexreg db upgrade`).
`registry.schema.make_engine` calls `prepare` on every start:

- a brand-new, empty store is upgraded to head at once (so `lexreg ingest` on a
  fresh machine just works);
- a store at head is used as it is;
- a store behind head, or one created before migrations existed (tables but no
  `alembic_version`), is refused with `StoreOutdated`, naming `lexreg db upgrade`;
- a store ahead of this lexreg (a newer lexreg upgraded it) is refused too.

The names below are loaded on first use (PEP 562): `head.script_head` tells a
read-only command the store is current without importing Alembic.
"""

from registry.core.lazy import exports

_NAMES = ("BASELINE", "StoreOutdated", "current_revision", "head_revision", "history", "prepare", "stamp",
          "upgrade")

__all__ = list(_NAMES)
__getattr__ = exports(__name__, dict.fromkeys(_NAMES, "runner"))
