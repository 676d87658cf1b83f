"""Pipeline: a file (and its sidecar row) -> one DocumentDraft.

reader -> header split -> events and metadata -> structure -> sidecar merge -> repeal clauses.
Everything here is pure; `registry.norms.store.add_document` writes the result.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from ingest import instruments
from ingest.dates import find_dates, parse_date
from ingest.facts import apply_issuance, attach_validity, issued_text
from ingest.header import (
    Layout,
    find_doc_number,
    first_date,
    organ_from_title,
    organ_of,
    parse_events,
    split_document,
)
from ingest.manifest import SidecarRow
from ingest.readers import RawText, read_bytes, read_path
from ingest.repeals import read_repeals
from ingest.structure import parse_body
from registry.core.errors import IngestError
from registry.core.ids import normalise_doc_number
from registry.core.levels import infer_level
from registry.norms import effective_dates
from registry.norms.drafts import Discrepancy, DocumentDraft, EventDraft, SourceDraft

EDITION_RE = re.compile(r"[（(]((?:19|20)\d{2}\s*年?(?:修正|修订|修改|版|文本)?)[)）]\s*$")
VERSION_EVENTS = ("通过", "公布", "修正", "修订")
FILENAME_DATE_RE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def parse_path(path: str | Path, sidecar: SidecarRow | None = None) -> DocumentDraft:
    return parse_raw(read_path(path), sidecar)


def parse_bytes(data: bytes, path: str, sidecar: SidecarRow | None = None) -> DocumentDraft:
    return parse_raw(read_bytes(data, path), sidecar)


def parse_raw(raw: RawText, sidecar: SidecarRow | None = None) -> DocumentDraft:
    path = raw.path
    parsed, notice = issued_text(raw)  # a 印发通知: the issued document is the norm
    layout = split_document(parsed.text, path)
    if not layout.title:
        raise IngestError(path, 1, "no title: the first line should be the norm's title")
    if not layout.body:
        raise IngestError(path, layout.title_line, "no body text after the header (truncated file?)")
    provisions, preamble, warnings = parse_body(layout.body, path, layout.part_title)
    title, edition = split_edition(layout.title)
    draft = DocumentDraft(title=title, edition=edition, short_title=short_title(title),
                          preamble="\n".join(preamble), provisions=provisions, warnings=warnings,
                          addressees=layout.addressees)
    _metadata(draft, layout, path)
    apply_issuance(draft, notice)
    instruments.assign(draft)
    _check_truncation(draft, layout, path)
    draft.source = SourceDraft(path=path, sha256=raw.sha256, format=raw.format, encoding=raw.encoding,
                               text=raw.text, size=raw.size)
    if sidecar is not None:
        merge_sidecar(draft, sidecar)
    _finish_dates(draft, path)
    attach_validity(draft)
    draft.repeals = read_repeals(draft)  # after the dates: a clause without its own date takes the 施行日期
    return draft


def split_edition(title: str) -> tuple[str, str]:
    """
    >>> split_edition("中华人民共和国土地管理法(2019修正)")
    ('中华人民共和国土地管理法', '2019修正')
    """
    m = EDITION_RE.search(title)
    if m:
        return title[: m.start()].strip(), m.group(1).replace(" ", "")
    return title.strip(), ""


def short_title(title: str) -> str:
    """
    >>> short_title("中华人民共和国土地管理法"), short_title("土地管理法实施条例")
    ('土地管理法', '土地管理法实施条例')
    """
    t = title.removeprefix("中华人民共和国")
    return t if len(t) >= 2 else title


def _metadata(draft: DocumentDraft, layout: Layout, path: str) -> None:
    front = layout.front
    events = parse_events(layout.header)
    draft.events = events
    header_and_title = ([(layout.title_line or 1, layout.title)] if layout.title else []) + layout.header
    draft.doc_number = normalise_doc_number(str(front.get("doc_number", ""))) if front.get("doc_number") else \
        find_doc_number(header_and_title)
    organ = str(front.get("office", "") or "").strip()
    if not organ:
        first = next((e for e in events if e.kind in ("通过", "公布")), None)
        organ = (first.by if first and "《" not in first.text[:2] else "") or ""
        if not organ and first:
            organ = organ_of(first.text)
        if not organ:
            organ = organ_from_title(draft.title)
        if not organ and draft.doc_number:
            m = re.match(r"^(?:中华人民共和国)?(.+?)令", draft.doc_number)
            organ = m.group(1) if m and m.group(1) not in ("主席",) else ""
    draft.organ = organ
    if front.get("type"):
        draft.level, draft.level_source = str(front["type"]).strip(), "text"
    if front.get("status"):
        draft.sidecar_status = str(front["status"]).strip()
    if layout.trailer:
        draft.signing_date = first_date(layout.trailer)
        for _, line in layout.trailer:
            if not find_dates(line) and not draft.organ:
                draft.organ = line
    front_publish = parse_date(str(front.get("publish", "") or ""))
    front_effective = parse_date(str(front.get("effective_date", "") or ""))
    version_events = [e for e in events if e.kind in VERSION_EVENTS and e.date]
    version_date = max((e.date for e in version_events), default=None) or front_publish or draft.signing_date
    draft.version_date = version_date
    draft.enacted = min((e.date for e in version_events), default=None) or version_date
    promulgations = [e.date for e in events if e.kind == "公布" and e.date and version_date and e.date >= version_date]
    # only what the text states; _finish_dates falls back to the version date
    draft.promulgated = front_publish or (min(promulgations) if promulgations else None)
    header_starts = [e.date for e in events if e.kind == "施行" and e.date]
    effective, effective_source = effective_dates.stated(
        front_effective, header_starts, _body_entry_into_force(draft), _in_force_on_promulgation(draft),
        version_date, bool(version_date) and version_date == draft.enacted, draft.promulgated)
    draft.effective, draft.effective_source = effective, effective_source
    if not draft.version_date:
        # a header with no date at all (some local files): the file name often carries it
        m = FILENAME_DATE_RE.search(Path(path).name)
        if m:
            draft.version_date = draft.enacted = date.fromisoformat(m.group(1))
            draft.warnings.append(f"{path}: no date in the text; version date {m.group(1)} taken from the file name")


_IN_FORCE_RE = re.compile(r"自(.{6,16}?日)起(?:施行|生效|执行)")


_ON_PROMULGATION_RE = re.compile(r"自(?:公布|发布|印发|颁布|下发)之日起(?:施行|生效|执行|实施)")


def _closing_texts(draft: DocumentDraft) -> list[str]:
    """Where a norm says when it takes effect: its last articles (or last sections of a notice)."""
    tops = [p for p in draft.provisions if p.kind in ("article", "sec", "annex")] or draft.provisions
    return [p.text for p in reversed(tops[-4:])]


def _in_force_on_promulgation(draft: DocumentDraft) -> bool:
    return any(_ON_PROMULGATION_RE.search(t) for t in _closing_texts(draft))


def _body_entry_into_force(draft: DocumentDraft) -> date | None:
    """`本法自2020年1月1日起施行` in the last articles (or the last text of a notice)."""
    for text in _closing_texts(draft):
        for m in _IN_FORCE_RE.finditer(text):
            d = parse_date(m.group(1))
            if d:
                return d
    m = _IN_FORCE_RE.search(draft.preamble)
    return parse_date(m.group(1)) if m else None


def _check_truncation(draft: DocumentDraft, layout: Layout, path: str) -> None:
    """A text cut off mid-sentence: the last line ends without closing punctuation.

    Real texts end an article with 。；：or a closing quote/bracket; a cut one
    ends mid-word. We refuse it: storing half a norm as a version is worse
    than storing nothing.
    """
    last_no, last = layout.body[-1]
    if draft.provisions and draft.provisions[-1].kind == "annex" or \
            any(p.kind == "annex" for p in draft.provisions):
        return  # annexes end in tables and lists, not sentences
    if len(last) > 25 and not re.search(r"[。；;：:！？!?”’\"'）)》」』\]】.…—\-|表\d]$", last):
        raise IngestError(path, last_no, f"text seems truncated: last line ends mid-sentence ({last[-20:]!r})")


def merge_sidecar(draft: DocumentDraft, row: SidecarRow) -> None:
    """The sidecar fills gaps and wins disagreements; every disagreement is kept."""
    def check(field: str, text_value, sidecar_value, setter):
        if sidecar_value in (None, ""):
            return
        if text_value not in (None, "") and str(text_value) != str(sidecar_value):
            draft.discrepancies.append(Discrepancy(field, str(text_value), str(sidecar_value)))
        setter(sidecar_value)

    title, _ = split_edition(row.title) if row.title else ("", "")
    check("title", draft.title, title, lambda v: setattr(draft, "title", v))
    if title:
        draft.short_title = short_title(draft.title)
    check("level", draft.level, row.level, lambda v: (setattr(draft, "level", v), setattr(draft, "level_source", "sidecar")))
    check("organ", draft.organ, row.organ, lambda v: setattr(draft, "organ", v))
    check("promulgated", draft.promulgated and draft.promulgated.isoformat(),
          row.promulgated and row.promulgated.isoformat(), lambda v: setattr(draft, "promulgated", row.promulgated))
    check("effective", draft.effective and draft.effective.isoformat(),
          row.effective and row.effective.isoformat(),
          lambda v: (setattr(draft, "effective", row.effective), setattr(draft, "effective_source", "sidecar")))
    if row.status:
        draft.sidecar_status = row.status
    if row.doc_number:  # the instrument the text states for this version wins; a disagreement is kept
        stated = normalise_doc_number(row.doc_number)
        if draft.doc_number and draft.doc_number != stated:
            draft.discrepancies.append(Discrepancy("doc_number", draft.doc_number, stated))
        if draft.doc_number_source != "text":
            draft.doc_number, draft.doc_number_source = stated, "sidecar"
    if row.promulgated and draft.version_date and row.promulgated > draft.version_date:
        # the sidecar knows this text is a later version than its header says
        # (a header that lists only the original promulgation)
        draft.warnings.append(f"{draft.source.path if draft.source else ''}: version named by its promulgation "
                              f"date {row.promulgated.isoformat()} from the manifest; the text's latest date is "
                              f"{draft.version_date.isoformat()}")
        draft.version_date = row.promulgated
        if draft.effective and not effective_dates.still_applies(draft.effective, draft.effective_source,
                                                                 draft.version_date):
            draft.effective, draft.effective_source = None, ""


def _finish_dates(draft: DocumentDraft, path: str) -> None:
    if not draft.level:
        draft.level, draft.level_source = infer_level(draft.title, draft.organ, draft.doc_number), "inferred"
    if not draft.version_date:
        draft.version_date = draft.promulgated or draft.effective
    if not draft.version_date:
        raise IngestError(path, None, "no date anywhere (header, 题注, front matter, sidecar or file name): "
                                      "cannot place this version in time; give it in a --manifest")
    if not draft.promulgated:
        draft.promulgated = draft.version_date
    if not draft.enacted:
        draft.enacted = draft.version_date
    if not draft.effective:
        draft.effective, draft.effective_source = effective_dates.assumed(draft.promulgated)
    if not any(e.kind in VERSION_EVENTS for e in draft.events):
        draft.events.insert(0, EventDraft(kind="公布", date=draft.promulgated, text="公布日期（元数据）", by=draft.organ))
    if not any(e.kind == "施行" and e.date == draft.effective for e in draft.events):
        draft.events.append(EventDraft(kind="施行", date=draft.effective,
                                       text=f"施行日期（{effective_dates.SOURCE_LABEL.get(draft.effective_source, '')}）",
                                       by=draft.organ))
