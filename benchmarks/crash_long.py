"""Long crash run: SIGKILL the real ``tipq interview`` hundreds of times; nothing is lost.

    python benchmarks/crash_long.py                   # 300 kills, about 5-10 minutes
    python benchmarks/crash_long.py --kills 1000 --seed 7

POSIX only; needs pexpect (``python -m pip install ".[test]"``). The driver
(tests/hostile/crash.py) answers a 40-question questionnaire (every one-line answer form,
and multi-line text) in a pseudo-terminal with random valid input and kills the process
at random moments: at a prompt, right after an answer, or 0-60 ms later while it saves.
After every kill it checks that the response file loads, validates as a draft, and holds
every answer confirmed before the kill (at most the one being sent may be missing), and
the next sitting must take over the dead process's lock. It prints the figures; the first
broken promise stops the run with exit code 1 and says what was lost.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--questions", type=int, default=40)
    args = parser.parse_args()
    if sys.platform == "win32":
        print("crash_long needs a POSIX system (pseudo-terminals, SIGKILL)", file=sys.stderr)
        return 2

    from hostile.crash import CrashRun, PromiseBroken

    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        run = CrashRun(Path(tmp), random.Random(args.seed), questions=args.questions)
        try:
            stats = run.run(args.kills)
        except PromiseBroken as e:
            print(f"BROKEN PROMISE after {run.stats.kills} kills: {e}", file=sys.stderr)
            print(run.stats.summary(), file=sys.stderr)
            return 1
    seconds = time.perf_counter() - start
    print(f"crash_long (seed {args.seed}, {args.questions} questions): {seconds:.0f} s")
    print("  " + stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
