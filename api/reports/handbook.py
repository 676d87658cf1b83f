"""The 执法手册 as Word: a table of contents (a TOC field), then one heading per norm in order of
效力位阶 and one entry per provision with its full citation, its role, amounts and the higher
provision it implements. Reads the dict `registry.handbook.build` returns."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from api.reports.word import HEADING_FONT, a4_document, heading, para, toc


def handbook_document(h: dict[str, Any]):
    doc = a4_document()
    para(doc, f"{h['topic']}执法手册", HEADING_FONT, align=WD_ALIGN_PARAGRAPH.CENTER).runs[0].font.size = Pt(20)
    para(doc, f"适用日期：{h['at']}（收录该日施行的规定）", align=WD_ALIGN_PARAGRAPH.CENTER)
    heading(doc, "目录")
    toc(doc)
    for n in h["norms"]:
        heading(doc, f"《{n['title']}》（{n['level']}，{n['version_date']}文本）")
        for e in n["provisions"]:
            heading(doc, f"{e['label']}　{'、'.join(e['roles'])}", 2)
            para(doc, e["text"])
            para(doc, f"引用：{e['citation']}")
            for i in e["implements"]:
                para(doc, f"实施的上位法条文：《{i['title']}》{i['label']}（{i['version_date']}文本）")
    if not h["norms"]:
        para(doc, "该日没有施行中的相关规定。")
    return doc


def write_docx(path, h: dict[str, Any]):
    handbook_document(h).save(path)
    return path
