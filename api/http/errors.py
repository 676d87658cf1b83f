"""Domain errors to HTTP: the one place that knows which status each error means.

The registry raises `LexregError` subclasses that say what went wrong, never how a
screen should show it; the JSON API and the web page both ask `status_of`.
"""

from __future__ import annotations

from registry.core.errors import Ambiguous, LexregError, NotAllowed, NotFound, NotSignedIn, TooLarge

_STATUS: dict[type[LexregError], int] = {NotFound: 404, Ambiguous: 409, NotSignedIn: 401, NotAllowed: 403,
                                          TooLarge: 413}


def status_of(exc: LexregError) -> int:
    """The HTTP status for a domain error (400 unless a subclass says otherwise)."""
    for cls in type(exc).__mro__:
        if cls in _STATUS:
            return _STATUS[cls]
    return 400
