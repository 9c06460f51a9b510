"""SIGKILL the real ``tipq interview`` at random moments: nothing confirmed is ever lost.

The driver (tests/hostile/crash.py) answers a 40-question questionnaire in a
pseudo-terminal with random valid input and kills the process at a prompt, right after
an answer, or a few milliseconds later while it saves. After every kill the file loads,
validates as a draft, and holds every answer confirmed before the kill (plus, at most, the
one being sent); the next sitting takes over the dead process's lock. CI runs 20 kills;
``python benchmarks/crash_long.py`` runs hundreds.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals and SIGKILL: POSIX"),
]
pexpect = pytest.importorskip("pexpect")

from hostile.crash import CrashRun  # noqa: E402


def test_twenty_kills_lose_no_confirmed_answer(tmp_path: Path) -> None:
    stats = CrashRun(tmp_path, random.Random(20261128)).run(kills=20)
    print(stats.summary())  # shown with pytest -s
    assert stats.kills == 20
    assert stats.answers_confirmed >= 10, stats.summary()
    # every kill leaves the lock of a dead process; the next sitting must take it over
    assert stats.stale_locks_recovered == stats.kills - 1, stats.summary()
    assert stats.moments["while saving"] + stats.moments["right after an answer"] >= 5, \
        stats.summary()


@pytest.mark.slow
def test_two_hundred_kills(tmp_path: Path) -> None:
    stats = CrashRun(tmp_path, random.Random(7)).run(kills=200)
    assert stats.kills == 200
    assert stats.temp_files_left >= 1, "no kill landed inside a save: " + stats.summary()
