"""Recall of the conflict checks on planted conflicts (issue 14).

Reads tests/fixtures/planted/ (a real 北京市实施《水法》办法 and a copy with five
conflicts planted, see its README) and, from the shared corpus, the laws they
are checked against: 水法 (2016), 行政处罚法 (2021) and the repealed
环境噪声污染防治法 (2018). Each local text goes into its own small store with
the laws; the checks must find every plant with the right kind and evidence,
and nothing of those kinds on the unplanted original.

Every plant is found: the shortened period (a period 行政处罚法 grants the party is
fixed, `numbers.fixed_for_a_party`) and the permit (行政许可法 第十六条, `competence`)
were strict xfails until issue 14.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.services import citation_pass
from api.services.ingest_batch import ingest_paths
from ingest.manifest import Sidecar, load_sidecar
from registry import review as conflicts
from registry.core.db import session_scope
from registry.norms import store
from registry.schema import make_engine

HERE = Path(__file__).resolve().parent / "fixtures" / "planted"
LAWS = ("laws/法律/经济法/水法(2016-07-02).md", "laws/法律/行政法/行政处罚法(2021-01-22).md",
        "laws/法律/行政法/环境噪声污染防治法(2018-12-29).md")
KINDS = ("repealed_target", "dangling_article", "number_mismatch", "beyond_competence")


def _findings(shared_corpus: Path, local: str) -> tuple[str, list[dict]]:
    sidecar = Sidecar(list(load_sidecar(shared_corpus / "manifest.csv").by_path.values())
                      + list(load_sidecar(HERE / "manifest.csv").by_path.values()))
    engine = make_engine("sqlite://")
    report = ingest_paths(engine, [shared_corpus / p for p in LAWS] + [HERE / local], sidecar)
    assert not report.failed, report.failed
    citation_pass.rebuild(engine)
    with session_scope(engine) as s:
        conflicts.run(s)  # today: a repeal the sidecar states without a date counts from ingest
        row = sidecar.get(HERE / local)
        work_id = store.get_work(s, row.title).id
        found = [_ours(conflicts.finding_json(f), work_id) for f in conflicts.findings(s, work_id=work_id)]
    return work_id, found


def _ours(f: dict, work_id: str) -> dict:
    """The finding seen from the local norm's side (number_mismatch orders the pair by work id)."""
    if f["work_id"] != work_id:
        f["work_id"], f["pid"], f["other_work_id"], f["other_pid"] = (f["other_work_id"], f["other_pid"],
                                                                      f["work_id"], f["pid"])
        ev = f["evidence"]
        if "other_text" in ev:
            ev["text"], ev["other_text"] = ev["other_text"], ev["text"]
    return f


@pytest.fixture(scope="module")
def planted(shared_corpus):
    return _findings(shared_corpus, "planted.md")


@pytest.fixture(scope="module")
def original(shared_corpus):
    return _findings(shared_corpus, "original.md")


def _one(found: list[dict], kind: str, pid: str) -> dict:
    hits = [f for f in found if f["kind"] == kind and f["pid"].startswith(pid)]
    assert hits, f"no {kind} at {pid}; found: " + json.dumps(
        [(f["kind"], f["pid"], f["other_work_id"], f["other_pid"]) for f in found], ensure_ascii=False)
    return hits[0]


def test_fine_above_the_laws_maximum(planted):
    _, found = planted
    f = _one(found, "number_mismatch", "art_45")
    assert "水法" in f["other_work_id"] and f["other_pid"].startswith("art_67")
    assert "二十万元以上五十万元以下" in f["evidence"]["text"]
    assert "五万元以上十万元以下" in f["evidence"]["other_text"]
    assert f["evidence"]["differs_in"] == ["罚款数额"]
    assert "上位法优于下位法" in f["rule"] and f["evidence"]["text"] != f["evidence"]["other_text"]


def test_shortened_time_limit_the_law_fixes(planted):
    _, found = planted
    f = _one(found, "number_mismatch", "art_47")
    assert "行政处罚法" in f["other_work_id"] and f["other_pid"].startswith("art_67")
    assert "七日内" in f["evidence"]["text"] and "十五日内" in f["evidence"]["other_text"]


def test_citation_of_a_repealed_law(planted):
    _, found = planted
    f = _one(found, "repealed_target", "art_35")
    assert "环境噪声污染防治法" in f["other_work_id"]
    assert f["evidence"]["cited_status"] == "已废止"
    assert "环境噪声污染防治法" in f["evidence"]["raw"]


def test_citation_of_an_article_the_law_does_not_have(planted):
    _, found = planted
    f = _one(found, "dangling_article", "art_36")
    assert "水法" in f["other_work_id"] and f["other_pid"] == "art_90"
    assert "第九十条" in f["evidence"]["raw"]


def test_permit_the_law_does_not_provide(planted):
    _, found = planted
    f = _one(found, "beyond_competence", "art_22")
    assert "许可" in f["evidence"]["signal"]


def test_the_unplanted_original_raises_none_of_these_kinds(original):
    _, found = original
    assert [(f["kind"], f["pid"]) for f in found if f["kind"] in KINDS] == []


def test_every_planted_finding_is_about_a_plant(planted):
    """No finding of these kinds on the planted copy outside the five planted provisions."""
    _, found = planted
    plants = ("art_22", "art_35", "art_36", "art_45", "art_47")
    stray = [(f["kind"], f["pid"]) for f in found if f["kind"] in KINDS and not f["pid"].startswith(plants)]
    assert stray == []
