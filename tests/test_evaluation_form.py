"""The evaluation file: validation errors name the field (and, from .xlsx, the sheet and cell);
a workbook built with openpyxl loads into the same evaluation as its JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from registry.evaluation import INDICATORS, EvaluationError, derive, load_json, parse, to_json
from registry.evaluation.sheet import load_xlsx, write_template


def good() -> dict:
    return {"version": "2021-07-02", "body": "某省自然资源厅",
            "period": {"from": "2021-09-01", "to": "2023-08-31"},
            "indicators": {k: {"score": 4, "evidence": f"{k}依据"} for k in INDICATORS},
            "weights": {"合法性": 2},
            "costs": {"立法成本": {"amount": 120000, "period": "2020年", "basis": "起草经费决算"},
                      "执法成本": {"amount": "85000.50", "period": "2021-09至2023-08", "basis": "执法经费"}},
            "benefits": {"经济效益": {"amount": 300000}, "社会效益": {"description": "信访量下降"}},
            "enforcement": {"案件数": 52, "行政复议": 3, "行政诉讼": 1, "纠错率": "12.5%"},
            "sources": [{"kind": "问卷调查", "title": "基层国土所问卷", "date": "2023-05-10"}],
            "conclusion": "修改", "reason": "征地程序条款需与实践衔接"}


def broken(path: str, value) -> dict:
    data = good()
    keys = path.split(".")
    target = data
    for k in keys[:-1]:
        target = target[k]
    if value is KeyError:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return data


@pytest.mark.parametrize("path,value,field,words", [
    ("indicators.合理性.score", 6, "indicators.合理性.score", "1 至 5"),
    ("indicators.合理性.score", 3.5, "indicators.合理性.score", "整数"),
    ("indicators.实效性", KeyError, "indicators.实效性", "缺少"),
    ("costs.执法成本.amount", -1, "costs.执法成本.amount", "负数"),
    ("costs.执法成本.amount", "12.345", "costs.执法成本.amount", "两位小数"),
    ("costs.执法成本.basis", "", "costs.执法成本.basis", "必填"),
    ("costs.其他成本", {"amount": 1}, "costs.其他成本", "未知字段"),
    ("benefits.社会效益", {}, "benefits.社会效益", "金额"),
    ("enforcement.纠错率", 12.5, "enforcement.纠错率", "12.5%"),
    ("enforcement.纠错率", "150%", "enforcement.纠错率", "0 至 1"),
    ("enforcement.案件数", -3, "enforcement.案件数", "非负整数"),
    ("sources.0.date", "2023/05/10", "sources[0].date", "YYYY-MM-DD"),
    ("period.to", "2020-01-01", "period.to", "早于"),
    ("conclusion", "暂缓", "conclusion", "继续施行"),
    ("weights", {k: 0 for k in INDICATORS}, "weights", "全部为零"),
])
def test_validation_names_the_field(path, value, field, words):
    data = good()
    if path.startswith("sources.0."):
        data["sources"][0]["date"] = value
    else:
        data = broken(path, value)
    with pytest.raises(EvaluationError) as info:
        parse(data)
    assert info.value.field == field
    assert words in str(info.value)


def test_percent_rate_alias_and_defaults():
    data = good()
    data["indicators"]["技术性"] = data["indicators"].pop("规范性")
    e = parse(data)
    assert list(e.indicators) == list(INDICATORS) and e.indicators["规范性"].evidence == "规范性依据"
    assert e.enforcement["纠错率"] == Decimal("0.125")
    assert e.weights["合法性"] == 2 and e.weights["合理性"] == 1
    assert e.costs["执法成本"].amount == Decimal("85000.50")
    both = good()
    both["indicators"]["技术性"] = {"score": 3}
    with pytest.raises(EvaluationError, match="同一指标"):
        parse(both)


def test_json_file_keeps_money_exact(tmp_path):
    data = good()
    data["costs"]["执法成本"]["amount"] = 0.1
    data["costs"]["立法成本"]["amount"] = 0.2
    path = tmp_path / "eval.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    d = derive(load_json(path))
    assert d.total_cost == Decimal("0.3")  # not 0.30000000000000004
    bad = tmp_path / "bad.json"
    bad.write_text("{\"version\": ", encoding="utf-8")
    with pytest.raises(EvaluationError, match="JSON"):
        load_json(bad)


def fill(path, data: dict) -> None:
    """Fill the template the way a member of staff would, from a JSON evaluation."""
    wb = load_workbook(path)
    info = wb["基本信息"]
    values = {"版本日期": data["version"], "评估机关": data["body"],
              "评估期间起": dt.date.fromisoformat(data["period"]["from"]),  # a real date cell
              "评估期间止": data["period"]["to"], "结论": data["conclusion"], "理由": data["reason"]}
    values |= {k: v for k, v in data["enforcement"].items() if k != "纠错率"}
    for row in info.iter_rows(min_row=2):
        label = row[0].value
        if label == "纠错率":
            row[1].value, row[1].number_format = 0.125, "0.0%"
        elif label in values:
            row[1].value = values[label]
    for row in wb["指标"].iter_rows(min_row=2):
        item = data["indicators"][row[0].value]
        row[1].value, row[3].value = item["score"], item["evidence"]
        row[2].value = data["weights"].get(row[0].value, 1)
    for row in wb["成本效益"].iter_rows(min_row=2):
        name = row[0].value
        if name in data["costs"]:
            c = data["costs"][name]
            row[1].value, row[2].value, row[3].value = float(c["amount"]), c["period"], c["basis"]
        elif name in data["benefits"]:
            b = data["benefits"][name]
            row[1].value, row[4].value = b.get("amount"), b.get("description")
    src = wb["证据来源"]
    for s in data["sources"]:
        src.append([s["kind"], s["title"], dt.date.fromisoformat(s["date"])])
    wb.save(path)


def test_sheet_loads_like_the_json(tmp_path):
    path = write_template(tmp_path / "eval.xlsx", "2021-07-02", "某省自然资源厅")
    assert load_workbook(path).sheetnames == ["基本信息", "指标", "成本效益", "证据来源"]
    fill(path, good())
    assert to_json(load_xlsx(path)) == to_json(parse(good()))


@pytest.mark.parametrize("sheet,cell,value,where,field", [
    ("指标", "B3", 7, "指标!B3", "indicators.合理性.score"),
    ("指标", "B4", None, "指标!B4", "indicators.协调性.score"),
    ("成本效益", "B3", -100, "成本效益!B3", "costs.执法成本.amount"),
    ("成本效益", "D2", None, "成本效益!D2", "costs.立法成本.basis"),
    ("基本信息", "B11", 3, "基本信息!B11", "enforcement.纠错率"),
    ("基本信息", "B6", "暂缓", "基本信息!B6", "conclusion"),
    ("证据来源", "C2", "五月", "证据来源!C2", "sources[0].date"),
])
def test_sheet_errors_name_sheet_and_cell(tmp_path, sheet, cell, value, where, field):
    path = write_template(tmp_path / "eval.xlsx")
    fill(path, good())
    wb = load_workbook(path)
    wb[sheet][cell].value = value
    wb[sheet][cell].number_format = "General"
    wb.save(path)
    with pytest.raises(EvaluationError) as info:
        load_xlsx(path)
    assert (info.value.where, info.value.field) == (where, field)
    assert str(info.value).startswith(f"{where}: {field}: ")


def test_sheet_missing_or_unknown(tmp_path):
    path = write_template(tmp_path / "eval.xlsx")
    fill(path, good())
    wb = load_workbook(path)
    wb["成本效益"].append(["宣传成本", 100])
    wb.save(path)
    with pytest.raises(EvaluationError, match="成本效益!A8: 宣传成本: 未知项目"):
        load_xlsx(path)
    del wb["指标"]
    wb.save(path)
    with pytest.raises(EvaluationError, match="缺少工作表“指标”"):
        load_xlsx(path)
