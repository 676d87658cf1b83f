"""定期清理 on the whole shared corpus: the 民法典 campaign as of 2022-01-01.

Every norm in force then (地方性法规, 部门规章, 司法解释, 行政法规) whose text cites one of the
nine laws the 民法典 repealed is proposed 修改 or 废止 with a `cites_repealed` reason naming
that law. The check reads the texts with its own pattern, not the citation rows.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date

import pytest
from sqlmodel import Session, select

from api.services import citation_pass
from registry import audit
from registry.cleanup import campaigns
from registry.cleanup.context import Scope
from registry.core.db import session_scope
from registry.norms import lifecycle, store
from registry.norms import models as m
from registry.schema import make_engine
from tests.cleanup_store import NINE, record_civil_code_repeals

pytestmark = pytest.mark.slow
LEVELS = ["地方性法规", "部门规章", "司法解释", "行政法规"]
AS_OF = date(2022, 1, 1)
CITES = re.compile(r"《(?:中华人民共和国)?(" + "|".join(NINE) + r")》")


@pytest.fixture(scope="module")
def civil(full_store, module_store, tmp_path_factory):
    """A copy of the full store with its citations and the nine repeals, and the campaign run on it
    (a copy: the run's other tests share the full store)."""
    engine, _ = full_store
    if engine.dialect.name == "sqlite":
        copy = tmp_path_factory.mktemp("civil") / "lexreg.db"
        shutil.copy(engine.url.database, copy)
        url = f"sqlite:///{copy}"
    else:
        from full_store import MASTER

        url = module_store.url("civil", template=MASTER)
    eng = make_engine(url)
    citation_pass.rebuild(eng)
    record_civil_code_repeals(eng)
    with audit.acting_as("test"), session_scope(eng) as s:
        campaigns.create(s, "民法典配套清理", AS_OF, Scope(levels=LEVELS))
        campaigns.run(s, "民法典配套清理")
        data = campaigns.show_json(s, "民法典配套清理")
    return eng, data


def test_every_norm_citing_a_repealed_civil_law_is_to_be_amended_or_repealed(civil):
    eng, data = civil
    by_work = {p["work_id"]: p for p in data["proposals"]}
    expected: dict[str, set[str]] = {}
    with Session(eng) as s:
        versions, events = store.all_versions_by_work(s), store.all_events_by_work(s)
        live = {}
        for w in s.exec(select(m.Work)).all():
            st = lifecycle.status_on(versions.get(w.id, []), events.get(w.id, []), AS_OF)
            if w.level in LEVELS and st.status in (lifecycle.IN_FORCE, lifecycle.PARTIAL):
                live[st.span.version.id] = w.id
        assert set(live.values()) == set(by_work)  # the campaign covers exactly the norms in force
        for vid, wid in live.items():
            v = s.get(m.Version, vid)
            texts = [p.text for p in store.provisions_of(s, vid) if not p.parent] + [v.preamble or ""]
            for text in texts:
                for sentence in re.split(r"[。；\n]", text):
                    if "废止" in sentence or "失效" in sentence:
                        continue  # the clause that repeals it, or says it no longer applies
                    for mt in CITES.finditer(sentence):
                        expected.setdefault(wid, set()).add(mt.group(1))
    assert len(expected) >= 15  # norms that write 《X》 (others cite 民法通则第X条 without brackets)
    for wid, laws in expected.items():
        p = by_work[wid]
        named = {r["evidence"]["other_title"].removeprefix("中华人民共和国") for r in p["reasons"]
                 if r["kind"] == "cites_repealed"}
        assert p["opinion"] in ("修改", "废止"), (p["title"], p["opinion"])
        assert laws <= named, (p["title"], laws, named)
        r = next(r for r in p["reasons"] if r["kind"] == "cites_repealed")
        assert "中华人民共和国民法典" in r["evidence"]["repealed_by"] and r["evidence"]["label"]
    opinions = Counter(p["opinion"] for p in data["proposals"])
    reasons = Counter(r["kind"] for p in data["proposals"] for r in p["reasons"])
    print(f"\n民法典 campaign: {len(data['proposals'])} norms; opinions {dict(opinions)}; reasons {dict(reasons)}; "
          f"{len(expected)} cite the nine laws")
