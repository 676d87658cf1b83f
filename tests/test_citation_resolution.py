"""Citation resolution against the golden set, and its independence from ingestion order.

The store holds the 44 golden documents plus every corpus file of a norm they
cite. A golden citation is resolvable when the work it names (its
`resolved_title`) is in that store; it is resolved correctly when the stored
row for the same span names that work and the labelled provision.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from citation_store import build, golden_store_files, golden_units
from sqlmodel import Session, select

from registry.citations.records import Citation
from registry.core.titles import normalise_title
from registry.norms import models as m

THRESHOLD = 0.95


@pytest.fixture(scope="module")
def golden_store(shared_corpus, module_store):
    engine = module_store.engine("golden")
    report = build(engine, shared_corpus, golden_store_files(shared_corpus))
    assert not report.failed, report.failed
    return engine


def _rows_by_file(session: Session, corpus: Path, corpus_files: set[str]) -> dict[str, list[Citation]]:
    """Citation rows of each golden file's version (found by content: a copy in chains/ may be the one stored)."""
    from ingest.readers import read_path

    out: dict[str, list[Citation]] = {}
    for rel in corpus_files:
        sha = read_path(corpus / rel).sha256
        vid = session.exec(select(m.VersionSource.version_id)
                           .join(m.SourceDocument, m.VersionSource.source_id == m.SourceDocument.id)
                           .where(m.SourceDocument.sha256 == sha)).first()
        out[rel] = list(session.exec(select(Citation).where(Citation.version_id == vid)).all()) if vid else []
    return out


def _in_unit(pid: str, unit: str) -> bool:
    return pid == "" if unit == "preamble" else (pid == unit or pid.startswith(unit + "__"))


def test_resolution_accuracy_on_golden_set(golden_store, shared_corpus) -> None:
    units = golden_units()
    with Session(golden_store) as s:
        titles = {normalise_title(w.title): w.id for w in s.exec(select(m.Work)).all()}
        work_title = {w.id: normalise_title(w.title) for w in s.exec(select(m.Work)).all()}
        rows = _rows_by_file(s, shared_corpus, {u["file"] for u in units})
    tally, wrong = Counter(), []
    for u in units:
        found = [r for r in rows.get(u["file"], []) if _in_unit(r.source_pid, u["unit"])]
        for g in u["citations"]:
            if not g["resolved_title"]:
                continue
            tally["labelled"] += 1
            if normalise_title(g["resolved_title"]) not in titles:
                tally["not in store"] += 1
                continue
            tally["resolvable"] += 1
            row = next((r for r in found if (r.raw, r.kind, r.target_pid) == (g["raw"], g["kind"], g["target_pid"])),
                       None)
            got = (work_title.get(row.resolved_work_id, ""), row.resolved_pid) if row else ("(not extracted)", "")
            want = (normalise_title(g["resolved_title"]), g["resolved_pid"])
            if got == want:
                tally["correct"] += 1
            else:
                wrong.append(f"{u['file'].rsplit('/', 1)[-1][:28]} {u['unit']} {g['raw']}: got {got}, want {want}"
                             + (f" ({row.state} {row.reason} {row.candidates})" if row else ""))
    accuracy = tally["correct"] / max(1, tally["resolvable"])
    print(f"\n{tally['labelled']} labelled targets, {tally['not in store']} name norms not in the store, "
          f"{tally['resolvable']} resolvable, {tally['correct']} resolved correctly: accuracy {accuracy:.3f}")
    print("\n".join(wrong))
    assert tally["resolvable"] >= 150
    assert accuracy >= THRESHOLD, "\n".join(wrong)


def _resolution_table(engine) -> set[tuple]:
    with Session(engine) as s:
        return {(c.version_id, c.source_pid, c.start, c.raw, c.state, c.reason, c.resolved_work_id,
                 c.resolved_version_id, c.resolved_pid) for c in s.exec(select(Citation)).all()}


def test_order_of_ingestion_does_not_matter(shared_corpus, new_store) -> None:
    """Citing norms first and cited ones later give the same rows as everything at once."""
    files = [
        "laws/地方性法规/河南/河南省土地监察条例(2010-07-30).md",
        "laws/地方性法规/上海/上海市实施《土地管理法》办法(2018-12-20).md",
        "chains/中华人民共和国土地管理法/2004-08-28.md",
        "chains/中华人民共和国土地管理法/2019-08-26.md",
        "laws/行政法规/土地管理法实施条例(2021-07-02).md",
    ]
    together = new_store.engine("together")
    build(together, shared_corpus, files)
    one_by_one = new_store.engine("onebyone")
    for f in files:  # the citing norms arrive before the 2004 and 2019 texts they cite
        build(one_by_one, shared_corpus, [f])
    reverse = new_store.engine("reverse")
    for f in reversed(files):
        build(reverse, shared_corpus, [f])
    table = _resolution_table(together)
    assert any(r[6].endswith("土地管理法") and r[7].endswith("@2004-08-28") for r in table)
    assert _resolution_table(one_by_one) == table
    assert _resolution_table(reverse) == table


def test_version_in_force_on_citing_date(shared_corpus, engine) -> None:
    """A 2010 regulation citing 土地管理法 means the 2004 text; a 2018 one too (2019 text not yet made)."""
    build(engine, shared_corpus, ["laws/地方性法规/河南/河南省土地监察条例(2010-07-30).md",
                                  "chains/中华人民共和国土地管理法/2004-08-28.md",
                                  "chains/中华人民共和国土地管理法/2019-08-26.md"])
    with Session(engine) as s:
        rows = [c for c in s.exec(select(Citation).where(Citation.kind.in_(("cites", "basis")))).all()
                if c.resolved_work_id.endswith("土地管理法")]
    assert rows and all(c.resolved_version_id.endswith("@2004-08-28") for c in rows)
