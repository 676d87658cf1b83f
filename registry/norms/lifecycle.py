"""Lifecycle: 时效性 on a date, derived from versions and events, never typed in.

A version is in force from its 施行日期 (valid_from) until the next version's
施行日期 (valid_to); between 公布 and 施行 it is 尚未生效. A 废止 or 失效 event
ends the work; an event whose date no source gave counts from the day it was
recorded (we know it is repealed, not since when).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from registry.core.errors import NotFound
from registry.core.ids import article_pid
from registry.core.numerals import NUM, cn_to_int

if TYPE_CHECKING:
    from registry.norms import models as m

IN_FORCE = "现行有效"
AMENDED = "已修改"
REPEALED = "已废止"
EXPIRED = "已失效"
PENDING = "尚未生效"
PARTIAL = "部分失效"
NOT_YET_PUBLISHED = "尚未公布"
STATUSES = (IN_FORCE, AMENDED, REPEALED, EXPIRED, PENDING, PARTIAL)


@dataclass(frozen=True)
class Span:
    version: m.Version
    valid_from: date
    valid_to: date | None  # exclusive: the next version's valid_from


def spans(versions: list[m.Version]) -> list[Span]:
    """Validity intervals in version order.

    A later version that takes effect before an earlier one (bad metadata) would
    give a negative interval; we keep the order of version dates and clamp.
    """
    ordered = sorted(versions, key=lambda v: v.version_date)
    out: list[Span] = []
    for i, v in enumerate(ordered):
        start = v.effective or v.promulgated or v.version_date
        end = None
        if i + 1 < len(ordered):
            nxt = ordered[i + 1]
            end = nxt.effective or nxt.promulgated or nxt.version_date
            end = max(end, start)
        out.append(Span(v, start, end))
    return out


def _event_day(e: m.Event) -> date:
    return e.date or e.recorded_at.date()


def ended_on(events: list[m.Event], day: date) -> tuple[str, m.Event] | None:
    """The repeal or expiry in effect on `day`, if any."""
    ends = [e for e in events if e.kind in ("废止", "失效") and _event_day(e) <= day]
    if not ends:
        return None
    first = min(ends, key=_event_day)
    return (REPEALED if first.kind == "废止" else EXPIRED), first


@dataclass(frozen=True)
class StatusOnDate:
    status: str
    span: Span | None  # the version shown for that date
    event: m.Event | None = None  # the event that decides a 已废止/已失效/部分失效
    pending: Span | None = None  # a newer version promulgated but not yet in force


def status_on(versions: list[m.Version], events: list[m.Event], day: date) -> StatusOnDate:
    """The work's 时效性 on `day` and the version that applies."""
    all_spans = spans(versions)
    in_force = [s for s in all_spans if s.valid_from <= day]
    published = [s for s in all_spans if (s.version.promulgated or s.version.version_date) <= day]
    pending = next((s for s in published if s.valid_from > day), None)
    end = ended_on(events, day)
    if end is not None:
        span = in_force[-1] if in_force else (published[-1] if published else None)
        return StatusOnDate(end[0], span, end[1])
    if not in_force:
        if published:
            return StatusOnDate(PENDING, published[0], pending=published[0])
        return StatusOnDate(NOT_YET_PUBLISHED, None)
    # a partial repeal concerns the text in force when it was made: a newer version in force replaces it
    partial = [e for e in events if e.kind == "部分失效" and in_force[-1].valid_from <= _event_day(e) <= day]
    status = PARTIAL if partial else IN_FORCE
    return StatusOnDate(status, in_force[-1], partial[-1] if partial else None, pending)


def version_status(span: Span, all_spans: list[Span], events: list[m.Event], day: date) -> str:
    """时效性 of one given version on `day` (an older version is 已修改)."""
    end = ended_on(events, day)
    if span.valid_from > day:
        return PENDING
    if span.valid_to is not None and span.valid_to <= day:
        return AMENDED
    if end is not None:
        return end[0]
    return status_on([s.version for s in all_spans], events, day).status


def span_for(versions: list[m.Version], version_date: date) -> tuple[Span, list[Span]]:
    all_spans = spans(versions)
    for s in all_spans:
        if s.version.version_date == version_date:
            return s, all_spans
    raise KeyError(version_date)


# The two ways a date picks a version; every caller uses one of these two.
def version_in_force(versions: list[m.Version], events: list[m.Event], day: date) -> tuple[m.Version | None, str]:
    """The version that applied on `day`, and a note: "later_version_only" when the store's
    first text is later than `day` (that text is returned), "no_version" when it has none."""
    if not versions:
        return None, "no_version"
    st = status_on(list(versions), list(events), day)
    if st.span is not None:
        return st.span.version, ""
    return min(versions, key=lambda v: v.version_date), "later_version_only"


def version_named(versions: list[m.Version], day: date) -> m.Version:
    """The version a date names, as 新旧对照 and `impact` read their dates: the version of
    that version date, else the one in force on it, else the latest published by then."""
    exact = [v for v in versions if v.version_date == day]
    if exact:
        return exact[0]
    in_force = [s for s in spans(versions) if s.valid_from <= day]
    if in_force:
        return in_force[-1].version
    published = [v for v in versions if (v.promulgated or v.version_date) <= day]
    if published:
        return published[-1]
    raise NotFound(f"no version on {day}: the first is of {versions[0].version_date}" if versions
                   else "the work has no version")


_ARTICLE_RE = re.compile(rf"第({NUM})条(?:之({NUM}))?")


def partial_articles(event: m.Event | None) -> list[str]:
    """The article pids a 部分失效 names (its wording lists them: 废止：第十条、第十条之一).

    >>> from registry.norms import models as m
    >>> partial_articles(m.Event(work_id="w", kind="部分失效", text="某决定废止：第十条、第十二条之一"))
    ['art_10', 'art_12-1']
    """
    if event is None or event.kind != PARTIAL:
        return []
    text = event.text.split("：", 1)[-1] if "：" in event.text else event.text
    return [article_pid(cn_to_int(a), cn_to_int(b) if b else None) for a, b in _ARTICLE_RE.findall(text)]
