"""A package's names loaded on first use (PEP 562 `__getattr__`).

Why: a command that only reads (`lexreg show`) imports a package for one light name
(the audit actor, a revision check) and must not pay for its heavy siblings (the
ORM tables, Alembic, the index writer).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable


def exports(package: str, homes: dict[str, str]) -> Callable[[str], Any]:
    """The `__getattr__` of `package`: each name of `homes` (name -> submodule) imported when first asked for."""

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f"{package}.{home}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
