"""The evaluation as an .xlsx workbook staff fill in (openpyxl): read it, or write the blank template.

Reads and writes .xlsx files; the fields are those of the JSON file (`registry.evaluation.form`).
Four sheets, each with a header row (row 1); a label may be written in Chinese or as the JSON key:

- ``基本信息`` — two columns 字段 | 值, one row per field: 版本日期 (version), 评估机关 (body),
  评估期间起 (period.from), 评估期间止 (period.to), 结论 (conclusion: 继续施行/修改/废止),
  理由 (reason), 案件数, 行政复议, 行政诉讼, 纠错率 (0..1, or a percent cell / "12.5%");
- ``指标`` — 指标 | 评分 | 权重 | 评估依据: the six indicators (技术性 is read as 规范性), score an
  integer 1..5, weight blank for 1;
- ``成本效益`` — 项目 | 金额（元） | 期间 | 测算依据 | 说明: rows 立法成本, 执法成本, 守法成本,
  社会成本 (a blank amount: the cost is missing), 经济效益, 社会效益 (an amount, or only 说明);
- ``证据来源`` — 类型 | 名称 | 日期: one row per survey, hearing or statistic (blank rows skipped).

Errors name the sheet and cell (``成本效益!B3: costs.执法成本.amount: 金额不能为负数``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from registry.evaluation.form import (
    ALIASES,
    BENEFITS,
    CONCLUSIONS,
    COSTS,
    COUNTS,
    INDICATORS,
    Evaluation,
    EvaluationError,
    parse,
)

INFO, SCORES, MONEY, SOURCES = "基本信息", "指标", "成本效益", "证据来源"
INFO_FIELDS = {"版本日期": "version", "评估机关": "body", "评估期间起": "period.from", "评估期间止": "period.to",
               "结论": "conclusion", "理由": "reason", "案件数": "enforcement.案件数", "行政复议": "enforcement.行政复议",
               "行政诉讼": "enforcement.行政诉讼", "纠错率": "enforcement.纠错率"}
HEADERS = {INFO: ("字段", "值"), SCORES: ("指标", "评分", "权重", "评估依据"),
           MONEY: ("项目", "金额（元）", "期间", "测算依据", "说明"), SOURCES: ("类型", "名称", "日期")}


def _value(cell: Any) -> Any:
    v = cell.value
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        v = v.strip()
        return v or None
    if isinstance(v, float) and "%" in (cell.number_format or ""):
        return f"{v * 100:g}%"  # a percent-formatted cell holds the fraction; keep the reading the user saw
    return v


def _set(data: dict, path: str, value: Any) -> None:
    keys = path.split(".")
    for k in keys[:-1]:
        data = data.setdefault(k, {})
    data[keys[-1]] = value


def _sheet(wb, name: str):
    if name not in wb.sheetnames:
        raise EvaluationError(name, f"缺少工作表“{name}”（现有：{'、'.join(wb.sheetnames)}）", "xlsx")
    return wb[name]


def _rows(ws):
    for row in ws.iter_rows(min_row=2):
        if any(c.value not in (None, "") for c in row):
            yield row


def read(path: str | Path) -> tuple[dict[str, Any], dict[str, str]]:
    """The workbook as the JSON file's dict, and where each field came from (field -> 'sheet!cell')."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    data: dict[str, Any] = {}
    where: dict[str, str] = {}
    info_keys = INFO_FIELDS | {v: v for v in INFO_FIELDS.values()}
    ws = _sheet(wb, INFO)
    for row in _rows(ws):
        label = str(row[0].value or "").strip()
        if label not in info_keys:
            raise EvaluationError(label, f"未知字段（可用：{'、'.join(INFO_FIELDS)}）", f"{INFO}!{row[0].coordinate}")
        cell = row[1] if len(row) > 1 else row[0]
        _set(data, info_keys[label], _value(cell))
        where[info_keys[label]] = f"{INFO}!{cell.coordinate}"
    ws = _sheet(wb, SCORES)
    for row in _rows(ws):
        name = str(row[0].value or "").strip()
        cells = (list(row) + [None] * 4)[:4]
        where[f"indicators.{name}"] = where[f"weights.{name}"] = f"{SCORES}!{row[0].coordinate}"
        item: dict[str, Any] = {"score": _value(cells[1]) if cells[1] is not None else None}
        where[f"indicators.{name}.score"] = f"{SCORES}!{cells[1].coordinate}" if cells[1] is not None else where[f"indicators.{name}"]
        if cells[3] is not None and _value(cells[3]) is not None:
            item["evidence"] = _value(cells[3])
            where[f"indicators.{name}.evidence"] = f"{SCORES}!{cells[3].coordinate}"
        data.setdefault("indicators", {})[name] = item
        if cells[2] is not None and _value(cells[2]) is not None:
            data.setdefault("weights", {})[name] = _value(cells[2])
            where[f"weights.{name}"] = f"{SCORES}!{cells[2].coordinate}"
    ws = _sheet(wb, MONEY)
    for row in _rows(ws):
        name = str(row[0].value or "").strip()
        cells = (list(row) + [None] * 5)[:5]
        vals = [_value(c) if c is not None else None for c in cells]
        where[f"costs.{name}"] = where[f"benefits.{name}"] = f"{MONEY}!{row[0].coordinate}"
        if name in COSTS:
            if all(v is None for v in vals[1:4]):
                continue  # the cost is missing
            _set(data, f"costs.{name}", {"amount": vals[1], "period": vals[2], "basis": vals[3]})
            for i, key in ((1, "amount"), (2, "period"), (3, "basis")):
                if cells[i] is not None:
                    where[f"costs.{name}.{key}"] = f"{MONEY}!{cells[i].coordinate}"
        elif name in BENEFITS:
            if vals[1] is None and vals[4] is None:
                continue
            item = {k: v for k, v in (("amount", vals[1]), ("description", vals[4])) if v is not None}
            _set(data, f"benefits.{name}", item)
            if cells[1] is not None:
                where[f"benefits.{name}.amount"] = f"{MONEY}!{cells[1].coordinate}"
        else:
            raise EvaluationError(name, f"未知项目（可用：{'、'.join(COSTS + BENEFITS)}）", f"{MONEY}!{row[0].coordinate}")
    if SOURCES in wb.sheetnames:
        sources = []
        for row in _rows(wb[SOURCES]):
            cells = (list(row) + [None] * 3)[:3]
            i = len(sources)
            sources.append({"kind": _value(cells[0]), "title": _value(cells[1]) if cells[1] is not None else None,
                            "date": _value(cells[2]) if cells[2] is not None else None})
            where[f"sources[{i}]"] = f"{SOURCES}!A{row[0].row}"
            for j, key in enumerate(("kind", "title", "date")):
                if cells[j] is not None:
                    where[f"sources[{i}].{key}"] = f"{SOURCES}!{cells[j].coordinate}"
        data["sources"] = sources
    return data, where


def _locate(field_name: str, where: dict[str, str]) -> str:
    path = field_name
    while path:
        if path in where:
            return where[path]
        path = path.rsplit(".", 1)[0] if "." in path else ""
    head = field_name.split(".")[0]
    return {"indicators": SCORES, "weights": SCORES, "costs": MONEY, "benefits": MONEY, "sources": SOURCES}.get(head, INFO)


def load_xlsx(path: str | Path) -> Evaluation:
    """Read and validate a workbook; an error names the sheet and cell it found wrong."""
    data, where = read(path)
    try:
        return parse(data)
    except EvaluationError as exc:
        raise EvaluationError(exc.field, exc.message, _locate(exc.field, where)) from None


def write_template(path: str | Path, version: str = "", body: str = "") -> Path:
    """A blank workbook with the four sheets, the row labels, and checks on 评分 (1..5) and 结论."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    wb.remove(wb.active)
    for name, header in HEADERS.items():
        ws = wb.create_sheet(name)
        ws.append(list(header))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for col, width in zip("ABCDE", (14, 16, 24, 40, 40)):
            ws.column_dimensions[col].width = width
    info = wb[INFO]
    for label in INFO_FIELDS:
        info.append([label, {"版本日期": version or None, "评估机关": body or None}.get(label)])
    conclusion = DataValidation(type="list", formula1=f'"{",".join(CONCLUSIONS)}"', allow_blank=False)
    info.add_data_validation(conclusion)
    conclusion.add(f"B{list(INFO_FIELDS).index('结论') + 2}")
    scores = wb[SCORES]
    for name in INDICATORS:
        scores.append([name, None, 1, None])
    score_check = DataValidation(type="whole", operator="between", formula1="1", formula2="5",
                                 error="评分应为 1 至 5 的整数", showErrorMessage=True)
    scores.add_data_validation(score_check)
    score_check.add(f"B2:B{len(INDICATORS) + 1}")
    money = wb[MONEY]
    for name in COSTS + BENEFITS:
        money.append([name])
    out = Path(path)
    wb.save(out)
    return out


__all__ = ["load_xlsx", "read", "write_template", "ALIASES", "COUNTS"]
