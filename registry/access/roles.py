"""Roles and what each may do: the one home of that rule."""

from __future__ import annotations

ROLES = ("reader", "editor", "reviewer", "admin")

# action -> roles that may perform it (admin may do everything)
ACTIONS: dict[str, tuple[str, ...]] = {
    "read": ("reader", "editor", "reviewer", "admin"),
    "edit": ("editor", "admin"),  # ingest, amend, repeal, expire, metadata, derived-data refresh
    "review": ("reviewer", "admin"),  # finding states, clean-up decisions, evaluations
    "admin": ("admin",),  # tokens
}


def allows(role: str, action: str) -> bool:
    """Whether a token of `role` may perform `action`.

    >>> allows("editor", "edit"), allows("editor", "review"), allows("admin", "review"), allows("reader", "edit")
    (True, False, True, False)
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return role in ACTIONS[action]


def needed_roles(action: str) -> tuple[str, ...]:
    return ACTIONS[action]
