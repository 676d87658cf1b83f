"""One piece of machine-found evidence (its own module so the evidence finders and `evidence`,
which gathers them, import it without importing each other)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EvidenceItem:
    indicator: str  # 合法性 协调性 规范性 可操作性
    kind: str  # e.g. basis_in_force, cited_amended, stale_citation, numbering_gap, delegation_missing
    text: str  # one Chinese sentence for the evaluator
    ok: bool  # True: the fact supports the norm (nothing to fix)
    provision: str = ""  # pid in the evaluated version
    target: str = ""  # the other norm: version id, with #pid when an article
    details: dict[str, Any] = field(default_factory=dict)
    machine_found: bool = True
