"""lexreg's domain and store: works, versions, provisions, events, citations.

`registry` never imports `ingest` or `api`; drafts (what a parsed document is)
and operations (what an amendment instruction is) are defined here, the domain's
input language.
"""
