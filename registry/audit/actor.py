"""Who is acting: the actor every audit entry of this context is recorded as.

Kept apart from the log's tables so a command that only reads (the CLI sets the
actor before every command) does not import the ORM to say who it is.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from registry.core.errors import LexregError

_ACTOR: contextvars.ContextVar[str] = contextvars.ContextVar("lexreg_actor", default="")


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Every write inside the block is recorded as `actor`'s."""
    token = _ACTOR.set(actor)
    try:
        yield
    finally:
        _ACTOR.reset(token)


def set_actor(actor: str) -> None:
    """Set the actor for the rest of this context (the CLI: once per command)."""
    _ACTOR.set(actor)


def current_actor() -> str:
    actor = _ACTOR.get()
    if not actor:
        raise LexregError("a write to the record needs an actor (registry.audit.acting_as); none is set")
    return actor
