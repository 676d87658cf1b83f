"""Readers: the encodings, line endings and formats ministries actually send."""

from __future__ import annotations

import io

import pytest

from ingest.pipeline import parse_bytes, parse_path
from ingest.readers import iter_paths

LOCAL_REG = "laws/地方性法规/上海/上海市不动产登记若干规定(2020-11-27).md"
NOTICE = "laws/规范性文件/国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知(2008-12-06).txt"


@pytest.fixture(scope="module")
def reference(shared_corpus):
    path = shared_corpus / LOCAL_REG
    return path.read_text(encoding="utf-8"), parse_path(path)


def outline(draft):
    return [(p.pid, p.text) for p in draft.provisions]


@pytest.mark.parametrize("encoding,expected", [("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030"),
                                               ("gbk", "gb18030")])
def test_encodings_give_the_same_provisions(reference, encoding, expected):
    text, ref = reference
    draft = parse_bytes(text.encode(encoding), "规定.md")
    assert draft.source.encoding == expected
    assert outline(draft) == outline(ref)
    assert draft.title == ref.title and draft.version_date == ref.version_date


def test_windows_line_endings_and_fullwidth_spaces(reference):
    text, ref = reference
    variant = text.replace("\n", "\r\n").replace("条 ", "条\u3000\u3000")
    draft = parse_bytes(variant.encode("utf-8"), "规定.txt")
    assert outline(draft) == outline(ref)


def test_docx_with_a_table(shared_corpus):
    from docx import Document

    doc = Document()
    doc.add_paragraph("某市土地储备管理办法")
    doc.add_paragraph("2020年5月1日 某市人民政府令第8号公布")
    doc.add_paragraph("第一条　为了规范土地储备，制定本办法。")
    doc.add_paragraph("第二条　储备土地包括下列土地：")
    doc.add_paragraph("（一）依法收回的国有土地；")
    doc.add_paragraph("（二）依法征收的土地。")
    doc.add_paragraph("第三条　本办法自2020年6月1日起施行。")
    doc.add_paragraph("附件：储备土地分类表")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "类别", "来源"
    table.cell(1, 0).text, table.cell(1, 1).text = "收回", "国有土地"
    buf = io.BytesIO()
    doc.save(buf)
    draft = parse_bytes(buf.getvalue(), "办法.docx")
    assert draft.source.format == "docx"
    assert [a.pid for a in draft.articles] == ["art_1", "art_2", "art_3"]
    assert [p.pid for p in draft.provisions if p.kind == "item"] == ["art_2__para_1__item_1", "art_2__para_1__item_2"]
    assert draft.effective.isoformat() == "2020-06-01"
    assert draft.doc_number == "某市人民政府令第8号" and draft.level == "地方政府规章"
    annex = [p for p in draft.provisions if p.kind == "annex"]
    assert annex and "类别\t来源" in annex[0].text  # the table is kept, outside the articles
    assert "类别" not in draft.articles[-1].text


def test_notice_metadata(shared_corpus):
    draft = parse_path(shared_corpus / NOTICE)
    assert draft.doc_number == "国土资发〔2008〕248号"
    assert draft.organ == "国土资源部" and draft.level == "规范性文件"
    assert draft.addressees.startswith("各省、自治区、直辖市国土资源厅")
    assert draft.signing_date.isoformat() == "2008-12-06"
    assert [p.pid for p in draft.provisions if p.kind == "sec"] == ["sec_1", "sec_2", "sec_3"]
    assert "sec_2__sub_1" in {p.pid for p in draft.provisions}


def test_doc_number_bracket_variants(reference):
    text, _ = reference
    for raw in ("国土资发[2008]248号", "国土资发（2008）248号", "国土资发〔2008〕248号"):
        variant = text.replace("<!-- INFO END -->", f"{raw}\n\n<!-- INFO END -->")
        assert parse_bytes(variant.encode(), "x.md").doc_number == "国土资发〔2008〕248号"


def test_folders_are_walked_recursively(tmp_path, reference):
    text, _ = reference
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "one.md").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "two.txt").write_text(text, encoding="utf-8")
    (tmp_path / "a" / "ignore.pdf").write_bytes(b"%PDF")
    (tmp_path / "~$lock.docx").write_bytes(b"x")
    assert [p.name for p in iter_paths([tmp_path])] == ["two.txt", "one.md"] or \
        sorted(p.name for p in iter_paths([tmp_path])) == ["one.md", "two.txt"]


def test_articles_collapsed_onto_one_line_are_split(shared_corpus):
    """飞行基本规则 holds each chapter on one line; 第…条 inside it are headings when they follow on."""
    doc = parse_path(shared_corpus / "laws/行政法规/飞行基本规则(2007-10-18).md")
    by_pid = {p.pid: p for p in doc.provisions}
    articles = [p for p in doc.provisions if p.kind == "article"]
    assert [a.pid for a in articles] == [f"art_{n}" for n in range(1, 125)]
    assert by_pid["art_2"].text == "凡辖有航空器的单位、个人和与飞行有关的人员及其飞行活动，必须遵守本规则。"
    assert by_pid["art_12__para_2"].text.startswith("空域通常划分为")
    assert by_pid["art_108__para_1__item_4"].text.startswith("（四）当飞行区域天气不稳定时")


def test_a_sentence_citing_an_article_is_not_split():
    text = ("# 某某办法\n\n第一条 为了规范管理，制定本办法。\n\n"
            "第二条 本办法适用于本省。 第五条规定的情形除外。\n\n第三条 本办法自公布之日起施行。\n")
    doc = parse_bytes(text.encode(), "某某办法(2020-01-01).md")
    assert [p.pid for p in doc.provisions if p.kind == "article"] == ["art_1", "art_2", "art_3"]
    assert "第五条规定的情形除外" in {p.pid: p for p in doc.provisions}["art_2"].text


def test_in_force_on_promulgation_is_read_only_for_an_original_text():
    body = "第一条 为了规范管理，制定本办法。\n\n第二条 本办法自公布之日起施行。\n"
    original = parse_bytes(f"# 某市某某办法\n\n（2020年3月1日某市人民政府令第1号公布）\n\n{body}".encode(), "a.md")
    assert (original.effective.isoformat(), original.effective_source) == ("2020-03-01", "body")
    amended = parse_bytes(("# 某市某某办法\n\n（2020年3月1日某市人民政府令第1号公布　"
                           f"根据2022年5月1日某市人民政府令第9号修正）\n\n{body}").encode(), "b.md")
    # in an amended text the sentence speaks of the first 公布: the amendment's 施行 stays unknown
    assert amended.version_date.isoformat() == "2022-05-01" and amended.effective_source == "assumed"
