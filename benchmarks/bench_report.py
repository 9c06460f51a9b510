"""Benchmark ``tipq report`` in every format against ``tipq validate`` of the same files.

    python benchmarks/bench_report.py [--files 1000] [--repeat 3] [--corpus DIR]

1. Generates (see make_corpus.py) a questionnaire of 150 questions and ``--files``
   responses of 150 answers each, or reuses the corpus in ``--corpus``.
2. Runs each command as a user would (a fresh process each; output to a file, or to
   /dev/null for the terminal format), once to warm up the caches, then ``--repeat``
   times, and takes the medians of the wall-clock time and of the CPU time (the process
   and its worker processes).
3. Prints, per format, the medians and their ratio to ``tipq validate``: the report
   validates every file with the same rules and then compiles it, so the target is a
   ratio of the same order (well under 2).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402

FORMATS = ("terminal", "csv", "xlsx", "html", "sqlite")


def run_once(cmd: Sequence[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, children included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def medians(cmd: Sequence[str], cwd: Path, repeat: int) -> tuple[float, float]:
    runs = [run_once(cmd, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--repeat", type=int, default=3, help="runs per command (median)")
    p.add_argument("--corpus", type=Path, help="reuse or create the corpus here")
    args = p.parse_args()

    work = args.corpus or Path(tempfile.mkdtemp(prefix="tipq-bench-report-"))
    rdir = work / "responses"
    if not rdir.is_dir() or len(list(rdir.glob("*.yaml"))) != args.files:
        print(f"generating {args.files} responses in {work} ...", flush=True)
        shutil.rmtree(rdir, ignore_errors=True)
        write_corpus(work, args.files)
    out = work / "out"
    out.mkdir(exist_ok=True)
    tipq = [sys.executable, "-m", "tipq"]
    common = ["responses", "-q", "questionnaires"]
    commands: dict[str, list[str]] = {"tipq validate": [*tipq, "validate", *common, "-f",
                                                        "json"]}
    for fmt in FORMATS:
        target = [] if fmt == "terminal" else ["-o", str(out / f"report.{fmt}")]
        commands[f"tipq report -f {fmt}"] = [*tipq, "report", *common, "-f", fmt, *target]

    print(f"corpus: {args.files} responses in {work}; {os.cpu_count()} CPUs; Python "
          f"{sys.version.split()[0]}; medians of {args.repeat} runs after a warm-up")
    run_once(commands["tipq validate"], work)  # warm-up: file cache, bytecode
    results = {name: medians(cmd, work, args.repeat) for name, cmd in commands.items()}
    wall0, cpu0 = results["tipq validate"]
    print(f"\n{'command':<26} {'wall s':>8} {'ratio':>7} {'CPU s':>8} {'ratio':>7}")
    for name, (wall, cpu) in results.items():
        print(f"{name:<26} {wall:>8.2f} {wall / wall0:>6.2f}x {cpu:>8.2f} {cpu / cpu0:>6.2f}x")
    sizes = {f: (out / f"report.{f}").stat().st_size for f in FORMATS if f != "terminal"}
    print("\noutput sizes: " + ", ".join(f"{f} {n / 2**20:.1f} MB" for f, n in sizes.items()))


if __name__ == "__main__":
    main()
