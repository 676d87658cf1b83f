"""The instruction grammar of the decision compiler, on sentences from real decisions."""

from __future__ import annotations

from datetime import date

from ingest.decisions.compiler import compile_decision, parse_refs
from registry.amendments.operations import (
    DeleteProvision,
    DeleteWords,
    InsertArticle,
    InsertItem,
    InsertParagraph,
    InsertStructure,
    InsertWords,
    MergeArticles,
    MergeStructure,
    MoveProvision,
    NewArticle,
    Ref,
    ReplaceText,
    ReplaceWords,
    RetitleStructure,
    SplitArticle,
)


def ops(body: str, norm: str = "中华人民共和国测试法"):
    text = f"# 关于修改《{norm}》的决定\n\n决定对《{norm}》作如下修改：\n\n{body}\n\n本决定自公布之日起施行。\n"
    decision = compile_decision(text)
    amendment = decision.for_norm(norm)
    assert amendment is not None
    assert amendment.unparsed == [], amendment.unparsed
    return amendment.operations


def test_replace_article_curly_and_straight_quotes():
    curly, = ops("五、将第二十三条修改为：“各单位对会计凭证应当建立档案，妥善保管。”")
    straight, = ops('五、将第二十三条修改为:"各单位对会计凭证应当建立档案，妥善保管。"')
    assert curly == ReplaceText(Ref(23), ("各单位对会计凭证应当建立档案，妥善保管。",), source=curly.source)
    assert straight.lines == curly.lines and straight.ref == curly.ref


def test_replace_paragraph_and_multi_paragraph_quote():
    op, = ops("三、将第十条第二款修改为：“已经设立的基金会。\n\n“其他组织。”")
    assert op.ref == Ref(10, para=2) and op.lines == ("已经设立的基金会。", "其他组织。")


def test_replace_words_in_listed_provisions_with_inherited_article():
    op, = ops('（二）将第二十四条、第二十九条第三款和第四款中的"法律委员会"修改为"宪法和法律委员会"。')
    assert isinstance(op, ReplaceWords)
    assert op.refs == (Ref(24), Ref(29, para=3), Ref(29, para=4))
    assert (op.old, op.new) == ("法律委员会", "宪法和法律委员会")


def test_replace_words_in_whole_norm():
    op, = ops("（七）将相关条文中的“帐”修改为“账”。")
    assert op == ReplaceWords((), "帐", "账", source=op.source)


def test_renumber_then_chained_word_operations_use_context():
    move, delete, replace = ops("（六）将第四十八条改为第四十五条，删去其中的“第三十条”；“由所在单位依法给予行政处分”修改为“依法给予处分”。")
    assert move == MoveProvision(Ref(48), NewArticle(45), source=move.source)
    assert delete == DeleteWords((Ref(48),), "第三十条", source=delete.source)
    assert replace.refs == (Ref(48),) and replace.new == "依法给予处分"


def test_delete_words_and_provisions():
    words, = ops("删去第五十条中的“申请”。")
    assert words == DeleteWords((Ref(50),), "申请", source=words.source)
    deleted = ops("删去第九条第一款第（四）项、第十条、第十二条。")
    assert [d.ref for d in deleted] == [Ref(9, para=1, item=4), Ref(10), Ref(12)]
    assert all(isinstance(d, DeleteProvision) for d in deleted)


def test_insert_article_paragraph_item():
    art, = ops("四、增加一条，作为第六条：“国家构建统计监督体系。\n\n“统计机构进行统计监督。”")
    assert art == InsertArticle(NewArticle(6), ("国家构建统计监督体系。", "统计机构进行统计监督。"), source=art.source)
    sub, = ops("增加一条，作为第十条之一：“新的规定。”")
    assert sub.at == NewArticle(10, 1)
    para, = ops("二、第三条增加一款，作为第一款：“统计工作坚持中国共产党的领导。”")
    assert para == InsertParagraph(Ref(3), 1, ("统计工作坚持中国共产党的领导。",), source=para.source)
    move, item = ops("七、将第二十七条改为第二十五条，增加一项，作为第五项：“（五）国务院财政部门规定的其他要求”。")
    assert item == InsertItem(Ref(27), 5, "（五）国务院财政部门规定的其他要求", source=item.source)


def test_paragraph_added_after_a_move_goes_to_the_new_article():
    move, replace, add = ops("十五、将第四十三条第二款改为第四十八条第一款，修改为：“留置时间不得超过三个月。”\n\n"
                             "增加两款，作为第二款、第三款：“第二款。\n\n“第三款。”")
    assert move == MoveProvision(Ref(43, para=2), NewArticle(48), 1, source=move.source)
    assert replace.ref == Ref(43, para=2)
    assert add.new_article == NewArticle(48) and add.position == 2 and len(add.lines) == 2


def test_insert_words_after_and_before():
    after, = ops("（一）在第一条中的“保护市场公平竞争”后增加“鼓励创新”。")
    assert after == InsertWords((Ref(1),), "保护市场公平竞争", "鼓励创新", "after", source=after.source)
    before, = ops("在第十八条第二款、第三款中的“民政部门”前增加“办理其登记的”。")
    assert before.refs == (Ref(18, para=2), Ref(18, para=3)) and before.where == "before"
    end = ops("将第五十一条改为第六十一条，在第一款最后增加“书面报告上级机关。”")[-1]
    assert end == InsertWords((Ref(51, para=1),), "", "书面报告上级机关。", "end", source=end.source)


def test_split_merge_detach():
    split, = ops("二、将第三条改为两条，分别作为第三条、第四条，修改为：\n\n“第三条　坚持党的领导。\n\n“第四条　围绕中心工作。”")
    assert isinstance(split, SplitArticle)
    assert [(p[0], p[1]) for p in split.parts] == [(NewArticle(3), ("坚持党的领导。",)), (NewArticle(4), ("围绕中心工作。",))]
    merge, = ops("七、将第八条第二款、第二十三条第一款合并，作为第九章第六十三条，修改为：“制定年度监督工作计划。”")
    assert merge == MergeArticles((Ref(8, para=2), Ref(23, para=1)), NewArticle(63), ("制定年度监督工作计划。",),
                                  within=(9,), source=merge.source)
    detach, replace = ops("二、将第八条第三款单列一条，作为第四十九条，修改为：“中央军事委员会有关部门可以制定具体办法。”")
    assert detach.ref == Ref(8, para=3) and detach.to == NewArticle(49) and replace.ref == Ref(8, para=3)


def test_split_paragraphs_into_articles_shorthand():
    *_, last = ops('二十四、将第七十二条改为两条，第一款作为第八十条；第二款作为第八十一条第一款，修改为："X"；'
                   '第三、四款分别作为第八十一条第二、三款。')
    assert last == MoveProvision(Ref(72, para=4), NewArticle(81), 3, source=last.source)


def test_chapters():
    title, = ops("十五、将第二十五章章名修改为“送达、调查取证、期间”。")
    assert title == RetitleStructure("chapter", (25,), "送达、调查取证、期间", source=title.source)
    merge, delete = ops("六、将第三章并入第二章，删去第二十四条。")
    assert merge == MergeStructure("chapter", (3,), (2,), source=merge.source) and delete.ref == Ref(24)
    section, *articles = ops("七、在第十五章第三节后增加一节，作为第四节：\n\n“第四节　指定遗产管理人案件\n\n"
                             "“第一百九十四条　利害关系人申请指定遗产管理人。\n\n“第一百九十五条　人民法院受理申请。”")
    assert section == InsertStructure("section", (15, 4), "指定遗产管理人案件", (15, 3), source=section.source)
    assert [a.at for a in articles] == [NewArticle(194), NewArticle(195)] and articles[0].within == (15, 4)


def test_new_chapter_with_contents_given_below():
    chapter, move, replace, *inserted = ops(
        "十、在第七章后增加一章，作为第八章“应急慈善”；对第三十条进行修改，作为第七十条；增加两条，分别作为第七十一条至第七十二条。内容如下：\n\n"
        "“第八章　应急慈善\n\n“第七十条　发生重大突发事件。\n\n“第七十一条　国家鼓励。\n\n“第七十二条　及时分配。”")
    assert chapter.title == "应急慈善" and chapter.path == (8,)
    assert move == MoveProvision(Ref(30), NewArticle(70), within=(8,), source=move.source)
    assert replace.lines == ("发生重大突发事件。",)
    assert [(a.at, a.lines, a.within) for a in inserted] == [(NewArticle(71), ("国家鼓励。",), (8,)),
                                                             (NewArticle(72), ("及时分配。",), (8,))]


def test_state_council_decision_several_norms_repeals_and_dates():
    text = ("# 国务院关于修改和废止部分行政法规的决定\n\n国务院决定：\n\n一、对14部行政法规的部分条款予以修改。（附件1）\n\n"
            "本决定自2022年5月1日起施行。\n\n附件1\n\n国务院决定修改的行政法规\n\n"
            '一、将《外商投资电信企业管理规定》第二条修改为"外商投资电信企业，是指依法设立的企业。"\n\n'
            '将第六条修改为"出资比例最终不得超过49%。\n\n"国家另有规定的除外。"\n\n'
            "六、删去《农药管理条例》第九条第三款。\n\n此外，对相关行政法规中的条文序号作相应调整。\n\n附件2\n\n"
            "国务院决定废止的行政法规\n\n二、工业产品质量责任条例（1986年4月5日国务院发布）\n")
    decision = compile_decision(text)
    assert decision.effective == date(2022, 5, 1) and decision.renumber
    telecom = decision.for_norm("外商投资电信企业管理规定")
    assert [op.ref for op in telecom.operations] == [Ref(2), Ref(6)]
    assert telecom.operations[1].lines == ("出资比例最终不得超过49%。", "国家另有规定的除外。")
    assert decision.for_norm("农药管理条例").operations[0].ref == Ref(9, para=3)
    assert [(r.title, r.note) for r in decision.repeals] == [("工业产品质量责任条例", "1986年4月5日国务院发布")]


def test_listed_provisions_under_a_general_change():
    text = ("# 全国人民代表大会常务委员会关于修改部分法律的决定\n\n（2009年8月27日第十一届全国人民代表大会常务委员会第十次会议通过）\n\n"
            "一、对下列法律和法律解释中关于“征用”的规定作出修改\n\n（一）将下列法律中的“征用”修改为“征收”\n\n"
            "14．《中华人民共和国城市房地产管理法》第九条\n\n（二）将下列法律中引用已废止的决定的规定修改为“依照刑法有关规定”\n\n"
            "15．《中华人民共和国矿产资源法》第三十九条至第四十条\n")
    decision = compile_decision(text)
    assert decision.adopted == date(2009, 8, 27)
    op, = decision.for_norm("城市房地产管理法").operations
    assert op == ReplaceWords((Ref(9),), "征用", "征收", source=op.source)
    mineral = decision.for_norm("矿产资源法")
    assert mineral.operations == [] and len(mineral.unparsed) == 1  # stated only in general terms: reported


def test_unreadable_instruction_is_reported_with_its_text():
    text = "# 关于修改《测试法》的决定\n\n一、将第三条修改为：“新文本。”\n\n二、将第五条的精神予以调整。\n"
    decision = compile_decision(text)
    unread = decision.all_unparsed
    assert [u.text for u in unread] == ["将第五条的精神予以调整。"]


def test_parse_refs_sentence_and_shorthand():
    assert parse_refs("第九十七条第一款第一句")[0] == Ref(97, para=1, sentence=1)
    assert parse_refs("第八十一条第二、三款") == (Ref(81, para=2), Ref(81, para=3))
