"""Lifecycle facts into the draft: the 印发通知 a file opens with, and the norm's own 有效期.

Reads the decoded text (`ingest.issuance`) and the parsed draft (`ingest.validity`);
writes the draft's `issuance` and `validity` and the events they imply, so the store
needs no rule of its own: a 印发通知 makes the issued document the norm (its own
title, the notice's 文号, 印发日期 as 公布日期, its own 施行日期: 尚未生效 in between),
and a 有效期 schedules a 失效 event on the day after its last day (有效期届满), from
which `registry.norms.lifecycle` derives 已失效 without anyone typing it.
"""

from __future__ import annotations

import dataclasses
import re

from ingest.issuance import read_issuance
from ingest.readers import RawText
from ingest.validity import read_validity
from registry.norms.drafts import DocumentDraft, EventDraft
from registry.norms.lifecycle_facts import IssuanceNotice

EXPIRY_TEXT = "有效期届满"


def issued_text(raw: RawText) -> tuple[RawText, IssuanceNotice | None]:
    """The text to parse and the notice: where the issued document has its own title line
    inside the file, the notice's lines are blanked (line numbers stay those of the file)."""
    notice = read_issuance(raw.text)
    if notice is None or not notice.issued_start_line:
        return raw, notice
    lines = raw.text.split("\n")
    start = notice.issued_start_line - 1
    own_title = re.sub(r"[\s《》#]", "", lines[start]) == re.sub(r"[\s《》]", "", notice.issued_title)
    if not own_title:
        return raw, notice  # LawRefBook: the notice is the file's header, the title line is already the issued one
    blanked = "\n" * start + "\n".join(lines[start:])
    return dataclasses.replace(raw, text=blanked), notice


def apply_issuance(draft: DocumentDraft, notice: IssuanceNotice | None) -> None:
    """The issued document is the norm; the notice gives its 文号 and 印发日期 (= 公布日期)."""
    if notice is None:
        return
    draft.issuance = notice
    if notice.issued_title and draft.title != notice.issued_title:
        draft.title = notice.issued_title
        draft.short_title = notice.issued_title
    if notice.doc_number:
        draft.doc_number = notice.doc_number
    if notice.issuer and not draft.organ:
        draft.organ = notice.issuer
    if notice.issued_on:
        draft.promulgated = draft.signing_date = notice.issued_on
        draft.version_date = draft.enacted = notice.issued_on
        said = notice.notice_title or notice.sentence
        draft.events = [e for e in draft.events if e.kind not in ("公布",)]
        draft.events.insert(0, EventDraft(kind="公布", date=notice.issued_on, text=f"印发：{said}",
                                          by=notice.issuer or draft.organ, line=notice.sentence_line))
    if notice.issued_effective:
        draft.effective, draft.effective_source = notice.issued_effective, "text"
        draft.events = [e for e in draft.events if e.kind != "施行"]
        draft.events.append(EventDraft(kind="施行", date=notice.issued_effective,
                                       text=notice.effective_wording or "施行日期", by=draft.organ))


def attach_validity(draft: DocumentDraft) -> None:
    """The norm's own 有效期: kept on the draft, and a scheduled 失效 on the day after its last day."""
    periods = [v for v in read_validity(draft) if v.last_day is not None]
    if not periods:
        return
    period = periods[-1]  # the closing words; a notice's preamble comes last and restates the same period
    draft.validity = period
    if not any(e.kind == "失效" and e.date == period.expires_on for e in draft.events):
        draft.events.append(EventDraft(kind="失效", date=period.expires_on,
                                       text=f"{EXPIRY_TEXT}（{period.wording}，最后一日{period.last_day.isoformat()}）",
                                       by=draft.organ))
