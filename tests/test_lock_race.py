"""A stale lock taken over by many processes at the same instant: exactly one wins.

Every process reads the stale lock (naming a dead process on this host) and would take it
over; without a guard two of them could both delete it, and the second would delete the
first one's fresh lock. Processes are spawned (as on Windows) and released at a barrier.
"""

from __future__ import annotations

import json
import multiprocessing
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from tipq.core.errors import LockedError
from tipq.io.lock import ResponseLock

PROCESSES = 4
ROUNDS = 30


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _contend(paths: list[str], start: Any, done: Any, results: Any) -> None:
    for path in paths:
        start.wait()
        lock = ResponseLock(Path(path))
        try:
            lock.acquire()
            outcome = "won"
        except LockedError:
            outcome = "locked"
        except Exception as e:  # anything else is a failure of the test
            outcome = f"error: {e!r}"
        done.wait()  # the winner holds its lock until every process has tried
        results.put((path, outcome))
        lock.release()


def test_a_stale_lock_is_taken_over_by_exactly_one_process(tmp_path: Path) -> None:
    stale = json.dumps({"pid": _dead_pid(), "host": socket.gethostname(), "user": "x",
                        "started": "2026-01-01T00:00:00+00:00", "tool": "tipq"})
    paths = []
    for i in range(ROUNDS):
        response = tmp_path / f"r{i}" / "XXA.yaml"
        response.parent.mkdir()
        response.with_name("XXA.yaml.lock").write_text(stale, encoding="utf-8")
        paths.append(str(response))
    ctx = multiprocessing.get_context("spawn")
    start, done = ctx.Barrier(PROCESSES), ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    procs = [ctx.Process(target=_contend, args=(paths, start, done, results))
             for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    outcomes: dict[str, list[str]] = {p: [] for p in paths}
    for _ in range(PROCESSES * ROUNDS):
        path, outcome = results.get(timeout=60)
        outcomes[path].append(outcome)
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    for path, got in outcomes.items():
        assert sorted(got) == ["locked"] * (PROCESSES - 1) + ["won"], (path, got)
        assert not Path(path).with_name("XXA.yaml.lock.takeover").exists()
