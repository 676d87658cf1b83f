"""When two files are the same text: identity by the normalised text, not the raw bytes.

A text saved as .txt and again as .docx differs in its bytes (and often by a trailing
newline or spaces at line ends) but is the same version. `SourceDocument.sha256` stays
the raw bytes' hash (what was read, for provenance); identity compares `text_hash`,
the hash of the text with line ends trimmed and blank lines at either end dropped.
Reads stored sources; `attach_same_text` writes one VersionSource (and its audit entry).
"""

from __future__ import annotations

import hashlib
import unicodedata

from sqlmodel import Session, select

from registry import audit
from registry.norms import models as m


def identity_text(text: str) -> str:
    """The text as identity sees it: NFC, one newline style, line ends and outer blank lines trimmed.

    >>> identity_text("第一条　总则\\r\\n第二条 x  \\n\\n") == identity_text("\\n第一条　总则\\n第二条 x")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def text_hash(text: str) -> str:
    return hashlib.sha256(identity_text(text).encode("utf-8")).hexdigest()


def same_text_source(session: Session, version: m.Version, text: str) -> m.SourceDocument | None:
    """A stored source of `version` whose text is `text` up to trailing whitespace, if any."""
    wanted = text_hash(text)
    sources = session.exec(select(m.SourceDocument).join(m.VersionSource, m.VersionSource.source_id ==
                                                         m.SourceDocument.id)
                           .where(m.VersionSource.version_id == version.id)).all()
    return next((s for s in sources if text_hash(s.text) == wanted), None)


def attach_same_text(session: Session, version: m.Version, source: m.SourceDocument, like: m.SourceDocument) -> str:
    """Record another file of a stored text (another format, same words) as a source of its version."""
    session.add(m.VersionSource(version_id=version.id, source_id=source.id))
    audit.record(session, "source_add", work_id=version.work_id, target=version.id,
                 after={"file": source.file_name, "format": source.format, "sha256": source.sha256,
                        "same_text_as": like.file_name})
    return f"same text as {like.file_name} ({like.format}): recorded as another source of this version"
