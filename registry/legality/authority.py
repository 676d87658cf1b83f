"""主体 and 权限: the organ that will issue the draft exists, was not dissolved, and may make
this kind of document.

Reads the organs the store knows (every work's and version's 制定机关) and the 机构改革 table
(`registry.norms.organs`); writes nothing.
"""

from __future__ import annotations

import re
from datetime import date

from sqlmodel import Session, select

from registry.legality.findings import ReviewFinding
from registry.norms import models as m
from registry.norms import organs

_PLACE = r"[\u4e00-\u9fff]{2,12}?(?:省|自治区|市|自治州|州|县|自治县|区|盟|旗)"
_LOCAL_ORGAN = re.compile(rf"^{_PLACE}(?:人民政府|人民代表大会(?:常务委员会)?|[\u4e00-\u9fff]{{1,14}}?(?:厅|局|委员会|办公厅|办公室))$")
_INTERNAL = re.compile(r"(?:处|科|股|室)$")  # 内设机构 (办公室/办公厅 of a government may issue; a 处 may not)
_NATIONAL_ORGAN = re.compile(r"(?:部|委员会|总局|局|署|银行)$")
_PLACE_PREFIX = re.compile(rf"^{_PLACE}")

# Who may make each kind (立法法 第十条、第七十二条、第八十条、第九十三条; 国办发〔2018〕37号)
MAKERS: dict[str, tuple[str, re.Pattern[str]]] = {
    "法律": ("全国人民代表大会及其常务委员会", re.compile(r"^全国人民代表大会")),
    "行政法规": ("国务院", re.compile(r"^(?:中华人民共和国)?国务院$")),
    "地方性法规": ("省、自治区、直辖市和设区的市的人民代表大会及其常务委员会", re.compile(rf"^{_PLACE}人民代表大会")),
    "地方政府规章": ("省、自治区、直辖市和设区的市、自治州的人民政府", re.compile(rf"^{_PLACE}人民政府$")),
    "部门规章": ("国务院各部、委员会、中国人民银行、审计署和具有行政管理职能的直属机构",
             re.compile(r"^(?!.*(?:省|自治区|市|县)).{2,20}(?:部|委员会|银行|审计署|总局|局|署)$")),
}


def known_organs(session: Session) -> set[str]:
    names: set[str] = set()
    for organ in session.exec(select(m.Work.organ)).all() + session.exec(select(m.Version.organ)).all():
        names.update(p.strip() for p in re.split(r"[、，,；;\s]+", organ or "") if p.strip())
    for change in organs.organ_changes():
        names.update({change.old, change.new})
    return names


def check(session: Session, organ: str, level: str, on: date) -> list[ReviewFinding]:
    organ = organ.strip()
    out: list[ReviewFinding] = []
    if not organ:
        return [ReviewFinding("organ_unknown", "未指明制定机关（--organ）。")]
    known = organ in known_organs(session)
    if not known and not _LOCAL_ORGAN.match(organ):
        out.append(ReviewFinding("organ_unknown", f"制定机关“{organ}”在库中及机构改革名录中均无记载，请核对机关全称。",
                                 evidence={"organ": organ}))
    gone = [mm for mm in organs.find_in_text(organ, on, include_kept=True) if mm.name == organ or
            organ.endswith(mm.name)]
    if gone:
        change = gone[0].change
        now = organs.successor(organ, on) if change.match == "exact" else organ.replace(change.old, change.new)
        out.append(ReviewFinding(
            "organ_dissolved", f"制定机关“{organ}”已于{change.on.isoformat()}因机构改革撤销或更名，职责由“{now}”承担。",
            evidence={"organ": organ, "dissolved_on": change.on.isoformat(), "successor": now, "source": change.source},
            suggestion=f"以“{now}”名义制定"))
    maker = MAKERS.get(level)
    if maker and not maker[1].search(organ):
        out.append(ReviewFinding("no_authority", f"“{organ}”无权制定{level}；{level}由{maker[0]}制定。",
                                 evidence={"organ": organ, "level": level, "makers": maker[0]}))
    elif level == "规范性文件" and _INTERNAL.search(organ) and not organ.endswith(("办公室",)):
        out.append(ReviewFinding("no_authority", f"“{organ}”为内设机构，不得以自己名义制发规范性文件（国办发〔2018〕37号）。",
                                 evidence={"organ": organ, "level": level}))
    return out
