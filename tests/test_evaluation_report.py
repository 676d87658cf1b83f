"""The Word report read back with python-docx (A4, East Asian fonts, both tables and their rows,
header rows repeated, machine-found evidence, conclusion) and the CSV, for an evaluation of the real
土地管理法实施条例 (2021)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from evaluation_store import V2021, land_store
from sqlmodel import Session
from test_evaluation_form import good

from api.reports.evaluation import csv_text, write_docx
from registry.evaluation import derive, parse
from registry.evaluation.evidence import gather

TITLE = "中华人民共和国土地管理法实施条例"


@pytest.fixture(scope="module")
def evidence(shared_corpus, tmp_path_factory):
    engine = land_store(shared_corpus, tmp_path_factory.mktemp("land") / "land.db")
    with Session(engine) as s:
        return gather(s, V2021, dt.date(2025, 1, 1))


def cells(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_docx_reads_back(evidence, tmp_path):
    data = good()
    data["costs"]["社会成本"] = {"amount": 0, "period": "2021-09至2023-08", "basis": "抽样调查"}
    e = parse(data)
    path = write_docx(tmp_path / "评估报告.docx", TITLE, e, derive(e), evidence)
    doc = Document(path)
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    indicators, money = doc.tables
    rows = cells(indicators)
    assert rows[0] == ["指标", "权重", "评分", "评估依据"]
    assert [r[0] for r in rows[1:]] == ["合法性", "合理性", "协调性", "可操作性", "实效性", "规范性", "加权得分"]
    assert rows[1][1:3] == ["2", "4"] and rows[7][2] == "4.00"
    rows = cells(money)
    assert rows[0] == ["项目", "类别", "金额（元）", "期间", "测算依据或说明"]
    by_name = {r[0]: r for r in rows[1:]}
    assert list(by_name) == ["立法成本", "执法成本", "守法成本", "社会成本", "经济效益", "社会效益",
                             "成本合计", "效益合计", "净效益", "效益成本比"]
    assert by_name["立法成本"][2] == "120,000.00" and by_name["执法成本"][2] == "85,000.50"
    assert by_name["守法成本"][2] == "未测算" and by_name["社会成本"][2] == "0.00"
    assert by_name["社会效益"][2] == "仅作描述" and by_name["社会效益"][4] == "信访量下降"
    assert by_name["成本合计"][2] == "205,000.50" and by_name["净效益"][2] == "94,999.50"
    assert by_name["效益成本比"][2] == "1.4634" and "社会效益" in by_name["效益合计"][4]
    for table in doc.tables:  # header rows repeat on each page
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "五、系统发现的证据" in text and "〔系统发现〕制定依据《中华人民共和国土地管理法》现行有效" in text
    assert "【需关注】" in text and "土地调查技术规程" in text
    assert "评估结论：修改" in text and "纠错率：12.50%" in text
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for p in doc.paragraphs for r in p.runs}
    assert fonts == {"仿宋", "黑体"}
    normal = doc.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋"
    heading = next(p for p in doc.paragraphs if p.text == "一、评估指标")
    assert heading.style.name == "Heading 1" and heading.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


def test_docx_undefined_ratio(tmp_path):
    data = good()
    data["costs"] = {}
    e = parse(data)
    doc = Document(write_docx(tmp_path / "r.docx", TITLE, e, derive(e)))
    by_name = {r[0]: r for r in cells(doc.tables[1])[1:]}
    assert by_name["成本合计"][2] == "无法计算" and by_name["效益成本比"][2] == "无法计算"
    assert by_name["净效益"][2] == "无法计算" and by_name["效益合计"][2] == "300,000.00"


def test_csv(tmp_path):
    e = parse(good())
    rows = list(csv.reader(io.StringIO(csv_text(e, derive(e)))))
    assert rows[0] == ["类别", "项目", "数值", "权重或期间", "依据或说明"]
    by = {(r[0], r[1]): r for r in rows[1:]}
    assert by[("指标", "合法性")][2:4] == ["4", "2"]
    assert by[("成本", "执法成本")][2] == "85000.50" and by[("成本", "守法成本")][4] == "未测算"
    assert by[("派生", "效益成本比")][2] == "1.4634" and by[("执法", "纠错率")][2] == "0.125"
    assert by[("结论", "修改")][4] == "征地程序条款需与实践衔接"
