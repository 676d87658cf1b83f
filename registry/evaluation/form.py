"""The evaluation file (JSON, or the .xlsx sheet with the same fields) read into an `Evaluation`.

Reads a dict as `json.load` gives it (issue 11, "Interfaces users' scripts will rely on")::

    {"version": "2021-07-02", "body": "…", "period": {"from": "2021-09-01", "to": "2023-08-31"},
     "indicators": {"合法性": {"score": 4, "evidence": "…"}, …},   # all six; 技术性 = 规范性
     "weights": {"合法性": 1, …},                                   # optional, default equal
     "costs": {"立法成本": {"amount": 120000, "period": "…", "basis": "…"}, …},   # each or missing/null
     "benefits": {"经济效益": {"amount": 300000}, "社会效益": {"description": "…"}},
     "enforcement": {"案件数": 52, "行政复议": 3, "行政诉讼": 1, "纠错率": 0.05},
     "sources": [{"kind": "问卷调查", "title": "…", "date": "2023-05-10"}],
     "conclusion": "修改", "reason": "…"}                            # reason optional

Rules (each broken rule raises `EvaluationError` naming the field, e.g. ``costs.执法成本.amount``):
scores are integers 1..5; weights numbers >= 0, not all zero; money is yuan, >= 0, at most two
decimals (分) and kept as `Decimal`, never float; 纠错率 is a fraction 0..1, or a string with a
percent sign ("12.5%" is read as 0.125); counts are integers >= 0; dates are YYYY-MM-DD.
`to_json` writes the canonical form (weights filled in, 技术性 written as 规范性, missing costs
left out); `parse(to_json(e)) == e`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from registry.core.errors import LexregError

INDICATORS = ("合法性", "合理性", "协调性", "可操作性", "实效性", "规范性")
ALIASES = {"技术性": "规范性"}
COSTS = ("立法成本", "执法成本", "守法成本", "社会成本")
BENEFITS = ("经济效益", "社会效益")
COUNTS = ("案件数", "行政复议", "行政诉讼")
ENFORCEMENT = COUNTS + ("纠错率",)
CONCLUSIONS = ("继续施行", "修改", "废止")
TOP_FIELDS = ("version", "body", "period", "indicators", "weights", "costs", "benefits", "enforcement",
              "sources", "conclusion", "reason")
FEN = Decimal("0.01")


class EvaluationError(LexregError):
    """A field of an evaluation file is missing or wrong; `where` is the sheet and cell for .xlsx."""

    def __init__(self, field_name: str, message: str, where: str = ""):
        self.field, self.message, self.where = field_name, message, where
        super().__init__(str(self))

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.field}: {self.message}"


@dataclass(frozen=True)
class Indicator:
    score: int
    evidence: str = ""


@dataclass(frozen=True)
class Cost:
    amount: Decimal
    period: str
    basis: str


@dataclass(frozen=True)
class Benefit:
    amount: Decimal | None = None  # None: described only
    description: str = ""


@dataclass(frozen=True)
class Source:
    title: str
    date: dt.date
    kind: str = ""


@dataclass
class Evaluation:
    version: dt.date
    body: str
    period_from: dt.date
    period_to: dt.date
    indicators: dict[str, Indicator]
    conclusion: str
    weights: dict[str, Decimal] = field(default_factory=lambda: {k: Decimal(1) for k in INDICATORS})
    costs: dict[str, Cost] = field(default_factory=dict)  # only the costs given; a missing one is absent
    benefits: dict[str, Benefit] = field(default_factory=dict)
    enforcement: dict[str, Any] = field(default_factory=dict)  # counts int, 纠错率 Decimal fraction
    sources: list[Source] = field(default_factory=list)
    reason: str = ""


def _err(name: str, message: str) -> EvaluationError:
    return EvaluationError(name, message)


def _mapping(value: Any, name: str, allowed: tuple[str, ...] | None = None) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _err(name, "应为对象（键值表）")
    if allowed is not None:
        unknown = [k for k in value if k not in allowed]
        if unknown:
            raise _err(f"{name}.{unknown[0]}", f"未知字段；可用字段：{'、'.join(allowed)}")
    return value


def _text(value: Any, name: str, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _err(name, "必填，不能为空")
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise _err(name, "应为文字")
    return str(value).strip()


def parse_date(value: Any, name: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        raise _err(name, "必填，日期格式为 YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise _err(name, f"日期格式应为 YYYY-MM-DD，而不是“{value}”") from None


def _decimal(value: Any, name: str) -> Decimal:
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        raise _err(name, "应为数字")
    try:
        d = Decimal(str(value).strip().replace(",", "")) if not isinstance(value, Decimal) else value
    except InvalidOperation:
        raise _err(name, f"应为数字，而不是“{value}”") from None
    if not d.is_finite():
        raise _err(name, "应为有限数字")
    return d


def parse_amount(value: Any, name: str) -> Decimal:
    """Yuan, >= 0, at most two decimals: money is exact (Decimal), never rounded on input."""
    d = _decimal(value, name)
    if d < 0:
        raise _err(name, f"金额不能为负数（{value}）")
    if d != d.quantize(FEN):
        raise _err(name, f"金额以元为单位，最多两位小数（分），而不是“{value}”")
    return d.quantize(FEN) if d != d.to_integral_value() else d.quantize(Decimal(1))


def _count(value: Any, name: str) -> int:
    d = _decimal(value, name)
    if d != d.to_integral_value() or d < 0:
        raise _err(name, f"应为非负整数，而不是“{value}”")
    return int(d)


def parse_rate(value: Any, name: str) -> Decimal:
    """纠错率: a fraction 0..1, or a string ending in % (“12.5%” -> 0.125)."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        d = _decimal(value.strip()[:-1], name) / 100
    else:
        d = _decimal(value, name)
        if d > 1:
            raise _err(name, f"纠错率为 0 至 1 之间的小数；百分数请写作“{value}%”")
    if not (0 <= d <= 1):
        raise _err(name, f"纠错率应在 0 至 1（0% 至 100%）之间，而不是“{value}”")
    return d.normalize() if d else Decimal(0)


def _indicators(raw: Any) -> dict[str, Indicator]:
    raw = _mapping(raw, "indicators", INDICATORS + tuple(ALIASES))
    out: dict[str, Indicator] = {}
    for key, value in raw.items():
        name = ALIASES.get(key, key)
        if name in out:
            raise _err(f"indicators.{key}", f"{key}与{name}是同一指标，只能填写一个")
        item = _mapping(value, f"indicators.{key}", ("score", "evidence"))
        score = item.get("score")
        if isinstance(score, bool) or score is None:
            raise _err(f"indicators.{key}.score", "必填，应为 1 至 5 的整数")
        try:
            d = Decimal(str(score).strip())
        except InvalidOperation:
            raise _err(f"indicators.{key}.score", f"应为 1 至 5 的整数，而不是“{score}”") from None
        if d != d.to_integral_value() or not 1 <= d <= 5:
            raise _err(f"indicators.{key}.score", f"应为 1 至 5 的整数，而不是“{score}”")
        out[name] = Indicator(int(d), _text(item.get("evidence"), f"indicators.{key}.evidence", required=False))
    for name in INDICATORS:
        if name not in out:
            raise _err(f"indicators.{name}", "缺少该指标（六项指标均需评分）")
    return {k: out[k] for k in INDICATORS}


def _weights(raw: Any) -> dict[str, Decimal]:
    raw = _mapping(raw, "weights", INDICATORS + tuple(ALIASES))
    out = {k: Decimal(1) for k in INDICATORS}
    for key, value in raw.items():
        d = _decimal(value, f"weights.{key}")
        if d < 0:
            raise _err(f"weights.{key}", "权重不能为负数")
        out[ALIASES.get(key, key)] = d
    if not any(out.values()):
        raise _err("weights", "权重不能全部为零")
    return out


def _costs(raw: Any) -> dict[str, Cost]:
    raw = _mapping(raw, "costs", COSTS)
    out = {}
    for key in COSTS:
        value = raw.get(key)
        if value is None:
            continue
        item = _mapping(value, f"costs.{key}", ("amount", "period", "basis"))
        if item.get("amount") is None:
            raise _err(f"costs.{key}.amount", "必填；未测算的成本请整项留空（null）")
        out[key] = Cost(parse_amount(item["amount"], f"costs.{key}.amount"),
                        _text(item.get("period"), f"costs.{key}.period"),
                        _text(item.get("basis"), f"costs.{key}.basis"))
    return out


def _benefits(raw: Any) -> dict[str, Benefit]:
    raw = _mapping(raw, "benefits", BENEFITS)
    out = {}
    for key in BENEFITS:
        value = raw.get(key)
        if value is None:
            continue
        item = _mapping(value, f"benefits.{key}", ("amount", "description"))
        amount = item.get("amount")
        desc = _text(item.get("description"), f"benefits.{key}.description", required=False)
        if amount is None and not desc:
            raise _err(f"benefits.{key}", "应填写金额（amount）或文字描述（description）")
        out[key] = Benefit(None if amount is None else parse_amount(amount, f"benefits.{key}.amount"), desc)
    return out


def _enforcement(raw: Any) -> dict[str, Any]:
    raw = _mapping(raw, "enforcement", ENFORCEMENT)
    out: dict[str, Any] = {}
    for key in ENFORCEMENT:
        if raw.get(key) is None:
            continue
        out[key] = parse_rate(raw[key], f"enforcement.{key}") if key == "纠错率" else _count(raw[key], f"enforcement.{key}")
    return out


def _sources(raw: Any) -> list[Source]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise _err("sources", "应为列表")
    out = []
    for i, value in enumerate(raw):
        item = _mapping(value, f"sources[{i}]", ("kind", "title", "date"))
        out.append(Source(_text(item.get("title"), f"sources[{i}].title"), parse_date(item.get("date"), f"sources[{i}].date"),
                          _text(item.get("kind"), f"sources[{i}].kind", required=False)))
    return out


def parse(data: Any) -> Evaluation:
    """Validate an evaluation file's fields; the first broken rule raises `EvaluationError`."""
    data = _mapping(data, "evaluation", TOP_FIELDS)
    period = _mapping(data.get("period"), "period", ("from", "to"))
    start, end = parse_date(period.get("from"), "period.from"), parse_date(period.get("to"), "period.to")
    if end < start:
        raise _err("period.to", f"评估期间的结束日期（{end}）早于开始日期（{start}）")
    conclusion = _text(data.get("conclusion"), "conclusion")
    if conclusion not in CONCLUSIONS:
        raise _err("conclusion", f"应为{'、'.join(CONCLUSIONS)}之一，而不是“{conclusion}”")
    return Evaluation(
        version=parse_date(data.get("version"), "version"), body=_text(data.get("body"), "body"),
        period_from=start, period_to=end, indicators=_indicators(data.get("indicators")), conclusion=conclusion,
        weights=_weights(data.get("weights")), costs=_costs(data.get("costs")), benefits=_benefits(data.get("benefits")),
        enforcement=_enforcement(data.get("enforcement")), sources=_sources(data.get("sources")),
        reason=_text(data.get("reason"), "reason", required=False))


def number(d: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: int when whole, else the float whose repr is the same digits."""
    if d is None:
        return None
    return int(d) if d == d.to_integral_value() else float(d)


def to_json(e: Evaluation) -> dict[str, Any]:
    """The canonical evaluation file (what is stored, and what `evaluation show --json` starts from)."""
    out: dict[str, Any] = {
        "version": e.version.isoformat(), "body": e.body,
        "period": {"from": e.period_from.isoformat(), "to": e.period_to.isoformat()},
        "indicators": {k: {"score": i.score, "evidence": i.evidence} for k, i in e.indicators.items()},
        "weights": {k: number(w) for k, w in e.weights.items()},
        "costs": {k: {"amount": number(c.amount), "period": c.period, "basis": c.basis} for k, c in e.costs.items()},
        "benefits": {k: ({"amount": number(b.amount)} if b.amount is not None else {})
                     | ({"description": b.description} if b.description else {}) for k, b in e.benefits.items()},
        "enforcement": {k: number(v) if isinstance(v, Decimal) else v for k, v in e.enforcement.items()},
        "sources": [{"kind": s.kind, "title": s.title, "date": s.date.isoformat()} for s in e.sources],
        "conclusion": e.conclusion,
    }
    if e.reason:
        out["reason"] = e.reason
    return out


def load_json(path: str | Path) -> Evaluation:
    """Read an evaluation .json file (numbers with decimals kept exact)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise EvaluationError("evaluation", f"不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{exc.msg}）",
                              str(path)) from None
    return parse(data)
