"""The evaluation report as Word (python-docx) and CSV: an interface output of the stored evaluation.

Reads an `Evaluation`, its `Derived` figures and the `MachineEvidence`; writes a .docx (A4, 仿宋
body and 黑体 headings with the East Asian font set on every run, the indicator table and the
cost-benefit table with their header rows repeated on each page, the machine-found evidence and
the conclusion) or CSV text (one row per indicator, cost, benefit, derived figure and
enforcement figure). Undefined figures print as “无法计算”, missing costs as “未测算”.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from api.reports.word import HEADING_FONT, a4_document
from api.reports.word import heading as _heading
from api.reports.word import para as _para
from api.reports.word import table as _table
from registry.evaluation.derived import Derived
from registry.evaluation.evidence import MachineEvidence
from registry.evaluation.form import BENEFITS, COSTS, ENFORCEMENT, INDICATORS, Evaluation

INDICATOR_HEADER = ("指标", "权重", "评分", "评估依据")
MONEY_HEADER = ("项目", "类别", "金额（元）", "期间", "测算依据或说明")
UNDEFINED = "无法计算"


def money(d: Decimal | None) -> str:
    """120000 -> 120,000.00; None -> 无法计算."""
    return UNDEFINED if d is None else f"{d:,.2f}"


def indicator_rows(e: Evaluation, d: Derived) -> list[tuple[str, ...]]:
    rows = [(k, f"{e.weights[k].normalize():f}", str(i.score), i.evidence) for k, i in e.indicators.items()]
    return rows + [("加权得分", "", f"{d.weighted_score:f}", "按权重加权平均，保留两位小数")]


def money_rows(e: Evaluation, d: Derived) -> list[tuple[str, ...]]:
    rows = []
    for k in COSTS:
        c = e.costs.get(k)
        rows.append((k, "成本", money(c.amount), c.period, c.basis) if c else (k, "成本", "未测算", "", ""))
    for k in BENEFITS:
        b = e.benefits.get(k)
        if b is None:
            rows.append((k, "效益", "未测算", "", ""))
        else:
            rows.append((k, "效益", money(b.amount) if b.amount is not None else "仅作描述", "", b.description))
    ratio = UNDEFINED if d.benefit_cost_ratio is None else f"{d.benefit_cost_ratio:f}"
    note = f"未量化的效益：{'、'.join(d.unquantified_benefits)}" if d.unquantified_benefits else ""
    missing = f"未测算的成本：{'、'.join(d.missing_costs)}" if d.missing_costs else ""
    rows += [("成本合计", "派生", money(d.total_cost), "", missing), ("效益合计", "派生", money(d.total_benefit), "", note),
             ("净效益", "派生", money(d.net_benefit), "", "效益合计减成本合计"),
             ("效益成本比", "派生", ratio, "", "效益合计除以成本合计，保留四位小数；成本缺失或为零时无法计算")]
    return rows


def evaluation_document(title: str, e: Evaluation, d: Derived, evidence: MachineEvidence | None = None):
    doc = a4_document()
    _para(doc, f"《{title}》立法后评估报告", HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER).runs[0].font.size = Pt(20)
    _para(doc, f"评估对象：《{title}》（{e.version.isoformat()}版本）")
    _para(doc, f"评估机关：{e.body}")
    _para(doc, f"评估期间：{e.period_from.isoformat()}至{e.period_to.isoformat()}")
    _heading(doc, "一、评估指标")
    _table(doc, INDICATOR_HEADER, indicator_rows(e, d))
    _heading(doc, "二、成本效益分析")
    _table(doc, MONEY_HEADER, money_rows(e, d))
    _heading(doc, "三、执法情况")
    if e.enforcement:
        for k in ENFORCEMENT:
            if k in e.enforcement:
                v = e.enforcement[k]
                _para(doc, f"{k}：{f'{v * 100:.2f}%' if k == '纠错率' else v}")
    else:
        _para(doc, "未填报执法数据。")
    _heading(doc, "四、证据来源")
    for s in e.sources or []:
        _para(doc, f"{s.date.isoformat()}　{s.kind + '：' if s.kind else ''}{s.title}")
    if not e.sources:
        _para(doc, "未列明证据来源。")
    _heading(doc, "五、系统发现的证据")
    if evidence is None:
        _para(doc, "未检索系统证据。")
    else:
        _para(doc, f"以下内容由系统根据库中数据自动发现（截至{evidence.as_of.isoformat()}），供评估人员核对。")
        groups = evidence.by_indicator()
        for k in INDICATORS:
            if k in groups:
                _heading(doc, k, 2)
                for item in groups[k]:
                    _para(doc, f"〔系统发现〕{'' if item.ok else '【需关注】'}{item.text}")
    _heading(doc, "六、评估结论")
    _para(doc, f"评估结论：{e.conclusion}", bold=True)
    if e.reason:
        _para(doc, f"理由：{e.reason}")
    return doc


def write_docx(path: str | Path, title: str, e: Evaluation, d: Derived, evidence: MachineEvidence | None = None) -> Path:
    out = Path(path)
    evaluation_document(title, e, d, evidence).save(out)
    return out


def docx_bytes(title: str, e: Evaluation, d: Derived, evidence: MachineEvidence | None = None) -> bytes:
    buf = io.BytesIO()
    evaluation_document(title, e, d, evidence).save(buf)
    return buf.getvalue()


CSV_HEADER = ("类别", "项目", "数值", "权重或期间", "依据或说明")


def csv_text(e: Evaluation, d: Derived) -> str:
    """The evaluation as CSV (UTF-8; write it with a BOM, encoding='utf-8-sig', for Excel)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_HEADER)
    for k, i in e.indicators.items():
        w.writerow(("指标", k, i.score, f"{e.weights[k].normalize():f}", i.evidence))
    w.writerow(("派生", "加权得分", f"{d.weighted_score:f}", "", ""))
    for k in COSTS:
        c = e.costs.get(k)
        w.writerow(("成本", k, f"{c.amount:f}" if c else "", c.period if c else "", c.basis if c else "未测算"))
    for k in BENEFITS:
        b = e.benefits.get(k)
        w.writerow(("效益", k, f"{b.amount:f}" if b and b.amount is not None else "", "",
                    (b.description if b else "未测算")))
    for k, v in (("成本合计", d.total_cost), ("效益合计", d.total_benefit), ("净效益", d.net_benefit),
                 ("效益成本比", d.benefit_cost_ratio)):
        w.writerow(("派生", k, "" if v is None else f"{v:f}", "", UNDEFINED if v is None else ""))
    for k, v in e.enforcement.items():
        w.writerow(("执法", k, f"{v:f}" if isinstance(v, Decimal) else v, "", ""))
    w.writerow(("结论", e.conclusion, "", "", e.reason))
    return buf.getvalue()
