"""Jobs behind `lexreg evaluate / evaluation ...` and the /evaluations routes and pages.

Reads an evaluation file (.json or .xlsx, as bytes), stores it against the version it names in
one transaction with its audit entry (`registry.evaluation.records.save`), and gathers what a
report needs (the stored evaluation, its derived figures and the machine-found evidence).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from registry.core.db import session_scope
from registry.evaluation import Derived, Evaluation, EvaluationError, derive, records
from registry.evaluation.evidence import MachineEvidence, gather
from registry.norms import store


def evaluate(engine: Engine, work: str, name: str, data: bytes, version: dt.date | None = None) -> dict[str, Any]:
    """Store the evaluation in `data` (file `name`) of `work`; `version` names the version when the
    file leaves it to the command (it must agree with the file's own 版本日期). Returns `show`'s JSON."""
    evaluation = records.from_bytes(name, data)
    if version is not None and version != evaluation.version:
        raise EvaluationError("version", f"--version {version.isoformat()} 与文件中的版本日期 "
                              f"{evaluation.version.isoformat()} 不一致", name)
    with session_scope(engine) as s:
        row = records.save(s, work, evaluation)
        rid = row.id
    with Session(engine) as s:
        return records.show_json(s, records.get(s, rid))


def show(engine: Engine, work: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """The latest evaluation of `work` with `derived` and `machine_evidence`, plus the list of all."""
    with Session(engine) as s:
        shown = records.show_json(s, records.latest(s, work), as_of)
        shown["evaluations"] = [{"id": r.id, "version_id": r.version_id, "created_at": r.created_at.isoformat(),
                                 "created_by": r.created_by, "body": r.body} for r in records.of_work(s, work)]
        return shown


@dataclass
class ReportData:
    title: str
    evaluation: Evaluation
    derived: Derived
    evidence: MachineEvidence
    record_id: int


def report_data(engine: Engine, work: str, evaluation_id: int | None = None,
                as_of: dt.date | None = None) -> ReportData:
    """What the Word/CSV report of `work`'s latest (or the given) evaluation is made of."""
    with Session(engine) as s:
        row = records.get(s, evaluation_id) if evaluation_id else records.latest(s, work)
        if row.work_id != store.get_work(s, work).id:
            raise EvaluationError("id", f"评估 {evaluation_id} 不属于《{store.get_work(s, work).title}》")
        e = records.load(row)
        return ReportData(store.get_work(s, row.work_id).title, e, derive(e), gather(s, row.version_id, as_of),
                          row.id or 0)
