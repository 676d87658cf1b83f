"""What the index needs to know about versions at query time, read fresh from the store.

Why not store validity and 时效性 in the index: a new version of a work ends the
previous one (its valid_to changes) and a 废止 event changes every version's
status, yet index entries are written once per version. So the index holds
text and identity; this catalog holds the lifecycle, derived on demand by
`registry.norms.lifecycle`, and every filter (--at, --level, --organ, --status,
date ranges) is applied through it. It is also how queries verify against the
store: a version the store no longer has is never allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from registry.core.levels import LEVELS, outranks
from registry.norms import lifecycle
from registry.norms.reading import reading

if TYPE_CHECKING:
    from registry.norms import models as m

ANY_STATUS = "any"
IN_FORCE_STATUSES = (lifecycle.IN_FORCE, lifecycle.PARTIAL)
CURRENCY_ORDER = {lifecycle.IN_FORCE: 0, lifecycle.PARTIAL: 1, lifecycle.PENDING: 2, lifecycle.AMENDED: 3,
                  lifecycle.REPEALED: 4, lifecycle.EXPIRED: 4}


@lru_cache(maxsize=64)
def level_rank(level: str) -> int:
    """Sort key from the 位阶 relation: how many kinds outrank this one (宪法 = 0).

    >>> level_rank("宪法") < level_rank("法律") < level_rank("行政法规") < level_rank("部门规章")
    True
    """
    if level not in LEVELS:
        return len(LEVELS)
    return sum(1 for other in LEVELS if outranks(other, level))


@dataclass(frozen=True)
class VersionInfo:
    version_id: str
    work_id: str
    title: str
    short_title: str
    doc_number: str
    level: str
    organ: str
    version_date: date
    promulgated: date | None
    effective: date | None
    valid_from: date
    valid_to: date | None
    rank: int


@dataclass(frozen=True)
class Filters:
    """The user's filters; `status` None means current law on `day` (现行有效 or 部分失效)."""

    day: date
    levels: tuple[str, ...] = ()
    organ: str = ""
    status: str | None = None
    promulgated_from: date | None = None
    promulgated_to: date | None = None
    effective_from: date | None = None
    effective_to: date | None = None


@dataclass
class Catalog:
    versions: dict[str, VersionInfo]
    spans: dict[str, list[lifecycle.Span]]
    events: "dict[str, list[m.Event]]"
    fingerprint: tuple
    _status_cache: dict[date, dict[str, str]] = field(default_factory=dict)
    _allowed_cache: dict[Filters, frozenset[str]] = field(default_factory=dict)

    def status(self, version_id: str, day: date) -> str:
        return self.statuses(day).get(version_id, "")

    def statuses(self, day: date) -> dict[str, str]:
        """时效性 of every version on `day` (an older version is 已修改)."""
        if day not in self._status_cache:
            out: dict[str, str] = {}
            for work_id, spans in self.spans.items():
                events = self.events.get(work_id, [])
                for span in spans:
                    out[span.version.id] = lifecycle.version_status(span, spans, events, day)
            if len(self._status_cache) > 32:
                self._status_cache.clear()
            self._status_cache[day] = out
        return self._status_cache[day]

    def allowed(self, f: Filters) -> frozenset[str]:
        """Version ids that pass the filters (cached: the same filters recur page after page)."""
        hit = self._allowed_cache.get(f)
        if hit is not None:
            return hit
        statuses = self.statuses(f.day)
        out = set()
        for vid, v in self.versions.items():
            st = statuses.get(vid, "")
            if f.status is None:
                if st not in IN_FORCE_STATUSES:
                    continue
            elif f.status != ANY_STATUS and st != f.status:
                continue
            if f.levels and v.level not in f.levels:
                continue
            if f.organ and f.organ not in v.organ:
                continue
            if not _within(v.promulgated or v.version_date, f.promulgated_from, f.promulgated_to):
                continue
            if not _within(v.effective or v.valid_from, f.effective_from, f.effective_to):
                continue
            out.add(vid)
        result = frozenset(out)
        if len(self._allowed_cache) > 256:
            self._allowed_cache.clear()
        self._allowed_cache[f] = result
        return result


def _within(d: date | None, lo: date | None, hi: date | None) -> bool:
    if lo is None and hi is None:
        return True
    if d is None:
        return False
    return (lo is None or d >= lo) and (hi is None or d <= hi)


def fingerprint(session: Any) -> tuple:
    """Proof that nothing in the record changed since the catalog was read: every write to the
    record appends an audit entry, so the newest entry's id is an update counter (metadata
    corrected in place included). The version count guards stores written before the audit log."""
    return reading(session).fingerprint()


def load_catalog(session: Any) -> Catalog:
    """The catalog from an ORM session or any `registry.norms.reading.Reading`."""
    r = reading(session)
    works = {w.id: w for w in r.all_works()}
    by_work = r.all_versions_by_work()
    events = r.all_events_by_work()
    infos: dict[str, VersionInfo] = {}
    spans: dict[str, list[lifecycle.Span]] = {}
    for work_id, versions in by_work.items():
        work = works.get(work_id)
        work_spans = lifecycle.spans(versions)
        spans[work_id] = work_spans
        for s in work_spans:
            v = s.version
            level = v.level or (work.level if work else "")
            infos[v.id] = VersionInfo(
                version_id=v.id, work_id=work_id, title=v.title or (work.title if work else ""),
                short_title=work.short_title if work else "", doc_number=v.doc_number or (work.doc_number if work else ""),
                level=level, organ=v.organ or (work.organ if work else ""), version_date=v.version_date,
                promulgated=v.promulgated, effective=v.effective, valid_from=s.valid_from, valid_to=s.valid_to,
                rank=level_rank(level))
    return Catalog(infos, spans, events, r.fingerprint())
