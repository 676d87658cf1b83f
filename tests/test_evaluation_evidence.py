"""Machine-found evidence and the stored record, on the real 土地管理法实施条例 (2021 and 2014) and
土地管理法 (2004, 2019) from the shared corpus; a faulted copy of the 2021 text for 规范性."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from evaluation_store import V2014, V2021, faulted_store, land_store
from sqlmodel import Session
from test_evaluation_form import fill, good

from registry import audit
from registry import review as conflicts
from registry.evaluation import derive, records
from registry.evaluation.evidence import gather
from registry.evaluation.form import parse, to_json
from registry.evaluation.sheet import load_xlsx, write_template

AS_OF = dt.date(2025, 1, 1)
TITLE = "中华人民共和国土地管理法实施条例"


@pytest.fixture(scope="module")
def land(shared_corpus, tmp_path_factory):
    engine = land_store(shared_corpus, tmp_path_factory.mktemp("land") / "land.db")
    with Session(engine) as s:
        conflicts.run(s, today=AS_OF)
        s.commit()
    return engine


def items(ev, kind):
    return [i for i in ev.items if i.kind == kind]


def test_2021_regulation_evidence(land):
    with Session(land) as s:
        ev = gather(s, V2021, AS_OF)
    assert all(i.machine_found for i in ev.items)
    basis = items(ev, "basis_in_force")
    # 第一条 根据《中华人民共和国土地管理法》…制定: the 2019 text, in force and not amended since
    assert len(basis) == 1 and basis[0].ok and basis[0].provision == "art_1__para_1"
    assert basis[0].target == "/cn/law/1986/土地管理法@2019-08-26"
    assert basis[0].details["citations"] == 23
    assert not items(ev, "cited_repealed") and not items(ev, "stale_citation") and not items(ev, "basis_amended")
    # 规范性: 67 articles numbered on, 《土地管理法》 defined in 第一条 (以下简称)
    assert [i.kind for i in ev.by_indicator()["规范性"]] == ["numbering_ok", "internal_refs_ok", "abbreviations_ok"]
    assert "共67条" in items(ev, "numbering_ok")[0].text
    # 可操作性: the delegations, checked by hand against the text
    found = {(i.provision, i.details["thing"]) for i in ev.by_indicator()["可操作性"]}
    assert found == {("art_4__para_4", "土地调查技术规程"), ("art_5__para_1", "土地等级评定标准"),
                     ("art_12__para_1", "具体办法"), ("art_12__para_1", "耕地保护补偿实施步骤"),
                     ("art_29__para_1", "征地补偿安置协议示范文本"),
                     ("art_32__para_1", "土地补偿费、安置补助费分配办法"), ("art_41__para_1", "合同示范文本")}
    art32 = next(i for i in ev.items if i.provision == "art_32__para_1")
    assert art32.details["organ"] == "省、自治区、直辖市" and art32.kind == "delegation_missing"


def test_2014_regulation_cites_the_amended_law(land):
    """The 2014 text cites 土地管理法 as of 2004; the 2019 amendment renumbered and changed articles."""
    with Session(land) as s:
        ev = gather(s, V2014, AS_OF)
    amended = items(ev, "basis_amended")
    assert len(amended) == 1 and not amended[0].ok
    assert amended[0].details["current_version"] == "/cn/law/1986/土地管理法@2019-08-26"
    stale = items(ev, "stale_citation")
    assert stale and all(i.indicator == "协调性" for i in stale)
    # checked by hand: 2004 第七十六条 (非法占用土地) is 2019 第七十七条, 第六十七条 (监督检查) is 第六十八条,
    # 第五十五条 (新增建设用地的土地有偿使用费) keeps its number with other words
    by_cited = {(i.provision, i.target.rsplit("@", 1)[-1], i.details["change"]) for i in stale}
    assert ("art_34__para_1", "2019-08-26#art_77", "moved") in by_cited
    assert ("art_32__para_1", "2019-08-26#art_68", "moved") in by_cited
    assert ("art_30__para_1", "2019-08-26#art_55", "changed") in by_cited
    assert len(stale) == 12 and len({(i.provision, i.target) for i in stale}) == 12  # one per citing provision and article


def test_no_delegated_norm_in_this_store(land):
    """The store holds only the law and the regulation: no delegated norm can be found, and each
    miss says where it looked."""
    with Session(land) as s:
        ev = gather(s, V2021, AS_OF)
    assert items(ev, "delegation_found") == []
    generic = next(i for i in items(ev, "delegation_missing") if i.details["thing"] == "具体办法")
    assert "以《中华人民共和国土地管理法实施条例》为制定依据" in generic.text


def test_faulted_copy_structure(shared_corpus, tmp_path):
    engine, report = faulted_store(shared_corpus, tmp_path)
    vid = next(r.version_id for r in report.ingested if "实施条例" in r.version_id)
    with Session(engine) as s:
        ev = gather(s, vid, AS_OF)
    gaps = items(ev, "numbering_gap")
    assert [(i.provision, i.details["found"]) for i in gaps] == [("art_6", 6)]
    missing = items(ev, "internal_ref_missing")
    assert [(i.provision, i.details["raw"]) for i in missing] == [("art_6__para_1", "本条例第九十九条")]
    abbr = items(ev, "undefined_abbreviation")
    assert [(i.provision, i.details["short"]) for i in abbr] == [("art_8__para_3", "土地管理法")]
    dangling = items(ev, "dangling_citation")
    assert [(i.provision, i.details["raw"]) for i in dangling] == [("art_50__para_1", "《中华人民共和国土地管理法》第九十九条")]
    assert items(ev, "conflict_finding") == []  # the checks have not run yet


def test_open_findings_shown_dismissed_not(shared_corpus, tmp_path):
    engine, report = faulted_store(shared_corpus, tmp_path)
    vid = next(r.version_id for r in report.ingested if "实施条例" in r.version_id)
    with Session(engine) as s:
        conflicts.run(s, today=AS_OF)
        found = items(gather(s, vid, AS_OF), "conflict_finding")
        assert [(i.provision, i.details["kind"], i.details["state"]) for i in found] == [
            ("art_50__para_1", "dangling_article", "open")]
        conflicts.set_state(s, str(found[0].details["finding_id"]), "dismissed", "评估组核实：笔误，已另行更正")
        assert items(gather(s, vid, AS_OF), "conflict_finding") == []


def test_round_trip_json_store_json(land):
    data = good()
    with Session(land) as s, audit.acting_as("test"):
        row = records.save(s, TITLE, parse(data), created_by="评估组")
        s.commit()
        rid = row.id
    with Session(land) as s:
        row = records.get(s, rid)
        assert row.version_id == V2021 and row.period == "2021-09-01/2023-08-31"
        assert to_json(records.load(row)) == to_json(parse(data))
        assert records.load(row) == parse(data)
        shown = records.show_json(s, records.latest(s, TITLE), AS_OF)
    assert json.loads(json.dumps(shown, ensure_ascii=False))["derived"] == {
        "weighted_score": 4.0, "total_cost": 205000.5, "total_benefit": 300000, "net_benefit": 94999.5,
        "benefit_cost_ratio": 1.4634, "unquantified_benefits": ["社会效益"], "missing_costs": ["守法成本", "社会成本"]}
    assert shown["machine_evidence"]["version_id"] == V2021
    assert {k: shown[k] for k in to_json(parse(data))} == to_json(parse(data))


def test_version_by_date_and_errors(land):
    from registry.core.errors import NotFound

    with Session(land) as s:
        assert records.version_for(s, TITLE, dt.date(2021, 7, 2)).id == V2021
        assert records.version_for(s, TITLE, dt.date(2020, 1, 1)).id == V2014
        with pytest.raises(NotFound, match="没有2000-01-01或更早的版本"):
            records.version_for(s, TITLE, dt.date(2000, 1, 1))


def test_sheet_evaluation_of_the_2021_regulation(land, tmp_path):
    """Acceptance 2: the evaluation loaded from a sheet, stored, shown with its machine evidence."""
    path = write_template(tmp_path / "eval.xlsx", "2021-07-02", "某省自然资源厅")
    fill(path, good())
    e = load_xlsx(path)
    with Session(land) as s, audit.acting_as("test"):
        row = records.save(s, TITLE, e)
        shown = records.show_json(s, row, AS_OF)
        s.rollback()
    kinds = {i["kind"] for i in shown["machine_evidence"]["items"]}
    assert {"basis_in_force", "numbering_ok", "delegation_missing"} <= kinds
    assert shown["derived"]["benefit_cost_ratio"] == float(derive(e).benefit_cost_ratio)
