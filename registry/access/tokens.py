"""Tokens: created once (the secret is shown once and stored only as its hash), revoked, never deleted.

Reads and writes `Token` rows in the caller's session; each creation and revocation
is audited. The secret is 32 random bytes (URL-safe); its SHA-256 is what is kept,
so a leaked database does not leak working tokens.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlmodel import Field, Session, SQLModel, select

from registry import audit
from registry.access.roles import ROLES
from registry.core.errors import LexregError, NotFound

PREFIX = "lxr_"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class Token(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    role: str
    secret_hash: str = Field(index=True, unique=True)
    created_at: dt.datetime = Field(default_factory=_now)
    created_by: str = ""
    revoked_at: dt.datetime | None = None


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, name: str, role: str) -> tuple[Token, str]:
    """A new token and its secret (returned once, never stored)."""
    name = name.strip()
    if not name:
        raise LexregError("a token needs a name (the person or script it is for)")
    if role not in ROLES:
        raise LexregError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
    if session.exec(select(Token).where(Token.name == name)).first() is not None:
        raise LexregError(f"a token named {name!r} exists already (revoke it or choose another name)")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = Token(name=name, role=role, secret_hash=_hash(secret), created_by=audit.current_actor())
    session.add(token)
    session.flush()
    audit.record(session, "token_create", target=f"token:{name}", after={"name": name, "role": role})
    return token, secret


def find_token(session: Session, secret: str) -> Token | None:
    """The live token with this secret, or None (unknown or revoked)."""
    if not secret or not secret.startswith(PREFIX):
        return None
    token = session.exec(select(Token).where(Token.secret_hash == _hash(secret))).first()
    return token if token is not None and token.revoked_at is None else None


def revoke_token(session: Session, name: str) -> Token:
    token = session.exec(select(Token).where(Token.name == name)).first()
    if token is None:
        raise NotFound(f"no token named {name!r}")
    if token.revoked_at is not None:
        raise LexregError(f"token {name!r} was revoked already ({token.revoked_at:%Y-%m-%d %H:%M})")
    token.revoked_at = _now()
    session.add(token)
    audit.record(session, "token_revoke", target=f"token:{name}", before={"name": name, "role": token.role},
                 after={"name": name, "revoked": True})
    return token


def list_tokens(session: Session) -> list[Token]:
    return list(session.exec(select(Token).order_by(Token.id)).all())


def any_admin(session: Session) -> bool:
    return session.exec(select(Token).where(Token.role == "admin", Token.revoked_at.is_(None))).first() is not None
