"""What a check reports before it is stored: a plain value with a stable fingerprint."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FindingDraft:
    kind: str
    severity: str
    work_id: str  # the citing / lower / newer-questioned norm
    version_id: str
    pid: str
    other_work_id: str
    other_version_id: str
    other_pid: str
    rule: str
    explanation: str  # in Chinese, for legal staff
    evidence: dict[str, Any] = field(default_factory=dict)
    key: str = ""  # what else tells two findings apart (the cited words, the numbers)

    def fingerprint(self) -> str:
        """Identity across runs: no version ids (a re-ingest must not reset a dismissal), no texts."""
        parts = (self.kind, self.work_id, self.pid, self.other_work_id, self.other_pid, self.key)
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
