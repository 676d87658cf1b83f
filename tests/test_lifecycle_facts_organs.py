"""Organ reorganisations: the data file and the stale-organ finder (registry.norms.organs)."""

from __future__ import annotations

from datetime import date

from ingest.pipeline import parse_path
from registry.norms.organs import find_in_text, find_stale_organs, organ_changes, successor


def test_every_row_has_a_source_a_date_and_a_successor():
    rows = organ_changes()
    assert len(rows) > 40
    for r in rows:
        assert r.source and r.new and r.old != r.new and r.match in ("exact", "local") and r.on.year >= 1998
    by_old = {r.old: r for r in rows if r.match == "exact"}
    assert by_old["国土资源部"].new == "自然资源部" and by_old["国土资源部"].on == date(2018, 3, 17)
    assert by_old["国家土地管理局"].new == "国土资源部" and by_old["国家土地管理局"].on.year == 1998


def test_successor_follows_renames_in_turn():
    assert successor("国家土地管理局", date(2020, 1, 1)) == "自然资源部"
    assert successor("卫生部", date(2015, 1, 1)) == "国家卫生和计划生育委员会"
    assert successor("卫生部", date(2019, 1, 1)) == "国家卫生健康委员会"


def test_the_2008_notice_names_the_dissolved_ministry(shared_corpus):
    path = next((shared_corpus / "laws/规范性文件").glob("国土资源部关于深入持续推进依法行政*"))
    draft = parse_path(path)
    found = find_stale_organs(draft.provisions, draft.preamble, date(2020, 6, 1))
    ministry = [m for m in found if m.name == "国土资源部"]
    assert ministry and all(m.change.new == "自然资源部" for m in ministry)
    assert any(m.change.match == "local" and m.name.endswith("国土资源局") for m in found)
    assert find_stale_organs(draft.provisions, draft.preamble, date(2017, 1, 1)) == []


def test_what_is_not_flagged():
    on = date(2022, 1, 1)
    assert find_in_text("县级以上人民政府农业部门和文化部门负责。", on) == []
    assert find_in_text("由住房和城乡建设部会同有关部门制定。", on) == []
    assert find_in_text("原国土资源部发布的规章继续适用。", on) == []
    assert [m.historical for m in find_in_text("原国土资源部发布的规章继续适用。", on, include_historical=True)] == [True]
    assert find_in_text("《国土资源部关于加强土地管理的通知》和国土资源部令第39号", on) == []
    assert find_in_text("国家海洋局负责海域使用的监督。", on) == []  # 自然资源部对外保留国家海洋局牌子
    assert len(find_in_text("国家海洋局负责海域使用的监督。", on, include_kept=True)) == 1
    assert find_in_text("1987年12月1日国家旅游局发布的《导游人员管理暂行规定》同时废止。", on) == []
    [m] = find_in_text("学校卫生标准由卫生部会同国家教育委员会制定。", on)
    assert (m.change.new, m.current) == ("国家卫生和计划生育委员会", "国家卫生健康委员会")


def test_local_organs_need_a_place_before_them():
    on = date(2020, 1, 1)
    [m] = find_in_text("由浙江省国土资源厅负责解释。", on, "art_30")
    assert (m.name, m.change.new, m.pid) == ("浙江省国土资源厅", "自然资源厅", "art_30")
    assert find_in_text("由浙江省国土资源厅负责解释。", date(2018, 1, 1)) == []
