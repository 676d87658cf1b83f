"""Word reports: the 新旧对照表 of two versions (python-docx).

Layout legal staff expect: a header naming the work, the two versions and the
decision(s) between them, then a two-column table 修改前 / 修改后 with one row
per changed article; deleted words are struck through on the left, inserted
words bold and underlined on the right; an added article has an empty left
cell, a deleted one an empty right cell. Articles only renumbered are counted
in the header, not listed (they would bury the changes). Rewritten articles stand
opposite the article they replace and a deleted article keeps its old place
(the row order `registry.comparison.compare.diff_versions` gives); a renumbered
article says so under its label. The page is A4 with 宋体 set as the East
Asian font (w:eastAsia) and the header row repeats on every page.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from api.reports.word import east_asian
from registry.comparison.compare import ProvisionChange, word_segments
from registry.comparison.views import WorkDiff
from registry.core.wording import book_title, nested_marks

BEFORE, AFTER = "修改前", "修改后"
EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _a4(doc) -> None:
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)


def set_east_asian_font(style_or_run, name: str = EAST_ASIAN_FONT) -> None:
    """Set w:rFonts/@w:eastAsia (python-docx's font.name sets only the Latin font)."""
    rpr = style_or_run.element.get_or_add_rPr()
    latin = getattr(getattr(style_or_run, "font", None), "name", None)
    east_asian(rpr, name)
    if latin:  # the 对照表 keeps its Latin font; only the East Asian one is set here
        for attr in ("w:ascii", "w:hAnsi", "w:cs"):
            rpr.find(qn("w:rFonts")).set(qn(attr), latin)


def _fonts(doc) -> None:
    for style_name in ("Normal", "Heading 1", "Table Grid"):
        style = doc.styles[style_name]
        if style_name != "Table Grid":
            style.font.name = LATIN_FONT
        set_east_asian_font(style)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    trpr.append(flag)


def diff_document(diff: WorkDiff):
    """The 对照表 as a python-docx Document."""
    doc = Document()
    _a4(doc)
    _fonts(doc)
    doc.add_heading(f"{book_title(diff.work.title)}新旧对照表", level=1)
    doc.add_paragraph(f"修改前：{diff.old.version_date.isoformat()} 版本　　修改后：{diff.new.version_date.isoformat()} 版本")
    for decision in diff.decisions:
        doc.add_paragraph(f"依据：{nested_marks(decision)}")
    s = diff.summary()
    doc.add_paragraph(f"修改 {s['modified']} 条，增加 {s['added']} 条，删去 {s['removed']} 条；"
                      f"另有 {diff.renumbered_only} 条仅条文序号调整。")
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = BEFORE, AFTER
    _repeat_header(table.rows[0])
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in diff.changed:
        cells = table.add_row().cells
        _fill(cells[0], cells[1], row)
    return doc


def _fill(left, right, row: ProvisionChange) -> None:
    if row.status == "added":
        left.paragraphs[0].add_run("（新增条文）").italic = True
        _plain(right, row.new_label, [(row.new_text, True)], mark="insert")
        return
    if row.status == "removed":
        _plain(left, row.old_label, [(row.old_text, True)], mark="delete")
        right.paragraphs[0].add_run(f"（删去{row.old_label}）").italic = True
        return
    old, new = word_segments(row.old_text, row.new_text)
    _plain(left, row.old_label, old, mark="delete")
    _plain(right, row.new_label, new, mark="insert")
    if row.renumbered:
        note = right.add_paragraph().add_run(f"（原{row.old_label}，条文序号调整）")
        note.italic = True
        note.font.size = Pt(9)


def _plain(cell, label: str, segments: list[tuple[str, bool]], mark: str) -> None:
    """Write label + text into a cell, one Word paragraph per 款, marking the changed runs."""
    para = cell.paragraphs[0]
    head = para.add_run(label + "　")
    head.bold = True
    set_east_asian_font(head)
    for text, changed in segments:
        parts = text.split("\n")
        for k, part in enumerate(parts):
            if k:
                para = cell.add_paragraph()
            if not part:
                continue
            run = para.add_run(part)
            run.font.size = Pt(10.5)
            set_east_asian_font(run)
            if changed and mark == "delete":
                run.font.strike = True
            elif changed:
                run.bold = True
                run.underline = True


def write_diff_docx(diff: WorkDiff, path: str | Path) -> Path:
    path = Path(path)
    diff_document(diff).save(str(path))
    return path


def diff_docx_bytes(diff: WorkDiff) -> bytes:
    buf = BytesIO()
    diff_document(diff).save(buf)
    return buf.getvalue()
