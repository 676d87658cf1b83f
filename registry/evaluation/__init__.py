"""立法后评估 (post-enactment evaluation): the evaluation file, its derived figures, the stored record,
the evidence the registry already holds (machine-found), and the Word/CSV report.

Modules: `form` (the file's fields, validated into an `Evaluation`), `derived` (weighted score and
cost-benefit, exact), `sheet` (the .xlsx layout and its template), `records` (the stored table),
`evidence` / `structure` / `delegations` (machine-found evidence). The Word and CSV report is an
interface output: `api.reports.evaluation`.
An evaluation is a human record: it is stored as typed, never recomputed; derived figures and
machine-found evidence are computed when shown.
"""

from registry.evaluation.derived import Derived, derive
from registry.evaluation.form import (
                                      BENEFITS,
                                      CONCLUSIONS,
                                      COSTS,
                                      ENFORCEMENT,
                                      INDICATORS,
                                      Evaluation,
                                      EvaluationError,
                                      load_json,
                                      parse,
                                      to_json,
)

__all__ = ["BENEFITS", "CONCLUSIONS", "COSTS", "ENFORCEMENT", "INDICATORS", "Derived", "Evaluation",
           "EvaluationError", "derive", "load_json", "parse", "to_json"]
