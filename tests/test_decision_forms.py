"""The eight drafting forms of issue 15, each read and applied to a real text.

The decisions are written for these tests in the shape real decisions use; the texts
they amend are the real 2009 统计法 and the 1958 户口登记条例 of the shared corpus.
Each test checks the operations the grammar read AND the text the engine made.
"""

from __future__ import annotations

import pytest

from ingest.decisions.compiler import compile_decision
from ingest.pipeline import parse_path
from registry.amendments.engine import apply_operations
from registry.amendments.text import insert_with_separator

STATS = "chains/中华人民共和国统计法/2009-06-27.md"
HUKOU = "laws/法律/行政法/户口登记条例(1958-01-09).md"


def _decision(norm: str, *instructions: str, renumber: bool = True) -> str:
    body = "\n\n".join(f"{n}、{text}" for n, text in zip("一二三四五六七八九十", instructions))
    tail = "\n\n此外，对条文顺序作相应调整。" if renumber else ""
    return (f"# 关于修改《{norm}》的决定\n\n（2030年1月1日通过）\n\n决定对《{norm}》作如下修改：\n\n"
            f"{body}{tail}\n\n本决定自公布之日起施行。\n")


def _apply(corpus, path: str, norm: str, *instructions: str, renumber: bool = True):
    decision = compile_decision(_decision(norm, *instructions, renumber=renumber))
    amendment = decision.for_norm(norm)
    assert amendment is not None and amendment.unparsed == [], amendment.unparsed if amendment else decision
    before = parse_path(corpus / path)
    result = apply_operations(before.provisions, amendment.operations, renumber=amendment.renumber)
    assert result.failed == [], [(s.operation.name, s.reason) for s in result.failed]
    return amendment, {p.pid: p.text for p in result.provisions if p.kind == "article"}, result


@pytest.fixture(scope="module")
def stats(shared_corpus):
    return {p.pid: p.text for p in parse_path(shared_corpus / STATS).provisions if p.kind == "article"}


def test_1_mixed_list_of_articles_and_ranges(shared_corpus, stats):
    amendment, arts, _ = _apply(shared_corpus, STATS, "中华人民共和国统计法",
                                "将第三条、第七条至第九条、第二十条中的“统计”修改为“统计（修）”。", renumber=False)
    op, = amendment.operations
    assert [r.article for r in op.refs] == [3, 7, 8, 9, 20]
    assert all("统计（修）" in arts[f"art_{n}"] for n in (3, 7, 8, 9, 20))
    assert arts["art_10"] == stats["art_10"] and arts["art_21"] == stats["art_21"]


def test_2_second_action_chained_with_bing(shared_corpus, stats):
    _, arts, _ = _apply(shared_corpus, STATS, "中华人民共和国统计法", "增加一条，作为第五条：“新增的条文。”",
                        "将第四十条改为第四十一条，并将其中的“泄露国家秘密”修改为“泄露国家秘密、工作秘密”。")
    assert arts["art_5"] == "新增的条文。"
    assert arts["art_41"] == stats["art_40"].replace("泄露国家秘密", "泄露国家秘密、工作秘密")


def test_3_items_moved_into_a_new_paragraph(shared_corpus, stats):
    _, arts, _ = _apply(shared_corpus, STATS, "中华人民共和国统计法",
                        "第三十九条增加一款，作为第二款：“统计机构有下列行为之一的，予以通报：”"
                        "原第二项修改为第二款第一项、原第三项修改为第二款第二项。", renumber=False)
    lines = arts["art_39"].split("\n")
    assert lines[1] == "（一）违法公布统计资料的。"  # the list now ends here: "；" -> "。"
    assert lines[2] == "统计机构有下列行为之一的，予以通报："
    assert lines[3].startswith("（一）泄露统计调查对象的商业秘密") and lines[4].startswith("（二）违反国家有关规定")
    assert lines[5] == "统计人员有前款所列行为之一的，依法给予处分。"


def test_4_renumbering_that_restates_a_deletion(shared_corpus, stats):
    _, arts, _ = _apply(shared_corpus, STATS, "中华人民共和国统计法",
                        "删去第三十八条第一款第三项、第四项。原第五项改为第三项。", renumber=False)
    items = [line for line in arts["art_38"].split("\n") if line.startswith("（")]
    assert items == ["（一）未经批准擅自组织实施统计调查的；", "（二）未经批准擅自变更统计调查制度的内容的；",
                     "（三）未按照统计调查制度的规定报送有关资料的。"]


def test_5_several_paragraphs_inserted_at_once(shared_corpus, stats):
    amendment, arts, _ = _apply(shared_corpus, STATS, "中华人民共和国统计法",
                                "第十五条增加三款，作为第二款至第四款：“甲款。”\n\n“乙款。”\n\n“丙款。”", renumber=False)
    assert arts["art_15"].split("\n") == [stats["art_15"].split("\n")[0], "甲款。", "乙款。", "丙款。",
                                          stats["art_15"].split("\n")[1]]


def test_6_old_text_items_numbered_yi_er_addressed_as_xiang(shared_corpus):
    _, arts, _ = _apply(shared_corpus, HUKOU, "中华人民共和国户口登记条例",
                        "将第十八条第二项修改为“二、十八周岁以上的人需要变更姓名的时候，由本人向户口登记机关申请变更登记，"
                        "并提交身份证明。”", renumber=False)
    lines = arts["art_18"].split("\n")
    assert lines[1].startswith("一、未满十八周岁的人")
    assert lines[2] == "二、十八周岁以上的人需要变更姓名的时候，由本人向户口登记机关申请变更登记，并提交身份证明。"


def test_7_merging_takes_only_the_named_item(shared_corpus, stats):
    _, arts, result = _apply(shared_corpus, STATS, "中华人民共和国统计法",
                             "将第四十条、第四十一条第一款第一项合并，作为第四十条，修改为：“统计机构、统计人员泄露国家秘密，"
                             "或者统计调查对象拒绝提供统计资料的，依法追究法律责任。”")
    assert len(arts) == len(stats)  # 第四十一条 stays (less its first item): nothing shifts, nothing is lost
    assert arts["art_40"].startswith("统计机构、统计人员泄露国家秘密，或者")
    items = [line for line in arts["art_41"].split("\n") if line.startswith("（")]
    assert items[0] == "（一）提供不真实或者不完整的统计资料的；" and len(items) == 4
    assert arts["art_50"] == stats["art_50"]


def test_8_consequential_edits_cross_references_and_list_punctuation(shared_corpus, stats):
    _, arts, result = _apply(shared_corpus, STATS, "中华人民共和国统计法", "增加一条，作为第十条：“新增的条文。”",
                             "删去第三十九条第一款第三项。")
    # 本法第十二条 (in 第十四条) follows its article to 第十三条 under 条文顺序作相应调整
    assert "本法第十二条" in stats["art_14"] and "本法第十三条" in arts["art_15"]
    assert any("本法第十二条" in r or "第十三条" in r for r in result.rules)
    assert arts["art_40"].split("\n")[2].endswith("的资料的。")  # the new last item ends the list


def test_8_dun_between_words_added_to_a_list():
    text = "统计资料的审核、签署、交接、归档。"  # 统计法 (2009) 第二十一条, its list of steps
    assert insert_with_separator(text, "归档", "保管", "after") == "统计资料的审核、签署、交接、归档、保管。"
    # a clause, not a word, still takes "，"
    assert insert_with_separator("应当予以保密。", "予以保密", "并告知本人", "after") == "应当予以保密，并告知本人。"


def test_2009_omnibus_decision_is_read_completely(shared_corpus):
    """Issue 15 acceptance 3: the 2009 decision's 26 unread instructions are read (下列法律 headers)."""
    import re

    decision = compile_decision((shared_corpus / "chains/_decisions/2009-08-27_decision_全国人民代表大会常务委员会"
                                 "关于修改部分法律的决定.md").read_text(encoding="utf-8"))
    assert decision.all_unparsed == []
    mines = decision.for_norm("中华人民共和国矿产资源法")
    op, = [o for o in mines.operations if o.name == "ReplacePattern"]
    assert [r.article for r in op.refs] == [39, 40, 43, 44, 48] and op.new == "依照刑法有关规定"
    rx = re.compile(op.pattern)
    assert rx.sub(op.new, "比照刑法第一百五十六条的规定对直接责任人员追究刑事责任") == "依照刑法有关规定对直接责任人员追究刑事责任"
    rail = decision.for_norm("中华人民共和国铁路法")
    cited, = [o for o in rail.operations if o.name == "ReplacePattern" and [r.article for r in o.refs] == [69]]
    assert re.compile(cited.pattern).sub(cited.new, "依照《关于惩治走私罪的补充规定》追究刑事责任") == "依照刑法有关规定追究刑事责任"
