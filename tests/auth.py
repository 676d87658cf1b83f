"""Tokens for tests that write through the API or the web forms."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from registry import audit
from registry.access import create_token
from registry.core.db import session_scope


def token(engine: Engine, role: str, name: str | None = None) -> str:
    """A new token of `role` in the store behind `engine`; returns its secret."""
    with audit.acting_as("test-setup"), session_scope(engine) as s:
        return create_token(s, name or f"test-{role}-{id(engine)}-{role}", role)[1]


def bearer(engine: Engine, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(engine, role)}"}


def sign_in(client: TestClient, engine: Engine, role: str) -> None:
    """Sign the client's browser session in (session cookie), as a person on the web page would."""
    r = client.post("/signin", data={"token": token(engine, role), "back": "/"}, follow_redirects=False)
    assert r.status_code == 303, r.text


def csrf(client: TestClient, url: str = "/") -> str:
    """The CSRF token a signed-in page carries in its forms."""
    return re.search(r'name="csrf" value="([0-9a-f]+)"', client.get(url).text).group(1)
