"""CLI timings and a bounded loopback load on the whole-corpus store (issue 12, items 3 and 4).

    .venv/bin/python -m bench.answers_at_once [--keep DIR] [--requests 2000] [--clients 16] [--workers 2]

Reads the shared corpus into a store (or reuses `--keep DIR`, the folder
bench.search_quality keeps: its lexreg.db is the whole corpus) and builds the
search index beside it. CLI: `python -c pass`, `lexreg show 中华人民共和国土地管理法
--article 第四十七条` and `lexreg search 临时用地`, each run once to warm the file
cache, then 5 times; the median is printed beside its bound (0.5 s, 1.0 s). Load:
`lexreg serve --workers N` on a free loopback port, then REQUESTS requests from
CLIENTS threads with keep-alive connections, half ranked searches (GET /search
with a question, each a different one from the generated dev split) and half article
reads (GET /work?article=); prints requests/s,
p50, p95 and errors, and before the load how long the server took to answer /health and
what its first searches took (each worker loads its index at start, `api.http.app.served_app`). Writes bench/results/answers_at_once.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.common import ROOT, shared_corpus, write_result

SHOW = ["show", "中华人民共和国土地管理法", "--article", "第四十七条"]
SEARCH = ["search", "临时用地"]
QUESTIONS = ["临时用地到期不还要承担什么责任", "农村的宅基地可以卖给城里人吗", "征收土地的补偿标准", "建设用地使用权出让",
             "矿产资源勘查许可证", "行政处罚的追责时效", "劳动合同解除的经济补偿", "环境影响评价文件未经批准开工建设"]
ARTICLES = [("中华人民共和国土地管理法", "第四十七条"), ("中华人民共和国土地管理法", "第二条"),
            ("中华人民共和国矿产资源法", "第三条"), ("中华人民共和国行政处罚法", "第三十六条")]


def _env(work: Path) -> dict:
    return {**os.environ, "LEXREG_DATABASE_URL": f"sqlite:///{work / 'lexreg.db'}",
            "LEXREG_INDEX_DIR": str(work / "index"), "LEXREG_DATA_DIR": str(work)}


def _prepare(work: Path) -> None:
    from bench.search_quality import store
    from registry.search import rebuild

    engine, _ = store(argparse.Namespace(keep=work, corpus=shared_corpus()))
    if not (work / "index" / "manifest.json").exists():
        rebuild(engine, work / "index")


def cli(work: Path, runs: int = 5) -> dict:
    lexreg = str(Path(sys.executable).with_name("lexreg"))
    env = _env(work)
    out = {}
    for name, argv in (("python -c pass", [sys.executable, "-c", "pass"]), ("lexreg " + " ".join(SHOW), [lexreg, *SHOW]),
                       ("lexreg " + " ".join(SEARCH), [lexreg, *SEARCH])):
        times = []
        for i in range(runs + 1):
            t = time.perf_counter()
            done = subprocess.run(argv, env=env, capture_output=True)
            if done.returncode:
                raise SystemExit(f"{name} failed: {done.stderr.decode()[-400:]}")
            if i:  # the first run warms the file cache
                times.append(time.perf_counter() - t)
        out[name] = {"median_s": round(statistics.median(times), 3), "runs": [round(x, 3) for x in times]}
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _paths(requests: int) -> list[str]:
    """Every search a different question (the generated dev split, then the fixed ones), so no
    result cache can answer for the ranking; article reads rotate over ARTICLES."""
    from bench.questions import OUT, load_set
    from bench.search_quality import natural

    asked = [natural(q["question"])[:200] for q in load_set(OUT / "dev.jsonl")] + QUESTIONS
    out = []
    for i in range(requests // 2 + 1):
        out.append("/search?" + urlencode({"q": asked[i % len(asked)], "limit": 10}))
        title, art = ARTICLES[i % len(ARTICLES)]
        out.append("/work?" + urlencode({"id": title, "article": art}))
    return out


def _server_cpu(pid: int) -> float | None:
    """CPU seconds the server and its worker processes have used (Linux /proc), else None:
    on a shared machine CPU per request says more than requests/s alone."""
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0
        for p in [str(pid), *kids]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _worker_memory(pid: int) -> list[dict]:
    """Each process under the server (its workers, and the small process uvicorn's multiprocessing
    keeps beside them): resident and private memory in MB (Linux /proc), after the load: what
    a worker holds (its snapshot, caches and preloaded rows; the index's shared memory maps count in
    resident, not in private)."""
    out = []
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return out
    for kid in kids:
        try:
            mem = {"rss_mb": 0, "private_mb": 0}
            for line in Path(f"/proc/{kid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    mem["rss_mb"] = int(line.split()[1]) // 1024
                elif line.startswith(("Private_Clean:", "Private_Dirty:")):
                    mem["private_mb"] += int(line.split()[1]) // 1024
            out.append(mem)
        except (OSError, ValueError, IndexError):
            continue
    return out


def load(work: Path, requests: int, clients: int, workers: int) -> dict:
    port = _free_port()
    lexreg = str(Path(sys.executable).with_name("lexreg"))
    log = open(work / "serve.log", "w")
    server = subprocess.Popen([lexreg, "serve", "--port", str(port), "--workers", str(workers)], env=_env(work),
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        launched = time.perf_counter()
        deadline = time.time() + 120
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/health")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit(f"server did not start: see {work / 'serve.log'}")
            time.sleep(0.3)
        started = time.perf_counter() - launched
        # the first searches after start, each a new question on a new connection (whichever worker
        # takes it): what the first users wait while a worker loads its index, if it has not yet
        first = []
        for q in QUESTIONS[:workers * 2]:
            t = time.perf_counter()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            c.request("GET", "/search?" + urlencode({"q": q + "？", "limit": 10}))
            c.getresponse().read()
            first.append(round((time.perf_counter() - t) * 1000, 1))
        paths = _paths(requests)
        # warm-up: every worker has its index loaded already; this reads in the article views and
        # the words of the fixed questions, as before the server loaded its index at start
        for p in paths[:2] + paths[-len(QUESTIONS) * 2:]:
            for _ in range(workers * 2):
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                c.request("GET", p)
                c.getresponse().read()
        lat: list[float] = []
        errors: list[str] = []
        counter = iter(range(requests))
        lock = threading.Lock()

        def client() -> None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            while True:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                path = paths[n % len(paths)]
                t = time.perf_counter()
                problem = ""
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    resp.read()
                    if resp.status != 200:
                        problem = f"{path}: status {resp.status}"
                except (OSError, http.client.HTTPException) as exc:
                    problem, conn = f"{path}: {exc!r}", http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                with lock:
                    lat.append(time.perf_counter() - t)
                    if problem:
                        errors.append(problem)
        load_before, cpu_before = os.getloadavg()[0], _server_cpu(server.pid)
        t0 = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        wall = time.perf_counter() - t0
        cpu_after, load_after = _server_cpu(server.pid), os.getloadavg()[0]
        memory = _worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    lat.sort()
    return {"started_s": round(started, 2), "first_searches_ms": first,
            "requests": len(lat), "clients": clients, "workers": workers, "seconds": round(wall, 2),
            "requests_per_s": round(len(lat) / wall, 1), "p50_ms": round(lat[len(lat) // 2] * 1000, 1),
            "p95_ms": round(lat[int(0.95 * (len(lat) - 1))] * 1000, 1), "errors": len(errors),
            "error_examples": errors[:5], "load_average": [round(load_before, 2), round(load_after, 2)],
            "worker_memory": memory,
            "server_cpu_ms_per_request": round((cpu_after - cpu_before) / len(lat) * 1000, 2)
            if cpu_before is not None and cpu_after is not None and lat else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=Path, default=None)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="lexreg-answers-"))
    _prepare(work)
    result = {"store": "whole shared corpus", "cli": cli(work),
              "load": load(work, args.requests, args.clients, args.workers)}
    for name, r in result["cli"].items():
        bound = 0.5 if "show" in name else 1.0 if "search" in name else None
        print(f"{name:<62} median {r['median_s']:.3f} s" + (f"  (bound {bound} s)" if bound else ""))
    ld = result["load"]
    print(f"loopback load: {ld['requests']} requests, {ld['clients']} clients, {ld['workers']} workers: "
          f"{ld['requests_per_s']} req/s, p50 {ld['p50_ms']} ms, p95 {ld['p95_ms']} ms, {ld['errors']} errors "
          "(target >= 400 req/s, p95 <= 100 ms, 0 errors)")
    print(f"  answering /health {ld['started_s']} s after start; the first searches then took "
          + ", ".join(f"{t} ms" for t in ld["first_searches_ms"]))
    print(f"  server CPU {ld['server_cpu_ms_per_request']} ms a request; 1-minute load average "
          f"{ld['load_average'][0]} before, {ld['load_average'][1]} after, on {os.cpu_count()} cores")
    if ld["worker_memory"]:
        each = "; ".join(f"{m['rss_mb']} MB resident, {m['private_mb']} MB private" for m in ld["worker_memory"])
        print(f"  the server's processes after the load (its workers, and uvicorn's helper): {each}")
    print(f"written to {write_result('answers_at_once', result)}")
    if not args.keep:
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
