"""The clean-up decision in the official form (.docx) and the list as CSV.

Reads a campaign as `registry.cleanup.campaigns.show_json` gives it; writes a Word file
(A4; the title, a short preamble, then one annex per opinion — 附件1 决定废止的…目录,
附件2 决定宣布失效的…目录, 附件3 决定修改的…目录, 附件4 继续有效的…目录 — each a table
序号, 名称, 文号, 清理意见, 理由 whose header row repeats on every page; 仿宋 for text and
宋体 in tables, 黑体 for headings, set as East Asian fonts on every run) or CSV text.
Only decided proposals are published: an undecided one is not yet an opinion.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from api.reports.word import east_asian

BODY_FONT, TABLE_FONT, HEADING_FONT = "仿宋", "宋体", "黑体"
COLUMNS = ("序号", "名称", "文号", "清理意见", "理由")
ANNEXES = (("废止", "决定废止的{kind}目录"), ("宣布失效", "决定宣布失效的{kind}目录"),
           ("修改", "决定修改的{kind}目录"), ("继续有效", "继续有效的{kind}目录"))


def decided(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in data["proposals"] if p.get("decision")]


def kind_of(data: dict[str, Any]) -> str:
    levels = data.get("scope", {}).get("levels") or []
    if not levels:
        return "规章和规范性文件"
    return "和".join(levels) if len(levels) <= 2 else "、".join(levels[:-1]) + "和" + levels[-1]


def reason_text(p: dict[str, Any]) -> str:
    """理由 as the list prints it: the decision's note where the person overrode, else the reasons."""
    dec = p.get("decision") or {}
    parts = [r["text"] for r in p["reasons"]]
    text = "；".join(parts[:4]) + ("等" if len(parts) > 4 else "")
    if dec.get("opinion") and dec["opinion"] != p["opinion"]:
        return dec.get("note") or text
    if not parts:
        return dec.get("note") or "符合上位法规定，仍适应实际需要"
    return text


def rows_by_opinion(data: dict[str, Any]) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = {op: [] for op, _ in ANNEXES}
    for p in decided(data):
        op = p["decision"]["opinion"]
        out.setdefault(op, []).append([str(len(out[op]) + 1), p["title"], p.get("doc_number") or "", op,
                                       reason_text(p)])
    return out



def _run(paragraph, text: str, font: str, size: float, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold = font, Pt(size), bold
    east_asian(run._element.get_or_add_rPr(), font)
    return run


def _styles(doc) -> None:
    for style_name, name, size in (("Normal", BODY_FONT, 16), ("Heading 1", HEADING_FONT, 22),
                                   ("Heading 2", HEADING_FONT, 16)):
        style = doc.styles[style_name]
        style.font.name, style.font.size = name, Pt(size)
        east_asian(style.element.get_or_add_rPr(), name)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def document(data: dict[str, Any], title: str | None = None):
    """The decision as a python-docx Document."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _styles(doc)
    kind = kind_of(data)
    title = title or _title(data)
    head = doc.add_heading(level=1)
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, title, HEADING_FONT, 22)
    rows = rows_by_opinion(data)
    counts = "，".join(f"{'' if op == '继续有效' else '决定'}{op}{len(rows[op])}件" for op, _ in ANNEXES if rows[op])
    date = data.get("decision_date") or "（决定日期）"
    pre = doc.add_paragraph()
    pre.paragraph_format.first_line_indent = Pt(32)
    _run(pre, f"为维护社会主义法制统一，根据立法法和有关规定，对截至{data['as_of']}的{kind}进行了清理。"
              f"经清理，{counts or '无需处理的规范'}。现将清理结果公布如下，自{date}起施行。", BODY_FONT, 16)
    for n, (op, label) in enumerate(ANNEXES, start=1):
        heading = doc.add_heading(level=2)
        _run(heading, f"附件{n}　{label.format(kind=kind)}", HEADING_FONT, 16)
        table = doc.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, COLUMNS):
            cell.text = ""
            _run(cell.paragraphs[0], name, HEADING_FONT, 12)
        _repeat_header(table.rows[0])
        for values in rows[op]:
            cells = table.add_row().cells
            for cell, value in zip(cells, values):
                cell.text = ""
                _run(cell.paragraphs[0], value, TABLE_FONT, 10.5)
    return doc


def _title(data: dict[str, Any]) -> str:
    name = data["name"].removesuffix("结果")
    return f"关于{name}结果的决定" if name.endswith("清理") else f"关于{name}清理结果的决定"


def write_docx(data: dict[str, Any], path: str | Path) -> int:
    """Write the decision; returns the number of decisions in its annexes."""
    document(data).save(str(path))
    return len(decided(data))


def docx_bytes(data: dict[str, Any]) -> bytes:
    buf = io.BytesIO()
    document(data).save(buf)
    return buf.getvalue()


def csv_text(data: dict[str, Any], all_proposals: bool = False) -> str:
    """序号, 名称, 文号, 清理意见, 理由 (and the work id, the proposed opinion, the state) per decision."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(list(COLUMNS) + ["建议意见", "状态", "规范标识", "理由类型"])
    rows = data["proposals"] if all_proposals else decided(data)
    for n, p in enumerate(rows, start=1):
        opinion = (p.get("decision") or {}).get("opinion") or p["opinion"]
        w.writerow([n, p["title"], p.get("doc_number") or "", opinion, reason_text(p), p["opinion"], p["state"],
                    p["work_id"], " ".join(dict.fromkeys(r["kind"] for r in p["reasons"]))])
    return buf.getvalue()
