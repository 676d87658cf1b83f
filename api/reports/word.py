"""What every Word output shares: an A4 document with East Asian fonts set, paragraphs,
headings, tables with repeated header rows, and a table-of-contents field.

Writes python-docx objects; the report modules (evaluation, legality review, handbook) build
on these so every document staff print looks the same (仿宋 body, 黑体 headings).
"""

from __future__ import annotations

import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_FONT, HEADING_FONT = "仿宋", "黑体"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"  # the Word media type (api.http.deps re-uses it)


def east_asian(rpr, name: str) -> None:
    """Set every script's font of `rpr` to `name` (python-docx's font.name sets only the Latin one):
    the one home of this rule for every Word output."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)


def font(run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = name
    east_asian(run._element.get_or_add_rPr(), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def a4_document():
    """A blank A4 document (公文 margins) whose styles use 仿宋/黑体 for every script."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(37)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    for style_name, name, size in (("Normal", BODY_FONT, 12), ("Heading 1", HEADING_FONT, 16),
                                   ("Heading 2", HEADING_FONT, 14), ("Heading 3", HEADING_FONT, 12),
                                   ("Title", HEADING_FONT, 20)):
        style = doc.styles[style_name]
        style.font.name, style.font.size = name, Pt(size)
        east_asian(style.element.get_or_add_rPr(), name)
    return doc


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    r"""Text Word can hold: control characters (which a typed topic or a damaged source may carry)
    are dropped, since a .docx cannot store them.

    >>> xml_safe("非法" + chr(0) + "占用" + chr(0x1f) + "土地")
    '非法占用土地'
    """
    return _NOT_XML.sub("", text)


def para(doc, text: str, face: str = BODY_FONT, bold: bool = False, align=None):
    p = doc.add_paragraph()
    font(p.add_run(xml_safe(text)), face, bold=bold)
    if align is not None:
        p.alignment = align
    return p


def heading(doc, text: str, level: int = 1):
    h = doc.add_heading(level=level)
    font(h.add_run(xml_safe(text)), HEADING_FONT, {1: 16, 2: 14}.get(level, 12))
    return h


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def table(doc, header: tuple[str, ...], rows: list[tuple[str, ...]]):
    t = doc.add_table(rows=1, cols=len(header))
    t.style = "Table Grid"
    for cell, text in zip(t.rows[0].cells, header):
        cell.text = ""
        font(cell.paragraphs[0].add_run(xml_safe(text)), HEADING_FONT, 11)
    repeat_header(t.rows[0])
    for values in rows:
        for cell, text in zip(t.add_row().cells, values):
            cell.text = ""
            font(cell.paragraphs[0].add_run(xml_safe(str(text))), BODY_FONT, 11)
    return t


def toc(doc, levels: str = "1-2") -> None:
    """A 目录 field Word fills in on opening (F9 / 更新域); the placeholder text says so."""
    p = doc.add_paragraph()
    parts = [("begin", None), (None, f'TOC \\o "{levels}" \\h \\z \\u'), ("separate", None)]
    for kind, instr in parts:
        run = p.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                el.set(qn("w:dirty"), "true")
            run._r.append(el)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = instr
            run._r.append(el)
    font(p.add_run("（目录：在 Word 中右键“更新域”生成）"), BODY_FONT)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    p.add_run()._r.append(end)
