"""Acceptance 3: drafts made from real 实施条例 articles, each with one fault put in on purpose, get
that fault reported with the right rule; the same draft without faults gets none of those kinds.
Also the JSON shape, the 审核意见书 read back with python-docx, the organ checks, and that the
review stores nothing."""

from __future__ import annotations

import pytest
from docx import Document
from legality_store import AS_OF, FAULTS, ORGAN, draft_text, review_store
from sqlmodel import Session

from api.reports.legality import write_docx
from api.services.legality import review_draft
from registry.legality import KINDS
from registry.norms import store


@pytest.fixture(scope="module")
def eng(shared_corpus, tmp_path_factory):
    return review_store(shared_corpus, tmp_path_factory.mktemp("legality") / "r.db")


def review(eng, text: str, organ: str = ORGAN):
    return review_draft(eng, "draft.md", text.encode("utf-8"), organ, AS_OF)


def test_clean_draft_has_none_of_the_fault_kinds(eng, shared_corpus):
    report = review(eng, draft_text(shared_corpus))
    assert report.level == "规范性文件" and report.articles == 8
    assert {f.kind for f in report.findings} & set(FAULTS) == set()
    assert [f.kind for f in report.findings] == []


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_reported_with_its_rule(eng, shared_corpus, fault):
    report = review(eng, draft_text(shared_corpus, fault))
    hits = [f for f in report.findings if f.kind == fault]
    assert len(hits) == 1, [f.to_json() for f in report.findings]
    assert hits[0].rule == KINDS[fault][1]
    assert {f.kind for f in report.findings} - {fault} <= ({"validity_missing"} if fault == "no_effective_date" else set())


def test_fault_details(eng, shared_corpus):
    by = {k: next(f for f in review(eng, draft_text(shared_corpus, k)).findings if f.kind == k) for k in FAULTS}
    repealed = by["cites_repealed"]
    assert repealed.provision == "art_3__para_1" and repealed.evidence["date"] == "2021-01-01"
    assert "民法典" in repealed.evidence["by"] and repealed.suggestion == "改为引用《中华人民共和国民法典》的相应条文"
    assert by["cites_missing_article"].evidence["last_article"] == 87
    rng = by["outside_range"].evidence
    assert rng["higher_article"] == "art_57" and rng["higher_range"] == [100.0, 1000.0]
    assert rng["draft_range"] == [1500.0, 3000.0] and rng["higher_work"] == "中华人民共和国土地管理法实施条例"
    assert "许可" in by["sets_license"].evidence["signal"] and by["sets_license"].group == "内容"
    assert by["validity_too_long"].evidence["months"] == 120 and by["no_effective_date"].group == "形式"


def test_all_faults_in_one_draft_counts(eng, shared_corpus):
    text = draft_text(shared_corpus)
    for kind, (key, wording) in FAULTS.items():
        if kind != "no_effective_date":
            from legality_store import CLEAN

            text = text.replace(CLEAN[key], wording)
    counts = review(eng, text).counts()
    assert counts == {"cites_repealed": 1, "cites_missing_article": 1, "outside_range": 1, "sets_license": 1,
                      "validity_too_long": 1}


def test_organ_checks(eng, shared_corpus):
    text = draft_text(shared_corpus)
    kinds = lambda organ: [f.kind for f in review(eng, text, organ).findings]  # noqa: E731
    assert kinds("浙江省国土资源厅") == ["organ_dissolved"]
    gone = next(f for f in review(eng, text, "浙江省国土资源厅").findings)
    assert gone.suggestion == "以“浙江省自然资源厅”名义制定"
    assert kinds("火星资源委员会") == ["organ_unknown"]
    assert "no_authority" in kinds("浙江省自然资源厅法规处")  # a 内设机构 may not issue in its own name


def test_json_docx_and_nothing_stored(eng, shared_corpus, tmp_path):
    with Session(eng) as s:
        before = store.counts(s)
    report = review(eng, draft_text(shared_corpus, "sets_license"))
    data = report.to_json()
    assert set(data["findings"][0]) >= {"kind", "rule", "text", "provision", "evidence"}
    with Session(eng) as s:
        assert store.counts(s) == before
    doc = Document(write_docx(tmp_path / "意见书.docx", report))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "合法性审核意见书" in text and "一、主体" in text and "四、内容" in text and "五、形式" in text
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["序号", "条款", "问题", "依据规则", "修改建议"]
    assert table.rows[1].cells[1].text == "第四条第一款" and "行政许可" in table.rows[1].cells[3].text
