"""Property: apply generated operations to a real version, and the 新旧对照 names exactly what they touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.triples import corpus_dir
from ingest.pipeline import parse_path
from registry.amendments.engine import apply_operations
from registry.amendments.operations import DeleteProvision, InsertArticle, NewArticle, Ref, ReplaceText, ReplaceWords
from registry.comparison.compare import diff_versions

VERSION = Path("chains/中华人民共和国道路运输条例/2019-03-02.md")


def _version_path() -> Path | None:
    for base in (Path("corpus"), corpus_dir()):
        if (base / VERSION).exists():
            return base / VERSION
    return None




@pytest.fixture(scope="module")
def version():
    path = _version_path()
    assert path is not None, f"{VERSION} not found in corpus/ nor in the shared corpus"
    return parse_path(path).provisions


@st.composite
def edits(draw, articles):
    """Distinct articles, each replaced, word-edited, deleted or followed by a new 之一 article."""
    chosen = draw(st.lists(st.sampled_from(articles), min_size=1, max_size=8, unique_by=lambda a: a.pid))
    ops, expected = [], {"modified": set(), "removed": set(), "added": set()}
    for n, article in enumerate(chosen):
        num = int(article.num)
        kind = draw(st.sampled_from(["replace", "words", "delete", "insert"]))
        token = f"〖{n}〗"
        if kind == "replace":
            ops.append(ReplaceText(Ref(num), (f"新的条文{token}。",)))
            expected["modified"].add(article.pid)
        elif kind == "words":
            lead = article.text.split("\n")[0]
            start = draw(st.integers(0, max(len(lead) - 3, 0)))
            old = lead[start:start + 3]
            ops.append(ReplaceWords((Ref(num),), old, token))
            expected["modified"].add(article.pid)
        elif kind == "delete":
            ops.append(DeleteProvision(Ref(num)))
            expected["removed"].add(article.pid)
        else:
            ops.append(InsertArticle(NewArticle(num, 1), (f"增加的条文{token}。",), after=Ref(num)))
            expected["added"].add(f"art_{num}-1")
    return ops, expected


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_diff_reports_exactly_the_touched_provisions(version, data):
    articles = [p for p in version if p.kind == "article"]
    ops, expected = data.draw(edits(articles))
    result = apply_operations(version, ops, renumber=False)
    assert result.failed == []
    rows = diff_versions(version, result.provisions, sources=result.sources, match=False, words=False)
    got = {"modified": set(), "removed": set(), "added": set()}
    for row in rows:
        if row.status == "modified":
            got["modified"].add(row.new_pid)
        elif row.status == "removed":
            got["removed"].add(row.old_pid)
        elif row.status == "added":
            got["added"].add(row.new_pid)
        else:
            assert row.old_pid == row.new_pid
    assert got == expected


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_renumbering_keeps_every_untouched_article_aligned(version, data):
    """With 条文顺序作相应调整, deleted articles shift the rest; the source map still aligns them."""
    articles = [p for p in version if p.kind == "article"]
    gone = data.draw(st.lists(st.sampled_from(articles), min_size=1, max_size=5, unique_by=lambda a: a.pid))
    result = apply_operations(version, [DeleteProvision(Ref(int(a.num))) for a in gone], renumber=True)
    assert len(result.articles) == len(articles) - len(gone)
    assert [a.num for a in result.articles] == [str(n) for n in range(1, len(result.articles) + 1)]
    rows = diff_versions(version, result.provisions, sources=result.sources, match=False, words=False)
    assert {r.old_pid for r in rows if r.status == "removed"} == {a.pid for a in gone}
    assert not [r for r in rows if r.status == "added"]
