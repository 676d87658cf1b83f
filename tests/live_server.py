"""A real `uvicorn` serving the app on a free loopback port, for tests a TestClient cannot do
(a browser, concurrent clients): started with a store's settings, stopped afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(settings: dict[str, str], log_path: Path, wait: float = 90) -> Iterator[str]:
    """The base URL of a server for the store `settings` name; a loaded 2-core machine starts it slowly."""
    port = free_port()
    with log_path.open("w") as log:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "api.http.app:create_app", "--factory", "--host",
                                 "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                                cwd=ROOT, env={**os.environ, **settings}, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + wait
            while True:
                try:
                    urllib.request.urlopen(base + "/health", timeout=1)
                    break
                except OSError:
                    assert proc.poll() is None, log_path.read_text()
                    assert time.monotonic() < deadline, f"uvicorn did not answer within {wait:.0f} s"
                    time.sleep(0.1)
            yield base
        finally:
            proc.terminate()
            proc.wait(timeout=10)
