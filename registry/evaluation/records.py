"""Stored evaluations: one row per evaluation of one version, the canonical file as JSON text.

Reads and writes the `evaluation` table through a caller's Session (the caller commits). An
evaluation is a human record (DESIGN.md §2): it survives rebuilds and is never recomputed; the
derived figures and machine-found evidence are computed when it is shown (`show_json`).
Register the table by importing this module before `SQLModel.metadata.create_all`.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Text
from sqlmodel import Field, Session, SQLModel, select

from registry import audit
from registry.core.errors import NotFound, TooLarge
from registry.evaluation.derived import derive
from registry.evaluation.form import Evaluation, parse, to_json
from registry.norms import models as m
from registry.norms import store


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class EvaluationRecord(SQLModel, table=True):
    __tablename__ = "evaluation"

    id: int | None = Field(default=None, primary_key=True)
    work_id: str = Field(foreign_key="work.id", index=True)
    version_id: str = Field(foreign_key="version.id", index=True)
    body: str = ""
    period: str = ""  # "from/to", ISO dates
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))  # canonical JSON
    created_at: dt.datetime = Field(default_factory=_now)
    created_by: str = ""


def version_for(session: Session, work_ref: str, day: dt.date) -> m.Version:
    """The version an evaluation names by date: the one of that date, else the latest made before it."""
    work = store.get_work(session, work_ref)
    versions = store.versions_of(session, work.id)
    exact = [v for v in versions if v.version_date == day]
    if exact:
        return exact[0]
    before = [v for v in versions if v.version_date <= day]
    if not before:
        dates = "、".join(v.version_date.isoformat() for v in versions)
        raise NotFound(f"《{work.title}》没有{day.isoformat()}或更早的版本（现有版本：{dates}）")
    return max(before, key=lambda v: v.version_date)


def save(session: Session, work_ref: str, evaluation: Evaluation, created_by: str = "") -> EvaluationRecord:
    """Store an evaluation of the version it names, with its audit entry; returns the row (id set).

    `created_by` defaults to the acting user (`audit.acting_as`)."""
    version = version_for(session, work_ref, evaluation.version)
    payload = to_json(evaluation)
    row = EvaluationRecord(work_id=version.work_id, version_id=version.id, body=evaluation.body,
                           period=f"{evaluation.period_from.isoformat()}/{evaluation.period_to.isoformat()}",
                           payload=json.dumps(payload, ensure_ascii=False),
                           created_by=created_by or audit.current_actor())
    session.add(row)
    session.flush()
    audit.record(session, "evaluation_add", work_id=version.work_id, target=f"evaluation:{row.id}",
                 after={"version_id": version.id, **payload})
    return row


MAX_FILE_BYTES = 2 * 1024 * 1024


def from_bytes(name: str, data: bytes) -> Evaluation:
    """An uploaded evaluation file (.json or .xlsx, at most 2 MB) validated; errors name the field or cell."""
    import io

    from registry.evaluation.form import EvaluationError
    from registry.evaluation.sheet import load_xlsx

    if len(data) > MAX_FILE_BYTES:
        raise TooLarge(f"{name}: 评估文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
    lower = name.lower()
    if lower.endswith(".xlsx"):
        return load_xlsx(io.BytesIO(data))
    if lower.endswith(".json"):
        try:
            raw = json.loads(data.decode("utf-8-sig"), parse_float=Decimal)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise EvaluationError("evaluation", f"不是有效的 UTF-8 JSON（{exc}）", name) from None
        return parse(raw)
    raise EvaluationError("file", "评估文件应为 .json 或 .xlsx", name)


def conclusions(session: Session) -> dict[str, tuple[str, int, dt.date]]:
    """Each evaluated work's latest conclusion: {work_id: (继续施行|修改|废止, evaluation id, date)},
    the date the evaluation was stored; clean-up proposals give an `evaluation` reason from it."""
    out: dict[str, tuple[str, int, dt.date]] = {}
    rows = session.exec(select(EvaluationRecord)).all()
    for row in sorted(rows, key=lambda r: (r.created_at, r.id or 0)):
        out[row.work_id] = (json.loads(row.payload)["conclusion"], row.id or 0, row.created_at.date())
    return out


def load(row: EvaluationRecord) -> Evaluation:
    return parse(json.loads(row.payload, parse_float=Decimal))


def get(session: Session, evaluation_id: int) -> EvaluationRecord:
    row = session.get(EvaluationRecord, evaluation_id)
    if row is None:
        raise NotFound(f"没有编号为 {evaluation_id} 的评估")
    return row


def of_work(session: Session, work_ref: str, version_id: str | None = None) -> list[EvaluationRecord]:
    """Evaluations of a work (or of one of its versions), oldest first."""
    work = store.get_work(session, work_ref)
    q = select(EvaluationRecord).where(EvaluationRecord.work_id == work.id)
    if version_id:
        q = q.where(EvaluationRecord.version_id == version_id)
    return sorted(session.exec(q).all(), key=lambda r: (r.created_at, r.id or 0))


def latest(session: Session, work_ref: str, version_id: str | None = None) -> EvaluationRecord:
    rows = of_work(session, work_ref, version_id)
    if not rows:
        raise NotFound(f"《{store.get_work(session, work_ref).title}》尚无评估记录")
    return rows[-1]


def show_json(session: Session, row: EvaluationRecord, as_of: dt.date | None = None) -> dict[str, Any]:
    """`evaluation show --json`: the stored fields, `derived`, and `machine_evidence` computed now."""
    from registry.evaluation.evidence import gather

    evaluation = load(row)
    out = {"id": row.id, "work_id": row.work_id, "version_id": row.version_id,
           "created_at": row.created_at.isoformat(), "created_by": row.created_by}
    out |= to_json(evaluation)
    out["derived"] = derive(evaluation).to_json()
    out["machine_evidence"] = gather(session, row.version_id, as_of).to_json()
    return out
