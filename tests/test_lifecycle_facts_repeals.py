"""Repeal clauses and 制定依据 read from real corpus texts (ingest.repeals, ingest.basis)."""

from __future__ import annotations

import re
from datetime import date

from ingest.basis import basis_titles
from ingest.manifest import load_sidecar
from ingest.pipeline import parse_path
from ingest.repeals import read_clause, read_repeals

CIVIL_CODE_REPEALS = {f"中华人民共和国{n}" for n in
                      "婚姻法 继承法 民法通则 收养法 担保法 合同法 物权法 侵权责任法 民法总则".split()}


def _one(shared_corpus, pattern: str):
    found = sorted((shared_corpus / "laws").rglob(pattern))
    assert len(found) >= 1, pattern
    return found[0]


def test_civil_code_repeals_exactly_the_nine_laws_from_2021(shared_corpus):
    draft = parse_path(shared_corpus / "laws/法律/民法典/附则.md")
    repeals = read_repeals(draft)
    assert {r.title for r in repeals} == CIVIL_CODE_REPEALS and len(repeals) == 9
    assert {r.effective for r in repeals} == {date(2021, 1, 1)}
    assert {r.effective_basis for r in repeals} == {"条款所述日期"}
    assert all(r.pid.startswith("art_1260") for r in repeals)


def test_judicial_interpretation_repeals_by_title_and_doc_number(shared_corpus):
    draft = parse_path(_one(shared_corpus, "最高人民法院关于适用《反不正当竞争法》若干问题的解释*.md"))
    [r] = read_repeals(draft)
    assert r.doc_number == "法释〔2007〕2号"
    assert r.title == "最高人民法院关于审理不正当竞争民事案件应用法律若干问题的解释"
    assert r.pid.startswith("art_29") and r.effective == date(2022, 3, 20)
    # its 制定依据, from the same text: the citation extractor's basis edges
    assert basis_titles(draft) == ["中华人民共和国民法典", "中华人民共和国反不正当竞争法", "中华人民共和国民事诉讼法"]


def test_coal_mine_regulation_repeals_the_special_provisions(shared_corpus):
    draft = parse_path(_one(shared_corpus, "煤矿安全生产条例*.md"))
    titles = {r.title: r for r in read_repeals(draft)}
    assert set(titles) == {"煤矿安全监察条例", "国务院关于预防煤矿生产安全事故的特别规定"}
    assert titles["国务院关于预防煤矿生产安全事故的特别规定"].pid.startswith("art_76")
    assert titles["煤矿安全监察条例"].effective == date(2024, 5, 1)


def test_repeal_decision_items_take_the_decisions_date(shared_corpus):
    path = shared_corpus / "laws/地方性法规/北京/北京市人民代表大会常务委员会关于废止部分地方性法规的决定.md"
    draft = parse_path(path, load_sidecar(shared_corpus / "manifest.csv").get(path))
    repeals = read_repeals(draft)
    assert [r.title for r in repeals] == ["北京市社会治安综合治理条例", "北京市反不正当竞争条例",
                                          "北京市邮政通信条例", "北京市信息化促进条例"]
    assert {r.effective_basis for r in repeals} == {"本规范施行日期"}
    assert all(r.doc_number == "" for r in repeals)  # （…会议通过） is not a 文号


def test_a_licence_lapsing_is_no_repeal(shared_corpus):
    draft = parse_path(_one(shared_corpus, "郑州市矿产资源管理条例*.md"))
    assert read_repeals(draft) == []  # 《采矿许可证》自行废止


def test_every_repeal_sentence_in_two_levels_is_read(shared_corpus):
    """Each sentence ending 同时废止/予以废止/即行废止/起废止 and naming a norm is found (行政法规, 司法解释)."""
    sidecar = load_sidecar(shared_corpus / "manifest.csv")
    pat = re.compile(r"[^。；\n]*(?:同时废止|予以废止|即行废止|起废止|一并废止)[^。；\n]*")
    label = re.compile(r"^第[一二三四五六七八九十百千]+条\s*")
    sentences = missed = 0
    for level in ("行政法规", "司法解释"):
        for path in sorted((shared_corpus / "laws" / level).rglob("*.md")):
            text = path.read_text(encoding="utf-8")
            hits = [label.sub("", m.group(0)).strip() for m in pat.finditer(text) if "《" in m.group(0)]
            if not hits:
                continue
            clauses = " ".join(r.clause for r in read_repeals(parse_path(path, sidecar.get(path))))
            sentences += len(hits)
            missed += sum(1 for h in hits if h[-12:] not in clauses)
    assert sentences > 100 and missed == 0


def test_written_forms():
    [r] = read_clause("本办法自2020年1月1日起施行，原《示例市临时用地管理办法》（示政发〔2015〕3号）同时废止。", "art_30")
    assert (r.title, r.doc_number, r.effective, r.pid) == ("示例市临时用地管理办法", "示政发〔2015〕3号",
                                                           date(2020, 1, 1), "art_30")
    [r] = read_clause("本解释施行后，最高人民法院1992年7月14日发布的《关于适用〈中华人民共和国民事诉讼法〉若干问题的意见》同时废止。")
    assert r.title == "最高人民法院关于适用《中华人民共和国民事诉讼法》若干问题的意见"
    [r] = read_clause("《示例条例》第十条、第十二条同时废止。")
    assert r.articles == ("第十条", "第十二条")
    assert read_clause("依照《中华人民共和国行政许可法》第七十条规定，对有关的行政许可证件予以废止。") == []
    assert read_clause("对下级人民法院报送的停止执行死刑的调查结果和意见，由最高人民法院审查。") == []
