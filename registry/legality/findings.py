"""What a legality-review finding is: its kind, the group of the 审核意见书 it belongs to, and
the rule it applies. Plain data; the checks in the sibling modules make them."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

GROUPS = ("主体", "权限", "依据", "内容", "形式")

# kind -> (group, rule)
KINDS: dict[str, tuple[str, str]] = {
    "organ_unknown": ("主体", "制定主体应为依法设立的机关（库中及机构改革名录均无此机关）"),
    "organ_dissolved": ("主体", "机构改革后原机关已撤销，应以承接其职责的机关名义制定"),
    "no_authority": ("权限", "立法法第六十五条、第九十一条、第九十三条（各类规范的制定机关）"),
    "cites_repealed": ("依据", "依据应为施行中的规范（立法法第一百零三条；被废止的规范不再适用）"),
    "cites_amended": ("依据", "依据应引用现行文本（所引规范已修改）"),
    "cites_not_in_force": ("依据", "依据应为审核日已施行的规范"),
    "cites_missing_article": ("依据", "所引条文应在所引规范现行文本中存在"),
    "cites_moved_article": ("依据", "所引条文已因修改重新编号，应引用现行条号"),
    "cites_unknown": ("依据", "所引规范应可查证（库中未收录，请人工核对）"),
    "sets_license": ("内容", "行政许可法第十七条；国办发〔2018〕37号（规范性文件不得设定行政许可）"),
    "sets_penalty": ("内容", "行政处罚法第十六条；国办发〔2018〕37号（规范性文件不得设定行政处罚）"),
    "sets_coercion": ("内容", "行政强制法第十条；国办发〔2018〕37号（规范性文件不得设定行政强制措施）"),
    "sets_fee": ("内容", "国办发〔2018〕37号（规范性文件不得违法设定行政收费）"),
    "reduces_rights": ("内容", "国办发〔2018〕37号（没有法律、法规依据不得减损公民权利或增加其义务）"),
    "outside_range": ("内容", "上位法优于下位法（立法法第九十九条、第一百零七条）：不得超出上位法规定的幅度"),
    "no_effective_date": ("形式", "规范性文件应载明施行日期"),
    "validity_missing": ("形式", "国办发〔2018〕37号：规范性文件应载明有效期"),
    "validity_too_long": ("形式", "国办发〔2018〕37号：规范性文件有效期一般不超过5年"),
    "numbering_gap": ("形式", "立法法第六十五条：条文应连续编号"),
    "internal_ref_missing": ("形式", "内部引用应指向本文件中存在的条款"),
}


@dataclass(frozen=True)
class ReviewFinding:
    kind: str
    text: str  # one Chinese sentence for the reviewer
    provision: str = ""  # pid in the draft ("" for the whole document)
    evidence: dict[str, Any] = field(default_factory=dict)
    suggestion: str = ""  # suggested wording, where one is obvious

    @property
    def group(self) -> str:
        return KINDS[self.kind][0]

    @property
    def rule(self) -> str:
        return KINDS[self.kind][1]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "group": self.group, "rule": self.rule, "text": self.text,
                "provision": self.provision, "evidence": asdict(self)["evidence"], "suggestion": self.suggestion}
