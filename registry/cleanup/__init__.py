"""定期清理: campaigns that propose 继续有效/修改/废止/宣布失效 with typed reasons, reviewed by a
person, applied as lifecycle events, and the curated 制定依据 links they check.

`campaigns` (create, run, decide, accept, show), `apply` (dry run, apply, 修改 tasks),
`basis` (制定依据 decisions), `context`/`reasons`/`signals` (what a run reads and finds),
`records` (the tables). Outputs (Word, CSV) live in `api/reports/cleanup.py`.
"""
