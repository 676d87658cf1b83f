"""8 clients writing through the API while 8 others read and search, against a real server on
loopback: every acknowledged write is stored once and audited once, nothing is lost or doubled,
no 5xx. Bounded: each client makes a fixed number of requests with a timeout.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlmodel import select

from registry import audit
from registry.citations.records import Finding
from registry.core.db import session_scope
from registry.norms import models as m
from tests import web_store
from tests.auth import token
from tests.live_server import serving

ROOT = Path(__file__).resolve().parent.parent
WRITERS, READERS, UPLOADS_EACH, READS_EACH = 8, 8, 2, 25


@pytest.fixture(scope="module")
def server(tmp_path_factory, shared_corpus, module_store):
    tmp = tmp_path_factory.mktemp("concurrent-writes")
    engine, settings = web_store.build(tmp, shared_corpus, module_store.url("concurrent"))
    with audit.acting_as("test-setup"), session_scope(engine) as s:
        for n in range(WRITERS):
            s.add(Finding(fingerprint=f"concurrency-{n}", kind="stale_article", severity="low", work_id=web_store.LAND_ID,
                          pid="art_1", rule="测试", explanation="并发测试用"))
    secret = token(engine, "admin", "concurrency-admin")
    with serving(settings, tmp / "uvicorn.log") as base:
        yield base, engine, secret

def test_acknowledged_writes_equal_stored_rows_equal_audit_entries(server, shared_corpus):
    base, engine, secret = server
    headers = {"Authorization": f"Bearer {secret}"}
    files = sorted((shared_corpus / "laws" / "部门规章").rglob("*.md"))[:WRITERS * UPLOADS_EACH]
    with session_scope(engine) as s:
        start = audit.last_id(s)
        findings = [f.id for f in s.exec(select(Finding).where(Finding.fingerprint.startswith("concurrency-"))).all()]

    def writer(n: int) -> dict[str, list]:
        done = {"ingested": [], "repealed": [], "states": [], "errors": []}
        with httpx.Client(base_url=base, headers=headers, timeout=300) as c:
            for path in files[n * UPLOADS_EACH:(n + 1) * UPLOADS_EACH]:
                r = c.post("/ingest", files={"files": (path.name, path.read_bytes())})
                if r.status_code != 200 or not r.json()["ingested"]:
                    done["errors"].append((r.status_code, r.text[:200]))
                    continue
                work = r.json()["ingested"][0]["work_id"]
                done["ingested"].append(work)
                r = c.post("/repeal", json={"work": work, "by": f"并发测试{n}", "date": "2030-01-01"})
                (done["repealed"] if r.status_code == 200 else done["errors"]).append(work if r.status_code == 200
                                                                                     else (r.status_code, r.text[:200]))
            r = c.post(f"/conflicts/{findings[n]}/state", json={"state": "dismissed", "reason": f"并发{n}"})
            (done["states"] if r.status_code == 200 else done["errors"]).append(findings[n] if r.status_code == 200
                                                                               else (r.status_code, r.text[:200]))
        return done

    def reader(n: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=base, timeout=300) as c:
            for i in range(READS_EACH):
                r = c.get("/search", params={"q": ["土地", "征收", "登记", "处罚"][i % 4], "limit": 10}) if i % 2 else \
                    c.get("/work", params={"id": web_store.LAND_ID, "article": "第四十七条"})
                statuses.append(r.status_code)
        return statuses

    with ThreadPoolExecutor(WRITERS + READERS) as pool:
        writes = [pool.submit(writer, n) for n in range(WRITERS)]
        reads = [pool.submit(reader, n) for n in range(READERS)]
        writes, reads = [f.result() for f in writes], [f.result() for f in reads]
    errors = [e for w in writes for e in w["errors"]]
    assert not errors, errors[:5]
    assert all(s < 500 for r in reads for s in r) and all(s == 200 for r in reads for s in r)
    ingested = [x for w in writes for x in w["ingested"]]
    repealed = [x for w in writes for x in w["repealed"]]
    states = [x for w in writes for x in w["states"]]
    assert len(ingested) == len(set(ingested)) == WRITERS * UPLOADS_EACH
    with session_scope(engine) as s:
        stored_works = {w for w in s.exec(select(m.Version.work_id)).all() if w in set(ingested)}
        # the test's own repeals (an uploaded rule may also repeal others by its clauses: not counted here)
        repeal_events = [e for e in s.exec(select(m.Event).where(m.Event.kind == "废止")).all()
                         if e.by.startswith("并发测试")]
        dismissed = s.exec(select(Finding).where(Finding.state == "dismissed")).all()
        entries = [e for e in audit.entries(s) if e.id > start]
    assert stored_works == set(ingested)
    assert sorted(e.work_id for e in repeal_events) == sorted(repealed)
    assert {f.id for f in dismissed} == set(states)
    by_kind = {k: [e for e in entries if e.kind == k] for k in ("ingest", "repeal", "finding_state")}
    assert len(by_kind["ingest"]) == len(ingested)
    assert sorted(e.work_id for e in by_kind["repeal"]) == sorted(repealed)
    assert len(by_kind["finding_state"]) == len(states)
    print(f"acknowledged {len(ingested) + len(repealed) + len(states)} writes = stored = audited; "
          f"{sum(len(r) for r in reads)} reads, 0 errors")
