"""Golden parser tests: a real text in, the expected JSON out.

Regenerate after an intended parser change with
    .venv/bin/python -m pytest tests/test_golden_parse.py --regen-golden
and read the diff of tests/golden/parse/ before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.manifest import load_sidecar
from ingest.pipeline import parse_bytes, parse_path

GOLDEN = Path(__file__).parent / "golden" / "parse"

CASES = {
    # name: (path in the shared corpus, what it covers)
    "law_with_books": ("laws/法律/诉讼与非诉讼程序法/刑事诉讼法(2018-10-26).md", "法律 with 编/章/节"),
    "land_law_2019": ("chains/中华人民共和国土地管理法/2019-08-26.md", "法律, LawRefBook header, wrapped 题注 line"),
    "land_law_2004_flk": ("chains/中华人民共和国土地管理法/2004-08-28.md", "whthomas YAML front matter, 目录, 题注"),
    "admin_reg": ("laws/行政法规/土地管理法实施条例(2021-07-02).md", "行政法规"),
    "admin_reg_2014_flk": ("chains/中华人民共和国土地管理法实施条例/2014-07-29.md", "行政法规, half-width (一)"),
    "judicial_interp": ("laws/司法解释/最高人民法院关于审理矿业权纠纷案件适用法律若干问题的解释(2020-12-29).md",
                        "司法解释"),
    "judicial_interp_one_paragraph": (
        "laws/司法解释/最高人民检察院关于构成嫖宿幼女罪主观上是否需要具备明知要件的解释(2001-06-11).md",
        "a 解释 with no numbering at all"),
    "local_reg": ("laws/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md", "地方性法规, no chapters"),
    "dept_rule": ("laws/部门规章/公安部/公安机关适用继续盘问规定(2004-07-12).md", "部门规章"),
    "notice_2008": ("laws/规范性文件/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知(2008-12-06).txt",
                    "规范性文件 numbered 一、/（一）, 文号, 主送机关, signing date"),
    "civil_code_part": ("laws/法律/民法典/继承编.md", "one part of a norm split across files"),
    "amending_decision": ("chains/_decisions/2022-12-30_decision_全国人民代表大会常务委员会关于修改《中华人民共和国对外贸易法》的决定.md",
                          "修改决定 (flk)"),
    "constitution_amendment": ("laws/法律/宪法/宪法修正案（2018年）.md", "宪法修正案"),
}


def draft_json(draft, base: Path | None = None) -> dict:
    data = draft.to_json()
    if base is not None:  # warnings name the file: keep the golden files free of where the corpus lies
        data["warnings"] = [w.replace(f"{base}/", "") for w in data["warnings"]]
    data["source"] = {"format": draft.source.format, "encoding": draft.source.encoding,
                      "sha256": draft.source.sha256}
    return data


def check(name: str, data: dict, regen: bool) -> None:
    path = GOLDEN / f"{name}.json"
    if regen:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run with --regen-golden"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert data == expected


@pytest.fixture(scope="module")
def sidecar(shared_corpus):
    return load_sidecar(shared_corpus / "manifest.csv")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name, shared_corpus, sidecar, regen_golden):
    rel, _what = CASES[name]
    path = shared_corpus / rel
    assert path.is_file(), path
    draft = parse_path(path, sidecar.get(path))
    check(name, draft_json(draft, shared_corpus), regen_golden)


def docx_from_markdown(md_text: str) -> bytes:
    """A Word file as a ministry would type it: title, header lines, chapter headings
    as Heading 2, 款 as paragraphs, and a table at the end (which must not become text of an article)."""
    import io

    from docx import Document

    doc = Document()
    for line in md_text.split("\n"):
        line = line.strip()
        if not line or line == "<!-- INFO END -->":
            continue
        if line.startswith("# "):
            doc.add_heading(line[2:], level=1)
        elif line.startswith("## "):
            doc.add_heading(line[3:], level=2)
        else:
            doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_docx_parses_like_its_markdown(shared_corpus, sidecar, regen_golden):
    rel = CASES["local_reg"][0]
    md_path = shared_corpus / rel
    data = docx_from_markdown(md_path.read_text(encoding="utf-8"))
    draft = parse_bytes(data, "上海市不动产登记若干规定.docx")
    from_md = parse_path(md_path)
    assert [(p.pid, p.text) for p in draft.provisions] == [(p.pid, p.text) for p in from_md.provisions]
    assert (draft.title, draft.version_date, draft.organ) == (from_md.title, from_md.version_date, from_md.organ)
    out = draft_json(draft)
    out["source"].pop("sha256")  # python-docx writes timestamps: the bytes differ per run
    check("local_reg_docx", out, regen_golden)
