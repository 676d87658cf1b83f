"""制定依据: the norms a document says it is made under (根据《X》……制定本办法).

Reads a parsed document and writes the ``basis`` citation drafts that
`ingest.citations` already tells apart from plain mentions (根据/依据/依照 before
the title, 制定/解释如下/规定如下 after it, in one sentence), plus the distinct
basis titles in order. Nothing new is extracted here: one extractor, one rule,
so the basis a campaign checks is the edge the citation graph holds.
"""

from __future__ import annotations

from ingest.citations import extract_document
from ingest.repeals import normalise_title
from registry.citations.drafts import CitationDraft
from registry.norms.drafts import DocumentDraft


def basis_citations(draft: DocumentDraft) -> list[CitationDraft]:
    """The document's ``basis`` citations, in document order (one per article where a chain is cited)."""
    return [c for c in extract_document(draft) if c.kind == "basis"]


def basis_titles(draft: DocumentDraft) -> list[str]:
    """The distinct norms named as 制定依据 (titles normalised, 宪法 kept bare), in order."""
    seen: list[str] = []
    for c in basis_citations(draft):
        name = normalise_title(c.target_title) if c.target_title else c.target_doc_number
        if name and name not in seen:
            seen.append(name)
    return seen
