"""Figures derived from an evaluation, never typed: weighted score and cost-benefit.

Reads an `Evaluation`; writes a `Derived`. Arithmetic is exact (`Decimal`): totals and net
benefit are sums of amounts that have at most two decimals, so they are exact without rounding.
Two values are quotients and are rounded, half up: `weighted_score` to 2 decimals and
`benefit_cost_ratio` to 4 decimals.

Undefined is `None` (JSON null), never zero:
- `total_cost` / `total_benefit`: None when no cost / no benefit has an amount;
- `net_benefit`: None unless both totals are defined;
- `benefit_cost_ratio`: None unless both totals are defined and the total cost is above zero.
Benefits stated only as a description are listed in `unquantified_benefits`; costs left out
in `missing_costs` (the totals are then of the quantified items only, and say so).

>>> from registry.evaluation.form import parse
>>> base = {"version": "2021-07-02", "body": "某厅", "period": {"from": "2021-09-01", "to": "2023-08-31"},
...         "indicators": {k: {"score": 4} for k in ("合法性", "合理性", "协调性", "可操作性", "实效性", "规范性")},
...         "conclusion": "修改"}
>>> d = derive(parse(base | {"costs": {"执法成本": {"amount": 200000, "period": "两年", "basis": "预算"}},
...                           "benefits": {"经济效益": {"amount": 300000}, "社会效益": {"description": "纠纷减少"}}}))
>>> d.total_cost, d.total_benefit, d.net_benefit, d.benefit_cost_ratio, d.unquantified_benefits
(Decimal('200000'), Decimal('300000'), Decimal('100000'), Decimal('1.5000'), ['社会效益'])
>>> derive(parse(base)).benefit_cost_ratio is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from registry.evaluation.form import BENEFITS, COSTS, Evaluation, number

SCORE_PLACES = Decimal("0.01")
RATIO_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Derived:
    weighted_score: Decimal
    total_cost: Decimal | None
    total_benefit: Decimal | None
    net_benefit: Decimal | None
    benefit_cost_ratio: Decimal | None
    unquantified_benefits: list[str] = field(default_factory=list)
    missing_costs: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"weighted_score": number(self.weighted_score), "total_cost": number(self.total_cost),
                "total_benefit": number(self.total_benefit), "net_benefit": number(self.net_benefit),
                "benefit_cost_ratio": number(self.benefit_cost_ratio),
                "unquantified_benefits": list(self.unquantified_benefits), "missing_costs": list(self.missing_costs)}


def weighted_score(e: Evaluation) -> Decimal:
    """Σ score × weight / Σ weight, half up to 2 decimals (weights are never all zero: `form` refuses that)."""
    total = sum((e.weights[k] for k in e.indicators), Decimal(0))
    score = sum((Decimal(i.score) * e.weights[k] for k, i in e.indicators.items()), Decimal(0))
    return (score / total).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def _total(amounts: list[Decimal]) -> Decimal | None:
    return sum(amounts, Decimal(0)) if amounts else None


def derive(e: Evaluation) -> Derived:
    total_cost = _total([e.costs[k].amount for k in COSTS if k in e.costs])
    total_benefit = _total([b.amount for k, b in e.benefits.items() if b.amount is not None])
    both = total_cost is not None and total_benefit is not None
    net = total_benefit - total_cost if both else None
    ratio = (total_benefit / total_cost).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP) if both and total_cost > 0 else None
    return Derived(
        weighted_score=weighted_score(e), total_cost=total_cost, total_benefit=total_benefit, net_benefit=net,
        benefit_cost_ratio=ratio,
        unquantified_benefits=[k for k in BENEFITS if k in e.benefits and e.benefits[k].amount is None],
        missing_costs=[k for k in COSTS if k not in e.costs])
