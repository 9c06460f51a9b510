"""Benchmark ``tipq validate`` on a corpus of responses, beside the baselines of issue 4.

    python benchmarks/bench_validate.py [--files 1000] [--runs 5] [--corpus DIR]

1. Generates (see make_corpus.py) a questionnaire of 150 questions and ``--files``
   responses of 150 answers each (~94 KB, English and Arabic text) in a temporary folder;
   one response in 50 has a typo in a closed answer, so files with findings (which are
   parsed a second time, for positions) are part of the measure.
2. Times, as a user would run them (a fresh process each), every tool the same way: one
   warm-up run (not counted: it fills the OS file cache and Python's bytecode caches),
   then ``--runs`` runs of each, alternating (A B A B ...) so that a change in the
   machine's load hits every tool alike; the median of the runs, in wall time and in CPU
   time (user + system of the process and of its workers, from ``getrusage`` of the
   children, POSIX only):
   - ``tipq validate`` (default: two worker processes for a batch this size), and with
     ``--jobs 1`` for reference;
   - check-jsonschema with tipq's own exported response schema (``tipq schema response``),
     with ruamel.yaml's C extension and without it. Each is installed into its own virtual
     environment under the temporary folder on first use (``pip install check-jsonschema``,
     plus ``ruamel.yaml.clib`` for the C one); never a tipq dependency;
   - PyYAML's ``CSafeLoader`` parsing every file on one core, and nothing else.
3. Prints wall and CPU times side by side, the ratios against the baseline named in each
   target, and whether the targets are met: at least 4x check-jsonschema with its C
   extension in wall time and 3x in CPU time, and no slower than the one-core C parse.
4. Peak memory (largest process) of ``tipq validate`` on a tenth of the files and on all of
   them: flat in the number of files.

``--corpus DIR`` reuses (or creates) a corpus there instead of a temporary one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_corpus import write_corpus  # noqa: E402

BIN = "Scripts" if os.name == "nt" else "bin"
EXE = ".exe" if os.name == "nt" else ""
CACHE = Path(tempfile.gettempdir()) / "tipq-bench"


def _children_cpu() -> float | None:
    """User + system seconds of this process's finished children (and theirs), or None."""
    try:
        import resource
    except ImportError:  # Windows
        return None
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], *, cwd: Path, ok: Sequence[int] = (0,),
        stdin: str | None = None) -> tuple[float, float | None, str]:
    """Wall-clock and CPU seconds of one run (CPU: the process and its workers), and its
    standard output."""
    cpu0 = _children_cpu()
    t = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          input=stdin)
    elapsed = time.perf_counter() - t
    cpu1 = _children_cpu()
    if proc.returncode not in ok:
        raise SystemExit(f"{' '.join(cmd[:3])}... exited {proc.returncode}:\n"
                         f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    cpu = cpu1 - cpu0 if cpu0 is not None and cpu1 is not None else None
    return elapsed, cpu, proc.stdout


@dataclass
class Contender:
    name: str
    cmd: list[str]
    ok: tuple[int, ...] = (0,)
    stdin: str | None = None
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)


def measure(contenders: list[Contender], *, cwd: Path, runs: int) -> None:
    """One warm-up run each, then ``runs`` rounds in which each runs once, in turn."""
    for c in contenders:
        run(c.cmd, cwd=cwd, ok=c.ok, stdin=c.stdin)
    for i in range(runs):
        for c in contenders:
            wall, cpu, _ = run(c.cmd, cwd=cwd, ok=c.ok, stdin=c.stdin)
            c.wall.append(wall)
            if cpu is not None:
                c.cpu.append(cpu)
        print(f"  round {i + 1}/{runs} done", flush=True)


def baseline_venv(name: str, packages: list[str]) -> Path | None:
    """A virtual environment with ``packages`` under the temporary folder (made once)."""
    env = CACHE / name
    exe = env / BIN / f"check-jsonschema{EXE}"
    if exe.exists():
        return exe
    print(f"  installing {' '.join(packages)} into {env} ...", flush=True)
    shutil.rmtree(env, ignore_errors=True)
    venv.create(env, with_pip=True)
    pip = [str(env / BIN / f"python{EXE}"), "-m", "pip", "install", "--quiet", *packages]
    if subprocess.run(pip, capture_output=True).returncode != 0 or not exe.exists():
        print(f"  could not install {packages}; skipping that baseline")
        return None
    return exe


def c_parser_of(cjs: Path) -> str:
    python = cjs.parent / f"python{EXE}"
    code = ("from ruamel.yaml import YAML; p = YAML(typ='safe').Parser; "
            "print(p.__module__ + '.' + p.__name__)")
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


PARSE_ONLY = """
import sys, yaml
assert yaml.__with_libyaml__, "PyYAML without libyaml"
for path in sys.stdin.read().splitlines():
    with open(path, encoding="utf-8") as fh:
        yaml.load(fh.read(), Loader=yaml.CSafeLoader)
"""


def parse_only_available() -> bool:
    try:
        import yaml
    except ImportError:
        return False
    return bool(getattr(yaml, "__with_libyaml__", False))


PEAK_RSS = """
import json, resource, subprocess, sys
subprocess.run(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL, cwd=sys.argv[2])
kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(kb // 1024 if sys.platform == "darwin" else kb)
"""


def peak_rss_mb(cmd: list[str], cwd: Path) -> float | None:
    """Largest resident set of ``cmd`` and its worker processes, in MB (POSIX only)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return None
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, json.dumps(cmd), str(cwd)],
                         capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--files", type=int, default=1000)
    p.add_argument("--runs", type=int, default=5,
                   help="timed runs of each tool, after one warm-up run (median reported)")
    p.add_argument("--corpus", type=Path, help="reuse or create the corpus here")
    p.add_argument("--with-pure", action="store_true",
                   help="also time check-jsonschema without its C extension (slow: about "
                   "six times the C one, per run)")
    args = p.parse_args()

    work = args.corpus or Path(tempfile.mkdtemp(prefix="tipq-bench-"))
    _qdir, rdir = work / "questionnaires", work / "responses"
    if not rdir.is_dir() or len(list(rdir.glob("*.yaml"))) != args.files:
        print(f"generating {args.files} responses in {work} ...", flush=True)
        shutil.rmtree(rdir, ignore_errors=True)
        write_corpus(work, args.files)
    files = sorted(str(f.relative_to(work)) for f in rdir.glob("*.yaml"))
    size = sum((work / f).stat().st_size for f in files)
    bad = sum(1 for i in range(args.files) if i % 50 == 49)
    schema = work / "response.schema.json"
    tipq = [sys.executable, "-m", "tipq"]
    schema.write_text(run([*tipq, "schema", "response"], cwd=work)[2], encoding="utf-8")

    from tipq.io.yaml_load import c_parser_available

    print(f"corpus: {len(files)} responses, {size / len(files) / 1024:.1f} KB each on "
          f"average, {size / 2**20:.0f} MB in all; {os.cpu_count()} CPUs; Python "
          f"{sys.version.split()[0]}")
    parser = "ruamel.yaml.clib C parser" if c_parser_available() else "pure Python (no C!)"
    print(f"tipq's YAML parser: {parser}")

    # Correctness first: tipq finds exactly the typos, and nothing else.
    _, _, out = run([*tipq, "validate", "responses", "-q", "questionnaires", "-f", "json"],
                    cwd=work, ok=(0, 1))
    counts = json.loads(out)["counts"]
    assert counts == {"error": bad, "warning": 0, "info": 0}, counts
    print(f"tipq validate finds the {bad} typos and nothing else: ok\n")

    validate = [*tipq, "validate", "responses", "-q", "questionnaires", "-f", "json"]
    contenders = [Contender("tipq validate", validate, ok=(1,)),
                  Contender("tipq validate --jobs 1", [*validate, "--jobs", "1"], ok=(1,))]
    if parse_only_available():
        contenders.append(Contender("PyYAML CSafeLoader parse only, 1 core",
                                    [sys.executable, "-c", PARSE_ONLY],
                                    stdin="\n".join(files)))
    cjs_c = baseline_venv("cjs-cext", ["check-jsonschema", "ruamel.yaml.clib"])
    if cjs_c:
        print(f"check-jsonschema (C) parses with {c_parser_of(cjs_c)}")
        contenders.append(Contender("check-jsonschema, C extension",
                                    [str(cjs_c), "--schemafile", str(schema), *files], ok=(0, 1)))
    if args.with_pure:
        cjs_pure = baseline_venv("cjs-pure", ["check-jsonschema"])
        if cjs_pure:
            subprocess.run([str(cjs_pure.parent / f"python{EXE}"), "-m", "pip", "uninstall",
                            "--quiet", "--yes", "ruamel.yaml.clib"], capture_output=True)
            print(f"check-jsonschema (pure) parses with {c_parser_of(cjs_pure)}")
            contenders.append(Contender("check-jsonschema, pure Python",
                                        [str(cjs_pure), "--schemafile", str(schema), *files],
                                        ok=(0, 1)))
    print(f"\n1 warm-up run, then {args.runs} runs of each, alternating; medians:", flush=True)
    measure(contenders, cwd=work, runs=args.runs)

    by_name = {c.name: c for c in contenders}
    ours = by_name["tipq validate"]
    ours_wall, ours_cpu = median(ours.wall), median(ours.cpu) if ours.cpu else None
    print(f"\n{'run (median of ' + str(args.runs) + ')':<42} {'wall s':>7} {'x tipq':>7} "
          f"{'CPU s':>7} {'x tipq':>7}")
    for c in contenders:
        wall = median(c.wall)
        cpu = median(c.cpu) if c.cpu else None
        cpu_text = (f"{cpu:>7.2f} {cpu / ours_cpu:>6.2f}x" if cpu is not None and ours_cpu
                    else f"{'-':>7} {'-':>7}")
        print(f"{c.name:<42} {wall:>7.2f} {wall / ours_wall:>6.2f}x {cpu_text}")

    print()
    cjs = by_name.get("check-jsonschema, C extension")
    if cjs is not None:
        ratio = median(cjs.wall) / ours_wall
        print(f"target 1a: >= 4x check-jsonschema (C extension), wall time: {ratio:.1f}x "
              f"{'MET' if ratio >= 4 else 'NOT MET'}")
        if cjs.cpu and ours_cpu:
            ratio = median(cjs.cpu) / ours_cpu
            print(f"target 1b: >= 3x check-jsonschema (C extension), CPU time: {ratio:.1f}x "
                  f"{'MET' if ratio >= 3 else 'NOT MET'}")
    parse = by_name.get("PyYAML CSafeLoader parse only, 1 core")
    if parse is not None:
        ratio = median(parse.wall) / ours_wall
        print(f"target 2: no slower than the one-core C parse alone, wall time: {ratio:.2f}x "
              f"{'MET' if ratio >= 1 else 'NOT MET'}")

    tenth = max(1, len(files) // 10)
    subset = work / "subset"
    if not subset.is_dir():
        subset.mkdir()
        for f in files[:tenth]:
            shutil.copy(work / f, subset)
    small = peak_rss_mb([*tipq, "validate", "subset", "-q", "questionnaires", "-j", "2"],
                        work)
    large = peak_rss_mb([*tipq, "validate", "responses", "-q", "questionnaires", "-j", "2"],
                        work)
    if small is not None and large is not None:
        print(f"peak memory (largest process), 2 workers: {small:.0f} MB for {tenth} files, "
              f"{large:.0f} MB for {len(files)} files")
    if args.corpus is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
