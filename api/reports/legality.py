"""The 审核意见书 of a legality review as Word: findings grouped 主体 / 权限 / 依据 / 内容 / 形式,
each with the provision, the rule, the evidence and a suggested wording. Reads a `ReviewReport`."""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from api.reports.word import HEADING_FONT, a4_document, heading, para, table
from registry.core.ids import pid_label
from registry.legality import ReviewReport

NUMBERS = "一二三四五"
HEADER = ("序号", "条款", "问题", "依据规则", "修改建议")


def review_document(r: ReviewReport):
    doc = a4_document()
    para(doc, "合法性审核意见书", HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER).runs[0].font.size = Pt(20)
    para(doc, f"审核对象：《{r.title}》（{r.level}）")
    para(doc, f"制定机关：{r.organ}")
    para(doc, f"审核基准日：{r.as_of.isoformat()}　　条文数：{r.articles}　　发现问题：{len(r.findings)}项")
    for i, (group, items) in enumerate(r.grouped().items()):
        heading(doc, f"{NUMBERS[i]}、{group}")
        if not items:
            para(doc, "未发现问题。")
            continue
        rows = [(str(n), pid_label(f.provision) if f.provision else "全文", f.text, f.rule, f.suggestion)
                for n, f in enumerate(items, start=1)]
        table(doc, HEADER, rows)
    heading(doc, "审核结论")
    para(doc, "经审核，未发现合法性问题，建议按程序发布。" if not r.findings else
         f"经审核，草案存在以上{len(r.findings)}项问题，建议修改后重新报送审核。", bold=True)
    para(doc, "本意见书由 lexreg 依据库中规范自动生成，供审核人员核对后签署。")
    return doc


def write_docx(path, r: ReviewReport):
    review_document(r).save(path)
    return path


def docx_bytes(r: ReviewReport) -> bytes:
    buf = io.BytesIO()
    review_document(r).save(buf)
    return buf.getvalue()
