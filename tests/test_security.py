"""Sign-in, roles, CSRF, the one error shape and the audit trail, through the real app on a small real store.

The route checks enumerate the app's routes, so a write route added later without a
guard fails here: without credentials it must answer 401, with a reader token 403.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from registry import audit
from registry.access import create_token
from registry.core.db import session_scope
from tests import web_store

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
OPEN_WRITES = {"/signin"}  # the sign-in form itself
SESSION_ONLY = {"/signout"}  # any signed-in role may end its own session
SAMPLE = {"id": "1", "ref": "1", "name": "nobody"}  # values for path parameters


def write_routes(app) -> list[tuple[str, str, object]]:
    """(method, path, dependant) of every write route, however deeply routers are included."""
    out = []
    for r in app.routes:
        contexts = r.effective_route_contexts() if hasattr(r, "effective_route_contexts") else [r]
        for c in contexts:
            for method in sorted((getattr(c, "methods", None) or set()) & WRITE):
                out.append((method, c.path, getattr(c, "dependant", None)))
    return out


def guards_of(dependant) -> set[str]:
    found, todo = set(), [dependant]
    while todo:
        d = todo.pop()
        if d is None:
            continue
        action = getattr(d.call, "lexreg_action", None)
        if action:
            found.add(action)
        todo.extend(d.dependencies)
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_corpus, module_store):
    tmp = tmp_path_factory.mktemp("security")
    engine, env = web_store.build(tmp, shared_corpus, module_store.url("security"))
    secrets = {}
    with audit.acting_as("test-setup"), session_scope(engine) as s:
        for role in ("reader", "editor", "reviewer", "admin"):
            secrets[role] = create_token(s, role, role)[1]
    return engine, env, secrets


@pytest.fixture(scope="module")
def client(built):
    engine, env, _ = built
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        yield TestClient(create_app(engine))


def bearer(secrets, role):
    return {"Authorization": f"Bearer {secrets[role]}"}


def fill(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), "x"), path)


def test_every_write_route_declares_a_guard(client):
    routes = write_routes(client.app)
    assert len(routes) >= 10  # the app's write routes are all seen (API and web forms)
    unguarded = [(m, p) for m, p, d in routes if p not in OPEN_WRITES and not guards_of(d)]
    assert not unguarded, f"write routes without require(...): {unguarded}"


def test_every_write_route_without_a_token_is_401_and_with_a_reader_token_403(client, built):
    _, _, secrets = built
    for method, path, dependant in write_routes(client.app):
        if path in OPEN_WRITES:
            continue
        anonymous = client.request(method, fill(path), json={})
        assert anonymous.status_code == 401, (method, path, anonymous.text)
        body = anonymous.json()
        assert body["ok"] is False and body["status"] == 401 and body["error"]
        if path in SESSION_ONLY or guards_of(dependant) == {"read"}:
            continue  # ending one's session, or a POST that stores nothing (a draft's legality review)
        weak = client.request(method, fill(path), json={}, headers=bearer(secrets, "reader"))
        assert weak.status_code == 403, (method, path, weak.status_code, weak.text)


def test_a_route_without_a_guard_is_still_closed_by_the_gate(built):
    """The gate refuses anonymous writes even to a route that forgot its guard."""
    engine, env, _ = built
    app = create_app(engine)

    @app.post("/forgotten")
    def forgotten():
        return {"wrote": True}

    c = TestClient(app)
    assert c.post("/forgotten").status_code == 401
    assert guards_of(next(d for m, p, d in write_routes(app) if p == "/forgotten")) == set()


def test_roles_editor_writes_reviewer_reviews(client, built):
    _, _, secrets = built
    repeal = {"work": "土地管理法", "by": "测试", "date": "2030-01-01"}
    assert client.post("/repeal", json=repeal, headers=bearer(secrets, "reviewer")).status_code == 403
    r = client.post("/repeal", json={**repeal, "date": "not a date"}, headers=bearer(secrets, "editor"))
    assert r.status_code == 422 and r.json()["ok"] is False and r.json()["fields"]
    assert client.post("/conflicts/run", headers=bearer(secrets, "editor")).status_code == 403
    assert client.post("/conflicts/run", headers=bearer(secrets, "reviewer")).status_code == 200
    assert client.get("/audit", headers=bearer(secrets, "editor")).status_code == 403
    assert client.get("/audit").status_code == 401


def test_a_write_leaves_exactly_one_audit_entry_with_before_and_after(client, built):
    engine, _, secrets = built
    with session_scope(engine) as s:
        before = audit.last_id(s)
    r = client.post("/expire", json={"work": "国土资源部关于深入持续推进依法行政构建保障和促进科学发展新机制的通知",
                                     "date": "2031-01-01", "reason": "宣布失效（测试）"}, headers=bearer(secrets, "editor"))
    assert r.status_code == 200, r.text
    rows = client.get("/audit", params={"since": "2000-01-01"}, headers=bearer(secrets, "reviewer")).json()
    new = [e for e in rows if e["id"] > before]
    assert len(new) == 1
    e = new[0]
    assert e["kind"] == "expire" and e["actor"] == "token:editor"
    assert e["before"]["status"] == "现行有效" and e["after"]["date"] == "2031-01-01"


def test_tokens_are_stored_hashed_and_revocation_ends_them(client, built):
    engine, _, secrets = built
    made = client.post("/tokens", json={"name": "script", "role": "editor"}, headers=bearer(secrets, "admin")).json()
    secret = made["token"]
    with session_scope(engine) as s:
        from sqlmodel import select

        from registry.access.tokens import Token

        row = s.exec(select(Token).where(Token.name == "script")).one()
        assert secret not in row.secret_hash and len(row.secret_hash) == 64
    ok = client.post("/repeal", json={"work": "土地管理法", "by": "x", "date": "bad"},
                     headers={"Authorization": f"Bearer {secret}"})
    assert ok.status_code == 422  # signed in: the body is checked
    assert client.post("/tokens/script/revoke", headers=bearer(secrets, "admin")).status_code == 200
    gone = client.post("/repeal", json={"work": "土地管理法", "by": "x", "date": "bad"},
                       headers={"Authorization": f"Bearer {secret}"})
    assert gone.status_code == 401


def test_web_forms_need_a_session_and_its_csrf_token(built):
    engine, env, secrets = built
    c = TestClient(create_app(engine))
    html = {"Accept": "text/html"}
    form = {"id": "1", "state": "confirmed", "reason": ""}
    anonymous = c.post("/review/conflicts/state", data=form, headers=html)
    assert anonymous.status_code == 401 and "登录" in anonymous.text
    bad = c.post("/signin", data={"token": "lxr_wrong", "back": "/"}, headers=html)
    assert bad.status_code == 401 and "令牌无效" in bad.text
    signed = c.post("/signin", data={"token": secrets["reviewer"], "back": "/review/conflicts"}, headers=html,
                    follow_redirects=False)
    assert signed.status_code == 303
    cookie = signed.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    no_csrf = c.post("/review/conflicts/run", data={}, headers=html)
    assert no_csrf.status_code == 403 and "CSRF" in no_csrf.text
    page = c.get("/review/conflicts", headers=html).text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    ran = c.post("/review/conflicts/run", data={"csrf": token}, headers=html, follow_redirects=False)
    assert ran.status_code == 303


def test_every_error_has_one_shape(client, built):
    _, _, secrets = built
    for r, status in ((client.get("/no/such/route"), 404), (client.put("/health", headers=bearer(secrets, "admin")), 405),
                      (client.get("/work", params={"id": "没有这部法"}), 404), (client.get("/work"), 422),
                      (client.get("/works", params={"at": "2019-13-01"}), 422)):
        assert r.status_code == status, r.text
        body = r.json()
        assert body["ok"] is False and body["status"] == status and isinstance(body["error"], str) and body["error"]
    page = client.get("/no/such/route", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "<html" in page.text and "未找到" in page.text


def test_uploads_are_bounded_and_a_docx_bomb_is_refused(built, monkeypatch, shared_corpus):
    engine, env, secrets = built
    monkeypatch.setenv("LEXREG_MAX_UPLOAD_MB", "1")
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    c = TestClient(create_app(engine))
    big = c.post("/ingest", files={"files": ("big.txt", b"x" * (2 * 1024 * 1024))}, headers=bearer(secrets, "editor"))
    assert big.status_code == 413 and big.json()["ok"] is False
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document>" + " " * (300 * 1024 * 1024) + "</w:document>")
    r = c.post("/ingest", files={"files": ("bomb.docx", bomb.getvalue())}, headers=bearer(secrets, "editor"))
    assert r.status_code == 200 and r.json()["failed"] and "bomb.docx" in r.json()["failed"][0]
    assert "limit" in r.json()["failed"][0]


def test_ingest_takes_uploads_and_never_a_server_path(client, built, shared_corpus):
    _, _, secrets = built
    text = (shared_corpus / "laws" / "行政法规").glob("*.md")
    path = next(iter(sorted(text)))
    r = client.post("/ingest", files=[("files", (path.name, path.read_bytes())), ("files", ("bad.txt", b"\x00\x01"))],
                    headers=bearer(secrets, "editor"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert len(body["ingested"]) == 1 and body["failed"] and body["failed"][0].startswith("bad.txt")
    amend = client.post("/amend", json={"path": "/etc/passwd"}, headers=bearer(secrets, "editor"))
    assert amend.status_code == 422  # `path` is no longer a field: the text is required
