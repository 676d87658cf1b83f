"""Evaluation arithmetic: property tests for totals, net benefit and the ratio (missing, zero and
description-only items), and the weighted score, on exact Decimal money."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from registry.evaluation import BENEFITS, COSTS, INDICATORS, derive, parse, to_json

BASE = {"version": "2021-07-02", "body": "某省自然资源厅", "period": {"from": "2021-09-01", "to": "2023-08-31"},
        "conclusion": "修改"}

fen = st.integers(min_value=0, max_value=10**11).map(lambda n: Decimal(n) / 100)
cost = st.one_of(st.none(), fen)  # None: the cost is missing
benefit = st.one_of(st.none(), fen, st.just("description"), st.tuples(fen, st.just("note")))
scores = st.fixed_dictionaries({k: st.integers(1, 5) for k in INDICATORS})
weights = st.fixed_dictionaries({k: st.integers(0, 10) for k in INDICATORS}).filter(lambda w: any(w.values()))


def evaluation(costs: dict, benefits: dict, score: dict | None = None, weight: dict | None = None) -> dict:
    data = dict(BASE, indicators={k: {"score": (score or {}).get(k, 3), "evidence": "调研"} for k in INDICATORS})
    if weight is not None:
        data["weights"] = weight
    data["costs"] = {k: {"amount": str(v), "period": "2021-09至2023-08", "basis": "财政决算"}
                     for k, v in costs.items() if v is not None}
    out = {}
    for k, v in benefits.items():
        if v == "description":
            out[k] = {"description": "群众满意度提高"}
        elif isinstance(v, tuple):
            out[k] = {"amount": str(v[0]), "description": v[1]}
        elif v is not None:
            out[k] = {"amount": str(v)}
    data["benefits"] = out
    return data


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({k: cost for k in COSTS}), st.fixed_dictionaries({k: benefit for k in BENEFITS}))
def test_totals_net_and_ratio(costs, benefits):
    d = derive(parse(evaluation(costs, benefits)))
    given_costs = [v for v in costs.values() if v is not None]
    amounts = [v[0] if isinstance(v, tuple) else v for v in benefits.values() if v is not None and v != "description"]
    assert d.total_cost == (sum(given_costs, Decimal(0)) if given_costs else None)
    assert d.total_benefit == (sum(amounts, Decimal(0)) if amounts else None)
    assert d.missing_costs == [k for k in COSTS if costs[k] is None]
    assert d.unquantified_benefits == [k for k in BENEFITS if benefits[k] == "description"]
    if d.total_cost is None or d.total_benefit is None:
        assert d.net_benefit is None and d.benefit_cost_ratio is None  # undefined, never zero
    else:
        assert d.net_benefit == d.total_benefit - d.total_cost
        if d.total_cost == 0:
            assert d.benefit_cost_ratio is None
        else:
            assert abs(d.benefit_cost_ratio - d.total_benefit / d.total_cost) <= Decimal("0.00005")
            assert d.benefit_cost_ratio.as_tuple().exponent == -4
    # the JSON form says null where undefined, and the same numbers otherwise
    j = d.to_json()
    assert (j["benefit_cost_ratio"] is None) == (d.benefit_cost_ratio is None)
    assert (j["net_benefit"] is None) == (d.net_benefit is None)


@settings(max_examples=200, deadline=None)
@given(scores, weights)
def test_weighted_score(score, weight):
    d = derive(parse(evaluation({}, {}, score, weight)))
    exact = Decimal(sum(score[k] * weight[k] for k in INDICATORS)) / sum(weight.values())
    assert abs(d.weighted_score - exact) <= Decimal("0.005")
    assert 1 <= d.weighted_score <= 5


def test_equal_weights_by_default_and_zero_costs():
    data = evaluation({"立法成本": Decimal(0), "执法成本": Decimal(0)}, {"经济效益": Decimal("100.50")},
                      {"合法性": 5, "合理性": 4, "协调性": 4, "可操作性": 3, "实效性": 3, "规范性": 2})
    e = parse(data)
    d = derive(e)
    assert e.weights == {k: 1 for k in INDICATORS}
    assert d.weighted_score == Decimal("3.50")
    assert d.total_cost == 0 and d.net_benefit == Decimal("100.50") and d.benefit_cost_ratio is None


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({k: cost for k in COSTS}), st.fixed_dictionaries({k: benefit for k in BENEFITS}),
       scores, weights)
def test_canonical_form_parses_to_the_same_evaluation(costs, benefits, score, weight):
    e = parse(evaluation(costs, benefits, score, weight))
    assert parse(to_json(e)) == e
    assert to_json(parse(to_json(e))) == to_json(e)
