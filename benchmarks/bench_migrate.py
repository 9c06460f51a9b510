"""Benchmark ``tipq migrate`` against ``tipq validate`` on the same 1,000 responses.

    python benchmarks/bench_migrate.py [--files 1000] [--runs 3]

1. Generates the corpus of bench_validate.py (make_corpus.py: a questionnaire of 150
   questions, responses of 150 answers, one in 50 with a typo) and a second version of the
   questionnaire derived from it: ten questions reworded, one follow-up taking over another
   through ``replaces``, one option code renamed.
2. Times, as bench_validate.py does (a fresh process each; one warm-up run not counted; then
   alternating runs; medians of wall and CPU time, CPU from ``getrusage`` of the children):
   ``tipq validate RESPONSES`` and ``tipq migrate RESPONSES --to V2`` (each migrate run on a
   fresh copy of the responses, copied outside the timing). Prints the ratio migrate/validate.
3. Peak memory (largest process) of ``tipq migrate`` on a tenth of the files and on all of
   them: flat in the number of files.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_validate import _children_cpu, run  # noqa: E402
from make_corpus import build_questionnaire, to_yaml, write_corpus  # noqa: E402


def _peak_children_kib() -> int | None:
    try:
        import resource
    except ImportError:  # Windows
        return None
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def write_v2(qdir: Path) -> Path:
    q = build_questionnaire()
    q["version"] = "2018-09-01T12:00"
    q["derived_from"] = {"id": q["id"], "version": "2018-07-03T18:00"}
    first = q["sections"][0]["questions"]
    for question in first[:10]:
        question["text"]["en"] = question["text"]["en"].replace("adopted measures on",
                                                                "adopted legislative measures on")
    follow = first[4]["follow_ups"][1]
    follow["replaces"] = [follow["id"]]
    follow["id"] = follow["id"].replace("-details", "-description")
    for section in q["sections"]:
        for question in section["questions"]:
            if question["answer"]["type"] == "choice":
                opt = question["answer"]["options"][0]
                question["answer"]["renamed"] = {opt["value"]: opt["value"] + "-renamed"}
                opt["value"] += "-renamed"
    path = qdir / "bench-v2.yaml"
    path.write_text(to_yaml(q), encoding="utf-8")
    return path


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    tipq = str(Path(sys.executable).with_name("tipq"))
    with tempfile.TemporaryDirectory(prefix="tipq-bench-migrate-") as tmp:
        root = Path(tmp)
        qpath, rdir = write_corpus(root / "corpus", args.files)
        v2 = write_v2(qpath.parent)
        work = root / "work"

        def fresh() -> Path:
            if work.exists():
                shutil.rmtree(work)
            shutil.copytree(root / "corpus", work)
            return work / "responses"

        # Memory: a tenth of the files, then all of them (each in a fresh process).
        peaks = []
        for n in (max(1, args.files // 10), args.files):
            responses = fresh()
            for extra in sorted(responses.iterdir())[n:]:
                extra.unlink()
            before = _peak_children_kib()
            run([tipq, "migrate", str(responses), "--to",
                 str(work / "questionnaires" / v2.name)], cwd=root)
            after = _peak_children_kib()
            peaks.append((n, after if after != before else None))
        for n, kib in peaks:
            shown = f"{kib / 1024:.0f} MiB (largest child so far)" if kib else "unchanged"
            print(f"peak memory, migrate of {n} files: {shown}")
        validate = [tipq, "validate", "--jobs", "1", str(rdir)]
        times: dict[str, list[tuple[float, float | None]]] = {"validate": [], "migrate": []}
        for i in range(args.runs + 1):
            wall, cpu, _ = run(validate, cwd=root, ok=(0, 1))
            responses = fresh()
            mwall, mcpu, _ = run([tipq, "migrate", str(responses), "--to",
                                  str(work / "questionnaires" / v2.name)], cwd=root)
            if i:  # the first round is the warm-up
                times["validate"].append((wall, cpu))
                times["migrate"].append((mwall, mcpu))
        rows = {}
        for name, runs in times.items():
            walls = [w for w, _ in runs]
            cpus = [c for _, c in runs if c is not None]
            rows[name] = (median(walls), median(cpus) if cpus else float("nan"))
            print(f"tipq {name:<9} {args.files} files: wall {rows[name][0]:6.2f} s   "
                  f"CPU {rows[name][1]:6.2f} s   (median of {len(runs)})")
        print(f"ratio migrate / validate: wall {rows['migrate'][0] / rows['validate'][0]:.2f}x"
              f"   CPU {rows['migrate'][1] / rows['validate'][1]:.2f}x")
        _ = _children_cpu, os


if __name__ == "__main__":
    main()
