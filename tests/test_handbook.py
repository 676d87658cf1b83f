"""Acceptance 4: the 非法占用土地 handbook on 2020-06-01 and 2019-06-01 differ where the 2019
土地管理法 took effect (2020-01-01); both list the law's penalty article of that date and the
实施条例 article implementing it (its citation of 2004 第七十六条 carried to 2019 第七十七条)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from evaluation_store import land_store
from sqlmodel import Session

from api.reports.handbook import write_docx
from registry.handbook import build


@pytest.fixture(scope="module")
def eng(shared_corpus, tmp_path_factory):
    return land_store(shared_corpus, tmp_path_factory.mktemp("handbook") / "h.db")


def norm(h, title):
    return next(n for n in h["norms"] if n["title"] == title)


@pytest.mark.parametrize("day, law_version, penalty", [(dt.date(2020, 6, 1), "2019-08-26", "第七十七条"),
                                                       (dt.date(2019, 6, 1), "2004-08-28", "第七十六条")])
def test_illegal_occupation(eng, day, law_version, penalty, tmp_path):
    with Session(eng) as s:
        h = build(s, "非法占用土地", day)
    assert [n["level"] for n in h["norms"]] == ["法律", "行政法规"]
    law = norm(h, "中华人民共和国土地管理法")
    assert law["version_date"] == law_version
    article = next(e for e in law["provisions"] if e["label"] == penalty)
    assert "罚则" in article["roles"] and article["citation"] == f"《中华人民共和国土地管理法》（{law_version}）{penalty}"
    reg = norm(h, "中华人民共和国土地管理法实施条例")
    assert reg["version_date"] == "2014-07-29"
    implementing = [e for e in reg["provisions"] if any(i["label"] == penalty for i in e["implements"])]
    assert [e["label"] for e in implementing] == ["第四十二条"]
    doc = Document(write_docx(tmp_path / "手册.docx", h))
    assert any("TOC" in (el.text or "") for el in doc.element.body.iter() if el.tag.endswith("instrText"))
    assert "第四十二条　罚则" in [p.text for p in doc.paragraphs]


def test_dates_differ(eng):
    with Session(eng) as s:
        new, old = build(s, "非法占用土地", dt.date(2020, 6, 1)), build(s, "非法占用土地", dt.date(2019, 6, 1))
    labels = lambda h: [e["label"] for e in norm(h, "中华人民共和国土地管理法")["provisions"]]  # noqa: E731
    assert labels(new) != labels(old) and "第七十七条" in labels(new) and "第七十六条" in labels(old)
