"""GET /search and GET /work through the fast lane answer exactly what the routes answer,
and everything the lane does not know (other parameters, odd values, errors, reads that need
a token) is answered by the app as before."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from search_store import small_files, store_from

from api.http import fastlane
from api.http.app import create_app
from registry.search import rebuild

LAND = "中华人民共和国土地管理法"
PLAIN = [f"/work?id={LAND}&article=第四十七条", f"/work?id={LAND}", f"/work?id=土地管理法&article=第二条&at=2010-01-01",
         f"/work?id={LAND}&version=2004-08-28&article=第二条",
         "/search?q=临时用地到期不还要承担什么责任", "/search?q=征收土地的补偿&limit=20&offset=3",
         "/search?q=宅基地&at=2010-06-01", "/search?q=土地+OR+矿产&limit=5", '/search?q="临时用地"']
REFUSED = ["/search?q=", "/search?q=土地&limit=0", "/search?q=土地&limit=abc", "/search?q=土地&at=2024-13-01",
           "/work?id=没有这部法", f"/work?id={LAND}&article=第九百条", "/work?article=第二条",
           f"/work?id={LAND}&version=1999-01-01"]


@pytest.fixture(scope="module")
def client(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("fastlane")
    engine = store_from(shared_corpus, small_files(shared_corpus), root / "lexreg.db")
    rebuild(engine, root / "index")
    mp = pytest.MonkeyPatch()
    mp.setenv("LEXREG_INDEX_DIR", str(root / "index"))
    mp.setenv("LEXREG_DATA_DIR", str(root))
    yield TestClient(create_app(engine))
    mp.undo()


@pytest.fixture
def lane_answers(monkeypatch):
    answered: list[int] = []

    class Counting(fastlane.JSONResponse):
        def __init__(self, data):
            answered.append(1)
            super().__init__(data)

    monkeypatch.setattr(fastlane, "JSONResponse", Counting)
    return answered


def test_plain_reads_take_the_lane_and_answer_what_the_route_answers(client, lane_answers):
    for url in PLAIN:
        fast = client.get(url)
        assert fast.status_code == 200, (url, fast.text[:200])
        taken = len(lane_answers)
        routed = client.get(url + "&via=route")  # a parameter the lane does not know: the route answers
        assert len(lane_answers) == taken, url
        assert fast.json() == routed.json() and fast.headers["content-type"] == routed.headers["content-type"]
    assert len(lane_answers) == len(PLAIN)


def test_what_the_lane_does_not_answer_the_app_answers_in_its_own_shape(client, lane_answers):
    for url in REFUSED:
        got = client.get(url)
        assert got.status_code in (400, 404, 422), (url, got.status_code)
        body = got.json()
        assert body["ok"] is False and body["status"] == got.status_code and body["error"], url
        assert client.get(url + "&via=route").json() == body
    assert client.get("/search?q=土地", headers={"accept": "text/html"}).status_code == 200


def test_reads_that_need_a_token_never_take_the_lane(client, lane_answers, monkeypatch):
    import dataclasses

    # set and put back by hand: monkeypatch's undo deletes an attribute of Starlette's State
    # (kept in its own dict), which left the module's app without settings for later tests
    settings = client.app.state.settings
    client.app.state.settings = dataclasses.replace(settings, reads_need_token=True)
    try:
        for url in PLAIN[:1] + PLAIN[4:5]:
            got = client.get(url)
            assert got.status_code == 401 and got.json()["type"] == "NotSignedIn"
    finally:
        client.app.state.settings = settings
    assert not lane_answers


def test_the_lane_answers_a_few_reads_at_a_time_and_answers_them_all(client, monkeypatch):
    """Concurrent plain reads share LANE_THREADS threads (CPU work under one GIL), and all are answered."""
    import threading
    import time

    import anyio
    import httpx

    from api.http.routes import norms

    running, most, started = [0], [0], []
    lock = threading.Lock()
    real = norms.answer_work

    def slow(*args, **kwargs):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            started.append(threading.current_thread().name)
        time.sleep(0.05)
        try:
            return real(*args, **kwargs)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(norms, "answer_work", slow)
    answers: list[int] = []

    async def main():
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://lane") as ac:
            async def one(i):
                r = await ac.get(f"/work?id={LAND}&article=第二条&at=2020-0{1 + i % 9}-01")
                answers.append(r.status_code)
            async with anyio.create_task_group() as tg:
                for i in range(8):
                    tg.start_soon(one, i)

    anyio.run(main)
    assert answers == [200] * 8 and len(started) == 8
    assert most[0] == fastlane.LANE_THREADS and all(t.startswith("lexreg-lane") for t in started)
