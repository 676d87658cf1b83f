"""The errors lexreg raises on purpose; CLI and HTTP translate them in one place
(`api.http.errors` maps them to HTTP statuses: the domain knows no screens)."""

from __future__ import annotations


class LexregError(Exception):
    """Base of every error a user is meant to read (no traceback)."""


class IngestError(LexregError):
    """A document could not be read or parsed; names the file and, where known, the line."""

    def __init__(self, path: str, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.reason}"


class NotFound(LexregError):
    """A work, version or provision the user named is not in the store."""


class Ambiguous(LexregError):
    """A name matches several works; the message lists them."""


class BadQuery(LexregError):
    """A search query or filter the user typed cannot be understood."""


class NotSignedIn(LexregError):
    """A write (or, when reads are closed, a read) came without a valid token."""


class NotAllowed(LexregError):
    """The token's role does not allow this action."""


class TooLarge(LexregError):
    """An upload or request body is over the configured limit."""
