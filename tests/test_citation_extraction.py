"""Citation extraction measured against the hand-labelled golden set.

tests/golden/citations.jsonl holds one line per labelled unit (an article, a
notice section or a preamble) of a real corpus document, with every citation
in it, labelled by reading the text. Each unit is complete, so any extra
extraction inside it is a false positive. A citation counts as found only if
span text, kind, target title, 文号 and target provision ids all agree.
"""

from __future__ import annotations

import json
from collections import Counter
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.citations import extract, extract_document
from registry.citations.drafts import CITATION_KINDS, CitationDraft
from registry.core.settings import shared_corpus_dir

GOLDEN = Path(__file__).parent / "golden" / "citations.jsonl"
CORPUS = shared_corpus_dir()
THRESHOLD = 0.97
KEY_FIELDS = ("raw", "kind", "target_title", "target_doc_number", "target_pid", "target_end_pid")



def _units() -> list[dict]:
    return [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]


@lru_cache(maxsize=None)
def _document_citations(path: str) -> tuple[CitationDraft, ...]:
    from ingest.pipeline import parse_path

    return tuple(extract_document(parse_path(CORPUS / path)))


def _in_unit(c: CitationDraft, unit: str) -> bool:
    if unit == "preamble":
        return c.source_pid == ""
    return c.source_pid == unit or c.source_pid.startswith(unit + "__")


def _key(c: dict) -> tuple:
    return tuple(c[f] for f in KEY_FIELDS)


def _score() -> tuple[Counter, Counter, Counter, list[str]]:
    tp, gold_n, found_n, misses = Counter(), Counter(), Counter(), []
    for unit in _units():
        found = [c.to_json() for c in _document_citations(unit["file"]) if _in_unit(c, unit["unit"])]
        gold = Counter(_key(c) for c in unit["citations"])
        got = Counter(_key(c) for c in found)
        hit = gold & got
        for k, n in gold.items():
            gold_n[k[1]] += n
            tp[k[1]] += hit[k]
        for k, n in got.items():
            found_n[k[1]] += n
        where = f"{unit['file'].rsplit('/', 1)[-1][:30]} {unit['unit']}"
        misses += [f"MISSED {where}: {k}" for k in (gold - got).elements()]
        misses += [f"EXTRA  {where}: {k}" for k in (got - gold).elements()]
    return tp, gold_n, found_n, misses


def test_golden_set_is_big_and_varied_enough() -> None:
    units = _units()
    citations = [c for u in units for c in u["citations"]]
    assert len(citations) >= 200
    assert len({u["file"] for u in units}) >= 40
    assert {c["kind"] for c in citations} == set(CITATION_KINDS)
    assert all(u["complete"] for u in units)


def test_extraction_precision_and_recall() -> None:
    tp, gold_n, found_n, misses = _score()
    print()
    for kind in CITATION_KINDS:
        print(f"{kind:9} gold {gold_n[kind]:4} found {found_n[kind]:4} correct {tp[kind]:4}")
    precision = sum(tp.values()) / max(1, sum(found_n.values()))
    recall = sum(tp.values()) / max(1, sum(gold_n.values()))
    print(f"precision {precision:.3f} recall {recall:.3f} over {sum(gold_n.values())} labelled citations")
    print("\n".join(misses))
    assert precision >= THRESHOLD and recall >= THRESHOLD, "\n".join(misses)


def test_spans_are_exact_in_golden_documents() -> None:
    from ingest.pipeline import parse_path

    for path in sorted({u["file"] for u in _units()})[:10]:
        draft = parse_path(CORPUS / path)
        texts = {p.pid: p.text for p in draft.provisions}
        texts[""] = draft.preamble
        for c in _document_citations(path):
            assert texts[c.source_pid][c.start:c.end] == c.raw


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="《》〈〉本法条例第一二三十百条款项之前两至、和（）()国发〔2008〕3号令法律行政法规有关根据制定。\n", max_size=60))
def test_spans_hold_on_any_text(text: str) -> None:
    for c in extract(text, "art_3__para_2__item_1"):
        assert text[c.start:c.end] == c.raw
        assert c.kind in CITATION_KINDS
