"""Fair serving under load: logged-in readers at concurrency 8 while one anonymous client loops the largest export.

    python -m rasd.bench.fairness --db out/bench-api.sqlite --events 100000 --seconds 20

Starts `rasd serve` on a loopback port over a store of synthetic events (`rasd.bench.api.fill`), then runs, for
`--seconds` or `--requests` per reader (whichever ends first): eight readers asking for pages of events, one
event and counts, and one anonymous client, a process of its own, asking again and again for
`/api/export?format=csv&limit=50000` (with `--exporter-waits`, waiting the `Retry-After` of each 429). Each client
sends its own `X-Forwarded-For`, as a reverse proxy would, so the server tells them apart. Prints the readers'
rate and latency percentiles and what the exporter got. A measurement, not a test: numbers depend on the machine.
`--server-path` runs another checkout's server (to compare before and after).
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from rasd.bench.api import fill

__all__ = ["main", "run"]

READERS = 8
# What the page asks when a visitor looks at a month, a governorate and the newest events.
_READS = ("/api/events?date_from=2024-02-01&date_to=2024-02-29&fields=map&limit=100",
          "/api/events?limit=20&sort=-event_date", "/api/events?admin1=Idlib&limit=50&fields=map",
          "/api/stats?by=type&date_from=2024-02-01&date_to=2024-02-29", "/api/meta")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int, server_path: str | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if server_path:
        env["PYTHONPATH"] = server_path
    proc = subprocess.Popen([sys.executable, "-m", "rasd.cli", "serve", "--db", str(db.resolve()), "--port", str(port)],
                            env=env, cwd=server_path or None, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if _get(http.client.HTTPConnection("127.0.0.1", port, timeout=1), "/api/meta", {})[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the server did not start")


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str]]:
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, dict(response.getheaders())


def _token(db: Path, server_path: str | None) -> str:
    env = dict(os.environ, **({"PYTHONPATH": server_path} if server_path else {}))
    out = subprocess.run([sys.executable, "-m", "rasd.cli", "users", "add", "bench-reader", "--role", "reviewer",
                          "--db", str(db.resolve())], env=env, cwd=server_path or None, capture_output=True, text=True,
                         check=True).stdout
    return out.strip().splitlines()[-1]


def _export_loop(port: int, until: float, send: Connection, waits: bool) -> None:
    """Ask again and again for the largest anonymous export until the wall clock reaches `until` (after a 429, first
    waiting its `Retry-After` if `waits`); send back the statuses and the seconds each took."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    statuses: Counter[int] = Counter()
    times: list[float] = []
    while time.time() < until:
        started = time.perf_counter()
        try:
            status, headers = _get(conn, "/api/export?format=csv&limit=50000", {"X-Forwarded-For": "10.0.9.9"})
        except (http.client.HTTPException, OSError):  # the server closed the connection while we waited: reopen it
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            continue
        times.append(time.perf_counter() - started)
        statuses[status] += 1
        if waits and status == 429:
            retry = {k.lower(): v for k, v in headers.items()}.get("retry-after", "1")
            time.sleep(min(float(retry), max(0.0, until - time.time())))
    conn.close()
    send.send((statuses, times))
    send.close()


def run(db: Path, *, seconds: float, requests: int, server_path: str | None = None,
        exporter: bool = True, exporter_waits: bool = False) -> dict[str, Any]:
    """Serve `db`, load it as the module docstring says, and return the figures."""
    token = _token(db, server_path)
    port = _port()
    proc = _serve(db, port, server_path)
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    reader_status: Counter[int] = Counter()
    export_status: Counter[int] = Counter()
    export_times: list[float] = []
    lock = threading.Lock()

    def reader(n: int) -> None:
        headers = {"Authorization": f"Bearer {token}", "X-Forwarded-For": f"10.0.1.{n}"}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        for i in range(requests):
            if time.monotonic() > stop:
                break
            started = time.perf_counter()
            status = _get(conn, _READS[(i + n) % len(_READS)], headers)[0]
            with lock:
                latencies.append(time.perf_counter() - started)
                reader_status[status] += 1
        conn.close()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    # The exporter is a process of its own, as an abuser's client is: its loop of refused requests never takes the
    # readers' turn at this process's interpreter lock, so the readers' latencies are the server's.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    export_proc = (context.Process(target=_export_loop, args=(port, time.time() + seconds, send, exporter_waits))
                   if exporter else None)
    began = time.perf_counter()
    try:
        if export_proc is not None:
            export_proc.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - began
        if export_proc is not None:
            while export_proc.is_alive() and not receive.poll(1):  # its last export ends; an exporter that died
                pass                                                # sends nothing
            if receive.poll():
                statuses, export_times = receive.recv()
                export_status.update(statuses)
            export_proc.join(timeout=60)
    finally:
        if export_proc is not None and export_proc.is_alive():
            export_proc.kill()
        proc.terminate()
        proc.wait(timeout=30)
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return round(1000 * ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

    return {
        "seconds": round(elapsed, 1), "reader_requests": len(latencies),
        "reader_rate": round(len(latencies) / elapsed, 1), "p50_ms": pct(0.50), "p99_ms": pct(0.99),
        "mean_ms": round(1000 * statistics.fmean(ordered), 1) if ordered else 0.0,
        "reader_status": dict(reader_status), "exports": dict(export_status),
        "export_p50_ms": round(1000 * statistics.median(export_times), 1) if export_times else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the measurement from the command line."""
    p = argparse.ArgumentParser(prog="python -m rasd.bench.fairness", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="out/bench-api.sqlite", help="SQLite store (filled once with synthetic events)")
    p.add_argument("--events", type=int, default=100_000, help="events the store holds")
    p.add_argument("--seconds", type=float, default=20.0, help="how long to load the server, at most")
    p.add_argument("--requests", type=int, default=2000, help="requests per reader, at most")
    p.add_argument("--no-exporter", action="store_true", help="readers only")
    p.add_argument("--exporter-waits", action="store_true", help="the exporter waits the Retry-After of each 429")
    p.add_argument("--server-path", default=None, help="PYTHONPATH of the server to run (another checkout)")
    args = p.parse_args(argv)
    db = Path(args.db)
    db.parent.mkdir(parents=True, exist_ok=True)
    fill(db, events=args.events)
    report = run(db, seconds=args.seconds, requests=args.requests, server_path=args.server_path,
                 exporter=not args.no_exporter, exporter_waits=args.exporter_waits)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
