"""Citation resolution: a `CitationDraft` found in a version -> a work, a version, a provision.

A citation names its target by full title, short title, the title without
中华人民共和国, by 文号, or (本法第X条, 前款) by its place in the citing norm.
The version it means is the one in force on the citing version's date: a 2010
rule citing 土地管理法第四十七条 means the 2004 text, not today's. Whatever
cannot be resolved stays stored and visible with its reason:

- ``not_in_store``       no stored work has that title or 文号
- ``ambiguous``          several works answer to it (their ids are kept)
- ``no_such_article``    the work is found but the cited provision is not in that version
- ``no_anchor``          a relative citation (第二款) outside any article
- ``later_version_only`` resolved, but the only stored texts postdate the citation
  (the article check is then made against a text the citing norm never saw)
- ``own_title``          the citing norm's own title: the earlier text it replaces (only 本法 is itself)
- ``later_work_only``    the one work of that title was adopted after the citing norm (another, older
  norm of the same name is meant: 政务院1950年《契税暂行条例》)

An abbreviation the citing norm defines (以下简称《实施条例》) names the norm it abbreviates.
A norm made between a revision's 公布 and 施行 cites the revision (it is made for it),
not the text still in force that day.

When the plain reading finds no such provision, two readings a person would
try next are tried, and kept only if they find it (``via`` says which):

- ``carried``       the norm or article named just before in the same provision:
  刑法第二百二十一条规定的…，第二百七十八条规定的… ; 本条例第三十一条的第二款 ;
  第二十六条第一款规定的职权，但是第一项… ;
- ``amended_text``  in a 修改决定 or 修正案, a number written as the new one
  (将第四十八条改为第五十八条, 增加一款，作为第四款) is looked up in the text the
  amendment produced.

Resolution never looks at ingestion order: `reresolve` runs after every batch
over the citations a new work or version could change, so loading the cited
norm after the citing one gives the same rows as the other way round.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import delete, insert, or_
from sqlmodel import Session, col, select

from registry.citations.abbreviations import abbreviations
from registry.citations.drafts import CitationDraft
from registry.citations.readings import carried_target, locate
from registry.citations.records import GENERIC, PARTIAL, RESOLVED, UNRESOLVED, Citation
from registry.core.ids import normalise_doc_number
from registry.core.numerals import NUM, cn_to_int
from registry.core.titles import TitleIndex, amended_norms, norm_about, normalise_title
from registry.norms import lifecycle, store
from registry.norms import models as m

DECISION_LEVELS = ("修改、废止的决定",)
_AMENDING = re.compile(r"修改|修正案")
_DOC_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "(": "〔", ")": "〕", "（": "〔", "）": "〕"})
_ORDER_NO = re.compile(rf"令第({NUM})号")


def doc_number_key(doc_number: str) -> str:
    """文号 as compared: one bracket style, Arabic order numbers, no 中华人民共和国 or 第 before the serial.

    >>> doc_number_key("国发[2008]第3号") == doc_number_key("国发〔2008〕3号")
    True
    >>> doc_number_key("中华人民共和国国务院令第七百四十三号")
    '国务院令第743号'
    """
    t = normalise_doc_number(doc_number).translate(_DOC_BRACKETS).removeprefix("中华人民共和国")
    t = re.sub(r"〕第(\d+)号", r"〕\1号", t)
    return _ORDER_NO.sub(lambda mm: f"令第{cn_to_int(mm.group(1))}号", t)


@dataclass(frozen=True)
class Resolution:
    state: str
    reason: str = ""
    via: str = ""
    candidates: str = ""
    work_id: str = ""
    version_id: str = ""
    pid: str = ""
    end_pid: str = ""


class Resolver:
    """Every work's titles and 文号 plus lazily loaded provision ids: one per pass, not per citation."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.works = {w.id: w for w in session.exec(select(m.Work)).all()}
        self.versions = store.all_versions_by_work(session)
        self.events = store.all_events_by_work(session)
        self.titles = TitleIndex()
        self.by_doc_number: dict[str, list[str]] = {}
        for work in self.works.values():
            self.titles.add(work.title, work.short_title, work.id)
            for v in self.versions.get(work.id, []):
                if v.title != work.title:
                    self.titles.add(v.title, "", work.id)
                for number in {v.doc_number, work.doc_number} - {""}:
                    bucket = self.by_doc_number.setdefault(doc_number_key(number), [])
                    if work.id not in bucket:
                        bucket.append(work.id)
        self._pids: dict[str, set[str]] = {}
        self._names: tuple[str, dict[str, str]] = ("", {})

    def defined_names(self, version_id: str) -> dict[str, str]:
        """The abbreviations a version defines (以下简称《实施条例》), for the one version being resolved."""
        if self._names[0] != version_id:
            texts = self.session.exec(select(m.Provision.text).where(
                m.Provision.version_id == version_id, col(m.Provision.text).contains("简称"))).all()
            v = self.session.get(m.Version, version_id)
            self._names = (version_id, abbreviations([v.preamble if v else ""] + list(texts)))
        return self._names[1]

    def pids(self, version_id: str) -> set[str]:
        if version_id not in self._pids:
            self._pids[version_id] = set(self.session.exec(
                select(m.Provision.pid).where(m.Provision.version_id == version_id)).all())
        return self._pids[version_id]

    def find_work(self, title: str, doc_number: str) -> Resolution:
        """The work a title or 文号 names; the 文号 decides when the title is missing or ambiguous."""
        match = self.titles.lookup(title) if title else None
        by_number = self.by_doc_number.get(doc_number_key(doc_number), []) if doc_number else []
        if match is not None and match.status == "unique":
            return Resolution(RESOLVED, via=match.via, work_id=str(match.key))
        if len(by_number) == 1:
            return Resolution(RESOLVED, via="doc_number", work_id=by_number[0])
        keys = [str(k) for k in (match.keys if match is not None else ())] or by_number
        if len(keys) > 1:
            return Resolution(UNRESOLVED, "ambiguous", candidates="; ".join(keys))
        return Resolution(UNRESOLVED, "not_in_store")

    def resolve(self, c: Citation, citing: m.Version, prev: Citation | None = None) -> Resolution:
        """Resolve one stored citation of `citing`; `prev` is the citation before it in the same provision."""
        plain = self._plain(c, citing)
        if plain.state != PARTIAL or plain.reason not in ("no_such_article", "no_anchor"):
            return plain
        for other in self._other_readings(c, citing, plain, prev):
            if other.state == RESOLVED:
                return other
        return plain

    def _plain(self, c: Citation, citing: m.Version) -> Resolution:
        if c.kind == "generic":
            return Resolution(GENERIC)
        day = citing.version_date
        if c.kind in ("self", "relative"):
            if c.context_title and c.kind == "self":
                # a bare 第X条 in a 修改决定 is an article of the norm it amends, as it stood before
                found = self.find_work(c.context_title, "")
                if found.state != RESOLVED:
                    return found
                before = day - timedelta(days=1) if _AMENDING.search(citing.title) else day
                return self._in_version(c, found.work_id, before, found.via)
            if not c.target_pid.startswith("art_") and c.target_pid:
                return Resolution(PARTIAL, "no_anchor", "self", work_id=citing.work_id,
                                  version_id=citing.id, pid=c.target_pid)
            return self._check_pids(c, citing.work_id, citing.id, "self", "")
        title = self.defined_names(citing.id).get(c.target_title, c.target_title)
        found = self.find_work(normalise_title(title) if title else "", c.target_doc_number)
        if found.state != RESOLVED:
            return found
        if found.work_id == citing.work_id:
            # a norm names itself 本规范, never by title: 《交通警察道路执勤执法工作规范》 in the 2018
            # 规范 is the 2005 text it replaces, which is history, not a provision of its own
            return Resolution(UNRESOLVED, "own_title", found.via, candidates=found.work_id)
        enacted = self.works[found.work_id].enacted
        if enacted is not None and enacted > day:
            # no norm cites one adopted after it: the 1994 notice's 政务院1950年《契税暂行条例》 is not the 1997 one
            return Resolution(UNRESOLVED, "later_work_only", found.via, candidates=found.work_id)
        return self._in_version(c, found.work_id, day, found.via, for_revision=True)

    def _other_readings(self, c: Citation, citing: m.Version, plain: Resolution,
                        prev: Citation | None) -> Iterable[Resolution]:
        """The readings tried when the plain one finds no such provision (see the module docstring)."""
        amending = bool(_AMENDING.search(citing.title))
        if amending and plain.work_id and plain.work_id != citing.work_id:
            after = self._version_after(plain.work_id, citing.version_date)
            if after is not None:
                yield self._check(c.target_pid, c.target_end_pid, plain.work_id, after.id, "amended_text", "")
        carried = carried_target(c, prev)
        if carried is None or prev is None:
            return
        pid, end = carried
        yield self._check(pid, end, prev.resolved_work_id, prev.resolved_version_id, "carried", "")
        if amending:
            after = self._version_after(prev.resolved_work_id, citing.version_date)
            if after is not None:
                yield self._check(pid, end, prev.resolved_work_id, after.id, "amended_text", "")

    def _version_after(self, work_id: str, day: date) -> m.Version | None:
        """The text an amendment dated `day` produced: the first version of the work from that day on."""
        later = [v for v in self.versions.get(work_id, []) if v.version_date >= day]
        return min(later, key=lambda v: v.version_date) if later else None

    def _in_version(self, c: Citation, work_id: str, day: date, via: str, for_revision: bool = False) -> Resolution:
        versions, events = self.versions.get(work_id, []), self.events.get(work_id, [])
        if for_revision:
            pending = lifecycle.status_on(versions, events, day).pending
            if pending is not None:
                # made between a revision's 公布 and 施行, a norm is made for it: the 公司法时间效力规定
                # (2024-06-29) cites the 2023 公司法 in force from 2024-07-01, not the 2018 text
                return self._check_pids(c, work_id, pending.version.id, via, "")
        version, note = lifecycle.version_in_force(versions, events, day)
        if version is None:
            return Resolution(PARTIAL, "no_version", via, work_id=work_id)
        return self._check_pids(c, work_id, version.id, via, note)

    def _check_pids(self, c: Citation, work_id: str, version_id: str, via: str, note: str) -> Resolution:
        return self._check(c.target_pid, c.target_end_pid, work_id, version_id, via, note)

    def _check(self, target: str, target_end: str, work_id: str, version_id: str, via: str,
               note: str) -> Resolution:
        if not target:
            return Resolution(RESOLVED, note, via, work_id=work_id, version_id=version_id)
        pids = self.pids(version_id)
        pid, end = locate(target, pids), locate(target_end, pids) if target_end else ""
        if pid is None or end is None:
            # against a text the citing norm never saw, a missing article proves nothing
            return Resolution(PARTIAL, note or "no_such_article", via, work_id=work_id, version_id=version_id,
                              pid=target, end_pid=target_end)
        return Resolution(RESOLVED, note, via, work_id=work_id, version_id=version_id, pid=pid, end_pid=end)



def amended_norm(version: m.Version) -> str:
    """The one norm a 修改决定 or 修正案 amends (关于修改《X》的决定, 刑法修正案), '' for anything else."""
    norms = amended_norms(version.title)
    return norms[0] if len(norms) == 1 else ""


def record(session: Session, resolver: Resolver, version: m.Version, drafts: Iterable[CitationDraft]) -> int:
    """Replace the stored citations of one version with `drafts`, resolved; returns how many.

    In a text without articles of its own, a bare 第X条 names an article of the
    norm its title is about (the amended norm, the norm a 罪名 list executes)
    or, when the title names none, of the last norm named before it.
    """
    # synchronize_session=False: the default walks the whole identity map on every
    # delete, which made the pass quadratic in the number of loaded provisions
    session.execute(delete(Citation).where(Citation.version_id == version.id)
                    .execution_options(synchronize_session=False))
    has_articles = any(p.startswith("art_") for p in resolver.pids(version.id))
    about = "" if has_articles else (amended_norm(version) or norm_about(version.title))
    context = about
    rows: list[Citation] = []
    named: list[str] = []  # full titles cited so far, for a later 《决定》 that means one of them
    for d in drafts:
        if d.kind in ("cites", "basis", "docnum") and d.target_title:
            earlier = back_reference(d.target_title, named)
            if earlier:
                d = replace(d, target_title=earlier)
            else:
                named.append(d.target_title)
        if not has_articles and not about and d.kind in ("cites", "basis", "docnum") and d.target_title:
            context = normalise_title(d.target_title)
        c = Citation(version_id=version.id, work_id=version.work_id, source_pid=d.source_pid, start=d.start,
                     end=d.end, raw=d.raw, kind=d.kind, target_title=d.target_title,
                     target_doc_number=d.target_doc_number, target_pid=d.target_pid,
                     target_end_pid=d.target_end_pid, context_title=context if d.kind == "self" else "")
        rows.append(c)
    for c, prev in _with_previous(rows):
        _apply(c, resolver.resolve(c, version, prev))
    if rows:
        session.execute(insert(Citation), [c.model_dump(exclude={"id"}) for c in rows])
    return len(rows)


_DOC_KINDS = ("决定", "通知", "办法", "规定", "意见", "纲要", "规划", "条例", "细则", "方案", "批复", "通告", "公告")


def back_reference(title: str, earlier: Sequence[str]) -> str:
    """The full title a short back-reference means (根据《决定》要求 after 《国务院关于…的决定》), or ''.

    Only a bare document kind counts, and only when it names the latest such title cited before.

    >>> back_reference("决定", ["国务院关于加强市县政府依法行政的决定", "政府信息公开条例"])
    '国务院关于加强市县政府依法行政的决定'
    >>> back_reference("决定", []), back_reference("土地管理法", ["土地管理法"])
    ('', '')
    """
    if title not in _DOC_KINDS:
        return ""
    return next((t for t in reversed(earlier) if t.endswith(title) and t != title), "")


def _with_previous(rows: Sequence[Citation], todo: set[int] | None = None) -> Iterator[tuple[Citation, Citation | None]]:
    """Each citation (of `todo` positions, default all) with the last one before it in its provision
    that named an article; rows come in document order and are resolved as they are yielded."""
    prev: Citation | None = None
    for i, c in enumerate(rows):
        if i and rows[i - 1].source_pid != c.source_pid:
            prev = None
        if todo is None or i in todo:
            yield c, prev
        if c.resolved_work_id and (c.resolved_pid or c.target_pid).startswith("art_"):
            prev = c


def _apply(c: Citation, r: Resolution) -> bool:
    new = dict(state=r.state, reason=r.reason, via=r.via, candidates=r.candidates, resolved_work_id=r.work_id,
               resolved_version_id=r.version_id, resolved_pid=r.pid, resolved_end_pid=r.end_pid)
    changed = any(getattr(c, k) != v for k, v in new.items())
    for k, v in new.items():
        setattr(c, k, v)
    return changed


def reresolve(session: Session, resolver: Resolver, changed_works: Iterable[str] = (),
              skip_versions: Iterable[str] = (), everything: bool = False) -> int:
    """Re-resolve what new works or versions may change; returns how many rows changed.

    That is: every unresolved or partial citation (the cited norm may have
    arrived), and every citation of a work that gained a version (the version
    in force on the citing date may now be another one).
    """
    skip = set(skip_versions)
    # ids only: the rows themselves are loaded once, with their siblings
    q = select(Citation.id, Citation.version_id).where(Citation.kind != "generic")
    if not everything:
        q = q.where(or_(col(Citation.state).in_((UNRESOLVED, PARTIAL)),
                        col(Citation.resolved_work_id).in_(list(set(changed_works)) or [""]),
                        Citation.reason == "later_version_only"))
    todo_rows = [(cid, vid) for cid, vid in session.exec(q).all() if vid not in skip]
    todo_ids = {cid for cid, _ in todo_rows}
    by_version: dict[str, list[Citation]] = {}
    for c in _siblings(session, {vid for _, vid in todo_rows}):
        by_version.setdefault(c.version_id, []).append(c)
    changed = 0
    for version_id, siblings in by_version.items():
        version = session.get(m.Version, version_id)
        todo = {i for i, c in enumerate(siblings) if c.id in todo_ids}
        for c, prev in _with_previous(siblings, todo):
            if _apply(c, resolver.resolve(c, version, prev)):
                session.add(c)
                changed += 1
    return changed


def _siblings(session: Session, version_ids: set[str]) -> list[Citation]:
    """Every citation of these versions in document order (a re-resolved one needs the one before it)."""
    out: list[Citation] = []
    ids = sorted(version_ids)
    for i in range(0, len(ids), 500):
        out += session.exec(select(Citation).where(col(Citation.version_id).in_(ids[i:i + 500]))
                            .order_by(Citation.version_id, Citation.id)).all()
    return out


def citations_of_version(session: Session, version_id: str) -> list[Citation]:
    return list(session.exec(select(Citation).where(Citation.version_id == version_id)
                             .order_by(Citation.source_pid, Citation.start)).all())


def resolved_to(session: Session, work_id: str) -> list[Citation]:
    return list(session.exec(select(Citation).where(Citation.resolved_work_id == work_id)).all())


def all_citations(session: Session) -> list[Citation]:
    return list(session.exec(select(Citation)).all())


def summary(session: Session) -> dict[str, int]:
    """Counts by state and reason, for `lexreg citations` and the bench."""
    out: dict[str, int] = {}
    for state, reason in session.exec(select(Citation.state, Citation.reason)).all():
        key = f"{state}:{reason}" if reason else state
        out[key] = out.get(key, 0) + 1
    return dict(sorted(out.items()))
