"""施行日期: every rule of it, in one place.

What a text states (`stated`), in this order: its front matter, a 施行 line of its
header or 题注, its closing article (本法自…起施行), and 自公布之日起施行 — the last
only in an original text (in an amended one it speaks of the first 公布). A
sidecar date wins over all of them and is recorded as a discrepancy where they
disagree (`ingest.pipeline` applies the sidecar). What no text or sidecar says is
assumed to be the 公布日期 (`assumed`) and shown as 推定. A decision's own date is
its text's when stated (`of_decision`).

Then what an amending act fixes for the consolidated text it produced. A text republished after a 修改决定 rarely says when the amendment took
effect: the 2022 反垄断法 states only its first date (自2008年8月1日起施行),
so the parser assumes its promulgation date; the decision says 本决定自2022年
8月1日起施行. When both are stored, the consolidated version whose 施行日期
was only assumed takes the act's, whichever of the two arrived first. A date
the text, its body or the sidecar gives is never overridden; where the act
disagrees with it, both stay visible as a discrepancy (the manifest dates the
2023 民事诉讼法 2023-09-01, its decision says 2024-01-01).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from registry import audit
from registry.core.titles import amended_norms, title_key
from registry.norms import models as m
from registry.norms import store

KNOWN = ("text", "body", "sidecar")  # 施行日期 sources that are read, not assumed
SOURCE_LABEL = {"text": "正文", "body": "正文", "sidecar": "元数据", "assumed": "推定为公布日期", "decision": "修改决定"}


def stated(front: date | None, header_starts: list[date], closing: date | None, on_promulgation: bool,
           version_date: date | None, original: bool, promulgated: date | None) -> tuple[date | None, str]:
    """The 施行日期 a text states and where (source), or (None, "") when it states none.

    >>> stated(None, [], date(2020, 1, 1), False, date(2019, 8, 26), False, None)
    (datetime.date(2020, 1, 1), 'body')
    >>> stated(None, [], None, True, date(2019, 8, 26), False, None)  # amended text: 自公布之日 is the first 公布
    (None, '')
    """
    if front:
        return front, "text"
    starts = [d for d in header_starts if not version_date or d >= version_date]
    if starts:
        return min(starts), "text"
    if closing and (not version_date or closing >= version_date):
        return closing, "body"
    if version_date and original and on_promulgation:
        return promulgated or version_date, "body"
    return None, ""


def still_applies(effective: date | None, source: str, version_date: date) -> bool:
    """A stated date before the version's own date belongs to an earlier version (the
    sidecar moved the version later); a sidecar's own date always applies."""
    return bool(effective) and (effective >= version_date or source == "sidecar")


def assumed(promulgated: date) -> tuple[date, str]:
    """What no text or sidecar says: the 公布日期, marked as assumed (shown as 推定)."""
    return promulgated, "assumed"


def of_decision(decision_effective: date | None, draft_effective: date | None, draft_source: str) -> date | None:
    """A 修改决定's 施行日期: what its instructions say, else what its text states (never an assumed one)."""
    if decision_effective is not None:
        return decision_effective
    return draft_effective if draft_source in KNOWN else None


def reconcile(session: Session, version: m.Version) -> tuple[list[str], list[str]]:
    """After `version` is stored: pair it with its amending act or its consolidated texts.

    Returns (notes for the user, ids of versions whose 施行日期 changed).
    """
    pairs: list[tuple[m.Version, date]] = []
    if version.effective and version.effective_source in KNOWN:
        for norm in amended_norms(version.title):
            for work in session.exec(select(m.Work).where(m.Work.title_key == title_key(norm))).all():
                official = session.get(m.Version, f"{work.id}@{version.version_date.isoformat()}")
                if official is not None:
                    pairs.append((official, version.effective))
    if version.effective_source == "assumed":
        work = session.get(m.Work, version.work_id)
        for act in session.exec(select(m.Version).where(m.Version.version_date == version.version_date,
                                                        col(m.Version.effective_source).in_(KNOWN))).all():
            if act.effective and work is not None and any(
                    title_key(norm) == work.title_key for norm in amended_norms(act.title)):
                pairs.append((version, act.effective))
    notes: list[str] = []
    changed: list[str] = []
    for official, effective in pairs:
        note = adopt(session, official, effective)
        if note:
            notes.append(note)
            if official.effective == effective:
                changed.append(official.id)
    return notes, changed


def adopt(session: Session, official: m.Version, effective: date) -> str:
    """An official text whose 施行日期 was only assumed (= its promulgation) takes the act's; '' if nothing changed."""
    if official.effective == effective:
        return ""
    if official.effective_source != "assumed":
        return _disagree(session, official, effective)
    old = official.effective
    audit.record(session, "effective_date", work_id=official.work_id, target=official.id,
                 before={"effective": old, "source": official.effective_source},
                 after={"effective": effective, "source": "decision"})
    official.effective, official.effective_source = effective, "decision"
    session.add(official)
    for ev in store.events_of(session, official.work_id):
        if ev.kind == "施行" and ev.date == old and ev.version_id == official.id:
            ev.date, ev.text = effective, f"{ev.text}（依修改决定更正为{effective.isoformat()}）"
            session.add(ev)
    return f"施行日期 of {official.id} was assumed ({old}); set to the amending act's {effective}"


def _disagree(session: Session, official: m.Version, effective: date) -> str:
    """Keep a read 施行日期 and record that the amending act gives another one (once)."""
    act_value = f"{effective.isoformat()}（修改决定）"
    known = session.exec(select(m.Discrepancy).where(m.Discrepancy.version_id == official.id,
                                                     m.Discrepancy.field == "effective",
                                                     m.Discrepancy.text_value == act_value)).first()
    if known is not None:
        return ""
    current = official.effective.isoformat() if official.effective else ""
    session.add(m.Discrepancy(version_id=official.id, field="effective", text_value=act_value,
                              sidecar_value=current if official.effective_source == "sidecar" else f"{current}（正文）"))
    return (f"施行日期 of {official.id}: the amending act says {effective}, the {official.effective_source} says "
            f"{current}; kept {current}, both recorded")
