"""Which 公布 instrument (主席令/国务院令/部令 number) a version carries: read from its 题注.

A 题注 lists the whole chain (1998年12月27日国务院令第256号发布 … 2021年7月2日国务院令第743号
第三次修订): the first number found is the original decree, not this version's. A version's
own instrument is the number stated in the entry dated on its version date; when the entry
for its date names none (2014年7月29日《国务院关于修改部分行政法规的决定》第二次修订) the
text does not state it and the sidecar's `doc_number` column, if any, says it. Reads the
draft's events; writes `doc_number` (this version's) and `enacting_doc_number` (the
original decree, kept on the work).
"""

from __future__ import annotations

from ingest.header import DATE_RE, DOC_NUMBER_RE
from registry.core.ids import normalise_doc_number
from registry.norms.drafts import DocumentDraft, EventDraft

CHAIN_EVENTS = ("通过", "公布", "修正", "修订")


def stated_number(event: EventDraft) -> str:
    """The 令/文号 an event's words state, normalised; '' if none.

    >>> stated_number(EventDraft(kind="修订", date=None, text="2021年7月2日 中华人民共和国国务院令第743号第三次修订"))
    '中华人民共和国国务院令第743号'
    >>> stated_number(EventDraft(kind="公布", date=None, text="1998年12月27日中华人民共和国国务院令第256号发布"))
    '中华人民共和国国务院令第256号'
    >>> stated_number(EventDraft(kind="修订", date=None, text="2014年7月29日《国务院关于修改部分行政法规的决定》第二次修订"))
    ''
    """
    m = DOC_NUMBER_RE.search(DATE_RE.sub(" ", event.text))  # 12月27日国务院令: 日 is not part of the organ
    return normalise_doc_number(m.group(0)) if m else ""


def assign(draft: DocumentDraft) -> None:
    """Set the version's own instrument from the 题注 entry of its date (see the module doc)."""
    chain = [e for e in draft.events if e.kind in CHAIN_EVENTS and e.date]
    if not chain:
        if draft.doc_number:
            draft.doc_number_source = "text"  # a notice's own 文号 line: no chain to date it against
        return
    numbered = [(e, stated_number(e)) for e in chain]
    first = next((n for _, n in numbered if n), "")
    draft.enacting_doc_number = first if first and first == draft.doc_number else draft.enacting_doc_number
    day = draft.version_date
    own = next((n for e, n in numbered if n and e.date == day), "")
    if own:
        draft.doc_number, draft.doc_number_source = own, "text"
    elif draft.doc_number and any(n == draft.doc_number and e.date < day for e, n in numbered if day):
        draft.doc_number = ""  # the number found is an earlier version's decree: this version's is not stated
